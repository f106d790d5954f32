"""Environment problems get the right message, with what to do, and no traceback:
locked, read-only file/folder/filesystem, not a database, empty file, bad --out."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.library import assets as library


def _run(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--library", str(folder), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_zero_byte_library_db_is_refused_not_silently_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.db").write_bytes(b"")
    result = _run(folder, "library", "search")
    assert result.exit_code == 1 and "empty file (0 bytes)" in result.output
    assert (folder / "library.db").stat().st_size == 0  # nothing was created over it


def test_not_a_database_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.db").write_bytes(b"hello, I am a text file\n" * 100)
    result = _run(folder, "library", "search")
    assert result.exit_code == 1 and "not an SQLite database" in result.output


def test_locked_database_is_reported_as_locked_not_as_not_a_database(lib: Path) -> None:
    holder = sqlite3.connect(lib / "library.db", isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE assets SET title = title")
    try:
        result = _run(lib, "library", "search")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and "locked by another program" in result.output
    assert "not an SQLite database" not in result.output


def test_rate_on_a_read_only_library_db_in_a_writable_folder_says_so(lib: Path) -> None:
    with Store.open(lib) as store:
        asset_id = store.conn.execute("SELECT id FROM assets").fetchone()[0]
    (lib / "library.db").chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        assert "报价模板" in _run(lib, "library", "search").output  # reading still works
        result = _run(lib, "library", "rate", asset_id, "4")
    finally:
        (lib / "library.db").chmod(0o644)
    assert result.exit_code == 1 and "read-only file" in result.output and "chmod" in result.output


def test_read_only_commands_leave_no_wal_or_shm_behind(lib: Path) -> None:
    for args in (("library", "search"), ("library", "check"), ("library", "export")):
        assert _run(lib, *args).exit_code == 0
        assert not (lib / "library.db-wal").exists() and not (lib / "library.db-shm").exists(), args


def test_read_only_filesystem_reads_and_names_the_filesystem_on_write(tmp_path: Path) -> None:
    mount = tmp_path / "stick"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        with Store.open(mount / "lib") as store:
            asset = library.add_asset(store, {"title": "报价模板", "format": "article"})
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        assert "报价模板" in _run(mount / "lib", "library", "search").output
        result = _run(mount / "lib", "library", "rate", asset.id, "4")
        assert result.exit_code == 1 and "read-only filesystem" in result.output
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize(("make_out", "expected"), [
    (lambda tmp: tmp, "is a folder"),
    (lambda tmp: tmp / "missing" / "x.json", "does not exist"),
    (lambda tmp: Path("/proc/valuekit-export.json"), "cannot write"),
])
def test_out_to_a_directory_missing_folder_or_forbidden_place_is_clear(
        lib: Path, tmp_path: Path, make_out: Callable[[Path], Path], expected: str) -> None:
    result = _run(lib, "library", "export", "--out", str(make_out(tmp_path)))
    assert result.exit_code == 1 and expected in result.output


def test_out_to_a_fifo_is_refused_and_an_import_from_dev_null_is_not_missing(lib: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = _run(lib, "library", "export", "--out", str(fifo))
    assert result.exit_code == 1 and "not a regular file" in result.output
    result = _run(lib, "library", "import", "/dev/null")
    assert result.exit_code == 1 and "not a regular file" in result.output and "does not exist" not in result.output


def test_a_library_killed_mid_write_with_a_hot_journal_opens(tmp_path: Path) -> None:
    """Found by the fault run (a restore killed mid-way): a database in rollback-journal
    mode killed inside a write leaves a hot -journal that must be rolled back (a write)
    before anyone can read; the read-only probe must not call that 'cannot open'."""
    import signal
    import sys

    folder = tmp_path / "lib"
    with Store.open(folder) as store:
        library.add_asset(store, {"title": "committed before", "format": "article"})
        store.conn.execute("PRAGMA journal_mode = DELETE")  # as a restored backup file is
    script = ("import os, signal, sqlite3\n"
              f"c = sqlite3.connect({str(folder / 'library.db')!r}, isolation_level=None)\n"
              "c.execute('PRAGMA cache_size = 1')\nc.execute('BEGIN IMMEDIATE')\n"
              "c.execute(\"UPDATE assets SET body = hex(randomblob(200000))\")\n"
              "c.execute(\"INSERT INTO facets(name, label_zh, label_en) SELECT name || 'x', 'a', 'b' FROM facets\")\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == -signal.SIGKILL
    assert (folder / "library.db-journal").exists()
    result = _run(folder, "library", "search")
    assert result.exit_code == 0 and "committed before" in result.output


def test_a_library_from_a_newer_valuekit_is_refused_without_creating_files(lib: Path) -> None:
    conn = sqlite3.connect(lib / "library.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = sorted(p.name for p in lib.iterdir())
    result = _run(lib, "library", "search")
    assert result.exit_code == 1 and "newer ValueKit" in result.output and "not changed" in result.output
    assert sorted(p.name for p in lib.iterdir()) == before  # no -wal/-shm left beside it
