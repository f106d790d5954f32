"""ROI cases in the library: saved as their input document (the same JSON as
``valuekit roi compute`` reads and ``roi export`` writes), linked to an opportunity and
a customer, with created/updated time-stamps."""

from __future__ import annotations

import json
import uuid
from typing import Any, cast

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.roi.parse import parse_case
from valuekit.roi.types import AcknowledgementInput, RoiCaseInput, RoiCaseRecord

_LIST_COLUMNS = "id, name, customer, opportunity_id, created_at, updated_at"


def resolve_case_id(store: Store, ref: str) -> str:
    """A case id from its full id or a unique prefix (≥ 4 characters)."""
    ref = (ref or "").strip().lower()
    if store.conn.execute("SELECT 1 FROM roi_cases WHERE id = ?", (ref,)).fetchone():
        return ref
    if len(ref) < 4:
        raise NotFoundError(msg("no ROI case {ref!r} (give its id or at least 4 characters of it)", ref=ref))
    rows = store.conn.execute(
        "SELECT id FROM roi_cases WHERE id LIKE ? || '%' LIMIT 2", (ref,)).fetchall()
    if not rows:
        raise NotFoundError(msg("no ROI case {ref!r}", ref=ref))
    if len(rows) > 1:
        raise ValidationError("case", msg("{ref!r} matches several ROI cases; give more of the id", ref=ref))
    return str(rows[0][0])


def _row(row: tuple[Any, ...]) -> RoiCaseRecord:
    return cast(RoiCaseRecord, dict(zip(("id", "name", "customer", "opportunity_id", "created_at", "updated_at"),
                    row, strict=True)))


def save_case(store: Store, data: Any, *, opportunity_id: str | None = None,
              customer: str | None = None, case_id: str | None = None) -> str:
    """Validate and save a case; with ``case_id`` update it (or create it under that id,
    which keeps demo content and re-imports idempotent). Returns the id."""
    case = parse_case(data)
    customer = customer if customer is not None else str(data.get("customer") or "")
    if case_id is not None:
        try:
            case_id = str(uuid.UUID(case_id))
        except ValueError:
            raise ValidationError("id", msg("{case_id!r} is not a case id (a UUID)", case_id=case_id)) from None
    now = utc_now()
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    with store.transaction() as conn:
        existing = case_id and conn.execute(
            "SELECT opportunity_id, customer FROM roi_cases WHERE id = ?", (case_id,)).fetchone()
        if existing:
            conn.execute(
                "UPDATE roi_cases SET name = ?, customer = ?, opportunity_id = ?, data = ?, "
                "updated_at = ? WHERE id = ?",
                (case.name, customer or existing[1], opportunity_id or existing[0], text, now,
                 case_id))
            return str(case_id)
        new_id = case_id or str(uuid.uuid4())
        conn.execute(
            "INSERT INTO roi_cases (id, name, customer, opportunity_id, data, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new_id, case.name, customer, opportunity_id, text, now, now))
        return new_id


def get_case(store: Store, ref: str) -> RoiCaseRecord:
    case_id = resolve_case_id(store, ref)
    row = store.conn.execute(
        f"SELECT {_LIST_COLUMNS}, data FROM roi_cases WHERE id = ?", (case_id,)).fetchone()
    record = _row(row[:-1])
    record["data"] = json.loads(row[-1])
    return record


def list_cases(store: Store, *, opportunity_id: str | None = None) -> list[RoiCaseRecord]:
    """Saved cases, most recently changed first (without their input documents)."""
    if opportunity_id is None:
        rows = store.conn.execute(
            f"SELECT {_LIST_COLUMNS} FROM roi_cases ORDER BY updated_at DESC, name").fetchall()
    else:
        rows = store.conn.execute(
            f"SELECT {_LIST_COLUMNS} FROM roi_cases WHERE opportunity_id = ? "
            "ORDER BY updated_at DESC, name", (opportunity_id,)).fetchall()
    return [_row(r) for r in rows]


def cases_for_opportunity(store: Store, opportunity_id: str) -> list[RoiCaseRecord]:
    return list_cases(store, opportunity_id=opportunity_id)


def duplicate_case(store: Store, ref: str, *, name: str | None = None) -> str:
    """A copy under a new id (e.g. to try other assumptions), named "<name> (copy)"."""
    original = get_case(store, ref)
    data = dict(original["data"])
    data["name"] = name or f"{original['name']} (copy)"
    return save_case(store, data, opportunity_id=original["opportunity_id"],
                     customer=original["customer"])


def delete_case(store: Store, ref: str) -> None:
    case_id = resolve_case_id(store, ref)
    with store.transaction() as conn:
        conn.execute("DELETE FROM roi_cases WHERE id = ?", (case_id,))


def _opportunity_id(store: Store, ref: str) -> str:
    """An opportunity id from its full id or a unique prefix (≥ 4 characters)."""
    ref = (ref or "").strip().lower()
    if len(ref) < 4:
        raise NotFoundError(msg("no opportunity {ref!r} (give its id or at least 4 characters of it)", ref=ref))
    rows = store.conn.execute("SELECT id FROM opportunities WHERE id LIKE ? || '%' LIMIT 2",
                              (ref,)).fetchall()
    if not rows:
        raise NotFoundError(msg("no opportunity {ref!r}", ref=ref))
    if len(rows) > 1 and not any(r[0] == ref for r in rows):
        raise ValidationError("opportunity", msg("{ref!r} matches several opportunities; give more of the id", ref=ref))
    return str(ref if any(r[0] == ref for r in rows) else rows[0][0])


def link_case(store: Store, ref: str, opportunity: str | None) -> RoiCaseRecord:
    """Attach a case to an opportunity (None detaches it); the draft of that opportunity's
    pitch then picks it up and the pitch's ROI picker lists it first."""
    case_id = resolve_case_id(store, ref)
    opp_id = None if opportunity is None else _opportunity_id(store, opportunity)
    with store.transaction() as conn:
        conn.execute("UPDATE roi_cases SET opportunity_id = ?, updated_at = ? WHERE id = ?",
                     (opp_id, utc_now(), case_id))
    return get_case(store, case_id)


def acknowledge_flag(store: Store, ref: str, code: str, reason: str, *, field: str = "",
                     date: str | None = None) -> RoiCaseRecord:
    """Record that a red flag was looked at and why it stands (the reason is required);
    a second acknowledgement of the same flag replaces the first."""
    record = get_case(store, ref)
    data: RoiCaseInput = cast(RoiCaseInput, dict(record.get("data") or {}))
    entry: AcknowledgementInput = {"code": code, "field": field, "reason": (reason or "").strip(),
                                   "date": date or utc_now()[:10]}
    if not entry["reason"]:
        raise ValidationError("reason", "is required: say why the flag stands")
    acks = [a for a in data.get("acknowledged") or []
            if not (a.get("code") == code and a.get("field", "") == field)]
    data["acknowledged"] = [*acks, entry]
    save_case(store, data, case_id=record["id"])  # validates (unknown fields, texts) first
    return get_case(store, record["id"])


def cases_for_picker(store: Store, opportunity_id: str | None
                     ) -> tuple[list[RoiCaseRecord], list[RoiCaseRecord]]:
    """(the opportunity's cases, every other case) — the pitch's ROI picker shows the
    first list and the second only on request."""
    everything = list_cases(store)
    mine = [c for c in everything if opportunity_id and c["opportunity_id"] == opportunity_id]
    return mine, [c for c in everything if c not in mine]
