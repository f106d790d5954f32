"""`valuekit value report --json` against domain.md §7, on hand-worked examples.

The promise: two custom drivers, A worth 40,000 a year and B worth 20,000, over 2 years
with ramp [0.5, 1.0], expected factor 1.0, one-time cost 10,000, recurring 8,000 a year.
Promised per quarter (f × ramp[⌈q/4⌉] × annual / 4):
  year 1 (q1–q4): A = 1.0 × 0.5 × 40,000 / 4 = 5,000   B = 1.0 × 0.5 × 20,000 / 4 = 2,500
  year 2 (q5–q8): A = 1.0 × 1.0 × 40,000 / 4 = 10,000  B = 1.0 × 1.0 × 20,000 / 4 = 5,000
Go-live 2025-01-01, so q2 starts 2025-04-01 and q5 starts 2026-01-01.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result

from valuekit.value.plan import actual_history

CASE = {"name": "Hand-worked promise", "currency": "CNY", "years": 2, "discount_rate": 0.08,
        "ramp": [0.5, 1.0],
        "drivers": [{"kind": "custom", "name": "A", "annual_value": 40000},
                    {"kind": "custom", "name": "B", "annual_value": 20000}],
        "costs": {"one_time": [{"name": "setup", "amount": 10000}],
                  "recurring": [{"name": "subscription", "amount": 8000}]}}

Cli = Callable[..., Result]


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def account(cli: Cli, tmp_path: Any) -> str:
    opp = ok(cli("opp", "create", "--customer", "Acme", "--industry", "manufacturing", "--stage", "Rev",
                 "--language", "en")).strip()
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    ok(cli("roi", "save", str(case_file), "--opportunity", opp))
    ok(cli("value", "plan", opp, "--go-live", "2025-01-01", "--no-suggest"))
    return opp


def report(cli: Cli, opp: str, as_of: str) -> dict[str, Any]:
    return json.loads(ok(cli("value", "report", opp, "--as-of", as_of, "--json")))


def record(cli: Cli, opp: str, driver: str, quarter: int, amount: str, source: str = "measured") -> None:
    ok(cli("value", "actual", opp, "--driver", driver, "--quarter", str(quarter), "--amount", amount,
           "--source", source))


def test_green_after_two_quarters(cli: Cli, account: str) -> None:
    record(cli, account, "A", 1, "4000")
    record(cli, account, "A", 2, "5.5k")  # the human number formats: 5.5k = 5,500
    record(cli, account, "B", 1, "2000", "customer")
    record(cli, account, "B", 2, "1000", "estimated")
    record(cli, account, "B", 2, "2500", "customer")  # the same actual again replaces it
    got = report(cli, account, "2025-05-15")
    assert got["quarters"] == 2
    assert got["promised"] == pytest.approx(2 * 5000 + 2 * 2500)  # 15,000
    assert got["actual"] == pytest.approx(4000 + 5500 + 2000 + 2500)  # 14,000, not 15,000
    assert got["realisation"] == pytest.approx(14000 / 15000)  # 0.933 ≥ 0.9
    assert got["costs_to_date"] == pytest.approx(10000 + 8000 * 2 / 4)  # 14,000
    assert got["realised_roi"] == pytest.approx((14000 - 14000) / 14000)  # 0
    assert got["health"] == "green" and len(got["reasons"]) == 1
    by_name = {d["name"]: d for d in got["drivers"]}
    assert by_name["A"]["promised"] == pytest.approx(10000) and by_name["A"]["actual"] == pytest.approx(9500)
    assert by_name["B"]["promised"] == pytest.approx(5000) and by_name["B"]["actual"] == pytest.approx(4500)
    assert by_name["B"]["sources"] == ["customer"]
    assert got["overdue_milestones"] == []
    # no contact yet: monthly cadence from go-live
    assert got["next_contact_due"] == "2025-01-31"
    assert got["contact_overdue"] is True


def test_red_when_year_two_lags(cli: Cli, account: str) -> None:
    for driver, quarter, amount in (("A", 1, "4000"), ("A", 2, "5500"), ("B", 1, "2000"), ("B", 2, "2500"),
                                    ("A", 5, "9000")):
        record(cli, account, driver, quarter, amount)
    got = report(cli, account, "2026-02-01")
    assert got["quarters"] == 5  # the latest quarter with any actual
    # A: 4 × 5,000 + 10,000 = 30,000; B: 4 × 2,500 + 5,000 = 15,000
    assert got["promised"] == pytest.approx(30000 + 15000)
    assert got["actual"] == pytest.approx(4000 + 5500 + 9000 + 2000 + 2500)  # 23,000
    assert got["realisation"] == pytest.approx(23000 / 45000)  # 0.511 < 0.6
    assert got["costs_to_date"] == pytest.approx(10000 + 8000 * 5 / 4)  # 20,000
    assert got["realised_roi"] == pytest.approx((23000 - 20000) / 20000)  # 0.15
    assert got["health"] == "red"
    assert any("51%" in r and "60" in r for r in got["reasons"])
    # as of a day in quarter 2, quarter 5's figure has not happened yet
    assert report(cli, account, "2025-05-15")["quarters"] == 2


def test_overdue_milestone_and_nps_set_the_light(cli: Cli, account: str) -> None:
    record(cli, account, "A", 1, "5000")
    record(cli, account, "B", 1, "2500")  # realisation 7,500 / 7,500 = 1.0
    mid = ok(cli("value", "milestone", "add", account, "--title", "First value", "--due", "2025-02-01",
                 "--first-value")).strip()
    # 2025-03-18 − 2025-02-01 = 45 days overdue: > 30 → not green, ≤ 90 → not red
    got = report(cli, account, "2025-03-18")
    assert got["health"] == "yellow"
    assert got["overdue_milestones"] == [{"id": mid, "title": "First value", "due": "2025-02-01",
                                          "days_overdue": 45}]
    # 2025-05-03 − 2025-02-01 = 91 days > 90 → red
    assert report(cli, account, "2025-05-03")["health"] == "red"
    ok(cli("value", "milestone", "done", account, mid[:8], "--on", "2025-03-20"))
    assert report(cli, account, "2025-05-03")["health"] == "green"
    # NPS of 9, 6, 3: promoters 1, detractors 2 → (1 − 2) / 3 × 100 = −33 < 0 → red
    for score in ("9", "6", "3"):
        ok(cli("value", "nps", account, "--score", score, "--on", "2025-04-01"))
    got = report(cli, account, "2025-05-03")
    assert got["health"] == "red" and got["nps"] == pytest.approx(-100 / 3)
    # …but not before those answers were given
    assert report(cli, account, "2025-03-25")["health"] == "green"


def test_contact_cadence_by_tier(cli: Cli, account: str) -> None:
    ok(cli("value", "contact", account, "--on", "2025-03-03", "--kind", "meeting", "--note", "QBR prep"))
    assert report(cli, account, "2025-03-10")["next_contact_due"] == "2025-04-02"  # + 30 days
    ok(cli("opp", "edit", account, "--tier", "benchmark"))
    assert report(cli, account, "2025-03-10")["next_contact_due"] == "2025-03-10"  # + 7 days


def test_the_promise_stays_frozen(cli: Cli, account: str, tmp_path: Any) -> None:
    record(cli, account, "A", 1, "5000")
    cases = json.loads(ok(cli("roi", "list", "--opportunity", account, "--json")))
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps({**CASE, "drivers": [{"kind": "custom", "name": "A", "annual_value": 1}]}))
    ok(cli("roi", "save", str(changed), "--id", cases[0]["id"]))
    assert report(cli, account, "2025-02-01")["promised"] == pytest.approx(5000 + 2500)


@pytest.mark.parametrize(("args", "field"), [
    (("actual", "--driver", "C", "--quarter", "1", "--amount", "5", "--source", "measured"), "driver"),
    (("actual", "--driver", "A", "--quarter", "9", "--amount", "5", "--source", "measured"), "quarter"),
    (("actual", "--driver", "A", "--quarter", "0", "--amount", "5", "--source", "measured"), "quarter"),
    (("actual", "--driver", "A", "--quarter", "1", "--amount", "-5", "--source", "measured"), "amount"),
    (("actual", "--driver", "A", "--quarter", "1", "--amount", "lots", "--source", "measured"), "amount"),
    (("contact", "--on", "2024-12-31", "--kind", "call"), "on"),
    (("nps", "--score", "11", "--on", "2025-02-01"), "score"),
    (("nps", "--score", "-1", "--on", "2025-02-01"), "score"),
    (("nps", "--score", "8", "--on", "2024-12-01"), "on"),
])
def test_bad_input_is_refused_naming_the_field(cli: Cli, account: str, args: tuple[str, ...], field: str) -> None:
    result = cli("value", args[0], account, *args[1:])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{field}:" in result.output
    got = report(cli, account, "2026-12-31")
    assert got["quarters"] == 0 and got["nps"] is None and got["next_contact_due"] == "2025-01-31"


def test_milestone_before_go_live_and_plan_for_open_deal_are_refused(cli: Cli, account: str) -> None:
    result = cli("--lang", "zh", "value", "milestone", "add", account, "--title", "x", "--due", "2024-12-01")
    assert result.exit_code == 1 and "到期日" in result.output and "早于上线日期" in result.output
    open_deal = ok(cli("opp", "create", "--customer", "Beta", "--industry", "ict", "--stage", "SQL")).strip()
    result = cli("value", "plan", open_deal, "--go-live", "2025-01-01")
    assert result.exit_code == 1 and "stage" in result.output and "Rev or Retention" in result.output


def test_suggested_first_ninety_days(cli: Cli, tmp_path: Any) -> None:
    opp = ok(cli("opp", "create", "--customer", "Gamma", "--industry", "ict", "--stage", "Retention")).strip()
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    case_id = ok(cli("roi", "save", str(case_file))).strip()
    plan = json.loads(ok(cli("value", "plan", opp, "--go-live", "2025-01-31", "--case", case_id, "--json")))
    assert [m["due"] for m in plan["milestones"]] == ["2025-03-02", "2025-04-01", "2025-05-01"]  # +30, +60, +90
    assert [m["first_value"] for m in plan["milestones"]] == [True, False, False]
    again = cli("value", "plan", opp, "--go-live", "2025-01-31", "--case", case_id)
    assert again.exit_code == 1 and "frozen" in again.output


def test_history_is_kept(store: Any, cli: Cli, account: str) -> None:
    record(cli, account, "A", 1, "1000")
    record(cli, account, "A", 1, "4000")
    history = actual_history(store, account)
    assert [h["amount"] for h in history] == [4000, 1000]
    assert history[0]["superseded_at"] is None and history[1]["superseded_at"] is not None
    shown = ok(cli("value", "history", account)).splitlines()
    assert "4,000.00" in shown[0] and "replaced" not in shown[0]
    assert "1,000.00" in shown[1] and "replaced" in shown[1]
