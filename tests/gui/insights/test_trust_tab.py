"""Insights › Trust & journey, offscreen: reviews due per owner, use by stage, coverage gaps,
and the journey map edited in place (labels accepted, a wrong value explained and undone)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library.governance import due_per_owner
from valuekit.library.journey import FIELDS, get_journey
from valuekit_gui.common.i18n import set_language
from valuekit_gui.insights.governance import GovernancePage


@pytest.fixture
def page(qtbot, store: Store, release) -> Iterator[GovernancePage]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = GovernancePage(store)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()
    yield widget
    release(widget)


def test_the_tab_shows_the_cores_figures(page: GovernancePage, store: Store) -> None:
    owners = due_per_owner(store)
    assert page.owners.topLevelItemCount() == max(1, len(owners))
    if owners:
        assert page.owners.topLevelItem(0).text(1) == str(owners[0][1])
    stages = [page.usage.topLevelItem(i).text(0) for i in range(page.usage.topLevelItemCount())]
    assert stages[:3] == ["RL", "MQL", "SQL"]
    assert page.data is not None and page.coverage.topLevelItemCount() == len(page.data.coverage_gaps)


def test_the_journey_map_is_edited_in_place(qtbot, page: GovernancePage, store: Store,  # type: ignore[no-untyped-def]
                                            shown_errors: list[str]) -> None:
    editor = page.journey
    row = [s.stage for s in get_journey(store.conn)].index("MQL")
    formats = editor.item(row, FIELDS.index("formats"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        formats.setText("白皮书, analyst_report, 卡片")
    assert next(s for s in get_journey(store.conn) if s.stage == "MQL").formats == [
        "whitepaper", "analyst_report", "card"]
    assert editor.item(row, FIELDS.index("formats")).text() == "whitepaper, analyst_report, card"
    editor.item(row, FIELDS.index("formats")).setText("podcast")
    assert shown_errors and "podcast" in shown_errors[-1]
    assert editor.item(row, FIELDS.index("formats")).text() == "whitepaper, analyst_report, card"
