"""Files dropped on the library screen become assets: the user confirms formats, stage
and industry, then the assets are created on a worker. A mixin of ``LibraryView`` (it
uses the view's store, detail pane, refresh and status line)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from valuekit.db.store import Store
from valuekit.library.page import assets_from_files
from valuekit_gui.common.i18n import tr
from valuekit_gui.common.tasks import Task, run_in_thread, store_call
from valuekit_gui.library.asset_dialog import DropDialog
from valuekit_gui.library.detail import AssetDetail
from valuekit_gui.shell.settings import current_user


class FileDrops:
    # what the view provides
    store: Store
    detail: AssetDetail
    pending_select: str | None
    status_message: SignalInstance
    refresh: Callable[[], None]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        # Let the drag finish before a modal dialog opens.
        QTimer.singleShot(0, lambda: self.add_files(paths))

    def add_files(self, paths: list[Path], *, confirm: bool = True) -> Task | None:
        """Confirm formats, stage and industry, then create the assets on a worker."""
        paths = [p for p in paths if p.is_file()]
        if not paths:
            return None
        dialog = DropDialog(self.store, paths, cast(QWidget, self))
        if confirm and not dialog.exec():
            return None

        def done(ids: list[str]) -> None:
            self.status_message.emit(tr("lib.dropped", n=len(ids)))
            if ids:
                self.pending_select = ids[-1]
                self.detail.show_asset(ids[-1])
            self.refresh()

        return run_in_thread(
            cast(QWidget, self), store_call(assets_from_files), self.store.path, paths, creator=current_user(),
            language=dialog.language.currentData(), tags=dialog.tags(), formats=dialog.formats(),
            on_done=done, on_progress=lambda d, t, _m: self.status_message.emit(
                tr("lib.importing", done=d, total=t)))
