"""The sales half of the demo library: the SPIN question bank, products and FAB statements
of a CRM / service cloud / BI vendor, and six opportunities (four in Chinese, two in
English) with decision chains, call plans, answers and one ROI case each.

Everything carries a fixed UUID (``assets/demo/sales.json``), so loading again refreshes
the demo records instead of duplicating them; a user's own records are left alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from valuekit.db.store import Store
from valuekit.resources import DEMO_DIR
from valuekit.roi.cases import save_case
from valuekit.sales import claims, fab, spin
from valuekit.sales.opportunity import archive_opportunity, create_opportunity, update_opportunity


def _load_json(name: str) -> Any:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _upsert_opportunity(store: Store, record: Mapping[str, Any]) -> str:
    data = {k: v for k, v in record.items() if k not in ("id", "plan", "roi_case")}
    row = store.conn.execute("SELECT revision, archived FROM opportunities WHERE id = ?",
                             (record["id"],)).fetchone()
    if row is None:
        return str(create_opportunity(store, data, opp_id=record["id"])["id"])
    update_opportunity(store, record["id"], data, expected_revision=row[0])
    if row[1]:
        archive_opportunity(store, record["id"], archived=False)
    return str(record["id"])


def with_customer_provenance(store: Store, opp_id: str, case: dict[str, Any]) -> dict[str, Any]:
    """The case with every input the customer stated in a SPIN answer marked as theirs
    (source customer, ref = the question answered, date = when): the demo's cases are
    built from the call's numbers, and a reader must see which ones those are."""
    stated: dict[tuple[str, str], dict[str, Any]] = {}
    for answer in spin.answers_for(store, opp_id).values():
        for number in answer["numbers"]:
            stated[(number.get("driver") or "", number["input"])] = {
                "value": number["value"], "source": "customer", "ref": answer["question_id"],
                "date": answer["answered_at"][:10], "note": answer["text"][:200]}
    drivers = []
    for driver in case["drivers"]:
        out = dict(driver)
        for key, value in driver.items():
            said = stated.get((driver.get("name", ""), key))
            if said is not None and isinstance(value, int | float) and said["value"] == value:
                out[key] = said
        drivers.append(out)
    return {**case, "drivers": drivers}


def load_sales_demo(store: Store) -> dict[str, int]:
    """Create or refresh the sales demo; returns what was loaded, by kind."""
    questions = _load_json("spin_questions.json")
    data = _load_json("sales.json")
    counts = {"SPIN questions": 0, "FAB statements": 0, "opportunities": 0, "SPIN answers": 0,
              "ROI cases": 0}
    with store.transaction():
        for position, question in enumerate(questions, start=1):
            added_q = spin.add_question(store, {**question, "position": position})
            # the bank is the team's proven questions: verified unless the demo data says
            # otherwise (validated claims, docs/methods.md §2)
            claims.set_status(store, "spin", added_q["id"], question.get("status", "verified"))
            counts["SPIN questions"] += 1
        for product in data["products"]:
            fab.add_product(store, product["key"], product["name"])
        for statement in data["fabs"]:
            added = fab.add_fab(store, statement)
            if statement.get("status"):  # the claims the team has validated (docs/methods.md §2)
                claims.set_status(store, "fab", added["id"], statement["status"])
            counts["FAB statements"] += 1
        for record in data["opportunities"]:
            opp_id = _upsert_opportunity(store, record)
            counts["opportunities"] += 1
            spin.set_plan(store, opp_id, [item["question_id"] for item in record["plan"]])
            for item in record["plan"]:
                if "text" in item:
                    spin.record_answer(store, opp_id, item["question_id"], text=item["text"],
                                       pain_layer=item.get("pain_layer"), pain=item.get("pain"),
                                       numbers=item.get("numbers"))
                    counts["SPIN answers"] += 1
            case = record.get("roi_case")
            if case:
                save_case(store, with_customer_provenance(store, opp_id, case["data"]),
                          opportunity_id=opp_id, customer=record["customer"], case_id=case["id"])
                counts["ROI cases"] += 1
    return counts
