"""Opportunities: the customer in front of the salesperson, which every builder hangs on.

An opportunity carries the firmographics, the sales stage, BANT, the decision chain and
the answers to the value checklist (docs/methods.md §3–§4). On read it gains two computed
parts: the growth model its deal size implies (§3 deal-size table) and warnings (a
stage that BANT does not support). Warnings are shown, never blocking.

Every write bumps ``revision``; ``update_opportunity`` refuses to overwrite a revision
the editor did not see, with the check and the write in one BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from valuekit.db.store import Store, utc_now
from valuekit.errors import ConflictError, NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.library.vocabulary import (
    PERSONAS,
    get_facet,
    require_persona,
    require_stage,
    require_value,
)
from valuekit.sales.rules import COGNITION, growth_model, opportunity_warnings
from valuekit.sales.settings import TeamSettings, get_settings
from valuekit.sales.types import (
    BantItem,
    ChecklistItem,
    Opportunity,
    OpportunityFields,
    Person,
    StageEntry,
)

LANGUAGES = ("zh", "en")
BANT_KEYS = ("budget", "authority", "need", "timeline")
# The six value questions, then the four success-ladder questions (docs/methods.md §4).
CHECKLIST_QUESTIONS: list[dict[str, str]] = [
    {"key": "current_flow", "group": "value",
     "zh": "客户现在的业务流程是怎样的？", "en": "What is the customer's current business flow?"},
    {"key": "problems", "group": "value",
     "zh": "这个流程里有哪些问题和挑战？", "en": "What problems and challenges does that flow have?"},
    {"key": "how_we_solve", "group": "value",
     "zh": "我们的工具如何解决其中一个问题？", "en": "How does our tool solve one of them?"},
    {"key": "investment", "group": "value",
     "zh": "客户需要投入什么（资金、人力、时间）？",
     "en": "What must the customer invest (money, people, time)?"},
    {"key": "quantified_value", "group": "value",
     "zh": "客户能得到哪些量化的价值？", "en": "What quantified value do they get?"},
    {"key": "future_state", "group": "value",
     "zh": "客户的业务会达到什么状态？", "en": "What state does their business reach?"},
    {"key": "user_inside", "group": "ladder",
     "zh": "什么能让使用者在组织内部更成功？",
     "en": "What makes the user more successful inside the organisation?"},
    {"key": "user_outside", "group": "ladder",
     "zh": "什么能让使用者在行业里更成功？", "en": "What makes the user more successful in the industry?"},
    {"key": "org_inside", "group": "ladder",
     "zh": "什么能让组织在内部更成功？", "en": "What makes the organisation more successful inside?"},
    {"key": "org_outside", "group": "ladder",
     "zh": "什么能让组织在行业里更成功？",
     "en": "What makes the organisation more successful in its industry?"},
]
CHECKLIST_KEYS = tuple(q["key"] for q in CHECKLIST_QUESTIONS)

_COLUMNS = ("id", "customer", "industry", "segment", "size", "region", "stage", "language",
            "owner", "deal_size", "currency", "close_date", "bant", "decision_chain", "checklist",
            "cognition", "archived", "revision", "created_at", "updated_at")
_JSON_FIELDS = ("bant", "decision_chain", "checklist")
EDITABLE = tuple(c for c in _COLUMNS if c not in ("id", "archived", "revision", "created_at",
                                                  "updated_at"))


# -- small shared checks (fab.py and spin.py use them too) ------------------------------
def text(value: Any, field: str, *, required: bool = False, max_len: int = 4000) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "must not be empty")
    if len(value) > max_len:
        raise ValidationError(field, msg("must be at most {max_len} characters", max_len=max_len))
    return value


def language(value: Any, field: str = "language") -> str:
    if value not in LANGUAGES:
        raise ValidationError(field, msg("{value!r} is not a language; allowed: zh, en", value=value))
    return str(value)


def resolve_id(conn: sqlite3.Connection, table: str, ref: str, what: str) -> str:
    """A record id from its full id or a unique prefix of ≥ 4 characters."""
    ref = (ref or "").strip().lower() if isinstance(ref, str) else ""
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref,)).fetchone():
        return ref
    if len(ref) >= 4:
        rows = conn.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2",
                            (ref, ref + "\uffff")).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            raise NotFoundError(msg("{what} id prefix {ref!r} is ambiguous; give more characters", what=what, ref=ref))
    raise NotFoundError(msg("no {what} with id {ref!r}", what=what, ref=ref))


# -- validation ---------------------------------------------------------------------------
def _number(value: Any, field: str, *, integer: bool = False) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValidationError(field, msg("must be a whole number ≥ 0 or empty") if integer
                              else msg("must be a number ≥ 0 or empty"))
    if value < 0 or value == float("inf"):
        raise ValidationError(field, msg("must be a whole number ≥ 0, got {value}", value=value) if integer
                              else msg("must be a number ≥ 0, got {value}", value=value))
    if integer:
        if int(value) != value:
            raise ValidationError(field, msg("must be a whole number ≥ 0, got {value}", value=value))
        return int(value)
    return float(value)


def _bant(raw: Any) -> dict[str, BantItem]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError("bant", "must be an object with budget, authority, need, timeline")
    unknown = set(raw) - set(BANT_KEYS)
    if unknown:
        raise ValidationError(f"bant.{sorted(unknown)[0]}", msg("unknown; allowed: {allowed}", allowed=", ".join(BANT_KEYS)))
    result: dict[str, BantItem] = {}
    for key in BANT_KEYS:
        item = raw.get(key) or {}
        if not isinstance(item, dict):
            raise ValidationError(f"bant.{key}", "must be an object {known: true|false, note: text}")
        known = item.get("known", False)
        if not isinstance(known, bool):
            raise ValidationError(f"bant.{key}.known", "must be true or false")
        result[key] = {"known": known, "note": text(item.get("note"), f"bant.{key}.note")}
    return result


def _chain(raw: Any) -> list[Person]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError("decision_chain", "must be a list of people")
    people: list[Person] = []
    for i, person in enumerate(raw):
        path = f"decision_chain[{i}]"
        if not isinstance(person, dict):
            raise ValidationError(path, "must be an object {name, title, role, persona, …}")
        role = person.get("role") or person.get("persona")
        persona = person.get("persona") or role
        people.append({
            "name": text(person.get("name"), f"{path}.name", required=True, max_len=200),
            "title": text(person.get("title"), f"{path}.title", max_len=200),
            "role": require_persona(role, f"{path}.role"),
            "persona": require_persona(persona, f"{path}.persona"),
            "interests": text(person.get("interests"), f"{path}.interests"),
            "concerns": text(person.get("concerns"), f"{path}.concerns"),
            "coach": _flag(person.get("coach", False), f"{path}.coach"),
        })
    return people


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, "must be true or false")
    return value


def _cognition(value: Any) -> str | None:
    if value in (None, ""):
        return None
    found = next((c for c in COGNITION if isinstance(value, str) and c.lower() == value.strip().lower()), None)
    if found is None:
        raise ValidationError("cognition", msg("{value!r} is not a 5A step; allowed: {allowed}",
                                               value=value, allowed=", ".join(COGNITION)))
    return found


def _checklist(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError("checklist", "must be an object {question key: answer}")
    result = {}
    for key, answer in raw.items():
        if key not in CHECKLIST_KEYS:
            raise ValidationError(f"checklist.{key}", msg("unknown question; allowed: {allowed}", allowed=", ".join(CHECKLIST_KEYS)))
        answer = text(answer, f"checklist.{key}")
        if answer:
            result[key] = answer
    return result


def _close_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError("close_date", msg("{value!r} is not a date; use YYYY-MM-DD", value=value)) from None


def _validate(conn: sqlite3.Connection, data: Mapping[str, Any]) -> OpportunityFields:
    unknown = set(data) - set(EDITABLE) - {"id", "archived", "revision", "created_at", "updated_at",
                                            "growth_model", "warnings"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], msg("unknown field; allowed: {allowed}", allowed=", ".join(EDITABLE)))
    currency = text(data.get("currency") or "CNY", "currency").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ValidationError("currency", msg("{currency!r} is not a currency code (e.g. CNY, USD)", currency=currency))
    industry = text(data.get("industry"), "industry", required=True)
    return {
        "customer": text(data.get("customer"), "customer", required=True, max_len=300),
        "industry": require_value(conn, get_facet(conn, "industry"), industry, "industry"),
        "segment": text(data.get("segment"), "segment", max_len=300),
        "size": cast(int | None, _number(data.get("size"), "size", integer=True)),
        "region": text(data.get("region"), "region", max_len=200),
        "stage": require_stage(data.get("stage") or "RL"),
        "language": language(data.get("language") or "zh"),
        "owner": text(data.get("owner"), "owner", max_len=200),
        "deal_size": _number(data.get("deal_size"), "deal_size"),
        "currency": currency,
        "close_date": _close_date(data.get("close_date")),
        "bant": _bant(data.get("bant")),
        "decision_chain": _chain(data.get("decision_chain")),
        "checklist": _checklist(data.get("checklist")),
        "cognition": _cognition(data.get("cognition")),
    }


def validate_fields(conn: sqlite3.Connection, data: Mapping[str, Any]) -> OpportunityFields:
    """The editable fields as an edit would store them, or ValidationError naming the
    field (also used to check a sync conflict settled with a value typed by hand)."""
    return _validate(conn, data)


# -- computed on read (the rules themselves are in rules.py) ---------------------------
def _from_row(row: tuple[Any, ...], lang: str | None = None,
              settings: TeamSettings | None = None) -> Opportunity:
    opp = dict(zip(_COLUMNS, row, strict=True))
    for key in _JSON_FIELDS:
        opp[key] = json.loads(opp[key])
    for person in opp["decision_chain"]:
        person.setdefault("coach", False)
    opp["archived"] = bool(opp["archived"])
    shown = lang or opp["language"]
    opp["growth_model"] = growth_model(opp["deal_size"], opp["currency"], stage=opp["stage"],
                                       close_date=opp["close_date"], lang=shown)
    opp["warnings"] = opportunity_warnings(cast(Opportunity, opp), shown, settings)
    return cast(Opportunity, opp)


def _record_stage(conn: sqlite3.Connection, opp_id: str, stage: str, now: str) -> None:
    conn.execute("INSERT INTO opportunity_stages (opportunity_id, stage, entered_at) VALUES (?, ?, ?)",
                 (opp_id, stage, now))


def stage_history(store: Store, ref: str) -> list[StageEntry]:
    """When each stage was entered, oldest first."""
    opp_id = resolve_opportunity(store, ref)
    rows = store.conn.execute("SELECT stage, entered_at FROM opportunity_stages WHERE opportunity_id = ?"
                              " ORDER BY entered_at, seq", (opp_id,)).fetchall()
    return [{"stage": stage, "entered_at": at} for stage, at in rows]


def _dump(values: Mapping[str, Any]) -> list[Any]:
    return [json.dumps(values[c], ensure_ascii=False) if c in _JSON_FIELDS else values[c]
            for c in EDITABLE]


# -- API ------------------------------------------------------------------------------------
def create_opportunity(store: Store, data: Mapping[str, Any], *, opp_id: str | None = None) -> Opportunity:
    """Validate and save a new opportunity (``opp_id`` fixes the id, e.g. for demo content)."""
    if not isinstance(data, dict):
        raise ValidationError("opportunity", "must be a JSON object")
    new_id = str(uuid.UUID(opp_id)) if opp_id else str(uuid.uuid4())
    now = utc_now()
    with store.transaction() as conn:
        values = _validate(conn, data)
        if conn.execute("SELECT 1 FROM opportunities WHERE id = ?", (new_id,)).fetchone():
            raise ValidationError("id", msg("an opportunity with id {new_id} already exists", new_id=new_id))
        conn.execute(
            f"INSERT INTO opportunities (id, {', '.join(EDITABLE)}, archived, revision, created_at,"
            f" updated_at) VALUES (?, {', '.join('?' * len(EDITABLE))}, 0, 1, ?, ?)",
            [new_id, *_dump(values), now, now])
        _record_stage(conn, new_id, values["stage"], now)
    return get_opportunity(store, new_id)


def resolve_opportunity(store: Store, ref: str) -> str:
    return resolve_id(store.conn, "opportunities", ref, "opportunity")


def get_opportunity(store: Store, ref: str, *, lang: str | None = None) -> Opportunity:
    opp_id = resolve_opportunity(store, ref)
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM opportunities WHERE id = ?",
                             (opp_id,)).fetchone()
    return _from_row(row, lang, get_settings(store))


def _merge(current: Opportunity, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Changes replace fields; for BANT and the checklist they merge item by item."""
    merged = dict(current)
    for key, value in changes.items():
        if key == "bant" and isinstance(value, dict):
            bant = {k: dict(v) for k, v in current["bant"].items()}
            for item, change in value.items():
                bant[item] = {**bant.get(item, {}), **change} if isinstance(change, dict) else change
            merged["bant"] = bant
        elif key == "checklist" and isinstance(value, dict):
            merged["checklist"] = {**current["checklist"], **value}
        else:
            merged[key] = value
    return merged


def update_opportunity(store: Store, ref: str, changes: Mapping[str, Any], *,
                       expected_revision: int) -> Opportunity:
    """Apply ``changes`` if nobody changed the opportunity since ``expected_revision``."""
    if not isinstance(changes, dict):
        raise ValidationError("changes", "must be an object {field: value}")
    fixed = set(changes) & {"id", "archived", "revision", "created_at", "updated_at"}
    if fixed:
        raise ValidationError(sorted(fixed)[0], msg("cannot be edited; allowed: {allowed}", allowed=", ".join(EDITABLE)))
    opp_id = resolve_opportunity(store, ref)
    with store.transaction() as conn:
        row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM opportunities WHERE id = ?",
                           (opp_id,)).fetchone()
        current = _from_row(row)
        if current["revision"] != expected_revision:
            raise ConflictError(
                msg("opportunity {opp_id} was changed by someone else since you opened it (revision {revision}, you had {expected_revision}); reload and edit again", opp_id=opp_id, revision=current['revision'], expected_revision=expected_revision))
        values = _validate(conn, {k: v for k, v in _merge(current, changes).items() if k in EDITABLE})
        now = utc_now()
        conn.execute(
            f"UPDATE opportunities SET {', '.join(f'{c} = ?' for c in EDITABLE)}, "
            "revision = revision + 1, updated_at = ? WHERE id = ?",
            [*_dump(values), now, opp_id])
        if values["stage"] != current["stage"]:
            _record_stage(conn, opp_id, values["stage"], now)
    return get_opportunity(store, opp_id)


def set_checklist_answer(store: Store, ref: str, key: str, answer: str) -> Opportunity:
    """Store one checklist answer (empty text clears it) on the current revision."""
    if key not in CHECKLIST_KEYS:
        raise ValidationError(f"checklist.{key}", msg("unknown question; allowed: {allowed}", allowed=", ".join(CHECKLIST_KEYS)))
    opp = get_opportunity(store, ref)
    return update_opportunity(store, opp["id"], {"checklist": {key: answer}},
                              expected_revision=opp["revision"])


def checklist_items(opp: Opportunity, lang: str) -> list[ChecklistItem]:
    """The ten checklist questions in ``lang`` with this opportunity's answers (or None)."""
    return [{"key": q["key"], "group": q["group"], "question": q[lang],
             "answer": opp["checklist"].get(q["key"])} for q in CHECKLIST_QUESTIONS]


def list_opportunities(store: Store, *, include_archived: bool = False, stage: str | None = None,
                       owner: str | None = None) -> list[Opportunity]:
    """Opportunities, most recently changed first; ``owner`` matches the salesperson exactly
    (surrounding spaces and letter case ignored)."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM opportunities WHERE 1 = 1"
    params: list[Any] = []
    if not include_archived:
        sql += " AND archived = 0"
    if stage is not None:
        sql += " AND stage = ?"
        params.append(require_stage(stage))
    if owner is not None:
        sql += " AND lower(trim(owner)) = lower(?)"
        params.append(text(owner, "owner", max_len=200))
    rows = store.conn.execute(sql + " ORDER BY updated_at DESC, customer", params).fetchall()
    settings = get_settings(store)
    return [_from_row(r, None, settings) for r in rows]


def archive_opportunity(store: Store, ref: str, *, archived: bool = True) -> Opportunity:
    opp_id = resolve_opportunity(store, ref)
    with store.transaction() as conn:
        conn.execute("UPDATE opportunities SET archived = ?, revision = revision + 1, updated_at = ?"
                     " WHERE id = ?", (int(archived), utc_now(), opp_id))
    return get_opportunity(store, opp_id)


def chain_personas(opp: Opportunity | OpportunityFields) -> list[str]:
    """The personas present in the decision chain, in vocabulary order."""
    present = {p["persona"] for p in opp["decision_chain"]}
    return [p for p in PERSONAS if p in present]
