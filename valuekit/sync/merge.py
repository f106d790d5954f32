"""Field-level three-way merge of one record edited here and on the server.

Per field (nested objects such as an asset's tags merge per key): a side that kept the
base value takes the other side's; equal values agree; two different new values are a
conflict, for which the merged record keeps *mine* until the user chooses, and the base,
mine and theirs are kept (sync_conflicts). Whole-record decisions use the packs' rule
(packs.extras.three_way), so packs and the server agree on what "changed" means.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from valuekit.packs.extras import three_way

Record = dict[str, Any]
_MISSING = object()


def fingerprint(record: Record | None) -> str:
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decide(base: Record | None, mine: Record | None, theirs: Record | None) -> str:
    """``same`` / ``update`` (take theirs) / ``ours`` / ``conflict`` for a whole record."""
    return three_way(fingerprint(theirs), fingerprint(mine), fingerprint(base), "", "")


@dataclass
class Merged:
    record: Record
    conflicts: list[str] = field(default_factory=list)


def _merge(base: Any, mine: Any, theirs: Any, path: str, out: list[str]) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if all(isinstance(v, dict) for v in (mine, theirs)) and isinstance(base, dict | type(None)):
        b = base or {}
        merged = {}
        for key in sorted(set(mine) | set(theirs) | set(b)):
            value = _merge(b.get(key, _MISSING), mine.get(key, _MISSING),
                           theirs.get(key, _MISSING), f"{path}{key}.", out)
            if value is not _MISSING:
                merged[key] = value
        return merged
    out.append(path.rstrip("."))
    return mine


def merge_records(base: Record | None, mine: Record, theirs: Record) -> Merged:
    """Merge field by field; ``conflicts`` names the fields (dotted paths) both changed."""
    conflicts: list[str] = []
    record = _merge(base or {}, mine, theirs, "", conflicts)
    return Merged(record, conflicts)


def take(record: Record, theirs: Record, fields: list[str]) -> Record:
    """``record`` with the named (dotted) fields set to their value in ``theirs``."""
    out = json.loads(json.dumps(record))
    for path in fields:
        keys = path.split(".")
        source: Any = theirs
        target = out
        for key in keys[:-1]:
            source = source.get(key, {}) if isinstance(source, dict) else {}
            target = target.setdefault(key, {})
        if isinstance(source, dict) and keys[-1] in source:
            target[keys[-1]] = source[keys[-1]]
        else:
            target.pop(keys[-1], None)
    return out


def put(record: Record, path: str, value: Any) -> Record:
    """``record`` with the (dotted) field set to ``value``; None removes a nested key, as a
    missing facet and an empty one are the same record."""
    out = json.loads(json.dumps(record))
    keys = path.split(".")
    target = out
    for key in keys[:-1]:
        nxt = target.get(key)
        if not isinstance(nxt, dict):
            nxt = target[key] = {}
        target = nxt
    if value is None and len(keys) > 1:
        target.pop(keys[-1], None)
    else:
        target[keys[-1]] = value
    return out


def agreed_base(theirs: Record, base: Record | None, disputed: list[str]) -> Record:
    """The base to merge the next server version against while a conflict is open:
    the server's current record (every field merged cleanly already agrees with it),
    except the disputed fields, which keep the value both sides started from. So a
    teammate's further edit of a field merged or decided here is not mistaken for a new
    dispute, and a field still disputed shows its true origin."""
    return take(theirs, base or {}, disputed)


def changed_paths(before: Record | None, after: Record | None, prefix: str = "") -> list[str]:
    """The dotted paths whose value differs between two records (nested objects per key)."""
    a, b = before or {}, after or {}
    out: list[str] = []
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        if x == y:
            continue
        if isinstance(x, dict) and isinstance(y, dict):
            out += changed_paths(x, y, f"{prefix}{key}.")
        else:
            out.append(f"{prefix}{key}")
    return out


def field_value(record: Record | None, path: str) -> Any:
    """The value at a dotted field path (``tags.industry``), or None."""
    value: Any = record
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value
