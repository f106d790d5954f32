"""Looking at a library file before opening it for writing, and naming what is wrong.

A user who sees "is not an SQLite database" when the file is merely locked by another
program, or a silent new empty library when ``library.db`` is a 0-byte file, loses
trust (or data). Each environment problem gets its own message with what to do:
locked, read-only file, read-only filesystem, permission denied, empty file, not a
database, tables that do not match the recorded schema version.

The probe writes nothing: it opens the file read-only and immutable-free, reads
``user_version`` and the table names, and closes; it never leaves -wal/-shm behind."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from valuekit.errors import LibraryError
from valuekit.i18n import msg

# A table every migrated library has (m001); its absence at version ≥ 1, or its
# presence at version 0, means the version number does not describe the tables.
CORE_TABLE = "assets"


PROBE_WAIT_S = 2.0


def read_only_uri(db_path: Path) -> str:
    """A URI that opens ``db_path`` without writing anything. On a read-only filesystem
    nobody can change the file, so it is opened immutable (SQLite then needs no -shm)."""
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    return uri + "&immutable=1" if read_only_filesystem(db_path.parent) else uri


@dataclass(frozen=True)
class Probe:
    version: int
    tables: frozenset[str]


def read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # pragma: no cover - Windows has no statvfs
        return False


def _writable(path: Path) -> bool:
    # os.access alone says yes to root even on a file whose mode forbids writing; a file
    # with no write bit at all is meant to be read-only, so honour that too.
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def why_read_only(folder: Path, db_path: Path) -> LibraryError | None:
    """Why ValueKit could read but not write this library, named for what it is; None
    when it can write."""
    if read_only_filesystem(folder):
        return LibraryError(msg("library folder {folder} is on a read-only filesystem (a locked USB stick, a read-only mount): copy the library somewhere writable", folder=folder))
    if not _writable(folder):
        return LibraryError(msg("library folder {folder} is read-only: ValueKit needs write access (fix its permissions or copy the library somewhere writable)", folder=folder))
    if db_path.exists() and not _writable(db_path):
        return LibraryError(msg("{db_path} is a read-only file: ValueKit needs to write to it (fix its permissions, e.g. chmod u+w)", db_path=db_path))
    return None


def _classify(db_path: Path, exc: sqlite3.Error) -> LibraryError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LibraryError(msg("{db_path} is locked by another program (another ValueKit window, a sync tool or a backup): close it and try again", db_path=db_path))
    if "not a database" in text or "malformed" in text:
        return LibraryError(msg("{db_path} is not a ValueKit library: it is not an SQLite database ({exc})", db_path=db_path, exc=exc))
    return LibraryError(msg("cannot open {db_path}: {exc}", db_path=db_path, exc=exc))


def header_version(db_path: Path) -> int | None:
    """``user_version`` from the file header, read without locks or side files (an
    immutable read-only connection): refusing a library from a newer ValueKit this way
    creates no -wal/-shm beside it. None when the file is not an SQLite database (the full
    probe then says what it is). In WAL mode the header may lag behind committed changes,
    so only a version *above* ours is acted on.

    Never read the file with ``open()``: closing any descriptor of a file drops every
    POSIX lock this process holds on it — also those of the library's open connections —
    and another process closing its connection then believes it is the last one,
    checkpoints and deletes the -wal/-shm under ours (disk I/O errors, a corruption risk).
    SQLite's own file layer knows this and keeps such descriptors open while locks are
    held, so the read goes through SQLite."""
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _read(uri: str) -> tuple[frozenset[str], int]:
    conn = sqlite3.connect(uri, uri=True, timeout=PROBE_WAIT_S)
    try:
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
        return tables, int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def probe(db_path: Path) -> Probe:
    """Schema version and table names of an existing library file, or a LibraryError
    saying precisely why it cannot be used."""
    try:
        size = db_path.stat().st_size
    except PermissionError as exc:
        raise LibraryError(msg("permission denied reading {db_path}: ask its owner or fix its permissions", db_path=db_path)) from exc
    if not os.access(db_path, os.R_OK):
        raise LibraryError(msg("permission denied reading {db_path}: ask its owner or fix its permissions", db_path=db_path))
    if size == 0:
        raise LibraryError(msg("{db_path} is an empty file (0 bytes), not a library: restore it with `valuekit library restore BACKUP`, or delete it to start a new library", db_path=db_path))
    try:
        tables, version = _read(read_only_uri(db_path))
    except sqlite3.Error as exc:
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        if code != sqlite3.SQLITE_READONLY or why_read_only(db_path.parent, db_path) is not None:
            raise _classify(db_path, exc) from exc
        # A crash left a -wal that must be recovered before anyone can read, and recovery
        # writes: a read-write connection does it (SQLite's own crash recovery).
        try:
            tables, version = _read(db_path.resolve().as_uri() + "?mode=rw")
        except sqlite3.Error as again:
            raise _classify(db_path, again) from again
    if version == 0 and CORE_TABLE in tables:
        raise LibraryError(msg("{db_path} records schema version {version} but holds a library's tables: its version number was damaged; restore the latest backup with `valuekit library restore` (automatic ones are library.db.*.bak beside it)", db_path=db_path, version=version))
    if version > 0 and CORE_TABLE not in tables:
        raise LibraryError(msg("{db_path} records schema version {version} but has no library tables: it is not a ValueKit library or it was damaged", db_path=db_path, version=version))
    return Probe(version, tables)
