"""The Qt binding must not leak references to None: PySide6 6.12.0 released None once
too often on every null return, and the app aborted after a few thousand such calls
(a table's empty cell, an unset property). pyproject pins below it; this keeps it so."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QTableWidget


def test_null_returns_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for _ in range(2000):
        table.item(0, 0)
        table.property("invalid")
    assert sys.getrefcount(None) > before - 100
