"""The Insights screen, offscreen: its numbers are the core's, an asset in a list opens
in the library, and a salesperson sees their own deals with each pitch's status."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit.reports import insights  # noqa: E402
from valuekit_gui.common.i18n import set_language  # noqa: E402
from valuekit_gui.insights.view import InsightsView  # noqa: E402
from valuekit_gui.shell.main_window import MainWindow  # noqa: E402
from valuekit_gui.shell.nav import register_builtin_views  # noqa: E402
from valuekit_gui.shell.settings import AppSettings, use_settings  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    s = AppSettings(tmp_path / "settings.ini")
    s.set_user_name("Emily Zhang")
    use_settings(s)
    return s


@pytest.fixture
def view(qtbot, store: Store, settings: AppSettings, release) -> Iterator[InsightsView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = InsightsView(store)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=10_000)
    yield widget
    release(widget)


def test_cards_charts_and_lists_show_the_core_figures(view: InsightsView, store: Store) -> None:
    core = insights.marketing_insights(store)
    assert view.cards["total"].number.text() == str(core.total)
    assert view.cards["never_used"].number.text() == str(core.never_used.total)
    assert view.cards["untagged"].number.text() == str(core.untagged.total)
    assert view.stage_chart.rows == [(c.label_en, c.count) for c in core.by_stage]
    most_used = view.lists["list_most_used".removeprefix("list_")]
    shown = [most_used.topLevelItem(i).text(0) for i in range(most_used.topLevelItemCount())]
    assert shown == [r.title for r in core.most_used.items]
    assert most_used.topLevelItem(0).text(1) == f"{core.most_used.items[0].usage_count}×"
    note = view.list_notes["most_used"].text()
    assert note == f"{core.most_used.total} in all, top 10 shown"


def test_language_switch_relabels_the_charts(qtbot, view: InsightsView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        set_language("zh")
    assert view.tabs.tabText(0) == "市场" and view.list_boxes["never_used"].title() == "从未使用"
    assert any(label.startswith("销售") for label, _ in view.stage_chart.rows)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        set_language("en")


def test_a_salesperson_sees_their_opportunities_and_pitch_status(view: InsightsView, store: Store) -> None:
    page = view.sales_page
    assert view.tabs.tabText(1) == "Sales"
    assert page.note.text() == "Owner: Emily Zhang"
    mine = insights.sales_insights(store, "Emily Zhang")
    assert page.tree.topLevelItemCount() == len(mine.opportunities) == 1
    row = page.tree.topLevelItem(0)
    assert row.text(0) == "Shenzhen Brightline Software Co., Ltd." and row.text(2) == "SQL"
    assert "BANT" in row.text(7)  # its warning is in view, not only in a tooltip
    assert page.cards["open"].number.text() == "1"


def test_clicking_an_asset_opens_it_in_the_library(qtbot, store: Store, settings: AppSettings, release) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    register_builtin_views()
    window = MainWindow(store, settings)
    view = window.show_view("insights")
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    item = view.lists["never_used"].topLevelItem(0)
    asset_id = item.data(0, Qt.ItemDataRole.UserRole)
    view.lists["never_used"].itemClicked.emit(item, 0)
    assert window.current_key() == "library"
    assert window.views["library"].detail.asset_id == asset_id
    assert item.text(0) in window.views["library"].detail.header.text()
    release(window)


def test_an_account_at_risk_opens_in_customers(qtbot, store: Store, settings: AppSettings, release) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    register_builtin_views()
    window = MainWindow(store, settings)
    view = window.show_view("insights")
    page = view.accounts_page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    item = page.at_risk.topLevelItem(0)
    page.at_risk.itemActivated.emit(item, 0)
    assert window.current_key() == "customers"
    customers = window.views["customers"]
    qtbot.waitUntil(lambda: customers.page.detail is not None
                    and customers.page.detail.plan.opportunity_id == item.data(0, Qt.ItemDataRole.UserRole),
                    timeout=10_000)
    assert customers.page.detail.plan.customer == item.text(0)
    release(window)
