"""What the detail pane adds so an asset can be trusted at a glance: its problems (expired,
review overdue, internal only, unreadable files…) and governance line, its use by stage
and outcome with the win influence, and a first-page thumbnail of its PDF or image
(rendered off the main thread)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from valuekit.db.store import Store
from valuekit.library.filetext import thumbnail_png
from valuekit.library.governance import asset_trust_problems
from valuekit.library.model import Asset
from valuekit.library.usage_stats import OUTCOME_BUCKETS, usage_summary
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.common.tasks import run_in_thread, with_store

add_strings({
    "lib.governance": ("负责人 {owner} · 下次复核 {review} · 到期 {expires}",
                       "Owner {owner} · next review {review} · expires {expires}"),
    "lib.never": ("无", "never"),
    "lib.usage_stage": ("{stage}：{uses} 次（{outcomes}）", "{stage}: {uses} × ({outcomes})"),
    "lib.no_usage": ("尚无使用记录", "Not used yet"),
})


class TrustBox(QWidget):
    """Trust problems (red) and the governance line, under the asset's meta line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = QLabel(wordWrap=True)
        self.problems.setObjectName("trust_problems")
        self.problems.setStyleSheet("color: #b3261e;")
        self.governance = QLabel(wordWrap=True)
        self.governance.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problems)
        layout.addWidget(self.governance)

    def show_asset(self, store: Store, asset: Asset) -> None:
        problems = asset_trust_problems(store, asset.id, lang=current_language())
        self.problems.setText("<br>".join(f"⚠ {html.escape(p.message)}" for p in problems))
        self.problems.setVisible(bool(problems))
        self.governance.setText(tr("lib.governance", owner=asset.owner or "—",
                                   review=asset.review_due or "—",
                                   expires=asset.expires_on or tr("lib.never")))


def usage_text(store: Store, asset: Asset) -> str:
    """Uses per stage with outcomes, then the win influence (plain text, one line each)."""
    summary = usage_summary(store.conn, asset.seq)
    if not summary.uses:
        return tr("lib.no_usage")
    lines = []
    for entry in summary.by_stage:
        outcomes = ", ".join(f"{tr('usage.' + o)} {entry.outcomes[o]}" for o in OUTCOME_BUCKETS
                             if entry.outcomes[o])
        lines.append(tr("lib.usage_stage", stage=entry.stage, uses=entry.uses, outcomes=outcomes))
    if summary.win_influence is not None:
        lines.append(tr("usage.win_influence", pct=round(summary.win_influence * 100),
                        won=summary.won_opportunities, opps=summary.opportunities))
    return "\n".join(lines)


class Thumbnail(QLabel):
    """The first page of the asset's first PDF or image attachment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnail")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._task: Any = None
        self.hide()

    def show_asset(self, folder: Path, asset: Asset) -> None:
        self.clear()
        self.hide()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        files = [(f.sha256, f.filename) for f in asset.attachments]
        if not files:
            return
        task = run_in_thread(self, with_store, folder, _first_thumbnail, files,
                             on_done=lambda png: self._show(task, png), on_error=lambda _exc: None)
        self._task = task

    def _show(self, task: Any, png: bytes | None) -> None:
        if task is not self._task or png is None:
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.setPixmap(pixmap)
        self.show()


def _first_thumbnail(store: Store, files: list[tuple[str, str]]) -> bytes | None:
    for sha, name in files:
        png = thumbnail_png(store, sha, name)
        if png is not None:
            return png
    return None
