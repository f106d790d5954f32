"""Dropping a file makes a draft asset with the file attached, or nothing at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.library.check import check_library
from valuekit.library.files import asset_from_file, guess_format


def test_file_becomes_an_asset_with_its_attachment(store: Store, tmp_path: Path) -> None:
    deck = tmp_path / "华东精密_方案演示.pptx"
    deck.write_bytes(b"PK deck")
    asset = asset_from_file(store, deck, creator="wang", tags={"stage": ["SQL"]})
    assert asset.title == "华东精密 方案演示"
    assert asset.format == "solution_deck"
    assert asset.tags["stage"] == ["SQL"]
    assert [a.filename for a in asset.attachments] == [deck.name]
    assert check_library(store).ok


def test_missing_file_creates_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is not a file"):
        asset_from_file(store, tmp_path / "gone.pdf")
    assert store.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0


def test_unknown_extension_is_an_article() -> None:
    assert guess_format("notes.xyz") == "article"
    assert guess_format("ROI.XLSX") == "roi_sheet"
