"""The Library view's side of attachments on demand against a real server (here rather
than tests/gui/ so it shares this folder's PostgreSQL): a file only on the server is
marked so, opens after a download that runs off the main thread, an unreachable server
is a clear message; "Keep offline" on the selection and the stages dialog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from qt_viewer import Viewer, installed_viewer, release_widget
from synchelpers import Team

from valuekit.db.store import Store
from valuekit.library.assets import add_asset
from valuekit.library.attachments import attach_file, file_sha256, stored_path
from valuekit.sync.actions import sync_now
from valuekit.sync.offline import asset_offline, kept_stages
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import set_language
from valuekit_gui.library.detail import AssetDetail
from valuekit_gui.library.offline_bar import add_offline_actions
from valuekit_gui.sync.offline_dialog import OfflineDialog

SIZE = 3_000_000  # big enough for several progress steps


@pytest.fixture
def viewer() -> Iterator[Viewer]:
    with installed_viewer() as handler:
        yield handler


@pytest.fixture
def shown() -> Iterator[list[str]]:
    seen: list[str] = []
    previous = errors.set_dialog_hook(lambda _kind, _title, message, _details: seen.append(message))
    yield seen
    errors.set_dialog_hook(previous)


def _team_assets(team: Team, tmp_path: Path) -> tuple[Store, list[str], list[str]]:
    """Two SQL assets, each with its own file, synced to a sales library (files stay on
    the server)."""
    mia = team.library("mia")
    ids, shas = [], []
    for n, title in enumerate(("Payback story", "Discovery guide")):
        asset = add_asset(mia, {"title": title, "format": "case_study", "language": "en",
                                "tags": {"stage": ["SQL"]}})
        source = tmp_path / f"deck{n}.pdf"
        source.write_bytes(os.urandom(SIZE))
        shas.append(attach_file(mia, asset.id, source))
        ids.append(asset.id)
    sync_now(mia)
    sam = team.library("sam")
    sync_now(sam)
    return sam, ids, shas


def _files_tab(store: Store, asset_id: str) -> AssetDetail:
    """The detail pane as wide as in the window, on the asset's Files tab."""
    detail = AssetDetail(store)
    detail.resize(330, 560)
    detail.show_asset(asset_id)
    detail.tabs.setCurrentIndex(2)
    return detail


def test_opening_a_file_on_the_server_downloads_it_off_the_main_thread(
        team: Team, tmp_path: Path, qtbot, viewer: Viewer, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    sam, ids, shas = _team_assets(team, tmp_path)
    detail = _files_tab(sam, ids[0])
    assert detail.files.item(0).text() == "☁ deck0.pdf   (3.0 MB) · not downloaded"
    assert detail.tabs.tabText(2) == "Files (1) ☁"
    assert detail.offline.isVisibleTo(detail) and not detail.offline.keep.isChecked()
    assert "SQL" not in detail.offline.note.text()

    assert detail.open_attachment(detail.files.item(0)) is None   # returns at once
    assert detail.downloader.busy and detail.downloader.isVisibleTo(detail)
    assert "Downloading deck0.pdf" in detail.downloader.label.text()
    detail.grab().save(str(tmp_path / "downloading.png"))
    qtbot.waitUntil(lambda: bool(viewer.urls), timeout=20000)
    opened = Path(viewer.urls[0].toLocalFile())
    assert file_sha256(opened) == shas[0] and stored_path(sam, shas[0]).is_file()
    assert not detail.downloader.busy and not detail.downloader.isVisibleTo(detail)
    assert detail.tabs.tabText(2) == "Files (1)"
    assert "not downloaded" not in detail.files.item(0).text() and shown == []

    # the server out of reach: the user is told what to do, nothing half-written
    assert team.service is not None
    team.service.stop()                  # the team server out of reach
    detail.show_asset(ids[1])
    detail.open_attachment(detail.files.item(0))
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "this file is on the team server; connect to download it" in shown[0]
    assert not detail.downloader.busy and len(viewer.urls) == 1
    assert not stored_path(sam, shas[1]).exists()
    assert not [p for p in sam.files_dir.rglob("*") if p.is_file() and p.name not in shas]
    # keeping it offline still works; the download now fails quietly and says when it retries
    detail.offline.keep.click()
    qtbot.waitUntil(lambda: not detail.downloader.busy, timeout=20000)
    assert asset_offline(sam, [ids[1]]).by_asset and len(shown) == 1
    assert "Not downloaded now (cannot reach the team server" in detail.offline.note.text()
    assert "the next sync tries again" in detail.offline.note.text()
    detail.grab().save(str(tmp_path / "offline.png"))
    release_widget(qtbot, detail)


def test_a_file_opened_while_keep_offline_downloads_opens_when_it_is_here(
        team: Team, tmp_path: Path, qtbot, viewer: Viewer, shown: list[str]) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    sam, ids, shas = _team_assets(team, tmp_path)
    detail = _files_tab(sam, ids[0])
    detail.offline.keep.click()                            # downloads now, on a worker
    assert detail.downloader.busy
    assert detail.open_attachment(detail.files.item(0)) is None   # waits its turn
    qtbot.waitUntil(lambda: bool(viewer.urls), timeout=20000)
    assert file_sha256(Path(viewer.urls[0].toLocalFile())) == shas[0] and shown == []
    qtbot.waitUntil(lambda: not detail.downloader.busy, timeout=20000)
    assert len(viewer.urls) == 1
    release_widget(qtbot, detail)


def test_keep_offline_toggle_menu_and_stages_dialog(team: Team, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    sam, ids, shas = _team_assets(team, tmp_path)
    detail = _files_tab(sam, ids[0])
    detail.offline.keep.click()          # kept, and downloaded now rather than at the next sync
    assert asset_offline(sam, [ids[0]]).by_asset and detail.downloader.busy
    qtbot.waitUntil(lambda: not detail.downloader.busy, timeout=20000)
    assert stored_path(sam, shas[0]).is_file() and not stored_path(sam, shas[1]).exists()
    assert "not downloaded" not in detail.files.item(0).text()
    assert sync_now(sam).blobs_downloaded == 0
    detail.offline.keep.click()          # unchecked: the downloaded file's space is freed
    assert not stored_path(sam, shas[0]).exists() and detail.offline.note.text() == \
        "Freed 1 downloaded file(s) (3.0 MB); the server still has them"
    assert "not downloaded" in detail.files.item(0).text()
    detail.offline.keep.click()
    qtbot.waitUntil(lambda: not detail.downloader.busy, timeout=20000)
    detail.grab().save(str(tmp_path / "kept.png"))

    # several assets at once from the table's menu
    menu = QMenu()
    add_offline_actions(menu, sam, ids, lambda _id: None, detail.fetch_kept)
    [action] = menu.actions()
    assert action.text() == "Keep offline"
    action.trigger()
    assert asset_offline(sam, ids).by_asset
    qtbot.waitUntil(lambda: not detail.downloader.busy, timeout=20000)
    assert all(stored_path(sam, sha).is_file() for sha in shas)
    menu = QMenu()
    add_offline_actions(menu, sam, ids, lambda _id: None, detail.fetch_kept)
    assert menu.actions()[0].text() == "Stop keeping offline"

    dialog = OfflineDialog(sam)
    qtbot.addWidget(dialog)
    assert "Kept offline in all: 2 assets, 2/2 files downloaded, 6.0 MB of 6.0 MB" in dialog.summary.text()
    sql_row = next(dialog.stages.item(i).text() for i in range(dialog.stages.count())
                   if dialog.stages.item(i).text().startswith("Sales-qualified"))
    assert sql_row == "Sales-qualified (SQL) — 2 assets, 2/2 files downloaded (6.0 MB in all)"
    dialog.set_checked(["SQL"])
    dialog.grab().save(str(tmp_path / "stages.png"))
    dialog.accept()
    assert kept_stages(sam) == ["SQL"]
    detail.show_asset(ids[0])
    assert detail.offline.note.text() == "Kept offline through stage: SQL"
    release_widget(qtbot, detail)


def test_the_toggle_is_hidden_in_a_library_not_set_up_for_sync(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    asset = add_asset(store, {"title": "Local only", "format": "case_study", "language": "en"})
    detail = AssetDetail(store)
    detail.show_asset(asset.id)
    assert not detail.offline.isVisibleTo(detail)
    menu = QMenu()
    add_offline_actions(menu, store, [asset.id], lambda _id: None, detail.fetch_kept)
    assert menu.actions() == []
    release_widget(qtbot, detail)
