"""The Customers view and the customer-success section of Insights, offscreen, over the
demo's two won accounts: what they show is the core's report, entries go through the
core off the main thread, and a refused entry stores nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit.value.plan import get_plan  # noqa: E402
from valuekit.value.report import compute_report  # noqa: E402
from valuekit.value.story import draft_story  # noqa: E402
from valuekit_gui.common.i18n import set_language  # noqa: E402
from valuekit_gui.customers.insights_section import AccountsInsightsPage  # noqa: E402
from valuekit_gui.customers.view import CustomersView  # noqa: E402
from valuekit_gui.shell.settings import AppSettings, use_settings  # noqa: E402

ANLAN = "f6d8f16b-0d7b-5570-9ff8-553f8bd46d8f"
HELIX = "dbf2afca-5020-5969-a6b6-6dcf83f2c4b4"


@pytest.fixture
def view(qtbot, store: Store, tmp_path: Path, release) -> Iterator[CustomersView]:  # type: ignore[no-untyped-def]
    use_settings(AppSettings(tmp_path / "settings.ini"))
    set_language("en")
    load_demo(store)
    widget = CustomersView(store)
    widget.resize(1400, 900)
    qtbot.waitUntil(lambda: widget.page.detail is not None, timeout=10_000)
    yield widget
    release(widget)


def _rows(view: CustomersView) -> list[list[str]]:
    return [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())]


def test_list_shows_each_account_as_the_core_reports_it(view: CustomersView, store: Store) -> None:
    today = date.today()
    by_name = {row[0]: row for row in _rows(view)}
    for opp_id in (ANLAN, HELIX):
        plan = get_plan(store, opp_id)
        report = compute_report(plan, today, "en")
        row = by_name[plan.customer]
        assert row[2] == "● " + report["health"]
        assert row[3] == f"{report['realisation']:.0%}"
        assert row[4] == report["next_contact_due"]
        assert row[5] == str(len(report["overdue_milestones"]))
    assert by_name["Wuxi Helix Data Systems Co., Ltd."][1] == "Value-added"
    assert by_name["Wuxi Helix Data Systems Co., Ltd."][2] == "● yellow"


def test_sorting_by_realisation_is_numeric(view: CustomersView) -> None:
    view.table.sortItems(3, Qt.SortOrder.AscendingOrder)
    assert [r[3] for r in _rows(view)] == ["74%", "102%"]  # as text, "102%" would sort first
    view.table.sortItems(2, Qt.SortOrder.AscendingOrder)  # red, yellow, green
    assert [r[2] for r in _rows(view)] == ["● yellow", "● green"]


def test_account_page_and_recording_an_actual(qtbot, view: CustomersView, store: Store,  # type: ignore[no-untyped-def]
                                             shown_errors: list[str]) -> None:
    with qtbot.waitSignal(view.detail_loaded, timeout=10_000):
        view.show_account(HELIX)
    page = view.page
    assert page.title.text() == "Wuxi Helix Data Systems Co., Ltd."
    assert "74%" in page.figure_labels["realisation"].text()
    assert "Expansion and referrals" in page.tier.text()
    first = [page.milestones.topLevelItem(i).text(2) for i in range(page.milestones.topLevelItemCount())]
    assert first[0].endswith("★ first value")
    # a refused amount names its field and stores nothing
    page.driver.setCurrentText("More tenders reached")
    page.quarter.setValue(4)
    page.amount.setText("-5")
    page.record_actual.click()
    qtbot.waitUntil(lambda: "amount" in page.message.text(), timeout=10_000)
    assert "must not be negative" in page.message.text()
    before = {(a.driver, a.quarter): a.amount for a in get_plan(store, HELIX).actuals}
    assert before[("More tenders reached", 4)] == 240000
    # the same driver and quarter again replaces the figure: 540,000 − 240,000 + 270,000
    page.amount.setText("270,000")
    with qtbot.waitSignal(view.detail_loaded, timeout=10_000):
        page.record_actual.click()
    after = {(a.driver, a.quarter): a.amount for a in get_plan(store, HELIX).actuals}
    assert after[("More tenders reached", 4)] == 270000 and len(after) == len(before)
    report = compute_report(get_plan(store, HELIX), date.today(), "en")
    assert report["actual"] == pytest.approx(1725500 - 240000 + 270000)
    assert page.figure_labels["realised"].text() == "¥1,755,500"
    assert shown_errors == []


def test_language_switch_rewords_the_list(qtbot, view: CustomersView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        set_language("zh")
    assert {r[2] for r in _rows(view)} == {"● 绿灯", "● 黄灯"}
    assert view.table.horizontalHeaderItem(1).text() == "分层"
    qtbot.waitUntil(lambda: "价值实现率" in view.page.health.text(), timeout=10_000)  # the page too
    set_language("en")


def test_insights_lists_accounts_at_risk_and_benchmarks_without_story(qtbot, store: Store, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      release) -> None:
    set_language("en")
    load_demo(store)
    page = AccountsInsightsPage(store.path)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.at_risk.topLevelItemCount() == 1
    assert page.at_risk.topLevelItem(0).text(0) == "Wuxi Helix Data Systems Co., Ltd."
    assert "realisation 74% is below 90%" in page.at_risk.topLevelItem(0).text(1)
    assert page.without_story.topLevelItem(0).text(0) == "杭州安澜医疗器械股份有限公司"
    draft_story(store, ANLAN)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.without_story.topLevelItem(0).text(0) == "None"
    release(page)


def test_tier_story_and_review_from_the_account_page(qtbot, view: CustomersView, store: Store,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path, shown_errors: list[str]) -> None:
    with qtbot.waitSignal(view.detail_loaded, timeout=10_000):
        view.show_account(HELIX)
    page = view.page
    assert page.tier_choice.currentData() == "value_added"
    page.tier_choice.setCurrentIndex(page.tier_choice.findData("benchmark"))
    with qtbot.waitSignal(view.detail_loaded, timeout=10_000):
        page.tier_choice.activated.emit(page.tier_choice.currentIndex())
    assert get_plan(store, HELIX).tier == "benchmark" and "co-marketing" in page.tier.text()
    with qtbot.waitSignal(view.detail_loaded, timeout=10_000):
        page.story_button.click()
    assert page.message.text().startswith("Success story drafted") and len(get_plan(store, HELIX).stories) == 1
    out = tmp_path / "qbr.pdf"
    page.export_review(str(out))
    qtbot.waitUntil(lambda: str(out) in page.message.text(), timeout=60_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert shown_errors == []
