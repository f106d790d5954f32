"""Realisation plans in the library: the frozen promise, milestones, actuals, contacts,
NPS answers and customer tiers (domain.md §7).

Every write validates first and stores inside one transaction, so a refused entry leaves
nothing behind. Recording an actual for a driver and quarter that already has one
supersedes the old row (kept as history) — the report only ever sees one per pair.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg, t
from valuekit.roi.cases import cases_for_opportunity, get_case
from valuekit.roi.parse import parse_case
from valuekit.sales.opportunity import get_opportunity, resolve_opportunity
from valuekit.sales.opportunity import text as parse_text  # one rule for free text everywhere
from valuekit.value.model import (
    CONTACT_KINDS,
    DEFAULT_TIER,
    MAX_NOTE,
    MAX_TITLE,
    SOURCES,
    TIERS,
    WON_STAGES,
    Actual,
    Contact,
    Milestone,
    NpsAnswer,
    Plan,
    parse_amount,
    parse_choice,
    parse_day,
    parse_score,
)

SUGGESTED_DAYS = (30, 60, 90)  # three stage goals in the first 90 days, the first is first value


def get_tier(store: Store, opp_id: str) -> str:
    row = store.conn.execute("SELECT tier FROM account_tiers WHERE opportunity_id = ?", (opp_id,)).fetchone()
    return str(row[0]) if row else DEFAULT_TIER


def set_tier(store: Store, opp_ref: str, tier: str) -> str:
    """Set the customer tier (benchmark / value_added / ordinary) of an opportunity's account."""
    opp_id = resolve_opportunity(store, opp_ref)
    tier = parse_choice(tier, "tier", TIERS)
    with store.transaction() as conn:
        conn.execute("INSERT INTO account_tiers (opportunity_id, tier, updated_at) VALUES (?, ?, ?) "
                     "ON CONFLICT(opportunity_id) DO UPDATE SET tier = excluded.tier, "
                     "updated_at = excluded.updated_at", (opp_id, tier, utc_now()))
    return tier


def _suggested_titles(promise: dict[str, Any], lang: str) -> list[str]:
    names = [str(d.get("name") or "") for d in promise.get("drivers") or []]
    first = names[0] if names else ""
    second = names[1] if len(names) > 1 else first
    return [t("value.suggest.first_value", lang, driver=first),
            t("value.suggest.stage_goal", lang, driver=second),
            t("value.suggest.review_90", lang)]


def create_plan(store: Store, opp_ref: str, *, go_live: Any, case_ref: str | None = None,
                suggest: bool = True) -> Plan:
    """Freeze the opportunity's ROI case as the promise and open its realisation plan,
    with the three suggested stage goals of the first 90 days (``suggest``)."""
    opp = get_opportunity(store, opp_ref)
    if opp["stage"] not in WON_STAGES:
        raise ValidationError("stage", msg("the opportunity is in stage {stage}; a realisation plan needs a won "
                                           "deal (stage Rev or Retention)", stage=opp["stage"]))
    day = parse_day(go_live, "go_live")
    if case_ref:
        case = get_case(store, case_ref)
    else:
        cases = cases_for_opportunity(store, opp["id"])
        if not cases:
            raise ValidationError("case", "the opportunity has no ROI case to freeze as the promise; give --case")
        case = get_case(store, max(cases, key=lambda c: c["updated_at"])["id"])
    promise: dict[str, Any] = dict(case["data"])
    parse_case(promise)  # the frozen promise must be a valid case
    now = utc_now()
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM value_plans WHERE opportunity_id = ?", (opp["id"],)).fetchone():
            raise ValidationError("opportunity", "already has a realisation plan; its promise stays frozen")
        conn.execute("INSERT INTO value_plans (opportunity_id, case_id, promise, go_live, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (opp["id"], case["id"], json.dumps(promise, ensure_ascii=False, allow_nan=False),
                      day.isoformat(), now, now))
        if suggest:
            for n, (offset, title) in enumerate(zip(SUGGESTED_DAYS, _suggested_titles(promise, opp["language"]),
                                                    strict=True)):
                conn.execute("INSERT INTO value_milestones (id, opportunity_id, title, due, first_value, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (str(uuid.uuid4()), opp["id"], title, (day + timedelta(days=offset)).isoformat(),
                              int(n == 0), now))
    return get_plan(store, opp["id"])


def delete_plan(store: Store, opp_ref: str) -> None:
    opp_id = _plan_id(store, opp_ref)
    with store.transaction() as conn:
        conn.execute("DELETE FROM value_plans WHERE opportunity_id = ?", (opp_id,))


def _plan_id(store: Store, opp_ref: str) -> str:
    opp_id = resolve_opportunity(store, opp_ref)
    if not store.conn.execute("SELECT 1 FROM value_plans WHERE opportunity_id = ?", (opp_id,)).fetchone():
        raise NotFoundError(msg("the opportunity has no realisation plan yet: "
                                "`valuekit value plan {ref} --go-live YYYY-MM-DD` opens one", ref=opp_ref))
    return opp_id


def has_plan(store: Store, opp_id: str) -> bool:
    return store.conn.execute("SELECT 1 FROM value_plans WHERE opportunity_id = ?", (opp_id,)).fetchone() is not None


def plan_ids(store: Store) -> list[str]:
    """Every account with a plan (archived opportunities left out)."""
    rows = store.conn.execute("SELECT p.opportunity_id FROM value_plans p JOIN opportunities o "
                              "ON o.id = p.opportunity_id WHERE o.archived = 0 ORDER BY o.customer").fetchall()
    return [str(r[0]) for r in rows]


def get_plan(store: Store, opp_ref: str) -> Plan:
    opp_id = _plan_id(store, opp_ref)
    opp = get_opportunity(store, opp_id)
    case_id, promise, go_live = store.conn.execute(
        "SELECT case_id, promise, go_live FROM value_plans WHERE opportunity_id = ?", (opp_id,)).fetchone()
    conn = store.conn
    milestones = tuple(Milestone(r[0], r[1], date.fromisoformat(r[2]), bool(r[3]),
                                 date.fromisoformat(r[4]) if r[4] else None)
                       for r in conn.execute("SELECT id, title, due, first_value, done_on FROM value_milestones "
                                             "WHERE opportunity_id = ? ORDER BY due, title", (opp_id,)))
    actuals = tuple(Actual(r[0], int(r[1]), float(r[2]), r[3], r[4])
                    for r in conn.execute("SELECT driver, quarter, amount, source, recorded_at FROM value_actuals "
                                          "WHERE opportunity_id = ? AND superseded_at IS NULL "
                                          "ORDER BY quarter, driver", (opp_id,)))
    contacts = tuple(Contact(r[0], date.fromisoformat(r[1]), r[2], r[3])
                     for r in conn.execute("SELECT id, on_date, kind, note FROM value_contacts "
                                           "WHERE opportunity_id = ? ORDER BY on_date, created_at", (opp_id,)))
    answers = tuple(NpsAnswer(r[0], int(r[1]), date.fromisoformat(r[2]))
                    for r in conn.execute("SELECT id, score, on_date FROM value_nps WHERE opportunity_id = ? "
                                          "ORDER BY on_date, created_at", (opp_id,)))
    # a story deleted or retired in the library no longer counts as this account's proof
    stories = tuple(str(r[0]) for r in conn.execute(
        "SELECT s.asset_id FROM value_stories s JOIN assets a ON a.id = s.asset_id "
        "WHERE s.opportunity_id = ? AND a.status != 'retired' ORDER BY s.created_at", (opp_id,)))
    return Plan(opportunity_id=opp_id, customer=opp["customer"], industry=opp["industry"], stage=opp["stage"],
                language=opp["language"], owner=opp.get("owner") or "", tier=get_tier(store, opp_id),
                case_id=case_id, promise=json.loads(promise), go_live=date.fromisoformat(go_live),
                milestones=milestones, actuals=actuals, contacts=contacts, nps=answers, stories=stories)


# -- milestones ------------------------------------------------------------------------------
def add_milestone(store: Store, opp_ref: str, *, title: Any, due: Any, first_value: bool = False) -> Milestone:
    plan = get_plan(store, opp_ref)
    text = parse_text(title, "title", required=True, max_len=MAX_TITLE)
    day = parse_day(due, "due", not_before=plan.go_live)
    new_id = str(uuid.uuid4())
    with store.transaction() as conn:
        if first_value:  # one first value per account: the newest mark wins
            conn.execute("UPDATE value_milestones SET first_value = 0 WHERE opportunity_id = ?",
                         (plan.opportunity_id,))
        conn.execute("INSERT INTO value_milestones (id, opportunity_id, title, due, first_value, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (new_id, plan.opportunity_id, text, day.isoformat(),
                                                   int(first_value), utc_now()))
    return Milestone(new_id, text, day, first_value, None)


def _milestone_id(store: Store, plan: Plan, ref: str) -> str:
    ref = (ref or "").strip().lower()
    found = [m.id for m in plan.milestones if m.id == ref or (len(ref) >= 4 and m.id.startswith(ref))]
    if len(found) != 1:
        raise NotFoundError(msg("no milestone {ref!r} in this plan", ref=ref))
    return found[0]


def complete_milestone(store: Store, opp_ref: str, ref: str, *, on: Any) -> None:
    """Mark a milestone reached on ``on`` (``None`` reopens it)."""
    plan = get_plan(store, opp_ref)
    milestone_id = _milestone_id(store, plan, ref)
    day = None if on is None else parse_day(on, "on", not_before=plan.go_live)
    with store.transaction() as conn:
        conn.execute("UPDATE value_milestones SET done_on = ? WHERE id = ?",
                     (day.isoformat() if day else None, milestone_id))


def edit_milestone(store: Store, opp_ref: str, ref: str, *, title: Any = None, due: Any = None) -> None:
    plan = get_plan(store, opp_ref)
    milestone_id = _milestone_id(store, plan, ref)
    with store.transaction() as conn:
        if title is not None:
            conn.execute("UPDATE value_milestones SET title = ? WHERE id = ?",
                         (parse_text(title, "title", required=True, max_len=MAX_TITLE), milestone_id))
        if due is not None:
            conn.execute("UPDATE value_milestones SET due = ? WHERE id = ?",
                         (parse_day(due, "due", not_before=plan.go_live).isoformat(), milestone_id))


def remove_milestone(store: Store, opp_ref: str, ref: str) -> None:
    plan = get_plan(store, opp_ref)
    milestone_id = _milestone_id(store, plan, ref)
    with store.transaction() as conn:
        conn.execute("DELETE FROM value_milestones WHERE id = ?", (milestone_id,))


# -- actuals, contacts, NPS -----------------------------------------------------------------------
def promise_drivers(plan: Plan) -> list[str]:
    return [str(d.get("name") or "") for d in plan.promise.get("drivers") or []]


def horizon_quarters(plan: Plan) -> int:
    return 4 * int(plan.promise.get("years") or 1)


def record_actual(store: Store, opp_ref: str, *, driver: Any, quarter: Any, amount: Any, source: Any) -> Actual:
    """Record the realised benefit of one driver in one quarter; an earlier figure for the
    same driver and quarter is superseded (kept as history), never added to."""
    plan = get_plan(store, opp_ref)
    names = promise_drivers(plan)
    name = str(driver or "").strip()
    if name not in names:
        raise ValidationError("driver", msg("{value!r} is not a driver of the promise; allowed: {allowed}",
                                            value=driver, allowed=", ".join(names)))
    last = horizon_quarters(plan)
    try:
        q = int(str(quarter).strip())
    except ValueError:
        q = 0
    if str(quarter).strip() != str(q) or not 1 <= q <= last:
        raise ValidationError("quarter", msg("must be a whole number from 1 to {last} (the promise's horizon), "
                                             "got {value!r}", last=last, value=quarter))
    value = parse_amount(amount, "amount")
    kind = parse_choice(source, "source", SOURCES)
    now = utc_now()
    with store.transaction() as conn:
        conn.execute("UPDATE value_actuals SET superseded_at = ? WHERE opportunity_id = ? AND driver = ? "
                     "AND quarter = ? AND superseded_at IS NULL", (now, plan.opportunity_id, name, q))
        conn.execute("INSERT INTO value_actuals (opportunity_id, driver, quarter, amount, source, recorded_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (plan.opportunity_id, name, q, value, kind, now))
    return Actual(name, q, value, kind, now)


def actual_history(store: Store, opp_ref: str) -> list[dict[str, Any]]:
    """Every figure ever recorded, superseded ones included (newest first)."""
    opp_id = _plan_id(store, opp_ref)
    cols = ("driver", "quarter", "amount", "source", "recorded_at", "superseded_at")
    rows = store.conn.execute(f"SELECT {', '.join(cols)} FROM value_actuals WHERE opportunity_id = ? "
                              "ORDER BY id DESC", (opp_id,)).fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def record_contact(store: Store, opp_ref: str, *, on: Any, kind: Any, note: Any = "") -> Contact:
    plan = get_plan(store, opp_ref)
    day = parse_day(on, "on", not_before=plan.go_live)
    what = parse_choice(kind, "kind", CONTACT_KINDS)
    text = parse_text(note, "note", max_len=MAX_NOTE)
    new_id = str(uuid.uuid4())
    with store.transaction() as conn:
        conn.execute("INSERT INTO value_contacts (id, opportunity_id, on_date, kind, note, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (new_id, plan.opportunity_id, day.isoformat(), what, text,
                                                   utc_now()))
    return Contact(new_id, day, what, text)


def record_nps(store: Store, opp_ref: str, *, score: Any, on: Any) -> NpsAnswer:
    plan = get_plan(store, opp_ref)
    value = parse_score(score)
    day = parse_day(on, "on", not_before=plan.go_live)
    new_id = str(uuid.uuid4())
    with store.transaction() as conn:
        conn.execute("INSERT INTO value_nps (id, opportunity_id, score, on_date, created_at) VALUES (?, ?, ?, ?, ?)",
                     (new_id, plan.opportunity_id, value, day.isoformat(), utc_now()))
    return NpsAnswer(new_id, value, day)


def link_story(store: Store, opp_id: str, asset_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO value_stories (asset_id, opportunity_id, created_at) VALUES (?, ?, ?)",
                     (asset_id, opp_id, utc_now()))
