"""The library screen, offscreen: typing filters the table, checking a facet narrows it."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from ui.library_view import LibraryView  # noqa: E402
from valuekit.demo import load_demo  # noqa: E402
from valuekit.store import Store  # noqa: E402


@pytest.fixture
def view(qtbot, store: Store) -> LibraryView:
    load_demo(store)
    widget = LibraryView(store)
    qtbot.addWidget(widget)
    return widget


def _facet_item(view: LibraryView, facet: str, value: str):
    for i in range(view.facets.topLevelItemCount()):
        parent = view.facets.topLevelItem(i)
        for j in range(parent.childCount()):
            child = parent.child(j)
            if child.data(0, Qt.ItemDataRole.UserRole) == (facet, value):
                return child
    raise AssertionError(f"{facet}={value} not in the sidebar")


def test_typing_filters_and_facets_narrow(qtbot, view: LibraryView) -> None:
    everything = view.table.rowCount()
    # Chinese arrives through the input method as committed text, not key presses.
    view.search_box.setText("报价")
    qtbot.waitUntil(lambda: view.table.rowCount() < everything)
    with_word = view.table.rowCount()
    assert with_word > 0 and view.status.text() == f"{with_word} assets"
    _facet_item(view, "format", "case_study").setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: view.table.rowCount() < with_word)
    formats = {view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert formats == {"case_study"}
    view.table.selectRow(0)
    assert view.table.item(0, 0).text() in view.detail.toPlainText()


def test_typing_english_searches_after_a_pause(qtbot, view: LibraryView) -> None:
    everything = view.table.rowCount()
    qtbot.keyClicks(view.search_box, "renewal")
    qtbot.waitUntil(lambda: 0 < view.table.rowCount() < everything)
    titles = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert any("renewal" in t.lower() for t in titles)


def test_bundled_font_covers_chinese(qapp) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.fonts import register_fonts

    families = register_fonts(qapp)
    assert families, "assets/fonts/*.otf did not load"
    metrics = QFontMetrics(QFont(families[0]))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "报价案例追溯领航")
