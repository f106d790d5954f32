"""Insights on won accounts for marketing (issue 17): accounts at risk (a red or yellow
health light, with the reasons that set it) and benchmark customers who have no success
story in the library yet — the proof the seeds ask marketing to make visible."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from valuekit.db.store import Store
from valuekit.value.accounts import AccountRow, account_rows


@dataclass(frozen=True)
class AccountInsights:
    at_risk: list[AccountRow]
    benchmarks_without_story: list[AccountRow]
    accounts: int


def account_insights(store: Store, as_of: date, lang: str) -> AccountInsights:
    rows = account_rows(store, as_of, lang)
    return AccountInsights(at_risk=[r for r in rows if r.health != "green"],
                           benchmarks_without_story=[r for r in rows if r.tier == "benchmark" and not r.has_story],
                           accounts=len(rows))
