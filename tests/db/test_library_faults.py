"""Bad input and faults: each gets a clear message and loses nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.errors import LibraryError, ValidationError
from valuekit.library import assets as library
from valuekit.library import curation
from valuekit.library.attachments import attach_file
from valuekit.library.check import check_library
from valuekit.library.search import Query, search
from valuekit.library.transfer import import_records, records_from_csv


def _count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM assets").fetchone()[0]


def test_csv_with_a_broken_row_reports_row_and_field_and_imports_nothing(store: Store) -> None:
    text = ("title,format,language,importance,stage\n"
            "Good one,article,en,3,RL\n"
            "Bad one,article,en,9,RL\n")
    with pytest.raises(ValidationError) as err:
        import_records(store, records_from_csv(text))
    assert str(err.value).startswith("row 2, importance")
    assert _count(store) == 0


def test_csv_import_splits_tag_cells(store: Store) -> None:
    text = "title,format,language,stage,industry\n报价案例,case_study,zh,SQL;Rev,manufacturing\n"
    import_records(store, records_from_csv(text))
    asset = search(store, Query(text="报价")).assets[0]
    assert asset.tags["stage"] == ["SQL", "Rev"] and asset.tags["industry"] == ["manufacturing"]


def test_attachment_that_does_not_exist_is_refused(store: Store, tmp_path: Path) -> None:
    a = library.add_asset(store, {"title": "A", "format": "article"})
    with pytest.raises(ValidationError, match="does not exist"):
        attach_file(store, a.id, tmp_path / "nope.pdf")


def test_attachments_are_content_addressed_and_checked(store: Store, tmp_path: Path) -> None:
    a = library.add_asset(store, {"title": "A", "format": "article"})
    src = tmp_path / "deck.pdf"
    src.write_bytes(b"%PDF-1.4 demo")
    sha = attach_file(store, a.id, src)
    assert library.get_asset(store, a.id).attachments[0].filename == "deck.pdf"
    assert check_library(store).ok
    (store.files_dir / sha[:2] / sha).write_bytes(b"tampered")
    (store.files_dir / "stray.bin").write_bytes(b"x")
    report = check_library(store)
    assert not report.ok and report.corrupt_files == [sha] and report.extra_files == ["files/stray.bin"]


def test_read_only_library_folder_is_refused_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    Store.open(folder).close()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with Store.open(folder) as store:  # reading works; the first write says why not
            assert search(store, Query()).total == 0
            with pytest.raises(LibraryError, match="read-only"):
                library.add_asset(store, {"title": "A", "format": "article"})
    finally:
        folder.chmod(0o755)


def test_migration_takes_a_backup_first_and_rolls_back_on_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    import valuekit.db.store as store_module

    folder = tmp_path / "lib"
    first = Store.open(folder)
    library.add_asset(first, {"title": "keep me", "format": "article"})
    version = first.schema_version
    first.close()

    def broken(conn):  # a migration that fails halfway
        conn.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, SimpleNamespace(up=broken)])
    with pytest.raises(LibraryError, match="left at schema"):
        Store.open(folder)
    assert len(list(folder.glob("library.db.before-*.bak"))) == 1
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:-1])
    reopened = Store.open(folder)
    assert reopened.schema_version == version
    assert reopened.conn.execute("SELECT title FROM assets").fetchone()[0] == "keep me"
    assert not reopened.conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchone()
    reopened.close()


def test_rename_and_merge_tag_values_across_the_library(store: Store) -> None:
    # ("ICT" would now mean "ict": its label; a genuinely separate spelling is merged here)
    a = library.add_asset(store, {"title": "A", "format": "article", "tags": {"industry": ["infocomm"]}})
    b = library.add_asset(store, {"title": "B", "format": "article", "tags": {"industry": ["ict", "infocomm"]}})
    assert curation.merge_values(store, "industry", ["infocomm"], "ict") == 2
    assert library.get_asset(store, a.id).tags["industry"] == ["ict"]
    assert library.get_asset(store, b.id).tags["industry"] == ["ict"]
    curation.rename_value(store, "industry", "ict", "telecom")
    assert search(store, Query(facets={"industry": ["telecom"]})).total == 2


def test_closed_facet_rejects_unknown_value_in_bulk_tagging(store: Store) -> None:
    a = library.add_asset(store, {"title": "A", "format": "article"})
    with pytest.raises(ValidationError, match="allowed"):
        library.tag_assets(store, [a.id], "persona", ["ceo"])
    assert library.get_asset(store, a.id).tags == {"format": ["article"]}


def test_killed_in_the_middle_of_a_10k_import_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Store.open(folder).close()
    records = [{"title": f"资产 {n} 报价", "format": "article", "language": "zh",
                "tags": {"stage": ["SQL"]}} for n in range(10_000)]
    data = tmp_path / "big.json"
    data.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    # The child kills itself (SIGKILL, no clean-up) after 5,000 assets are written.
    script = textwrap.dedent(f"""
        import os, signal
        import valuekit.library.assets as lib
        from valuekit.library import transfer as assets_io
        from valuekit.db.store import Store
        real = lib.write_assets
        def dying(conn, items, replace=False):
            def gen():
                for n, item in enumerate(items):
                    if n == 5000:
                        os.kill(os.getpid(), signal.SIGKILL)
                    yield item
            return real(conn, gen(), replace=replace)
        assets_io.write_assets = dying
        store = Store.open({str(folder)!r})
        assets_io.import_records(store, assets_io.read_records({str(data)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], env=os.environ.copy())
    assert proc.returncode == -9
    store = Store.open(folder)
    assert _count(store) == 0
    assert check_library(store).ok
    store.close()
