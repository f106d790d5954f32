"""SPIN: a bilingual question bank, a call plan per opportunity, and captured answers.

Questions are asked Situation → Problem → Implication → Need-payoff (docs/methods.md §4); a
plan is always kept in that order. An answer can be marked as a pain at one of four
layers (individual / organization / enterprise / industry — the pitch's step 2) and can
carry numbers that feed ROI driver inputs (``valuekit.roi.model.DRIVER_INPUTS``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, cast

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg, t
from valuekit.library.vocabulary import check_key, get_facet, require_persona, require_value
from valuekit.roi.model import DRIVER_INPUTS
from valuekit.roi.parse import FRACTION_INPUTS, INPUT_MAXIMA, number
from valuekit.sales.opportunity import chain_personas, get_opportunity, language, resolve_id, text
from valuekit.sales.opportunity import text as check_text
from valuekit.sales.types import PlanItem, SpinAnswer, SpinNumber, SpinPlan, SpinQuestion

KINDS = ("situation", "problem", "implication", "need_payoff")
KIND_LABELS = {"situation": ("背景问题", "Situation"), "problem": ("难点问题", "Problem"),
               "implication": ("暗示问题", "Implication"), "need_payoff": ("需求-效益问题", "Need-payoff")}
PAIN_LAYERS = ("individual", "organization", "enterprise", "industry")
PLAN_WARN_ABOVE = 12
_Q_COLUMNS = ("id", "kind", "text_zh", "text_en", "industries", "personas", "pain", "driver_hint",
              "position")


# -- question bank ------------------------------------------------------------------------------
def _question(row: tuple[Any, ...]) -> SpinQuestion:
    q = dict(zip(_Q_COLUMNS, row, strict=True))
    for key in ("industries", "personas", "driver_hint"):
        q[key] = json.loads(q[key]) if q[key] is not None else None
    return cast(SpinQuestion, q)


def _driver_inputs() -> dict[str, tuple[str, ...]]:
    return DRIVER_INPUTS


def add_question(store: Store, data: Mapping[str, Any]) -> SpinQuestion:
    """Add (or, with a known ``id``, replace) a bank question; at least one language's text."""
    if not isinstance(data, dict):
        raise ValidationError("question", "must be a JSON object")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValidationError("kind", msg("{kind!r} is not a SPIN kind; allowed: {allowed}", kind=kind, allowed=', '.join(KINDS)))
    text_zh, text_en = text(data.get("text_zh"), "text_zh"), text(data.get("text_en"), "text_en")
    if not text_zh and not text_en:
        raise ValidationError("text_zh", "a question needs its text in Chinese or English")
    hint = data.get("driver_hint")
    if hint:
        kinds = _driver_inputs()
        if not isinstance(hint, dict) or hint.get("kind") not in kinds or hint.get("input") not in kinds[hint["kind"]]:
            raise ValidationError("driver_hint", "must be {kind, input} of an ROI driver, e.g. "
                                  "{\"kind\": \"time_saved\", \"input\": \"people\"}")
    try:
        q_id = str(uuid.UUID(str(data["id"]))) if data.get("id") else str(uuid.uuid4())
    except ValueError:
        raise ValidationError("id", msg("{id!r} is not a question id (a UUID)", id=data['id'])) from None
    personas = [require_persona(p, f"personas[{i}]") for i, p in enumerate(data.get("personas") or [])]
    pain = check_key("pain", data["pain"]) if data.get("pain") else ""
    with store.transaction() as conn:
        industries = [require_value(conn, get_facet(conn, "industry"), v, f"industries[{i}]")
                      for i, v in enumerate(data.get("industries") or [])]
        position = data.get("position")
        if not isinstance(position, int):
            position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM spin_questions").fetchone()[0]
        conn.execute(
            f"INSERT INTO spin_questions ({', '.join(_Q_COLUMNS)}, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
            "text_zh = excluded.text_zh, text_en = excluded.text_en, industries = excluded.industries,"
            " personas = excluded.personas, pain = excluded.pain, driver_hint = excluded.driver_hint,"
            " position = excluded.position",
            (q_id, kind, text_zh, text_en, json.dumps(industries), json.dumps(personas), pain,
             json.dumps(hint) if hint else None, position, utc_now()))
    return get_question(store, q_id)


def get_question(store: Store, ref: str) -> SpinQuestion:
    q_id = resolve_id(store.conn, "spin_questions", ref, "question")
    row = store.conn.execute(f"SELECT {', '.join(_Q_COLUMNS)} FROM spin_questions WHERE id = ?",
                             (q_id,)).fetchone()
    return _question(row)


def list_questions(store: Store, *, kind: str | None = None, industry: str | None = None,
                   persona: str | None = None) -> list[SpinQuestion]:
    """Bank questions in S → P → I → N order; a question with no industries/personas fits all."""
    if kind is not None and kind not in KINDS:
        raise ValidationError("kind", msg("{kind!r} is not a SPIN kind; allowed: {allowed}", kind=kind, allowed=', '.join(KINDS)))
    if persona is not None:
        require_persona(persona)
    rows = store.conn.execute(f"SELECT {', '.join(_Q_COLUMNS)} FROM spin_questions").fetchall()
    questions = [_question(r) for r in rows]
    questions = [q for q in questions if (kind is None or q["kind"] == kind)
                 and (industry is None or not q["industries"] or industry in q["industries"])
                 and (persona is None or not q["personas"] or persona in q["personas"])]
    return sorted(questions, key=lambda q: (KINDS.index(q["kind"]), q["position"], q["id"]))


def question_text(q: SpinQuestion, lang: str) -> str:
    """The question in ``lang``, falling back to the other language when it has only one."""
    return (q["text_zh"] or q["text_en"]) if lang == "zh" else (q["text_en"] or q["text_zh"])


# -- call plan --------------------------------------------------------------------------------------
def suggest_plan(store: Store, opp_ref: str, *, limit: int = 8) -> list[SpinQuestion]:
    """Bank questions for this opportunity, S → P → I → N, a fair share of each kind.

    Same-industry questions beat generic ones, more decision-chain personas served beat
    fewer, and within a plan questions that probe a pain already chosen come first, so
    the plan follows a few pains from situation through to need-payoff.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("limit", "must be a whole number ≥ 1")
    opp = get_opportunity(store, opp_ref)
    personas = set(chain_personas(opp))
    bank = list_questions(store, industry=opp["industry"])
    quota = {k: limit // len(KINDS) for k in KINDS}
    for k in ("problem", "implication", "situation", "need_payoff")[: limit % len(KINDS)]:
        quota[k] += 1
    chosen: list[SpinQuestion] = []
    pains: list[str] = []
    for kind in KINDS:
        def score(q: SpinQuestion) -> tuple[int, int, int, int]:
            industry_fit = 2 if opp["industry"] in q["industries"] else 1
            served = len(personas & set(q["personas"] or personas))
            pain_rank = -pains.index(q["pain"]) if q["pain"] in pains else -len(pains) - 1
            return (industry_fit, pain_rank if pains else 0, served, -q["position"])
        candidates = sorted((q for q in bank if q["kind"] == kind), key=score, reverse=True)
        for q in candidates[: quota[kind]]:
            chosen.append(q)
            if q["pain"] and q["pain"] not in pains:
                pains.append(q["pain"])
    return chosen


def set_plan(store: Store, opp_ref: str, question_ids: list[str]) -> SpinPlan:
    """Replace the call plan; questions are kept in S → P → I → N order (stable within a kind).
    Answers to questions that leave the plan are kept and come back if the question does."""
    opp = get_opportunity(store, opp_ref)
    questions: list[SpinQuestion] = []
    for i, ref in enumerate(question_ids):
        try:
            q = get_question(store, ref)
        except NotFoundError as exc:
            raise ValidationError(f"question_ids[{i}]", str(exc)) from None
        if q["id"] not in {x["id"] for x in questions}:
            questions.append(q)
    questions.sort(key=lambda q: KINDS.index(q["kind"]))
    with store.transaction() as conn:
        conn.execute("DELETE FROM spin_plan_items WHERE opportunity_id = ?", (opp["id"],))
        conn.executemany("INSERT INTO spin_plan_items (opportunity_id, question_id, position) VALUES (?, ?, ?)",
                         [(opp["id"], q["id"], pos) for pos, q in enumerate(questions)])
    return get_plan(store, opp["id"])


def _answer(row: tuple[Any, ...]) -> SpinAnswer:
    keys = ("opportunity_id", "question_id", "text", "pain_layer", "pain", "pain_key", "numbers",
            "answered_at")
    answer = dict(zip(keys, row, strict=True))
    answer["numbers"] = json.loads(answer["numbers"])
    return cast(SpinAnswer, answer)


def answers_for(store: Store, opp_id: str) -> dict[str, SpinAnswer]:
    rows = store.conn.execute(
        "SELECT opportunity_id, question_id, text, pain_layer, pain, pain_key, numbers, answered_at"
        " FROM spin_answers WHERE opportunity_id = ? ORDER BY answered_at, question_id", (opp_id,)).fetchall()
    return {r[1]: _answer(r) for r in rows}


def get_plan(store: Store, opp_ref: str, *, lang: str | None = None) -> SpinPlan:
    """The plan's questions in ``lang`` (default: the opportunity's) with answers, and warnings."""
    opp = get_opportunity(store, opp_ref)
    lang = language(lang or opp["language"], "lang")
    rows = store.conn.execute(
        f"SELECT {', '.join('q.' + c for c in _Q_COLUMNS)} FROM spin_plan_items p JOIN spin_questions q"
        " ON q.id = p.question_id WHERE p.opportunity_id = ? ORDER BY p.position", (opp["id"],)).fetchall()
    answers = answers_for(store, opp["id"])
    items: list[PlanItem] = [{"question_id": q["id"], "kind": q["kind"], "kind_label": KIND_LABELS[q["kind"]][lang == "en"],
              "text": question_text(q, lang), "pain_key": q["pain"], "driver_hint": q["driver_hint"],
              "answer": answers.get(q["id"])} for q in map(_question, rows)]
    warnings = []
    if len(items) > PLAN_WARN_ABOVE:
        warnings.append(t("spin.warn.too_many", lang, n=len(items), limit=PLAN_WARN_ABOVE))
    if items:
        for kind in KINDS:
            if not any(i["kind"] == kind for i in items):
                warnings.append(t("spin.warn.no_kind", lang, label=KIND_LABELS[kind][lang == "en"]))
    else:
        warnings.append(t("spin.warn.no_plan", lang))
    return {"opportunity_id": opp["id"], "language": lang, "items": items, "warnings": warnings}


# -- answers ----------------------------------------------------------------------------------------
def _numbers(raw: Any) -> list[SpinNumber]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError("numbers", "must be a list of {driver_kind, input, value}")
    kinds = _driver_inputs()
    out: list[SpinNumber] = []
    for i, item in enumerate(raw):
        path = f"numbers[{i}]"
        if not isinstance(item, dict):
            raise ValidationError(path, "must be an object {driver_kind, input, value}")
        kind, name = item.get("driver_kind"), item.get("input")
        if kind not in kinds:
            raise ValidationError(f"{path}.driver_kind", msg("{kind!r} is not a driver kind; allowed: {allowed}", kind=kind,
                                                      allowed=", ".join(kinds)))
        if name not in kinds[kind]:
            raise ValidationError(f"{path}.input", msg("{name!r} is not an input of {kind}; allowed: {allowed}", name=name,
                                                kind=kind, allowed=", ".join(kinds[kind])))
        value = number(item.get("value"), f"{path}.value", fraction=name in FRACTION_INPUTS,
                       maximum=INPUT_MAXIMA.get(name))
        entry: SpinNumber = {"driver_kind": kind, "input": name, "value": value}
        if item.get("driver"):
            entry["driver"] = text(item["driver"], f"{path}.driver", max_len=200)
        out.append(entry)
    return out


def check_answer(text: Any, pain_layer: Any, pain: Any, numbers: Any, *,
                 pain_key: str | None = None) -> tuple[str, str | None, str | None, list[SpinNumber]]:
    """The checks of an answer that need no question: (text, pain layer, pain, numbers) as
    stored, or ValidationError naming the field (also a sync conflict settled by hand)."""
    answer = check_text(text, "text", required=True)
    pain_text: str | None = check_text(pain, "pain")
    if pain_layer in (None, ""):
        if pain_text or pain_key:
            raise ValidationError("pain_layer", msg("a pain needs its layer; allowed: {allowed}", allowed=", ".join(PAIN_LAYERS)))
        pain_layer = None
    elif pain_layer not in PAIN_LAYERS:
        raise ValidationError("pain_layer", msg("{pain_layer!r} is not a pain layer; allowed: {allowed}",
                                                  pain_layer=pain_layer, allowed=", ".join(PAIN_LAYERS)))
    return answer, pain_layer, pain_text, _numbers(numbers)


def record_answer(store: Store, opp_ref: str, question_id: str, *, text: str,
                  pain_layer: str | None = None, pain: str | None = None,
                  numbers: Sequence[Mapping[str, Any]] | None = None,
                  pain_key: str | None = None) -> SpinAnswer:
    """Capture (or replace) the answer to a question; the question joins the plan if missing.

    ``pain`` is the pain in the customer's words (defaults to the answer when a layer is
    given); ``pain_key`` the pain it is filed under (defaults to the question's). A pain
    without a layer is refused: the pitch presents pains by layer.
    """
    opp = get_opportunity(store, opp_ref)
    q = get_question(store, question_id)
    answer, pain_layer, pain_text, values = check_answer(text, pain_layer, pain, numbers,
                                                         pain_key=pain_key)
    if pain_layer:
        pain_text = pain_text or answer
        pain_key = check_key("pain_key", pain_key) if pain_key else (q["pain"] or None)
    else:
        pain_text, pain_key = None, None
    with store.transaction() as conn:
        if not conn.execute("SELECT 1 FROM spin_plan_items WHERE opportunity_id = ? AND question_id = ?",
                            (opp["id"], q["id"])).fetchone():
            rows = conn.execute("SELECT question_id FROM spin_plan_items WHERE opportunity_id = ?"
                                " ORDER BY position", (opp["id"],)).fetchall()
            ids = [r[0] for r in rows] + [q["id"]]
            kinds = {r[0]: r[1] for r in conn.execute("SELECT id, kind FROM spin_questions")}
            ordered = sorted(ids, key=lambda i: KINDS.index(kinds[i]))
            conn.execute("DELETE FROM spin_plan_items WHERE opportunity_id = ?", (opp["id"],))
            conn.executemany("INSERT INTO spin_plan_items VALUES (?, ?, ?)",
                             [(opp["id"], i, pos) for pos, i in enumerate(ordered)])
        conn.execute(
            "INSERT OR REPLACE INTO spin_answers (opportunity_id, question_id, text, pain_layer, pain,"
            " pain_key, numbers, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (opp["id"], q["id"], answer, pain_layer, pain_text, pain_key,
             json.dumps(values, ensure_ascii=False), utc_now()))
    return answers_for(store, opp["id"])[q["id"]]


def delete_answer(store: Store, opp_ref: str, question_id: str) -> None:
    opp = get_opportunity(store, opp_ref)
    q = get_question(store, question_id)
    with store.transaction() as conn:
        conn.execute("DELETE FROM spin_answers WHERE opportunity_id = ? AND question_id = ?",
                     (opp["id"], q["id"]))
