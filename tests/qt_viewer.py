"""A stand-in for the system viewer in GUI tests: QDesktopServices hands it the URLs the
app asks to open (``with installed_viewer() as viewer:``); and ``release_widget`` for
tests outside tests/gui (which has the ``release`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget


class Viewer(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@contextmanager
def installed_viewer() -> Iterator[Viewer]:
    """Catch every ``file:`` URL the app opens, for the duration of the block."""
    handler = Viewer()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        yield handler
    finally:
        QDesktopServices.unsetUrlHandler("file")


def release_widget(qtbot: Any, widget: QWidget) -> None:
    """Delete a widget now and wait until it is gone (answers of its background tasks
    still on their way are dropped with it)."""
    gone: list[bool] = []
    widget.destroyed.connect(lambda *_: gone.append(True))
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5000)
