"""Choose the sales stages whose assets keep their attachment files downloaded, and see
what that costs: per stage and in all, files and bytes downloaded vs total. Opened from
the Library view ("Offline stages…"); the rules are ``valuekit.sync.offline``'s."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library.vocabulary import list_values
from valuekit.sync.offline import (
    kept_stages,
    offline_summary,
    set_offline,
    size_text,
    stage_name,
    stage_tallies,
)
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import add_strings, current_language, tr

add_strings({
    "offline.dialog_title": ("离线阶段", "Stages kept offline"),
    "offline.dialog_intro": (
        "勾选的阶段下的素材，其附件会在每次同步时下载，之后贴上该阶段标签的素材也一样。"
        "取消勾选会删除不再需要离线的已下载文件（服务器上仍有）。",
        "Assets with a checked stage — also assets that get the stage later — have their files"
        " downloaded at every sync. Unchecking removes downloaded files no longer needed offline"
        " (the team server keeps them)."),
    "offline.stage_row": ("{label} — {assets} 条素材，已下载 {here}/{files} 个文件（共 {bytes_total}）",
                          "{label} — {assets} assets, {here}/{files} files downloaded ({bytes_total} in all)"),
    "offline.summary": ("保持离线的合计：{assets} 条素材，已下载 {here}/{files} 个文件，{bytes_here} / {bytes_total}",
                        "Kept offline in all: {assets} assets, {here}/{files} files downloaded,"
                        " {bytes_here} of {bytes_total}"),
})


class OfflineDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("offline.dialog_title"))
        self.resize(520, 380)
        intro = QLabel(tr("offline.dialog_intro"), wordWrap=True)
        self.stages = QListWidget()
        self.summary = QLabel(wordWrap=True)
        self.summary.setObjectName("offline_summary")
        self.summary.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stages, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        lang = current_language()
        summary = offline_summary(self.store)
        tallies = stage_tallies(self.store)
        kept = set(kept_stages(self.store))
        self.stages.clear()
        for value in list_values(self.store.conn, "stage"):
            tally = tallies[value.value]
            text = tr("offline.stage_row", label=stage_name(value.label(lang), value.value, lang),
                      assets=tally.assets, here=tally.files_here, files=tally.files,
                      bytes_total=size_text(tally.bytes_total))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value.value in kept else Qt.CheckState.Unchecked)
            self.stages.addItem(item)
        t = summary.total
        self.summary.setText(tr("offline.summary", assets=t.assets, here=t.files_here, files=t.files,
                                bytes_here=size_text(t.bytes_here), bytes_total=size_text(t.bytes_total)))

    def chosen(self) -> list[str]:
        return [self.stages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.stages.count())
                if self.stages.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, stages: list[str]) -> None:
        for i in range(self.stages.count()):
            item = self.stages.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in stages
                               else Qt.CheckState.Unchecked)

    def accept(self) -> None:
        chosen = set(self.chosen())
        before = set(kept_stages(self.store))
        try:
            set_offline(self.store, [], sorted(chosen - before))
            set_offline(self.store, [], sorted(before - chosen), keep=False)
        except ValueKitError as exc:
            errors.report_exception(exc)
            return
        super().accept()
