"""A funnel chart: one centred bar per stage, narrowing from raw leads to deals."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

COLORS = ("#9cc3e6", "#6fa3d6", "#3f7fc0", "#2f5f96")


class FunnelChart(QWidget):
    """Rows of (label, count); widths on a log scale so 800 leads and 12 deals both show."""

    ROW = 46

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(320)

    def set_rows(self, rows: list[tuple[str, int]]) -> None:
        self.rows = rows
        self.setFixedHeight(max(1, len(rows)) * self.ROW + 8)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, max(1, len(self.rows)) * self.ROW + 8)

    def widths(self, full: float) -> list[float]:
        top = max((n for _, n in self.rows), default=1)
        scale = math.log10(top + 1) or 1.0
        return [max(0.18, math.log10(n + 1) / scale) * full for _, n in self.rows]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        full = self.width() - 8
        widths = self.widths(full)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        centre = self.width() / 2
        for i, ((label, count), width) in enumerate(zip(self.rows, widths, strict=True)):
            below = widths[i + 1] if i + 1 < len(widths) else width * 0.8
            top = 4 + i * self.ROW
            shape = QPolygonF([QPointF(centre - width / 2, top), QPointF(centre + width / 2, top),
                               QPointF(centre + below / 2, top + self.ROW - 4),
                               QPointF(centre - below / 2, top + self.ROW - 4)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(COLORS[min(i, len(COLORS) - 1)]))
            painter.drawPolygon(shape)
            painter.setPen(QColor("#ffffff") if i >= 2 else QColor("#13263a"))
            painter.drawText(QRectF(0, top, self.width(), self.ROW - 4), Qt.AlignmentFlag.AlignCenter,
                             f"{label}  {count:,}")
        painter.end()
