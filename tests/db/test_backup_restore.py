"""Backup and restore like Zotero/Anki, and migrations that cannot race (issue 12)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from valuekit.cli import main
from valuekit.db.migrations import MIGRATIONS
from valuekit.db.store import Store
from valuekit.errors import LibraryError
from valuekit.library import assets as library
from valuekit.library import backup as backup_module
from valuekit.library.attachments import attach_file
from valuekit.library.backup import backup_library, restore_library
from valuekit.library.check import check_library


def _titles(folder: Path) -> list[str]:
    with Store.open(folder) as store:
        return [r[0] for r in store.conn.execute("SELECT title FROM assets ORDER BY title")]


def _attach(store: Store, asset_id: str, folder: Path, name: str, size: int = 50_000) -> str:
    path = folder / name
    path.write_bytes(os.urandom(size))
    return attach_file(store, asset_id, path)


def test_restore_does_not_replay_the_stale_wal_and_keeps_the_current_aside(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    store = Store.open(lib)
    library.add_asset(store, {"title": "before backup", "format": "article"})
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    made = backup_library(store, backup_dir).path
    library.add_asset(store, {"title": "after backup", "format": "article"})
    # another window keeps the library open, so its -wal holds the post-backup edit
    other = sqlite3.connect(lib / "library.db")
    other.execute("SELECT count(*) FROM assets").fetchone()
    store.close()
    assert (lib / "library.db-wal").exists()
    other.close()
    result = CliRunner().invoke(main, ["--library", str(lib), "library", "restore", str(made), "--yes"])
    assert result.exit_code == 0, result.output
    assert _titles(lib) == ["before backup"]
    aside = next(lib.glob("library.db.before-restore-*"))
    kept = sqlite3.connect(aside)
    assert sorted(r[0] for r in kept.execute("SELECT title FROM assets")) == ["after backup", "before backup"]
    kept.close()
    with Store.open(lib) as restored:
        assert check_library(restored).ok


def test_restore_brings_back_attachments_and_refuses_a_damaged_backup(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    store = Store.open(lib)
    asset = library.add_asset(store, {"title": "deck", "format": "article"})
    sha = _attach(store, asset.id, tmp_path, "deck.pdf")
    made = backup_library(store, tmp_path).path
    store.close()
    (lib / "files" / sha[:2] / sha).unlink()
    restore_library(lib, made)
    with Store.open(lib) as restored:
        assert check_library(restored).ok
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    with pytest.raises(LibraryError):
        restore_library(lib, broken)
    assert _titles(lib) == ["deck"]


def test_backup_during_writes_copies_exactly_what_its_snapshot_references(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(tmp_path / "lib")
    asset = library.add_asset(store, {"title": "deck", "format": "article"})
    _attach(store, asset.id, tmp_path, "one.pdf")
    real_snapshot = backup_module.snapshot

    def snapshot_then_someone_attaches(conn: sqlite3.Connection, target: Path) -> Path:
        made = real_snapshot(conn, target)
        _attach(store, asset.id, tmp_path, "two.pdf")  # added after the snapshot
        return made

    monkeypatch.setattr(backup_module, "snapshot", snapshot_then_someone_attaches)
    out = tmp_path / "out"
    out.mkdir()
    made = backup_library(store, out)
    assert made.attachments == 1 and not made.missing
    with Store.open(made.path) as copy:
        report = check_library(copy)
        assert report.ok and report.extra_files == []
    store.close()


def test_backup_into_the_library_itself_is_refused(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    Store.open(lib).close()
    result = CliRunner().invoke(main, ["--library", str(lib), "library", "backup", str(lib / "files")])
    assert result.exit_code == 1 and "into the library itself" in result.output
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert [p.name for p in (lib / "files").iterdir()] == []


def test_backup_of_the_same_second_never_collides(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib")
    out = tmp_path / "out"
    out.mkdir()
    first, second = backup_library(store, out).path, backup_library(store, out).path
    assert first != second and first.is_dir() and second.is_dir()
    store.close()


def test_automatic_backups_rotate_keeping_the_last_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from valuekit.db.snapshots import auto_backup

    monkeypatch.setenv("VALUEKIT_KEEP_BACKUPS", "3")
    store = Store.open(tmp_path / "lib")
    for _ in range(5):
        auto_backup(store.conn, store.path / "library.db", "before-repair")
    assert len(list(store.path.glob("library.db.*.bak"))) == 3
    store.close()


def _old_library(folder: Path) -> None:
    """A library one migration behind the current schema."""
    script = textwrap.dedent(f"""
        import valuekit.db.store as s
        s.MIGRATIONS = s.MIGRATIONS[:-1]
        s.Store.open({str(folder)!r}).close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True)


def test_two_processes_opening_an_old_library_serialise(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    _old_library(folder)
    script = f"from valuekit.db.store import Store; s = Store.open({str(folder)!r}); print(s.schema_version)"
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [out.decode().strip() for out, _ in outputs] == [str(len(MIGRATIONS))] * 2
    assert len(list(folder.glob("library.db.before-*.bak"))) in (1, 2)  # distinct names, no clash


def test_user_version_zero_on_a_live_library_is_refused_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Store.open(folder) as store:
        library.add_asset(store, {"title": "keep", "format": "article"})
        store.conn.execute("PRAGMA user_version = 0")
    result = CliRunner().invoke(main, ["--library", str(folder), "library", "search"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "schema version 0" in result.output and "library restore" in result.output
