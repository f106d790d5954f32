"""The library screen's core calls: sidebar counts that are OR within a facet, an export
of the whole result that never leaves half a file, and assets from dropped files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.errors import ValidationError
from valuekit.library import assets as library
from valuekit.library.page import assets_from_files, export_result, sidebar_counts
from valuekit.library.search import Query, search_seqs
from valuekit.library.transfer import read_records


def counts_of(counts: dict, facet: str) -> dict[str, int]:  # type: ignore[type-arg]
    return {v["value"]: v["count"] for v in counts[facet]}


def test_a_checked_facet_still_offers_its_other_values(store: Store) -> None:
    load_demo(store)
    everything = counts_of(sidebar_counts(store, Query()), "format")
    checked = Query(facets={"format": ["case_study"]})
    formats = counts_of(sidebar_counts(store, checked), "format")
    # Adding "article" to the checked formats would add exactly the library's articles.
    assert formats == everything
    # Other facets are counted on the narrowed result.
    stages = counts_of(sidebar_counts(store, checked), "stage")
    assert sum(stages.values()) <= sum(counts_of(sidebar_counts(store, Query()), "stage").values())
    assert max(stages.values()) <= everything["case_study"]


def test_a_checked_value_that_matches_nothing_stays_listed(store: Store) -> None:
    load_demo(store)
    q = Query(text="zzzzqqq", facets={"stage": ["Rev"]})
    stages = sidebar_counts(store, q, lang="zh")["stage"]
    assert {"value": "Rev", "count": 0, "label": "成交回款 Rev"} in stages


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_writes_the_whole_result_in_order(store: Store, tmp_path: Path, suffix: str) -> None:
    load_demo(store)
    q = Query(facets={"stage": ["SQL"]}, sort="title", descending=False)
    total, seqs = search_seqs(store.conn, Query(facets=q.facets, sort="title", descending=False,
                                                limit=10**9))
    target = tmp_path / f"result{suffix}"
    assert export_result(store, q, target) == total
    records = read_records(target)
    titles = [a.title for a in library.load_assets(store.conn, seqs, with_body=False)]
    assert [r["title"] for r in records] == titles
    if suffix == ".json":
        assert json.loads(target.read_text(encoding="utf-8"))[0]["tags"]["stage"]
    else:
        assert "stage" in target.read_text(encoding="utf-8").splitlines()[0].split(",")


def test_a_failed_export_leaves_the_old_file(store: Store, tmp_path: Path) -> None:
    load_demo(store)
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")

    def stop(done: int, total: int, message: str = "") -> None:
        raise KeyboardInterrupt  # like a cancel, mid-way

    with pytest.raises(KeyboardInterrupt):
        export_result(store, Query(), target, progress=stop)
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "out.json"]


def test_files_become_assets_with_attachments(store: Store, tmp_path: Path) -> None:
    deck, sheet = tmp_path / "华东精密_ROI.pptx", tmp_path / "pricing.xlsx"
    deck.write_bytes(b"deck")
    sheet.write_bytes(b"sheet")
    ids = assets_from_files(store, [deck, sheet], creator="Lin", language="zh",
                            tags={"stage": ["SQL"], "industry": ["manufacturing"]},
                            formats={str(sheet): "battlecard"})
    a, b = (library.get_asset(store, i) for i in ids)
    assert (a.title, a.format, a.creator) == ("华东精密 ROI", "solution_deck", "Lin")
    assert a.tags["stage"] == ["SQL"] and a.tags["industry"] == ["manufacturing"]
    assert b.format == "battlecard" and b.attachments[0].filename == "pricing.xlsx"


def test_a_bad_file_creates_nothing(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "ok.pdf"
    good.write_bytes(b"%PDF")
    with pytest.raises(ValidationError, match=r"files\[1\]"):
        assets_from_files(store, [good, tmp_path])
    with pytest.raises(ValidationError, match="stage"):
        assets_from_files(store, [good], tags={"stage": ["Closing"]})
    assert search_seqs(store.conn, Query())[0] == 0
