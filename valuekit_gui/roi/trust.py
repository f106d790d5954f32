"""What a CFO asks before the figures: the conservative–optimistic range with the
expected figure, the break-even statement, how much of the value rests on the customer's
own numbers, the red flags (each acknowledged with a reason or fixed) and the drivers
still left out because an input is missing. Everything comes from ``roi compute``'s
result; acknowledging a flag asks for the reason and hands it to the view to store with
the case."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valuekit.roi.types import RoiResultJSON
from valuekit_gui.common.i18n import add_strings, tr

add_strings({
    "roi.trust": ("可信度", "Trust"),
    "roi.flags": ("红旗（只给销售看，不进客户 PDF）", "Red flags (seller only, never on the customer's PDF)"),
    "roi.no_flags": ("没有红旗", "No red flags"),
    "roi.ack": ("确认…", "Acknowledge…"),
    "roi.ack_title": ("确认红旗", "Acknowledge a red flag"),
    "roi.ack_prompt": ("为什么这个数字成立？（理由会随测算保存）",
                       "Why does this number stand? (the reason is stored with the case)"),
    "roi.acked": ("已确认：{reason}", "Acknowledged: {reason}"),
    "roi.advisory": ("提示", "advice"),
    "roi.incomplete": ("尚不完整（未计入数字）", "Incomplete (left out of the figures)"),
})


class TrustPanel(QWidget):
    acknowledge = Signal(str, str, str)  # code, field, reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.range = QLabel(wordWrap=True)
        self.range.setObjectName("range")
        self.range.setStyleSheet("font-size: 15px; font-weight: bold; color: #1f4e79;")
        self.break_even = QLabel(wordWrap=True)
        self.confidence = QLabel(wordWrap=True)
        self.confidence.setObjectName("confidence")
        self.flags_box = QGroupBox()
        self.flags = QGridLayout(self.flags_box)
        self.incomplete_box = QGroupBox()
        self.incomplete = QLabel(wordWrap=True)
        QVBoxLayout(self.incomplete_box).addWidget(self.incomplete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.range, self.break_even, self.confidence, self.incomplete_box, self.flags_box):
            layout.addWidget(w)
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        self.show_result(None)

    def show_result(self, result: RoiResultJSON | None) -> None:
        self.flags_box.setTitle(tr("roi.flags"))
        self.incomplete_box.setTitle(tr("roi.incomplete"))
        while self.flags.count():
            item = self.flags.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self.setVisible(result is not None)
        if result is None:
            for label in (self.range, self.break_even, self.confidence):
                label.clear()
            return
        head = result["headline"]
        self.range.setText(head["range"])
        self.break_even.setText(head["break_even"])
        self.confidence.setText(head["confidence"])
        incomplete = result["incomplete"]
        self.incomplete_box.setVisible(bool(incomplete))
        self.incomplete.setText("<br>".join(f"• {escape(d['name'] or '—')}: {escape(d['needs'])}"
                                            for d in incomplete))
        warnings = result["warnings"]
        if not warnings:
            self.flags.addWidget(QLabel(tr("roi.no_flags")), 0, 0)
        for row, w in enumerate(warnings):
            ack = w["acknowledged"]
            colour = "#1e8449" if ack else "#c0392b" if w["blocking"] else "#b7791f"
            text = f"<span style='color:{colour}'>{'✔' if ack else '⚑'}</span> {escape(w['message'])}"
            if ack:
                text += f"<br><small>{escape(tr('roi.acked', reason=ack['reason']))}</small>"
            elif not w["blocking"]:
                text += f" <small>({escape(tr('roi.advisory'))})</small>"
            message = QLabel(text, wordWrap=True)
            message.setObjectName(f"flag_{w['code']}")
            self.flags.addWidget(message, row, 0)
            if w["blocking"]:
                button = QPushButton(tr("roi.ack"))
                button.setObjectName(f"ack_{w['code']}")
                button.clicked.connect(lambda _=False, c=w["code"], f=w["field"]: self._ask(c, f))
                self.flags.addWidget(button, row, 1)
                self.buttons[(w["code"], w["field"])] = button
        self.flags.setColumnStretch(0, 1)

    def _ask(self, code: str, field: str, reason: str | None = None) -> None:
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("roi.ack_title"), tr("roi.ack_prompt"),
                                              QLineEdit.EchoMode.Normal, "")
            if not ok:
                return
        if reason.strip():
            self.acknowledge.emit(code, field, reason.strip())
