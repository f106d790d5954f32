"""Pitches in the library: the pitch document, linked to an opportunity, and one
version row per export holding exactly what was exported; one use of a case asset per
opportunity, stage and day. Rendering and writing exports is pitch/kit.py's."""

from __future__ import annotations

import json
import uuid
from typing import Any, cast

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import record_usage, resolve_seq
from valuekit.pitch.model import normalize
from valuekit.pitch.types import Pitch, PitchRecord, PitchSummary, PitchVersion
from valuekit.sales.opportunity import get_opportunity
from valuekit.sales.types import Opportunity

_COLUMNS = ("id", "title", "customer", "language", "opportunity_id", "created_at", "updated_at")


def resolve_pitch_id(store: Store, ref: str) -> str:
    """A pitch id from its full id or a unique prefix (≥ 4 characters)."""
    ref = (ref or "").strip().lower()
    if store.conn.execute("SELECT 1 FROM pitches WHERE id = ?", (ref,)).fetchone():
        return ref
    if len(ref) < 4:
        raise NotFoundError(msg("no pitch {ref!r} (give its id or at least 4 characters of it)", ref=ref))
    rows = store.conn.execute("SELECT id FROM pitches WHERE id >= ? AND id < ? LIMIT 2",
                              (ref, ref + "\uffff")).fetchall()
    if not rows:
        raise NotFoundError(msg("no pitch {ref!r}", ref=ref))
    if len(rows) > 1:
        raise ValidationError("pitch", msg("{ref!r} matches several pitches; give more of the id", ref=ref))
    return str(rows[0][0])


def save_pitch(store: Store, data: Any, *, pitch_id: str | None = None,
               opportunity_id: str | None = None) -> str:
    """Validate and save a pitch document; with ``pitch_id`` update that pitch."""
    pitch = normalize(data)
    if opportunity_id:
        pitch["opportunity_id"] = opportunity_id
    text = json.dumps(pitch, ensure_ascii=False, allow_nan=False)
    now = utc_now()
    with store.transaction() as conn:
        if pitch_id is not None:
            pitch_id = resolve_pitch_id(store, pitch_id)
            conn.execute("UPDATE pitches SET title=?, customer=?, language=?, opportunity_id=?,"
                         " data=?, updated_at=? WHERE id=?",
                         (pitch["title"], pitch["customer"], pitch["language"],
                          pitch["opportunity_id"], text, now, pitch_id))
            return pitch_id
        pitch_id = str(uuid.uuid4())
        conn.execute("INSERT INTO pitches(id, title, customer, language, opportunity_id, data,"
                     " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                     (pitch_id, pitch["title"], pitch["customer"], pitch["language"],
                      pitch["opportunity_id"], text, now, now))
    return pitch_id


def get_pitch(store: Store, ref: str) -> PitchRecord:
    """``{id, title, customer, language, opportunity_id, created_at, updated_at, data, versions}``."""
    pitch_id = resolve_pitch_id(store, ref)
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)}, data FROM pitches WHERE id = ?",
                             (pitch_id,)).fetchone()
    out = dict(zip(_COLUMNS, row[:-1], strict=True))
    out["data"] = json.loads(row[-1])
    out["versions"] = list_versions(store, pitch_id)
    return cast(PitchRecord, out)


def list_pitches(store: Store, *, opportunity_id: str | None = None) -> list[PitchSummary]:
    sql = f"SELECT {', '.join(_COLUMNS)} FROM pitches"
    params: tuple[Any, ...] = ()
    if opportunity_id:
        sql, params = sql + " WHERE opportunity_id = ?", (opportunity_id,)
    rows = store.conn.execute(sql + " ORDER BY updated_at DESC, id", params).fetchall()
    return [cast(PitchSummary, dict(zip(_COLUMNS, r, strict=True))) for r in rows]


def record_export(store: Store, pitch_id: str, doc: str, pitch: Pitch) -> int:
    """Keep the exact content of an export as the pitch's next version; returns its number."""
    text = json.dumps(pitch, ensure_ascii=False, allow_nan=False)
    with store.transaction() as conn:
        (last,) = conn.execute("SELECT coalesce(max(version), 0) FROM pitch_versions"
                               " WHERE pitch_id = ?", (pitch_id,)).fetchone()
        conn.execute("INSERT INTO pitch_versions(id, pitch_id, version, doc, data, exported_at)"
                     " VALUES (?,?,?,?,?,?)",
                     (str(uuid.uuid4()), pitch_id, last + 1, doc, text, utc_now()))
    return int(last) + 1


def list_versions(store: Store, pitch_id: str) -> list[PitchVersion]:
    cols = ("version", "doc", "exported_at")
    rows = store.conn.execute(f"SELECT {', '.join(cols)} FROM pitch_versions WHERE pitch_id = ?"
                              " ORDER BY version", (pitch_id,)).fetchall()
    return [cast(PitchVersion, dict(zip(cols, r, strict=True))) for r in rows]


def get_version(store: Store, ref: str, version: int) -> Pitch:
    """The pitch document exactly as exported in ``version``."""
    pitch_id = resolve_pitch_id(store, ref)
    row = store.conn.execute("SELECT data FROM pitch_versions WHERE pitch_id = ? AND version = ?",
                             (pitch_id, version)).fetchone()
    if row is None:
        raise NotFoundError(msg("pitch {pitch_id} has no version {version}", pitch_id=pitch_id, version=version))
    return json.loads(row[0])


def opportunity_of(store: Store, opp_id: str | None) -> Opportunity | None:
    """The pitch's opportunity, or None when it has none or it is gone."""
    if not opp_id:
        return None
    try:
        return get_opportunity(store, opp_id)
    except NotFoundError:
        return None


def record_asset_use(store: Store, asset_id: str, opp: Opportunity, customer: str, *,
                     who: str = "") -> bool:
    """Record that the pitch's case asset was given to the customer at the opportunity's
    stage, once per day: exporting the pitch and then the one-pager is one use, not two.
    Returns whether a use was recorded."""
    day = utc_now()[:10]
    seq = resolve_seq(store.conn, asset_id)
    seen = store.conn.execute(
        "SELECT 1 FROM usage WHERE asset_seq = ? AND opportunity_id = ? AND stage = ?"
        " AND substr(used_at, 1, 10) = ? LIMIT 1", (seq, opp["id"], opp["stage"], day)).fetchone()
    if seen:
        return False
    record_usage(store, asset_id, stage=opp["stage"], customer=customer, who=who,
                 opportunity_id=opp["id"])
    return True
