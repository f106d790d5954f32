"""A stand-in for the system viewer in GUI tests: QDesktopServices hands it the URLs the
app asks to open (``QDesktopServices.setUrlHandler("file", viewer, "open")``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Slot


class Viewer(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)
