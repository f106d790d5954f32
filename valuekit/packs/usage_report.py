"""Usage reports (.vkusage): a salesperson's usage records and ratings since their last
report, as one JSON file, so marketing sees what the field really uses.

Every usage record and rating carries its own UUID from the moment it is made, so
importing the same report twice (or two overlapping reports) counts each record once.
Records of assets this library does not have are skipped and counted, not guessed at.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from valuekit import __version__
from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError, ValueKitError
from valuekit.fileio import write_text_atomic
from valuekit.i18n import msg
from valuekit.library.assets import OUTCOMES
from valuekit.library.vocabulary import require_stage

FORMAT = "valuekit-usage"
FORMAT_VERSION = 1


@dataclass
class UsageImport:
    usage_added: int = 0
    ratings_added: int = 0
    already_known: int = 0
    unknown_assets: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _mark(store: Store, kind: str) -> int:
    row = store.conn.execute("SELECT last_rowid FROM report_marks WHERE kind = ?", (kind,)).fetchone()
    return int(row[0]) if row else 0


def _since_date(since: str) -> str:
    """The ISO date or time stamp a ``since`` option names, checked."""
    try:
        datetime.fromisoformat(since.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError("since", "must be a date like 2026-11-01 (or an ISO time stamp)") from None
    return since.strip()


def export_usage(store: Store, out: Path | str, *, created_by: str = "",
                 everything: bool = False, since: str | None = None) -> dict[str, int]:
    """Write the usage and ratings recorded since the last report (all with
    ``everything``; those made on or after the date ``since`` with it) and move the marks
    only once the file is safely written. A ``since`` report leaves the marks alone: the
    next ordinary report still carries everything not yet reported."""
    from_date = _since_date(since) if since else ""
    since_u = 0 if everything or since else _mark(store, "usage")
    since_r = 0 if everything or since else _mark(store, "ratings")
    usage = store.conn.execute(
        "SELECT u.rowid, u.id, a.id, u.stage, u.customer, u.opportunity_id, u.used_at, u.who,"
        " u.outcome FROM usage u JOIN assets a ON a.seq = u.asset_seq WHERE u.rowid > ?"
        " AND u.used_at >= ? ORDER BY u.rowid", (since_u, from_date)).fetchall()
    ratings = store.conn.execute(
        "SELECT r.rowid, r.id, a.id, r.score, r.by, r.comment, r.rated_at FROM ratings r"
        " JOIN assets a ON a.seq = r.asset_seq WHERE r.rowid > ? AND r.rated_at >= ?"
        " ORDER BY r.rowid", (since_r, from_date)).fetchall()
    doc = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "valuekit_version": __version__,
        "created_by": created_by, "created_at": utc_now(),
        "usage": [dict(zip(("id", "asset_id", "stage", "customer", "opportunity_id", "when",
                            "who", "outcome"), r[1:], strict=True)) for r in usage],
        "ratings": [dict(zip(("id", "asset_id", "score", "by", "comment", "when"), r[1:],
                             strict=True)) for r in ratings],
    }
    write_text_atomic(out, json.dumps(doc, ensure_ascii=False, indent=1))
    now = utc_now()
    with store.transaction() as conn:
        for kind, rows in (("usage", usage), ("ratings", ratings)):
            if rows and not since:
                conn.execute("INSERT OR REPLACE INTO report_marks(kind, last_rowid, exported_at)"
                             " VALUES (?,?,?)", (kind, rows[-1][0], now))
    return {"usage": len(usage), "ratings": len(ratings)}


def _text(item: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ValidationError(f"{path}.{key}", "must be text")
    return value


def _uuid(item: dict[str, Any], key: str, path: str) -> str:
    try:
        return str(uuid.UUID(_text(item, key, path, required=True)))
    except ValueError:
        raise ValidationError(f"{path}.{key}", "must be a UUID") from None


def read_report(path: Path | str) -> dict[str, Any]:
    """Load and check a report completely before anything is written."""
    path = Path(path)

    def no_constants(value: str) -> Any:
        raise ValueError(f"{value} is not allowed")

    try:
        doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constants)
    except FileNotFoundError:
        raise ValueKitError(msg("{path} does not exist", path=path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueKitError(msg("{name} is not a usage report: {exc}", name=path.name, exc=exc)) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueKitError(msg("{name} is not a ValueKit usage report", name=path.name))
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise ValueKitError(msg("{name} was made by a newer ValueKit (format {version!r}); update ValueKit first", name=path.name, version=version))
    for key in ("usage", "ratings"):
        if not isinstance(doc.get(key), list):
            raise ValidationError(f"{path.name}: {key}", "must be a list")
    for n, u in enumerate(doc["usage"]):
        where = f"usage[{n}]"
        if not isinstance(u, dict):
            raise ValidationError(where, "must be an object")
        _uuid(u, "id", where), _uuid(u, "asset_id", where), _text(u, "when", where, required=True)
        require_stage(_text(u, "stage", where, required=True), f"{where}.stage")
        if u.get("outcome") not in (None, *OUTCOMES):
            raise ValidationError(f"{where}.outcome", msg("must be one of {allowed}", allowed=', '.join(OUTCOMES)))
    for n, r in enumerate(doc["ratings"]):
        where = f"ratings[{n}]"
        if not isinstance(r, dict):
            raise ValidationError(where, "must be an object")
        _uuid(r, "id", where), _uuid(r, "asset_id", where), _text(r, "when", where, required=True)
        score = r.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationError(f"{where}.score", "must be a whole number from 1 to 5")
    return doc


def import_usage(store: Store, paths: list[Path | str]) -> UsageImport:
    """Merge several reports in one transaction; known records are skipped by id."""
    docs = [read_report(p) for p in paths]
    result = UsageImport()
    with store.transaction() as conn:
        seq_of = dict(conn.execute("SELECT id, seq FROM assets"))
        for doc in docs:
            for u in doc["usage"]:
                seq = seq_of.get(u["asset_id"])
                if seq is None:
                    result.unknown_assets += 1
                    continue
                added = conn.execute(
                    "INSERT OR IGNORE INTO usage(id, asset_seq, stage, customer, opportunity_id,"
                    " used_at, who, outcome) VALUES (?,?,?,?,?,?,?,?)",
                    (u["id"], seq, u["stage"], u.get("customer") or "", u.get("opportunity_id"),
                     u["when"], u.get("who") or "", u.get("outcome"))).rowcount
                result.usage_added += added
                result.already_known += 1 - added
            for r in doc["ratings"]:
                seq = seq_of.get(r["asset_id"])
                if seq is None:
                    result.unknown_assets += 1
                    continue
                added = conn.execute(
                    "INSERT OR IGNORE INTO ratings(id, asset_seq, score, by, comment, rated_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (r["id"], seq, r["score"], r.get("by") or "", r.get("comment") or "",
                     r["when"])).rowcount
                result.ratings_added += added
                result.already_known += 1 - added
    return result
