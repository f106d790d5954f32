"""Usage reports: only what is new since the last report, never counted twice, and a
broken report refused before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library import assets as library
from valuekit.packs.usage_report import export_usage, import_usage


def test_overlapping_reports_count_each_record_once(store: Store, tmp_path: Path) -> None:
    a = library.add_asset(store, {"title": "案例", "format": "case_study", "language": "zh"})
    library.record_usage(store, a.id, stage="SQL", customer="甲")
    first = tmp_path / "1.vkusage"
    export_usage(store, first)
    library.record_usage(store, a.id, stage="Rev", customer="乙")
    library.rate_asset(store, a.id, 5, by="wang")
    everything = tmp_path / "all.vkusage"
    assert export_usage(store, everything, everything=True) == {"usage": 2, "ratings": 1}
    marketing = Store.open(tmp_path / "marketing")
    from valuekit.packs.export import export_pack
    from valuekit.packs.importer import import_pack

    export_pack(store, tmp_path / "p.vkpack")
    import_pack(marketing, tmp_path / "p.vkpack")
    result = import_usage(marketing, [first, everything, everything])
    assert result.usage_added == 2 and result.ratings_added == 1 and result.already_known == 4
    assert library.get_asset(marketing, a.id).usage_count == 2
    marketing.close()


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(format_version=9), "newer ValueKit"),
    (lambda d: d["usage"][0].update(stage="Closing"), "usage\\[0\\].stage"),
    (lambda d: d["ratings"].append({"id": "x", "asset_id": "y", "score": 5, "when": "t"}),
     "ratings\\[0\\].id: must be a UUID"),
    (lambda d: d.update(usage="lots"), "usage: must be a list"),
])
def test_broken_reports_are_refused_whole(store: Store, tmp_path: Path, change, reason: str) -> None:  # type: ignore[no-untyped-def]
    a = library.add_asset(store, {"title": "案例", "format": "case_study", "language": "zh"})
    library.record_usage(store, a.id, stage="SQL")
    out = tmp_path / "r.vkusage"
    export_usage(store, out, everything=True)
    doc = json.loads(out.read_text(encoding="utf-8"))
    change(doc)
    out.write_text(json.dumps(doc), encoding="utf-8")
    before = store.conn.execute("SELECT count(*) FROM usage").fetchone()[0]
    with pytest.raises(ValueKitError, match=reason):
        import_usage(store, [out])
    assert store.conn.execute("SELECT count(*) FROM usage").fetchone()[0] == before


def test_nan_in_a_report_is_refused(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "r.vkusage"
    out.write_text('{"format": "valuekit-usage", "format_version": NaN}', encoding="utf-8")
    with pytest.raises(ValueKitError, match="not a usage report"):
        import_usage(store, [out])


def test_since_a_date_reexports_without_moving_the_mark(store: Store, tmp_path: Path) -> None:
    a = library.add_asset(store, {"title": "案例", "format": "case_study", "language": "zh"})
    library.record_usage(store, a.id, stage="SQL", when="2026-03-02T09:00:00Z")
    library.record_usage(store, a.id, stage="Rev", when="2026-10-15T09:00:00Z")
    assert export_usage(store, tmp_path / "oct.vkusage", since="2026-10-01") == {"usage": 1, "ratings": 0}
    # the ordinary report after it still carries everything not yet reported
    assert export_usage(store, tmp_path / "next.vkusage") == {"usage": 2, "ratings": 0}
    with pytest.raises(ValueKitError, match="since: must be a date"):
        export_usage(store, tmp_path / "x.vkusage", since="last tuesday")
