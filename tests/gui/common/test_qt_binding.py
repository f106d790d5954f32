"""The Qt binding must not leak references to None: PySide6 6.12.0 released None once
too often on every null return, and on Python 3.11 the app aborted after a few thousand
such calls (a table's empty cell, an unset property). pyproject pins below it.

From Python 3.12 None is immortal: its reference count is a constant, so counting cannot
show the bug there (and the extra release is harmless). The second test checks the pin
itself against the binding actually installed, on every Python."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from PySide6.QtWidgets import QTableWidget

NULL_CALLS = 2000  # two null returns per round: a leak of one per call loses 4000 references


@pytest.mark.skipif(sys.version_info >= (3, 12),
                    reason="None is immortal from Python 3.12; its reference count is fixed")
def test_null_returns_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for _ in range(NULL_CALLS):
        assert table.item(0, 0) is None
        assert table.property("invalid") is None
    # other code may take or drop a few references meanwhile; an over-release per call
    # would lose 2 * NULL_CALLS of them
    assert sys.getrefcount(None) > before - 100


def test_installed_binding_is_below_the_broken_release() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text("utf-8"))
    pin = next(Requirement(d) for d in pyproject["project"]["dependencies"]
               if re.match(r"PySide6-Essentials\b", d))
    assert "6.12.0" not in pin.specifier, "the pin must exclude the release that over-releases None"
    installed = version("PySide6-Essentials")
    assert installed in pin.specifier, f"PySide6-Essentials {installed} is outside {pin.specifier}"
