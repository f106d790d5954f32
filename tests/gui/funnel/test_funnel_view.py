"""The Funnel view on a real library: plan a target, see the funnel and the hours, forecast,
review a seller, and team settings — with bad input marked and nothing stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from valuekit.db.store import Store
from valuekit.sales.opportunity import create_opportunity
from valuekit.sales.settings import get_settings
from valuekit_gui.funnel.view import FunnelView


@pytest.fixture
def view(qtbot: QtBot, store: Store, release: Callable[[QWidget], None]) -> Iterator[FunnelView]:
    create_opportunity(store, {"customer": "Alpha", "industry": "manufacturing", "stage": "SQL",
                               "deal_size": 200_000, "close_date": "2027-01-31", "owner": "Chen"})
    create_opportunity(store, {"customer": "Beta", "industry": "manufacturing", "stage": "MQL",
                               "deal_size": 100_000, "close_date": "2027-03-20", "owner": "Wang"})
    widget = FunnelView(store)
    qtbot.addWidget(widget)
    widget.as_of.setText("2027-01-10")
    widget.refresh()
    qtbot.waitUntil(lambda: widget.forecast is not None and widget.forecast.as_of == "2027-01-10")
    yield widget
    release(widget)


def test_plan_draws_the_funnel_and_the_hours(view: FunnelView, qtbot: QtBot) -> None:
    view.target.setText("1,200,000")
    view.avg_deal.setText("100000")
    for step, rate in (("RL-MQL", "0.2"), ("MQL-SQL", "0.3"), ("SQL-Rev", "0.25")):
        view.rates[step].setText(rate)
    assert view.compute_plan()
    # 12 deals → 48 SQL → 160 MQL → 800 RL (R2R equation read backwards)
    assert [n for _, n in view.chart.rows] == [800, 160, 48, 12]
    assert "24 h winning new market" in view.split.text()  # 60 % of 40 h


def test_a_bad_rate_is_marked_and_nothing_is_planned(view: FunnelView) -> None:
    view.target.setText("1200000")
    view.avg_deal.setText("100000")
    view.rates["RL-MQL"].setText("1.5")
    assert not view.compute_plan()
    assert view.plan is None and view.rates["RL-MQL"].property("invalid")
    assert "RL-MQL" in view.error.text() or "转化率" in view.error.text()


def test_forecast_weights_open_deals_and_review_lists_a_seller(view: FunnelView, qtbot: QtBot) -> None:
    f = view.forecast
    assert f is not None
    assert f.next_month.weighted == {"CNY": 60_000}  # 200,000 × 30 %
    assert f.next_quarter.weighted == {"CNY": pytest.approx(70_000)}  # + 100,000 × 10 %
    assert view.deals.topLevelItemCount() == 2
    view.owner.setCurrentIndex(view.owner.findData("Chen"))
    qtbot.waitUntil(lambda: view.review is not None and view.review.owner == "Chen")
    assert "SQL" in view.review_text.text()


def test_team_settings_dialog_stores_valid_values_only(view: FunnelView, store: Store) -> None:
    dialog = view.edit_team_settings(show=False)  # the toolbar's "Team settings…"
    dialog.win["SQL"].setText("1.4")
    assert not dialog.save() and get_settings(store).win_probability["SQL"] == 0.3
    dialog.win["SQL"].setText("0.4")
    dialog.sql_min.setValue(2)
    assert dialog.save()
    assert get_settings(store).sql_bant_min == 2 and get_settings(store).win_probability["SQL"] == 0.4
