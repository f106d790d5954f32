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


class DraftQuestions:
    """The unsaved-edits questions asked (kind, text) and the answers to give next."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answers: list[bool] = []

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture(autouse=True)
def draft_questions() -> Iterator[DraftQuestions]:
    """The unsaved-edits questions the app would ask (valuekit_gui.common.drafts),
    recorded and answered "yes" (discard / restore) instead of a modal box; a test that
    wants "no" appends False to ``answers``."""
    from valuekit_gui.common import drafts

    questions = DraftQuestions()

    def answer(kind: str, title: str, text: str) -> bool:
        questions.asked.append((kind, text))
        return questions.answers.pop(0) if questions.answers else True

    previous = drafts.set_question_hook(answer)
    yield questions
    drafts.set_question_hook(previous)
