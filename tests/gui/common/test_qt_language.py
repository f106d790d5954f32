"""Qt's own buttons follow the app's language: a Chinese window asks 是/否, not Yes/No."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from valuekit_gui.common.i18n import current_language, set_language


@pytest.fixture
def restore_language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def _button_texts(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    return [box.button(b).text() for b in (QMessageBox.StandardButton.Yes,
                                           QMessageBox.StandardButton.No)]


def test_message_box_buttons_follow_the_language(qtbot, restore_language) -> None:  # type: ignore[no-untyped-def]
    set_language("zh")
    yes, no = _button_texts(qtbot)
    assert "是" in yes and "否" in no
    set_language("en")
    assert [t.replace("&", "") for t in _button_texts(qtbot)] == ["Yes", "No"]
