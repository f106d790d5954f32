"""The team vocabulary as sync records: one ``facet`` record per facet.

A record carries the facet's labels, closed/single flags and position, its values as a
dict (value → labels and position, so the field-level merge merges concurrent additions
per key), its synonyms and its renames (old → new). Marketing curates it; everyone reads
it. Applying an incoming record runs a rename through the library's own rename code
(library/curation.py), so local assets tagged with the old value follow, and moves the
agreed base of each unedited asset along with it — the renamed asset marketing pushes
then matches, and nothing here looks edited.

A laptop that never synced the vocabulary compares a built-in facet with the seed every
library starts with (db/seed.py), not with nothing: an untouched built-in facet is not a
local edit, and the team's version of it is taken as it is.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from valuekit.db.seed import BUILTIN_FACETS, BUILTIN_SYNONYMS
from valuekit.db.store import utc_now
from valuekit.library.curation import delete_value_in, rename_value_in
from valuekit.library.vocabulary import check_key

Record = dict[str, Any]
_FACET_COLUMNS = ("name", "label_zh", "label_en", "closed", "single", "position")


def _values(conn: sqlite3.Connection, facet: str) -> dict[str, Record]:
    return {r[0]: {"label_zh": r[1], "label_en": r[2], "position": r[3]} for r in conn.execute(
        "SELECT value, label_zh, label_en, position FROM facet_values WHERE facet = ?", (facet,))}


def facet_records(conn: sqlite3.Connection, names: list[str] | None = None) -> dict[str, Record]:
    rows = conn.execute(f"SELECT {', '.join(_FACET_COLUMNS)} FROM facets").fetchall()
    out: dict[str, Record] = {}
    for row in rows:
        if names is not None and row[0] not in names:
            continue
        record: Record = dict(zip(_FACET_COLUMNS, tuple(row), strict=True))
        record["closed"], record["single"] = bool(record["closed"]), bool(record["single"])
        record["values"] = _values(conn, record["name"])
        record["synonyms"] = dict(conn.execute(
            "SELECT synonym, value FROM value_synonyms WHERE facet = ?", (record["name"],)).fetchall())
        record["renames"] = dict(conn.execute(
            "SELECT old_value, new_value FROM value_renames WHERE facet = ?", (record["name"],)).fetchall())
        out[record["name"]] = record
    return out


def seed_records() -> dict[str, Record]:
    """The built-in facets as every new library has them (db/seed.py)."""
    out: dict[str, Record] = {}
    for pos, (name, zh, en, closed, single, values) in enumerate(BUILTIN_FACETS):
        out[name] = {"name": name, "label_zh": zh, "label_en": en, "closed": closed,
                     "single": single, "position": pos,
                     "values": {key: {"label_zh": vzh, "label_en": ven, "position": vpos}
                                for vpos, (key, vzh, ven) in enumerate(values)},
                     "synonyms": {}, "renames": {}}
    for facet, synonym, value in BUILTIN_SYNONYMS:
        if facet in out:
            out[facet]["synonyms"][synonym] = value
    return out


def only_open_additions(base: Record | None, record: Record | None) -> bool:
    """Does ``record`` differ from ``base`` only by values added to an open facet? Those
    come from tagging assets, travel with the assets that use them, and are not a
    vocabulary edit a field role should be refused for."""
    if base is None or record is None or base.get("closed") or record.get("closed"):
        return False
    if {k: v for k, v in record.items() if k != "values"} != {k: v for k, v in base.items() if k != "values"}:
        return False
    mine, agreed = record.get("values") or {}, base.get("values") or {}
    return all(mine.get(k) == v for k, v in agreed.items())


def yielding_base(base: Record | None, mine: Record | None, theirs: Record | None) -> Record | None:
    """The base to merge a facet against: a value this library added by itself when an
    asset was tagged with it (labels = the value) counts as agreed, so the team's curated
    version of the same value (its labels, its position) replaces it instead of becoming
    a conflict. Values only this library has stay untouched."""
    if base is None or mine is None or theirs is None:
        return base
    agreed, here, team = base.get("values") or {}, mine.get("values") or {}, theirs.get("values") or {}
    auto = {v: spec for v, spec in here.items() if v not in agreed and v in team
            and spec.get("label_zh") == v and spec.get("label_en") == v}
    if not auto:
        return base
    return {**base, "values": {**agreed, **auto}}


def _asset_bases(conn: sqlite3.Connection, facet: str, value: str) -> list[tuple[str, Record]]:
    found = []
    for row_id, text in conn.execute("SELECT id, base FROM sync_rows WHERE kind = 'asset' AND base IS NOT NULL"
                                     " AND instr(base, ?) > 0", (json.dumps(value, ensure_ascii=False),)):
        base = json.loads(text)
        if value in ((base.get("tags") or {}).get(facet) or []) or facet == "format" and base.get("format") == value:
            found.append((row_id, base))
    return found


def _follow_in_bases(conn: sqlite3.Connection, facet: str, old: str, new: str | None) -> None:
    """Move the agreed base of each asset from ``old`` to ``new`` (None: drop it), as the
    server's copy will read once marketing's renamed assets arrive."""
    order = _values(conn, facet)
    for row_id, base in _asset_bases(conn, facet, old):
        if facet == "format":
            base["format"] = new if new is not None else base.get("format")
        else:
            tags = base.setdefault("tags", {})
            values: set[str] = set()
            for v in tags.get(facet) or []:
                if v != old:
                    values.add(str(v))
                elif new is not None:
                    values.add(new)
            # in the order load_assets reads tags: the value's position, then the value
            tags[facet] = sorted(values, key=lambda v: (int(order.get(v, {}).get("position", 100)), v))
            if not tags[facet]:
                del tags[facet]
        conn.execute("UPDATE sync_rows SET base = ? WHERE kind = 'asset' AND id = ?",
                     (json.dumps(base, ensure_ascii=False), row_id))


def _position(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 100


def write_facet(conn: sqlite3.Connection, record: Record) -> None:
    """Make this library's facet exactly ``record``: renames first (through the library's
    rename code, so assets follow), then values, synonyms and the rename log."""
    name = check_key("facet", record.get("name"))
    conn.execute("INSERT INTO facets(name, label_zh, label_en, closed, single, builtin, position)"
                 " VALUES (?,?,?,?,?,0,?) ON CONFLICT(name) DO UPDATE SET label_zh = excluded.label_zh,"
                 " label_en = excluded.label_en, closed = excluded.closed, single = excluded.single,"
                 " position = excluded.position",
                 (name, str(record.get("label_zh") or name), str(record.get("label_en") or name),
                  int(bool(record.get("closed"))), int(bool(record.get("single"))),
                  _position(record.get("position"))))
    wanted: dict[str, Record] = dict(record.get("values") or {})
    renames: dict[str, str] = dict(record.get("renames") or {})
    here = _values(conn, name)
    logged = dict(conn.execute("SELECT old_value, new_value FROM value_renames WHERE facet = ?",
                               (name,)).fetchall())
    for old, new in sorted(logged.items()):  # a rename made here that the record undoes (a revert)
        if old not in renames and new in here and new not in wanted and old in wanted and old not in here:
            rename_value_in(conn, name, new, old)
            _follow_in_bases(conn, name, new, old)
            here = _values(conn, name)
    for old, new in sorted(renames.items()):
        if old in here and old != new and old not in wanted:
            rename_value_in(conn, name, old, new)
            _follow_in_bases(conn, name, old, new)
            here = _values(conn, name)
    for value, spec in wanted.items():
        check_key(f"{name} value", value)
        conn.execute("INSERT INTO facet_values(facet, value, label_zh, label_en, position) VALUES (?,?,?,?,?)"
                     " ON CONFLICT(facet, value) DO UPDATE SET label_zh = excluded.label_zh,"
                     " label_en = excluded.label_en, position = excluded.position",
                     (name, value, str(spec.get("label_zh") or value), str(spec.get("label_en") or value),
                      _position(spec.get("position"))))
    for value in sorted(set(here) - set(wanted)):  # removed by marketing: from every asset too
        delete_value_in(conn, name, value)
        _follow_in_bases(conn, name, value, None)
    synonyms: dict[str, str] = dict(record.get("synonyms") or {})
    conn.execute("DELETE FROM value_synonyms WHERE facet = ? AND synonym NOT IN"
                 " (SELECT value FROM json_each(?))", (name, json.dumps(sorted(synonyms))))
    conn.executemany("INSERT OR REPLACE INTO value_synonyms(facet, synonym, value) VALUES (?,?,?)",
                     [(name, s, v) for s, v in synonyms.items()])
    conn.execute("DELETE FROM value_renames WHERE facet = ? AND old_value NOT IN"
                 " (SELECT value FROM json_each(?))", (name, json.dumps(sorted(renames))))
    now = utc_now()
    for old, new in renames.items():
        conn.execute("INSERT INTO value_renames(facet, old_value, new_value, renamed_at) VALUES (?,?,?,?)"
                     " ON CONFLICT(facet, old_value) DO UPDATE SET new_value = excluded.new_value",
                     (name, old, new, now))


def delete_facet(conn: sqlite3.Connection, name: str) -> None:
    """A facet marketing removed: its tags, values, synonyms and renames go too. A built-in
    facet cannot leave a library: it goes back to the seed (what a revert of a refused
    vocabulary edit on a laptop that never received the team's version means), keeping
    the values an open facet gained by tagging."""
    seed = seed_records().get(name)
    if seed is not None:
        if not seed["closed"]:
            seed["values"] = _values(conn, name) | seed["values"]
        write_facet(conn, seed)
        return
    for value in list(_values(conn, name)):
        delete_value_in(conn, name, value)
        _follow_in_bases(conn, name, value, None)
    conn.execute("DELETE FROM value_renames WHERE facet = ?", (name,))
    conn.execute("DELETE FROM facets WHERE name = ? AND builtin = 0", (name,))
