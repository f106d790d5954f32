"""Open a library folder: SQLite, migrations, transactions, backups.

A library is a folder holding ``library.db`` and ``files/`` (attachments). Opening
one applies pending numbered migrations, each in its own transaction, after an
online backup of the database; a database written by a newer ValueKit is refused
before anything is written to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from valuekit.db.integrity import IntegrityReport, check_database
from valuekit.db.migrations import MIGRATIONS
from valuekit.db.probe import _classify, header_version, probe, read_only_uri, why_read_only
from valuekit.db.snapshots import auto_backup
from valuekit.errors import LibraryError, ValueKitError
from valuekit.fileio import disk_full
from valuekit.i18n import msg

DB_NAME = "library.db"
FILES_DIR = "files"
BUSY_TIMEOUT_MS = 5000
# A second process opening an old library waits this long for the first one's upgrade.
MIGRATION_WAIT_MS = 120_000

__all__ = ["DB_NAME", "FILES_DIR", "IntegrityReport", "Store", "utc_now"]


def _write_error(folder: Path, exc: sqlite3.Error) -> ValueKitError:
    """A failed write named for what it is: disk full, read-only, locked, or SQLite's words."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or "database or disk is full" in text:
        return disk_full(folder, 0)
    if code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return LibraryError(msg("cannot write to the library in {folder}: the database or its folder is read-only (fix the permissions or copy the library somewhere writable)", folder=folder))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return LibraryError(msg("the library in {folder} is locked by another program (another ValueKit window, a sync tool or a backup): close it and try again", folder=folder))
    return LibraryError(msg("cannot write to the library: {exc}", exc=exc))


def _environmental(exc: sqlite3.Error) -> bool:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    return code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_BUSY,
                    sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR) or "disk is full" in str(exc)


def utc_now() -> str:
    """The current time as the ISO-8601 UTC string every table stores."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Store:
    """An open library: one SQLite connection plus the attachment folder."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.path = folder
        self.conn = conn
        self._depth = 0
        # why this library can only be read (read-only file, folder or filesystem), or None
        self.read_only: LibraryError | None = None

    def check_database(self) -> IntegrityReport:
        """SQLite integrity, the full-text index and foreign keys (never dies on a
        malformed page); ``valuekit.library.check`` adds the files."""
        return check_database(self.conn)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | str) -> Store:
        """Open (creating if needed) the library in ``folder`` and bring its schema up to date."""
        folder = Path(folder).expanduser()
        if folder.exists() and not folder.is_dir():
            raise LibraryError(msg("library path {folder} is a file, not a folder", folder=folder))
        try:
            (folder / FILES_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(msg("cannot create library folder {folder}: {strerror}", folder=folder, strerror=exc.strerror)) from exc
        db_path = folder / DB_NAME
        latest = len(MIGRATIONS)
        if not db_path.exists():
            version = 0
        else:
            head = header_version(db_path)
            # a newer library is refused from its header alone: nothing opened, nothing created
            version = head if head is not None and head > latest else probe(db_path).version
        if version > latest:
            raise LibraryError(
                msg("{db_path} was written by a newer ValueKit (schema {version}, this version knows up to {latest}); update ValueKit to open it — the library was not changed", db_path=db_path, version=version, latest=latest)
            )
        read_only = why_read_only(folder, db_path)
        if read_only is not None and (version < latest or not db_path.exists()):
            raise read_only  # it would need writing (create or upgrade) before any use
        try:
            # sqlite3's default check_same_thread=True: every thread opens its own connection
            # (the GUI's workers: valuekit_gui/common/tasks.py), so sharing one is an error
            if read_only is not None:
                # reading still works (search, show, export, check); every write says why not
                conn = sqlite3.connect(read_only_uri(db_path), uri=True, isolation_level=None)
            else:
                conn = sqlite3.connect(db_path, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if read_only is None:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise _classify(db_path, exc) from exc
        store = cls(folder, conn)
        store.read_only = read_only
        try:
            store._migrate(version)
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self, current: int) -> None:
        """Bring the schema up to date under the write lock.

        Two processes opening an old library at once serialise here: the second waits
        for the lock, re-reads the version and finds nothing left to do. Each migration
        and its version bump commit together, so a failure leaves the library at the
        last complete version (with the automatic backup taken first)."""
        if current >= len(MIGRATIONS):
            return
        self.conn.execute(f"PRAGMA busy_timeout = {MIGRATION_WAIT_MS}")
        try:
            self._run_migrations()
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _run_migrations(self) -> None:
        if self.schema_version > 0:
            # outside the write transaction: SQLite's backup cannot read a database its
            # own connection is writing; another process migrating meanwhile is harmless
            auto_backup(self.conn, self.path / DB_NAME, f"before-v{len(MIGRATIONS)}")
        for number, migration in enumerate(MIGRATIONS, start=1):
            with self.transaction():
                # re-read under the lock: another process may have migrated meanwhile
                if self.schema_version >= number:
                    continue
                try:
                    migration.up(self.conn)
                except (sqlite3.Error, ValueError, RuntimeError, KeyError, TypeError) as exc:
                    raise LibraryError(msg("upgrading the library to schema {number} failed ({exc}); it was left at schema {version}, and a backup was taken first", number=number, exc=exc, version=number - 1)) from exc
                self.conn.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def files_dir(self) -> Path:
        return self.path / FILES_DIR

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside happen together or not at all.

        The outermost level takes the write lock up front (BEGIN IMMEDIATE) so two
        processes never interleave half-done edits; nested levels are savepoints.
        """
        name = f"vk_{self._depth}"
        if self.read_only is not None:
            raise self.read_only
        if self._depth == 0:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _write_error(self.path, exc) from exc
        else:
            self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._depth -= 1
            self._undo(name)
            if _environmental(exc):
                # disk full, read-only, locked: the user's problem to fix, not a bug
                raise _write_error(self.path, exc) from exc
            raise
        except BaseException:
            self._depth -= 1
            self._undo(name)
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._undo(name)
                raise _write_error(self.path, exc) from exc
        else:
            self.conn.execute(f"RELEASE {name}")

    def _undo(self, name: str) -> None:
        """Roll back what is still open, never masking the error that got us here: on
        SQLITE_FULL or IOERR SQLite may already have rolled the transaction back."""
        if not self.conn.in_transaction:
            return
        try:
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
        except sqlite3.Error:
            pass  # the original error is what the user needs to see
