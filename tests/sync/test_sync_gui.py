"""The desktop app's sync screen against a real server (here rather than tests/gui/ so it
shares this folder's PostgreSQL): "Sync now" runs off the main thread, a conflict shows
base, mine and theirs and is settled by a click, a refused change shows its reason."""

from __future__ import annotations

import os

from synchelpers import Team

from valuekit.library.assets import add_asset, get_asset, set_status, update_asset
from valuekit.sync import state
from valuekit.sync.actions import sync_now
from valuekit_gui.sync.view import SyncView


def _release(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    gone: list[bool] = []
    widget.destroyed.connect(lambda *_: gone.append(True))
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5000)


def test_conflicts_and_refusals_are_shown_and_settled(team: Team, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mia, sam, mia2 = team.library("mia"), team.library("sam"), team.library("mia")
    asset = add_asset(mia, {"title": "Payback in 9 months", "format": "case_study", "language": "en"})
    sync_now(mia)
    sync_now(mia2)
    sync_now(sam)
    update_asset(mia, asset.id, {"title": "Payback in 8 months"})
    sync_now(mia)
    update_asset(mia2, asset.id, {"title": "Payback within a year"})
    set_status(sam, asset.id, "retired", by="sam")
    view = SyncView(mia2)
    qtbot.addWidget(view)
    view.resize(900, 600)

    view.status.sync_now()
    qtbot.waitUntil(lambda: view.status.task is None, timeout=20000)
    assert view.conflicts.rowCount() == 1
    cells = [view.conflicts.item(0, c).text() for c in range(5)]
    assert cells[1:] == ["title", "Payback in 9 months", "Payback within a year", "Payback in 8 months"]
    if os.environ.get("VK_SHOT"):
        view.grab().save(str(tmp_path / "sync_view.png"))
        print(tmp_path / "sync_view.png")
    view.conflicts.selectRow(0)
    view.take_theirs.click()
    assert view.conflicts.rowCount() == 0 and get_asset(mia2, asset.id).title == "Payback in 8 months"
    _release(qtbot, view)

    refused = SyncView(sam)
    qtbot.addWidget(refused)
    refused.status.sync_now()
    qtbot.waitUntil(lambda: refused.status.task is None, timeout=20000)
    assert refused.rejected.rowCount() == 1
    assert "marketing" in refused.rejected.item(0, 1).text()
    refused.revert.click()
    assert state.rejected(sam.conn) == [] and get_asset(sam, asset.id).status == "draft"
    _release(qtbot, refused)
