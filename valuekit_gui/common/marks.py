"""Marking the widget that holds a field the core refused (red border + the message as
tooltip, styled by INVALID_STYLE), and clearing those marks: one way for every form."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

INVALID_STYLE = "*[invalid=\"true\"] { border: 1px solid #c0392b; background: #fdecea; }"


def mark_invalid(widget: QWidget, tip: str) -> None:
    widget.setProperty("invalid", True)
    widget.setToolTip(tip)
    widget.style().polish(widget)


def clear_invalid(root: QWidget) -> None:
    for widget in root.findChildren(QWidget):
        if widget.property("invalid"):
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            widget.style().polish(widget)
