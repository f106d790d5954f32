"""After-the-sale demo (issue 17): two demo opportunities become won accounts with a
realisation plan, milestones, a year of actuals, contacts and NPS answers
(``data/value.json``). One account is green; the other is yellow for the reason the file
states (a driver that lags because regional teams adopted the feature late).

Dates are relative to the day the demo is loaded, so the accounts always show a year of
history; loading again replaces the demo plans (never anything a user created).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from valuekit.db.store import Store
from valuekit.resources import DEMO_DIR
from valuekit.sales.opportunity import get_opportunity, update_opportunity
from valuekit.value import plan as plans
from valuekit.value.model import add_months


def _go_live(today: date, months_ago: int) -> date:
    return add_months(today.replace(day=1), -months_ago)


def load_value_demo(store: Store, *, today: date | None = None) -> dict[str, int]:
    """Create or refresh the demo accounts; returns what was loaded, by kind."""
    today = today or date.today()
    data: dict[str, Any] = json.loads((DEMO_DIR / "value.json").read_text(encoding="utf-8"))
    counts = {"won accounts": 0, "actuals": 0, "contacts": 0}
    with store.transaction():
        for account in data["accounts"]:
            opp_id = account["opportunity_id"]
            go_live = _go_live(today, account["go_live_months_ago"])
            if "close_days_before_go_live" in account:
                opp = get_opportunity(store, opp_id)
                close = (go_live - timedelta(days=account["close_days_before_go_live"])).isoformat()
                update_opportunity(store, opp_id, {"close_date": close}, expected_revision=opp["revision"])
            if plans.has_plan(store, opp_id):
                plans.delete_plan(store, opp_id)
            plans.create_plan(store, opp_id, go_live=go_live, suggest=False)
            plans.set_tier(store, opp_id, account["tier"])
            for m in account["milestones"]:
                added = plans.add_milestone(store, opp_id, title=m["title"], due=go_live + timedelta(days=m["due"]),
                                            first_value=bool(m.get("first_value")))
                if "done" in m:
                    plans.complete_milestone(store, opp_id, added.id, on=go_live + timedelta(days=m["done"]))
            for a in account["actuals"]:
                plans.record_actual(store, opp_id, driver=a["driver"], quarter=a["quarter"], amount=a["amount"],
                                    source=a["source"])
                counts["actuals"] += 1
            for c in account["contacts"]:
                on = max(go_live, today - timedelta(days=c["days_ago"]))
                plans.record_contact(store, opp_id, on=on, kind=c["kind"], note=c.get("note", ""))
                counts["contacts"] += 1
            for answer in account["nps"]:
                plans.record_nps(store, opp_id, score=answer["score"], on=today - timedelta(days=answer["days_ago"]))
            counts["won accounts"] += 1
    return counts
