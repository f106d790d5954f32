"""Fixtures for the library screen's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit_gui.common.i18n import set_language
from valuekit_gui.library.view import LibraryView


@pytest.fixture
def demo_view(qtbot, store: Store, release) -> Iterator[LibraryView]:  # type: ignore[no-untyped-def]
    """The library screen, in English, over the demo library, its first search landed."""
    set_language("en")
    load_demo(store)
    widget = LibraryView(store)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    yield widget
    release(widget)
