"""Settling a sync conflict field by field.

For each disputed field the user takes ``mine`` (what this library holds), ``theirs``
(the server's value) or writes a third value (``Edited``). An edited value, and the row
that results, passes the same validation as a local edit of that kind (the asset
validator with its closed facets and required title, the opportunity, ROI case and pitch
validators); nothing is written when anything is refused.

Fields may be settled a few at a time: the decided ones take their value in the library
at once and leave the conflict's open list (kept as ``decided`` with how they were
settled); the row stays held back from the server until the last open field is decided.
Then the conflict closes and the row is pushed at the next sync, against the server
version the user saw.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.pitch.model import normalize as normalize_pitch
from valuekit.roi.parse import parse_case
from valuekit.sales.opportunity import EDITABLE as OPPORTUNITY_FIELDS
from valuekit.sales.opportunity import validate_fields as validate_opportunity
from valuekit.sales.spin import check_answer
from valuekit.sync import records, state
from valuekit.sync.merge import Record, agreed_base, field_value, put

MINE, THEIRS, EDIT = "mine", "theirs", "edit"
# kinds whose values typed by hand are checked by the validator a local edit uses
# (_validated); for any other kind a disputed field takes mine or theirs, never an
# unchecked value
EDITABLE_KINDS = frozenset({"asset", "opportunity", "spin_answer", "roi_case", "pitch"})


@dataclass(frozen=True)
class Edited:
    """A value the user wrote for a disputed field (text from a form or the command line
    is read as the field's type: a list of facet values, a number, yes/no)."""
    value: Any


Choice = str | Edited


@dataclass
class Resolution:
    kind: str
    id: str
    decided: list[str]
    remaining: list[str]   # still open (empty: the conflict is closed)

    @property
    def closed(self) -> bool:
        return not self.remaining


def _coerce(path: str, value: Any, like: Any) -> Any:
    """Read text typed by the user as the type the field has on either side."""
    if not isinstance(value, str) or isinstance(like, str) or like is None:
        return value
    text = value.strip()
    if isinstance(like, bool):
        lowered = text.lower()
        if lowered in ("yes", "true", "1", "是"):
            return True
        if lowered in ("no", "false", "0", "否"):
            return False
        raise ValidationError(path, msg("must be yes or no"))
    if isinstance(like, int | float):
        try:
            return int(text) if isinstance(like, int) and text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise ValidationError(path, msg("must be a number, got {value!r}", value=text)) from None
    if isinstance(like, list) and all(not isinstance(v, dict | list) for v in like):
        return [v.strip() for v in text.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError(path, msg("must be written as JSON like the other values")) from None


def _prefixed(prefix: str, exc: ValidationError) -> ValidationError:
    return ValidationError(f"{prefix}.{exc.field}" if exc.field else prefix, exc.text)


def _validated(conn: sqlite3.Connection, kind: str, record: Record) -> Record:
    """The record as a local edit would store it, or ValidationError naming the field.
    Assets are validated by records.write_record itself (the library's AssetValidator),
    opportunities, SPIN answers, ROI cases and pitches by the sales / ROI / pitch checks;
    kinds not listed here by whatever their writer checks."""
    if kind == "opportunity":
        fields = validate_opportunity(conn, {k: record.get(k) for k in OPPORTUNITY_FIELDS
                                             if k in record})
        return {**record, **json.loads(json.dumps(fields))}
    if kind == "spin_answer":
        text, _layer, _pain, numbers = check_answer(record.get("text"), record.get("pain_layer"),
                                                    record.get("pain"), record.get("numbers"),
                                                    pain_key=record.get("pain_key"))
        return {**record, "text": text, "numbers": json.loads(json.dumps(numbers))}
    if kind in ("roi_case", "pitch") and isinstance(record.get("data"), dict):
        try:
            if kind == "roi_case":
                parse_case(record["data"])
                return record
            data = normalize_pitch(record["data"])
        except ValidationError as exc:
            raise _prefixed("data", exc) from None
        # the pitch's listed columns follow its document, as save_pitch keeps them
        return {**record, "data": data, **{k: data[k] for k in ("title", "customer", "language")
                                           if k in record and k in data}}
    return record


def _plan(c: state.Conflict, choices: Mapping[str, Choice]) -> dict[str, Choice]:
    plan: dict[str, Choice] = {}
    for path, choice in choices.items():
        if path not in c.fields:
            allowed = ", ".join(c.fields) or "-"
            if path in c.decided:
                raise ValidationError(path, msg("was already decided; still open: {allowed}",
                                                allowed=allowed))
            raise ValidationError(path, msg("is not a disputed field of this conflict; disputed: {allowed}",
                                            allowed=allowed))
        if isinstance(choice, Edited) and c.kind not in EDITABLE_KINDS:
            raise ValidationError(path, msg("a value of your own cannot be checked for this kind of"
                                            " row; choose mine or theirs"))
        if not isinstance(choice, Edited) and choice not in (MINE, THEIRS):
            raise ValidationError(path, msg("must be mine, theirs or an edited value, got {value!r}",
                                            value=choice))
        plan[path] = choice
    return plan


def resolve_conflict(store: Store, kind: str, row_id: str,
                     choices: str | Mapping[str, Choice]) -> Resolution:
    """Settle the named disputed fields (``{"title": "mine", "tags.industry": "theirs",
    "summary": Edited("…")}``), or all open fields at once with ``"mine"``/``"theirs"``."""
    with store.transaction() as conn:
        c = state.open_conflict(conn, kind, row_id)
        if c is None:
            raise NotFoundError(msg("no sync conflict for {kind} {id}", kind=kind, id=row_id))
        if isinstance(choices, str):
            if choices not in (MINE, THEIRS):
                raise ValidationError("choice", msg("must be one of {allowed}", allowed="mine, theirs"))
            choices = dict.fromkeys(c.fields, choices)
        plan = _plan(c, choices)
        current = records.local_record(store, kind, row_id)
        record = current if current is not None else c.mine
        if record is None:  # deleted here meanwhile: start again from their version
            record = c.theirs or {}
        decided = dict(c.decided)
        for path, choice in plan.items():
            if choice == THEIRS:
                record = put(record, path, field_value(c.theirs, path))
            elif isinstance(choice, Edited):
                like = field_value(c.theirs, path)
                like = like if like is not None else field_value(record, path)
                record = put(record, path, _coerce(path, choice.value, like))
        record = _validated(conn, kind, record)
        if record != current:
            records.write_record(conn, kind, row_id, record)
        stored = records.local_record(store, kind, row_id) or record
        for path, choice in plan.items():
            decided[path] = {"choice": choice if isinstance(choice, str) else EDIT,
                             "value": field_value(stored, path)}
        remaining = [p for p in c.fields if p not in plan]
        if remaining:
            # decided fields are agreed with the server's value the user saw, so a later
            # server version re-bases them correctly (conflicts.merge_incoming)
            state.save_conflict(conn, kind, row_id, agreed_base(c.theirs or {}, c.base, remaining),
                                stored, c.theirs, remaining, c.theirs_by, decided, c.detected_at)
        else:
            state.drop_conflict(conn, kind, row_id)
        state.rescan(conn)
    return Resolution(kind, row_id, list(plan), remaining)
