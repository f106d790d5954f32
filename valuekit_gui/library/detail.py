"""The selected asset: title, summary, rating stars, verify/retire, and tabs for the body
(Markdown; the user's own HTML is shown as text, nothing is fetched), tags edited in place,
attachments (open with the system viewer — downloaded first when only the team server has
it, see offline_bar.py — add a file, keep offline) and where it was used. Every change
goes through ``valuekit.library.assets``; a refused change shows the core's message."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import markdown
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library.assets import get_asset, rate_asset, set_status, usage_history
from valuekit.library.attachments import attach_file, stored_path
from valuekit.library.limits import MAX_MARKDOWN_DEPTH, markdown_depth
from valuekit.library.opening import copy_for_viewer
from valuekit.library.vocabulary import value_labels
from valuekit.sync.offline import file_states
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr
from valuekit_gui.library.offline_bar import Downloader, OfflineBar, file_label
from valuekit_gui.library.tag_manager import FacetTagEditor
from valuekit_gui.library.trust_box import Thumbnail, TrustBox, usage_text
from valuekit_gui.shell.settings import current_user

add_strings({
    "lib.tab.body": ("正文", "Content"), "lib.tab.tags": ("标签", "Tags"),
    "lib.tab.files": ("附件 ({n})", "Files ({n})"), "lib.tab.usage": ("使用记录 ({n})", "Usage ({n})"),
    "lib.rate_tip": ("评为 {n} 分（1–5，记在 {who} 名下）", "Rate {n} of 5 (recorded as {who})"),
    "lib.ratings": ("{avg} 分 · {n} 人评分", "{avg} · {n} ratings"),
    "lib.no_ratings": ("尚无评分", "No ratings yet"),
    "lib.verify": ("标记为已验证", "Mark verified"), "lib.retire": ("停用", "Retire"),
    "lib.restore": ("恢复为草稿", "Back to draft"), "lib.edit": ("编辑…", "Edit…"),
    "lib.open_file": ("打开", "Open"), "lib.add_file": ("添加附件…", "Add file…"),
    "lib.no_selection": ("在左侧表格中选择一条素材查看详情。", "Select an asset in the table to see it here."),
    "lib.no_body": ("（无正文）", "(No body text)"),
    "lib.meta": ("{format} · {status} · {creator} · 更新于 {updated}",
                 "{format} · {status} · {creator} · updated {updated}"),
    "lib.usage_cols": ("日期|阶段|客户|使用人|结果", "Date|Stage|Customer|Who|Outcome"),
    "lib.anonymous": ("（未设置用户名）", "(no user name set)"),
})

# Python-Markdown without raw HTML: its HTML block and inline patterns are removed, so a
# body's "<script>" or "<img src=http://…>" is escaped as text like any other characters.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"])
for _name, _registry in (("html_block", _MARKDOWN.preprocessors), ("html", _MARKDOWN.inlinePatterns),
                         ("image_link", _MARKDOWN.inlinePatterns),
                         ("image_reference", _MARKDOWN.inlinePatterns)):
    _registry.deregister(_name)
SAFE_SCHEMES = ("http", "https", "mailto")
BODY_CSS = ("body { line-height: 150%; } h1 { font-size: 17pt; } h2 { font-size: 14pt; }"
            " h3 { font-size: 12pt; } table { border-collapse: collapse; }"
            " td, th { border: 1px solid #ccc; padding: 3px 6px; } code { background: #f2f2f2; }")


def render_body(text: str) -> str:
    """Markdown → HTML with every raw tag in the text escaped and images left out. A body
    nested deeper than the library allows (written before the limit existed) is shown as
    plain text rather than sending the renderer into unbounded recursion."""
    if markdown_depth(text) > MAX_MARKDOWN_DEPTH:
        return "<pre>" + html.escape(text) + "</pre>"
    return _MARKDOWN.reset().convert(text)


class SafeBrowser(QTextBrowser):
    """Shows rendered bodies; loads no resource (no remote images, no local files) and
    opens only web and mail links, in the system browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open)
        self.document().setDefaultStyleSheet(BODY_CSS)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        return None

    @staticmethod
    def _open(url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)


class AssetDetail(QWidget):
    changed = Signal(str)  # asset id: the table refreshes its rows
    edit_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.asset_id: str | None = None
        self.header = QLabel(wordWrap=True)
        self.header.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.meta = QLabel(wordWrap=True)
        self.meta.setStyleSheet("color: #666;")
        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet("color: #333;")
        self.stars = [QToolButton(autoRaise=True) for _ in range(5)]
        for n, star in enumerate(self.stars, start=1):
            star.setStyleSheet("QToolButton { font-size: 14pt; color: #e0a100; padding: 0 1px; }")
            star.clicked.connect(lambda _checked=False, n=n: self.rate_with(n))
        self.rating = QLabel()
        self.rating.setStyleSheet("color: #666;")
        self.verify, self.retire, self.edit = QPushButton(), QPushButton(), QPushButton()
        self.verify.clicked.connect(lambda: self.set_status("verified"))
        self.retire.clicked.connect(self._retire_or_restore)
        self.edit.clicked.connect(lambda: self.asset_id and self.edit_requested.emit(self.asset_id))
        stars = QHBoxLayout()
        stars.setSpacing(0)
        for star in self.stars:
            stars.addWidget(star)
        stars.addSpacing(8)
        stars.addWidget(self.rating)
        stars.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.edit, self.verify, self.retire):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body = SafeBrowser()
        self.tags = FacetTagEditor(store)
        self.tags.changed.connect(self.changed)
        tags_scroll = QScrollArea(widgetResizable=True)
        tags_scroll.setWidget(self.tags)
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(self.open_attachment)
        self.open_file, self.add_file = QPushButton(), QPushButton()
        self.open_file.clicked.connect(lambda: self.files.currentItem()
                                       and self.open_attachment(self.files.currentItem()))
        self.add_file.clicked.connect(self._add_file)
        files_page = QWidget()
        files_layout = QVBoxLayout(files_page)
        self.thumbnail = Thumbnail()
        self.offline = OfflineBar(store)
        self.offline.changed.connect(lambda: self.show_asset(self.asset_id))
        self.downloader = Downloader(store)
        self.offline.kept.connect(self.fetch_kept)
        files_layout.addWidget(self.thumbnail)
        files_layout.addWidget(self.offline)
        files_layout.addWidget(self.files, 1)
        files_layout.addWidget(self.downloader)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.open_file)
        file_buttons.addWidget(self.add_file)
        file_buttons.addStretch(1)
        files_layout.addLayout(file_buttons)
        self.usage = QTreeWidget(columnCount=5)
        self.usage.setRootIsDecorated(False)
        self.usage_summary = QLabel(wordWrap=True)
        self.usage_summary.setObjectName("usage_summary")
        usage_page = QWidget()
        usage_layout = QVBoxLayout(usage_page)
        usage_layout.addWidget(self.usage_summary)
        usage_layout.addWidget(self.usage, 1)
        self.trust = TrustBox()
        self.tabs = QTabWidget()
        for page in (self.body, tags_scroll, files_page, usage_page):
            self.tabs.addTab(page, "")
        self.placeholder = QLabel(wordWrap=True)
        self.placeholder.setStyleSheet("color: #888; padding: 24px;")
        self.content = QWidget()
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.header)
        inner.addWidget(self.meta)
        inner.addWidget(self.trust)
        inner.addWidget(self.summary)
        inner.addLayout(stars)
        inner.addLayout(buttons)
        inner.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.verify.setText(tr("lib.verify"))
        self.edit.setText(tr("lib.edit"))
        self.open_file.setText(tr("lib.open_file"))
        self.add_file.setText(tr("lib.add_file"))
        self.placeholder.setText(tr("lib.no_selection"))
        self.offline.retranslate()
        self.usage.setHeaderLabels(tr("lib.usage_cols").split("|"))
        self.show_asset(self.asset_id)

    def show_asset(self, asset_id: str | None) -> None:
        self.asset_id = asset_id
        self.placeholder.setVisible(asset_id is None)
        self.content.setVisible(asset_id is not None)
        self.tags.show_asset(asset_id)
        if asset_id is None:
            return
        a = get_asset(self.store, asset_id)
        lang = current_language()
        labels = value_labels(self.store.conn)
        fmt = labels.get(("format", a.format or ""))
        self.header.setText(a.title)
        self.meta.setText(tr("lib.meta", format=fmt.label(lang) if fmt else (a.format or "—"),
                             status=tr(f"lib.status.{a.status}"), creator=a.creator or "—",
                             updated=a.updated_at[:10]))
        self.trust.show_asset(self.store, a)
        self.summary.setText(a.summary)
        self.summary.setVisible(bool(a.summary))
        score = round(a.usefulness or 0)
        for n, star in enumerate(self.stars, start=1):
            star.setText("★" if n <= score else "☆")
            star.setToolTip(tr("lib.rate_tip", n=n, who=current_user() or tr("lib.anonymous")))
        self.rating.setText(tr("lib.ratings", avg=f"{a.usefulness:.1f}", n=a.rating_count)
                            if a.rating_count else tr("lib.no_ratings"))
        self.verify.setEnabled(a.status != "verified")
        self.retire.setText(tr("lib.restore" if a.status == "retired" else "lib.retire"))
        self.body.setHtml(render_body(a.body) if a.body.strip()
                          else f"<p style='color:#999'>{html.escape(tr('lib.no_body'))}</p>")
        self.files.clear()
        states = file_states(self.store, asset_id)
        for f in states:
            item = QListWidgetItem(file_label(f))
            item.setToolTip(tr("offline.cloud_tip") if f.on_server and not f.here else "")
            item.setData(256, (f.sha256, f.filename))
            item.setData(257, f.size)
            item.setData(258, f.on_server)
            self.files.addItem(item)
        self.offline.show_assets([asset_id])
        self.thumbnail.show_asset(self.store.path, a)
        self.usage_summary.setText(usage_text(self.store, a))
        self.usage.clear()
        history = usage_history(self.store, asset_id)
        for u in history:
            self.usage.addTopLevelItem(QTreeWidgetItem(
                [u["used_at"][:10], u["stage"], u["customer"], u["who"], u.get("outcome") or ""]))
        self.tabs.setTabText(0, tr("lib.tab.body"))
        self.tabs.setTabText(1, tr("lib.tab.tags"))
        remote = sum(1 for f in states if f.on_server and not f.here)  # seen without opening the tab
        self.tabs.setTabText(2, tr("lib.tab.files", n=len(a.attachments)) + (" ☁" if remote else ""))
        self.tabs.setTabText(3, tr("lib.tab.usage", n=len(history)))

    # -- actions ---------------------------------------------------------------------------
    def _guarded(self, action: Any) -> None:
        asset_id = self.asset_id
        if asset_id is None:
            return
        try:
            action(asset_id)
        except ValueKitError as exc:
            errors.report_exception(exc)
        self.show_asset(asset_id)
        self.changed.emit(asset_id)

    def rate_with(self, score: int) -> None:
        self._guarded(lambda asset_id: rate_asset(self.store, asset_id, score, by=current_user()))

    def set_status(self, status: str) -> None:
        self._guarded(lambda asset_id: set_status(self.store, asset_id, status, by=current_user()))

    def _retire_or_restore(self) -> None:
        retired = self.asset_id is not None and get_asset(self.store, self.asset_id).status == "retired"
        self.set_status("draft" if retired else "retired")

    def _add_file(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, tr("lib.add_file"))[0]
        if path:
            self._guarded(lambda asset_id: attach_file(self.store, asset_id, Path(path)))

    def open_attachment(self, item: QListWidgetItem) -> Path | None:
        """Open with the system viewer (a known document type) or reveal it in the file
        manager (anything else). The copy lives in a fresh private folder under the
        cleaned real name: the viewer picks the application by the extension. A file only
        the team server has is downloaded first, off the main thread (returns None then;
        it opens when it is here)."""
        sha256, filename = item.data(256)
        if not stored_path(self.store, sha256).is_file() and item.data(258):
            self.downloader.start(sha256, filename, int(item.data(257) or 0),
                                  lambda: self._downloaded(sha256, filename))
            return None  # (a second click while it downloads does nothing more)
        return self._open(sha256, filename)

    def fetch_kept(self) -> None:
        """Download what was just kept offline now (the next sync would, later)."""
        self.downloader.fetch_kept(lambda: self.show_asset(self.asset_id), self.offline.not_downloaded)

    def _downloaded(self, sha256: str, filename: str) -> None:
        self.show_asset(self.asset_id)  # the "not downloaded" mark goes away
        self._open(sha256, filename)

    def _open(self, sha256: str, filename: str) -> Path | None:
        try:
            copy = copy_for_viewer(self.store, sha256, filename)
        except ValueKitError as exc:
            errors.report_exception(exc)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy.path if copy.openable else copy.folder)))
        return copy.path
