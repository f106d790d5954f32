"""Opening attachments from the GUI (issue 12): a fresh private folder each time, the
copy checked against its hash, planted symlinks refused, and only known document types
handed to a viewer — anything else is revealed in the file manager."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from qt_viewer import Viewer, installed_viewer

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file, stored_path
from valuekit_gui.common.i18n import set_language
from valuekit_gui.library.detail import AssetDetail


@pytest.fixture
def viewer() -> Iterator[Viewer]:
    with installed_viewer() as handler:
        yield handler


@pytest.fixture
def detail(qtbot, store: Store, release) -> Iterator[AssetDetail]:  # type: ignore[no-untyped-def]
    set_language("en")
    widget = AssetDetail(store)
    qtbot.addWidget(widget)
    yield widget
    release(widget)


def _show_with(detail: AssetDetail, store: Store, tmp_path: Path, name: str, data: bytes) -> str:
    asset = library.add_asset(store, {"title": "deck", "format": "article"})
    path = tmp_path / name
    path.write_bytes(data)
    sha = attach_file(store, asset.id, path)
    detail.show_asset(asset.id)
    return sha


def test_a_pdf_opens_from_a_fresh_private_folder(detail: AssetDetail, store: Store, tmp_path: Path,
                                                  viewer: Viewer) -> None:
    _show_with(detail, store, tmp_path, "deck.pdf", b"%PDF-1.4 deck")
    planted = Path(tempfile.gettempdir()) / "valuekit-open"
    first = detail.open_attachment(detail.files.item(0))
    second = detail.open_attachment(detail.files.item(0))
    assert first is not None and second is not None and first.parent != second.parent
    for opened in (first, second):
        assert stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
        assert opened.parent.stat().st_uid == os.getuid() and opened.read_bytes() == b"%PDF-1.4 deck"
        assert planted not in opened.parents  # never the old shared, predictable folder
    assert viewer.urls == [QUrl.fromLocalFile(str(first)), QUrl.fromLocalFile(str(second))]


@pytest.mark.parametrize("name", ["launcher.desktop", "setup.exe", "x\u202egpj.exe"])
def test_unknown_types_are_revealed_in_the_file_manager_not_opened(
        detail: AssetDetail, store: Store, tmp_path: Path, viewer: Viewer, name: str) -> None:
    _show_with(detail, store, tmp_path, name, b"[Desktop Entry]\nExec=rm -rf ~\n")
    opened = detail.open_attachment(detail.files.item(0))
    assert opened is not None and "\u202e" not in opened.name
    assert viewer.urls == [QUrl.fromLocalFile(str(opened.parent))]  # the folder, not the file


def test_a_symlink_planted_in_the_library_is_refused(detail: AssetDetail, store: Store, tmp_path: Path,
                                                    viewer: Viewer, shown_errors: list[str]) -> None:
    sha = _show_with(detail, store, tmp_path, "deck.pdf", b"%PDF-1.4 deck")
    secret = tmp_path / "secret.txt"
    secret.write_text("private key", encoding="utf-8")
    target = stored_path(store, sha)
    target.unlink()
    target.symlink_to(secret)
    assert detail.open_attachment(detail.files.item(0)) is None
    assert viewer.urls == [] and shown_errors and "not a regular file" in shown_errors[0]
