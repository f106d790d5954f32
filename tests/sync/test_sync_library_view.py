"""The Library view follows a sync that ran in the background (the status bar's periodic
one too): the team's new asset appears in the table and the asset on screen shows the
teammate's edit, without the user searching again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from synchelpers import Team

from valuekit.library.assets import add_asset, update_asset
from valuekit.sync.actions import sync_now
from valuekit_gui.common.fonts import register_fonts
from valuekit_gui.common.i18n import set_language
from valuekit_gui.library.view import LibraryView
from valuekit_gui.sync.status import hub


def test_the_library_view_shows_what_a_background_sync_brought(qtbot, team: Team) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    register_fonts(QApplication.instance())
    mia = team.library("mia")
    first = add_asset(mia, {"title": "Bank case", "format": "case_study", "language": "en"})
    sync_now(mia)
    sam = team.library("sam")
    sync_now(sam)
    view = LibraryView(sam)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: len(view.model.seqs) == 1, timeout=10_000)
    view.show_asset(first.id)
    qtbot.waitUntil(lambda: view.selected_ids() == [first.id], timeout=10_000)

    update_asset(mia, first.id, {"title": "Bank case: payback in 9 months"})
    add_asset(mia, {"title": "Retail case", "format": "case_study", "language": "en"})
    sync_now(mia)
    with qtbot.waitSignal(hub().finished, timeout=60_000):
        assert hub().start(sam.path)       # as the status bar's timer does
    qtbot.waitUntil(lambda: len(view.model.seqs) == 2, timeout=10_000)
    assert view.detail.header.text() == "Bank case: payback in 9 months"
    assert view.selected_ids() == [first.id]   # the user's place is kept
    view.close()
