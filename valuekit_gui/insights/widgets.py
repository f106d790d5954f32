"""The small drawing widgets of Insights: a horizontal bar chart and a figure card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

ACCENT = QColor("#2f6fb0")


class BarChart(QWidget):
    """Horizontal bars with a label and a count each; sized to its rows."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, int]]) -> None:
        self.rows = rows
        self.setFixedHeight(max(1, len(rows)) * self.ROW + 4)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, max(1, len(self.rows)) * self.ROW + 4)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_w = max((metrics.horizontalAdvance(label) for label, _ in self.rows), default=0) + 12
        count_w = metrics.horizontalAdvance("000,000") + 8
        bar_w = max(10, self.width() - label_w - count_w)
        top = max((count for _, count in self.rows), default=0) or 1
        text_color = self.palette().color(self.foregroundRole())
        for n, (label, count) in enumerate(self.rows):
            y = 2 + n * self.ROW
            painter.setPen(text_color)
            painter.drawText(QRectF(0, y, label_w - 8, self.ROW), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, label)
            width = bar_w * count / top
            painter.fillRect(QRectF(label_w, y + 5, max(width, 1.5), self.ROW - 10),
                             ACCENT if count else QColor("#c9d3dd"))
            painter.drawText(QRectF(label_w + width + 6, y, count_w, self.ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{count:,}")
        painter.end()


class Card(QFrame):
    """One big number with its caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel("–")
        font = QFont(self.number.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
