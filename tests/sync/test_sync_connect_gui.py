"""A new teammate connects from the desktop app, as the docs say: the Team sync view's
"Connect to a team server…" takes the address and token, checks them with the real
server off the main thread, refuses a wrong token or address in the dialog without
changing anything, and once accepted the team library arrives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from synchelpers import Team

from valuekit.db.store import Store
from valuekit.library.assets import add_asset
from valuekit.sync.actions import sync_now
from valuekit.sync.state import get_setting
from valuekit_gui.common.fonts import register_fonts
from valuekit_gui.common.i18n import set_language
from valuekit_gui.sync.status import hub
from valuekit_gui.sync.view import SyncView


# the offscreen platform says so when a top-level window (the dialog) is shown
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_new_teammate_connects_and_gets_the_team_library(qtbot, team: Team, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    mia = team.library("mia")
    for title in ("Bank case", "Retail case"):
        add_asset(mia, {"title": title, "format": "case_study", "language": "en"})
    sync_now(mia)
    register_fonts(QApplication.instance())
    newcomer = Store.open(tmp_path / "newcomer")
    view = SyncView(newcomer)
    qtbot.addWidget(view)
    assert view.connect_button.text() == "Connect to a team server…"
    assert not view.status.button.isEnabled()  # nothing to sync with yet

    dialog = view.open_connect()
    dialog.server.setText("valuekit.example.com")  # no scheme
    dialog.token.setText(team.tokens["sam"])
    dialog.try_connect()
    qtbot.waitUntil(lambda: "http:// or https://" in dialog.message.text(), timeout=30_000)
    dialog.server.setText(team.url)
    dialog.token.setText("not-a-token")
    dialog.try_connect()
    qtbot.waitUntil(lambda: "token" in dialog.message.text() and dialog.connect_button.isEnabled(),
                    timeout=30_000)
    assert get_setting(newcomer.conn, "server") == ""  # a refusal changes nothing
    assert dialog.isVisible()

    dialog.token.setText(team.tokens["sam"])
    with qtbot.waitSignal(hub().finished, timeout=60_000):  # the first sync starts by itself
        dialog.try_connect()
    assert not dialog.isVisible()
    assert get_setting(newcomer.conn, "user") == "sam"
    titles = sorted(r[0] for r in newcomer.conn.execute("SELECT title FROM assets"))
    assert titles == ["Bank case", "Retail case"]
    assert view.connect_button.text() == "Change team server…"
    assert view.status.button.isEnabled()
    view.close()
    newcomer.close()
