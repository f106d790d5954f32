"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ui import errors


@pytest.fixture
def shown_errors() -> Iterator[list[str]]:
    """The messages the app would show in error dialogs (recorded instead of opening a
    modal box that would block the test)."""
    seen: list[str] = []
    previous = errors.set_dialog_hook(lambda kind, title, message, details: seen.append(message))
    yield seen
    errors.set_dialog_hook(previous)
