"""Open a library folder: SQLite, migrations, transactions, backups.

A library is a folder holding ``library.db`` and ``files/`` (attachments). Opening
one applies pending numbered migrations, each in its own transaction, after an
online backup of the database; a database written by a newer ValueKit is refused
before anything is written to it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from valuekit.db.migrations import MIGRATIONS
from valuekit.errors import LibraryError
from valuekit.i18n import msg

DB_NAME = "library.db"
FILES_DIR = "files"
BUSY_TIMEOUT_MS = 5000


def utc_now() -> str:
    """The current time as the ISO-8601 UTC string every table stores."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _folder_is_writable(folder: Path) -> bool:
    # os.access alone says yes to root even on a folder whose mode forbids writing;
    # a folder with no write bit at all is meant to be read-only, so honour that too.
    mode = folder.stat().st_mode
    return os.access(folder, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _read_schema_version(db_path: Path) -> int:
    """Read ``user_version`` without writing anything (a read-only connection)."""
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - permissions race
        raise LibraryError(msg("cannot open {db_path}: {exc}", db_path=db_path, exc=exc)) from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise LibraryError(
            msg("{db_path} is not a ValueKit library: it is not an SQLite database ({exc})", db_path=db_path, exc=exc)
        ) from exc
    finally:
        conn.close()


@dataclass
class IntegrityReport:
    """What ``valuekit library check`` found."""

    sqlite_ok: bool
    sqlite_messages: list[str] = field(default_factory=list)
    foreign_key_problems: int = 0
    missing_files: list[str] = field(default_factory=list)
    corrupt_files: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.sqlite_ok
            and not self.foreign_key_problems
            and not self.missing_files
            and not self.corrupt_files
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "sqlite_ok": self.sqlite_ok,
            "sqlite_messages": self.sqlite_messages,
            "foreign_key_problems": self.foreign_key_problems,
            "missing_files": self.missing_files,
            "corrupt_files": self.corrupt_files,
            "extra_files": self.extra_files,
        }


class Store:
    """An open library: one SQLite connection plus the attachment folder."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        self.path = folder
        self.conn = conn
        self._depth = 0

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
        if db_path.exists():
            version = _read_schema_version(db_path)
            if version > latest:
                raise LibraryError(
                    msg("{db_path} was written by a newer ValueKit (schema {version}, this version knows up to {latest}); update ValueKit to open it — the library was not changed", db_path=db_path, version=version, latest=latest)
                )
        else:
            version = 0
        if not _folder_is_writable(folder):
            raise LibraryError(
                msg("library folder {folder} is read-only: ValueKit needs write access (fix its permissions or copy the library somewhere writable)", folder=folder)
            )
        try:
            # sqlite3's default check_same_thread=True: every thread opens its own connection
            # (the GUI's workers: valuekit_gui/common/tasks.py), so sharing one is an error
            conn = sqlite3.connect(db_path, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            raise LibraryError(msg("cannot open {db_path}: {exc}", db_path=db_path, exc=exc)) from exc
        store = cls(folder, conn)
        try:
            store._migrate(version)
        except BaseException:
            conn.close()
            raise
        return store

    def _migrate(self, current: int) -> None:
        pending = [(n, m) for n, m in enumerate(MIGRATIONS, start=1) if n > current]
        if not pending:
            return
        if current > 0:
            stamp = utc_now().replace(":", "").replace("-", "")
            self.backup(self.path / f"library.db.before-v{len(MIGRATIONS)}-{stamp}.bak")
        for number, migration in pending:
            # One transaction per migration: DDL is transactional in SQLite, so a
            # failure leaves the library at the previous version.
            with self.transaction():
                migration.up(self.conn)
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
        if self._depth == 0:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise LibraryError(msg("cannot write to the library: {exc}", exc=exc)) from exc
        else:
            self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self.conn.execute("ROLLBACK")
                raise LibraryError(msg("cannot write to the library: {exc}", exc=exc)) from exc
        else:
            self.conn.execute(f"RELEASE {name}")

    # -- backup and check --------------------------------------------------------
    def backup(self, dest: Path | str) -> Path:
        """Copy the database with SQLite's online backup API (consistent while in use).

        ``dest`` may be a file path or an existing folder; with a folder, the whole
        library (database and attachments) is copied into ``dest/<name>``.
        """
        dest = Path(dest).expanduser()
        if dest.is_dir():
            target = dest / self.path.name
            if target.exists():
                raise LibraryError(msg("backup destination {target} already exists", target=target))
            target.mkdir(parents=True)
            self._copy_files(target / FILES_DIR)
            db_target = target / DB_NAME
        else:
            if dest.exists():
                raise LibraryError(msg("backup destination {dest} already exists", dest=dest))
            dest.parent.mkdir(parents=True, exist_ok=True)
            db_target = dest
            target = dest
        out = sqlite3.connect(db_target)
        try:
            self.conn.backup(out)
        finally:
            out.close()
        return target

    def _copy_files(self, target: Path) -> None:
        shutil.copytree(self.files_dir, target)

    def check_database(self) -> IntegrityReport:
        """SQLite integrity and foreign keys; ``valuekit.library.check`` adds the files."""
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        report = IntegrityReport(sqlite_ok=rows == ["ok"], sqlite_messages=[] if rows == ["ok"] else rows)
        report.foreign_key_problems = len(self.conn.execute("PRAGMA foreign_key_check").fetchall())
        return report
