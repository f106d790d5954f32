"""The selected asset: summary, body (Markdown, with any HTML in it shown as text), tags
editable in place, attachments that open in the system viewer, rating, verify/retire
and where it was used. Every change goes through ``valuekit.library``."""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

import markdown
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import errors
from ui.i18n import add_strings, current_language, tr
from ui.settings import current_user
from valuekit.attachments import stored_path
from valuekit.errors import ValueKitError
from valuekit.library import get_asset, rate_asset, set_status, tag_assets, usage_history
from valuekit.pack_safety import safe_filename
from valuekit.store import Store
from valuekit.vocabulary import list_facets

add_strings({
    "lib.tags": ("标签（逗号分隔）", "Tags (comma-separated)"),
    "lib.save_tags": ("保存标签", "Save tags"),
    "lib.attachments": ("附件（双击打开）", "Attachments (double-click to open)"),
    "lib.rate": ("评分", "Rate"),
    "lib.verify": ("标记为已验证", "Mark verified"),
    "lib.retire": ("停用", "Retire"),
    "lib.usage": ("使用记录", "Where it was used"),
    "lib.meta": ("{creator} · {status} · 使用 {used} 次 · 有用度 {useful}",
                 "{creator} · {status} · used {used}× · usefulness {useful}"),
    "lib.no_selection": ("选择一条素材查看详情。", "Select an asset to see it here."),
})


def render_body(text: str) -> str:
    """Markdown to HTML with the user's own HTML escaped first, so a body holding
    ``<script>`` or ``<img src=http://…>`` shows those characters, never runs or loads."""
    return markdown.markdown(html.escape(text, quote=False))


class AssetDetail(QWidget):
    changed = Signal(str)  # asset id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.asset_id: str | None = None
        self.header = QLabel(wordWrap=True)
        self.body = QTextBrowser()
        self.body.setOpenExternalLinks(False)
        self.tags_box = QGroupBox()
        self.tags_form = QFormLayout(self.tags_box)
        self.tag_edits: dict[str, QLineEdit] = {}
        self.save_tags = QPushButton()
        self.save_tags.clicked.connect(self._save_tags)
        self.attachments = QListWidget()
        self.attachments.itemDoubleClicked.connect(self._open_attachment)
        self.score = QSpinBox(minimum=1, maximum=5, value=4)
        self.rate = QPushButton()
        self.rate.clicked.connect(self._rate)
        self.verify = QPushButton()
        self.verify.clicked.connect(lambda: self._status("verified"))
        self.retire = QPushButton()
        self.retire.clicked.connect(lambda: self._status("retired"))
        self.usage = QListWidget()
        self.attach_label, self.usage_label = QLabel(), QLabel()
        actions = QHBoxLayout()
        for w in (self.score, self.rate, self.verify, self.retire):
            actions.addWidget(w)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(actions)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.tags_box)
        layout.addWidget(self.save_tags)
        layout.addWidget(self.attach_label)
        layout.addWidget(self.attachments, 1)
        layout.addWidget(self.usage_label)
        layout.addWidget(self.usage, 1)
        self.retranslate()
        self.show_asset(None)

    def retranslate(self) -> None:
        self.tags_box.setTitle(tr("lib.tags"))
        self.save_tags.setText(tr("lib.save_tags"))
        self.rate.setText(tr("lib.rate"))
        self.verify.setText(tr("lib.verify"))
        self.retire.setText(tr("lib.retire"))
        self.attach_label.setText(tr("lib.attachments"))
        self.usage_label.setText(tr("lib.usage"))
        self.show_asset(self.asset_id)

    def show_asset(self, asset_id: str | None) -> None:
        self.asset_id = asset_id
        enabled = asset_id is not None
        for w in (self.save_tags, self.rate, self.verify, self.retire, self.score):
            w.setEnabled(enabled)
        self.attachments.clear()
        self.usage.clear()
        while self.tags_form.rowCount():
            self.tags_form.removeRow(0)
        self.tag_edits = {}
        if asset_id is None:
            self.header.setText(tr("lib.no_selection"))
            self.body.clear()
            return
        a = get_asset(self.store, asset_id)
        lang = current_language()
        useful = "–" if a.usefulness is None else f"{a.usefulness:.1f}/5 ({a.rating_count})"
        meta = tr("lib.meta", creator=a.creator or "—", status=tr(f"lib.status.{a.status}"),
                  used=a.usage_count, useful=useful)
        self.header.setText(f"<h2>{html.escape(a.title)}</h2><p>{html.escape(meta)}</p>"
                            f"<p><i>{html.escape(a.summary)}</i></p>")
        self.body.setHtml(render_body(a.body))
        for facet in list_facets(self.store.conn):
            if facet.name == "format":
                continue
            edit = QLineEdit(", ".join(a.tags.get(facet.name, [])))
            self.tags_form.addRow(facet.label(lang), edit)
            self.tag_edits[facet.name] = edit
        for f in a.attachments:
            item = QListWidgetItem(f"{f.filename}  ({f.size / 1024:.0f} kB)")
            item.setData(256, f.sha256)
            self.attachments.addItem(item)
        for u in usage_history(self.store, asset_id):
            self.usage.addItem(f"{u['used_at'][:10]}  {u['stage']}  {u['customer']}  {u['who']}")

    def _save_tags(self) -> None:
        if self.asset_id is None:
            return
        current = get_asset(self.store, self.asset_id).tags
        try:
            for facet, edit in self.tag_edits.items():
                wanted = [v.strip() for v in edit.text().replace("，", ",").split(",") if v.strip()]
                have = current.get(facet, [])
                if gone := [v for v in have if v not in wanted]:
                    tag_assets(self.store, [self.asset_id], facet, gone, remove=True)
                if new := [v for v in wanted if v not in have]:
                    tag_assets(self.store, [self.asset_id], facet, new)
        except ValueKitError as exc:
            errors.report_exception(exc)
        self._changed()

    def _rate(self) -> None:
        if self.asset_id is not None:
            rate_asset(self.store, self.asset_id, self.score.value(), by=current_user())
            self._changed()

    def _status(self, status: str) -> None:
        if self.asset_id is not None:
            set_status(self.store, self.asset_id, status, by=current_user())
            self._changed()

    def _changed(self) -> None:
        asset_id = self.asset_id
        if asset_id is not None:
            self.show_asset(asset_id)
            self.changed.emit(asset_id)

    def _open_attachment(self, item: QListWidgetItem) -> None:
        # Stored files are named by hash; the viewer needs the real name and extension.
        name = safe_filename(item.text().rsplit("  (", 1)[0])
        folder = Path(tempfile.gettempdir()) / "valuekit-open" / item.data(256)[:12]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        shutil.copyfile(stored_path(self.store, item.data(256)), target)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
