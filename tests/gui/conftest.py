"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QWidget

from valuekit_gui.common import errors


@pytest.fixture
def shown_errors() -> Iterator[list[str]]:
    """The messages the app would show in error dialogs (recorded instead of opening a
    modal box that would block the test)."""
    seen: list[str] = []
    previous = errors.set_dialog_hook(lambda kind, title, message, details: seen.append(message))
    yield seen
    errors.set_dialog_hook(previous)


@pytest.fixture
def release(qtbot) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    """Delete a widget now and wait until it is gone. The ``store`` fixture closes the
    library before pytest-qt closes widgets, so a view must go first: answers still on
    their way from background tasks are then dropped with it, and a later test's language
    switch cannot reach a view whose library is closed."""

    def delete(widget: QWidget) -> None:
        gone: list[bool] = []
        widget.destroyed.connect(lambda *_: gone.append(True))
        widget.close()
        widget.deleteLater()
        qtbot.waitUntil(lambda: bool(gone), timeout=5000)

    return delete
