"""Fixtures of the database tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.library import assets as library


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A library folder holding one asset, closed again (each test opens it as it needs)."""
    folder = tmp_path / "lib"
    with Store.open(folder) as store:
        library.add_asset(store, {"title": "报价模板", "format": "article"})
    return folder
