"""Team settings: what marketing and sales agree for their team (the SQL BANT minimum,
win probabilities per open stage, the large-deal threshold per currency). Stored in the
library (``valuekit.sales.settings``), so every seller on it works to the same standard."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.sales.settings import HUAWEI_MIN_CNY, OPEN_STAGES, get_settings, update_settings
from valuekit_gui.common.errors import user_message
from valuekit_gui.common.i18n import add_strings, tr
from valuekit_gui.common.marks import INVALID_STYLE, clear_invalid, mark_invalid
from valuekit_gui.sales.amounts import typed_amount

add_strings({
    "team.title": ("团队设置", "Team settings"),
    "team.sql_min": ("SQL 至少满足 BANT 的项数", "BANT items an SQL must meet"),
    "team.sql_hint": ("原文的常用标准是 3 项；市场和销售可以商定更严或更宽的标准。",
                      "The seeds' usual standard is 3; marketing and sales may agree a stricter or looser one."),
    "team.win": ("{stage} 阶段赢单概率", "Win probability at {stage}"),
    "team.large": ("华为五个销售动作的大单门槛", "Large-deal threshold for Huawei's five actions"),
    "team.large_hint": ("每行一个币种，如 USD=140000；人民币默认是原文的 1,000,000。",
                        "One currency each, e.g. USD=140000; CNY defaults to the seeds' 1,000,000."),
})


class TeamSettingsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setStyleSheet(INVALID_STYLE)
        self.setWindowTitle(tr("team.title"))
        settings = get_settings(store)
        form = QFormLayout(self)
        self.sql_min = QSpinBox()
        self.sql_min.setRange(1, 4)
        self.sql_min.setValue(settings.sql_bant_min)
        form.addRow(tr("team.sql_min"), self.sql_min)
        form.addRow("", QLabel(tr("team.sql_hint"), wordWrap=True))
        self.win = {s: QLineEdit(f"{settings.win_probability[s]:g}") for s in OPEN_STAGES}
        for stage, edit in self.win.items():
            form.addRow(tr("team.win", stage=stage), edit)
        thresholds = {"CNY": HUAWEI_MIN_CNY, **settings.large_deal_min}
        self.large = QLineEdit("; ".join(f"{c}={v:g}" for c, v in sorted(thresholds.items())))
        form.addRow(tr("team.large"), self.large)
        form.addRow("", QLabel(tr("team.large_hint"), wordWrap=True))
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("QLabel { color: #a32020; }")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _pairs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in self.large.text().replace("\n", ";").split(";"):
            if part.strip():
                cur, _, amount = part.partition("=")
                out[cur.strip()] = typed_amount(amount)
        return out

    def save(self) -> bool:
        """Store the settings; a refused value is marked and nothing is stored."""
        clear_invalid(self)
        self.error.hide()
        try:
            update_settings(self.store, sql_bant_min=self.sql_min.value(),
                            win_probability={s: typed_amount(e.text()) for s, e in self.win.items()},
                            large_deal_min=self._pairs())
        except ValidationError as exc:
            stage = exc.field.removeprefix("win_probability.")
            mark_invalid(self.win.get(stage, self.large), user_message(exc))
            self.error.setText(user_message(exc))
            self.error.show()
            return False
        self.accept()
        return True
