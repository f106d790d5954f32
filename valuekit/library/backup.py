"""Backing a library up and restoring it, the way Zotero and Anki do.

Backup: the database is snapshotted first (SQLite's online backup API, consistent while
the library is in use), then exactly the attachment files *that snapshot* references
are copied and checked against their hashes — so an attachment added meanwhile is
neither referenced nor missing. The backup is built in a hidden folder and renamed into
place when verified; a destination inside the library is refused.

A synced library holds attachments that were never downloaded (the team server has
them; see ``remote_files``): backup skips those and says how many, restore accepts a
backup without them — they download again on demand.

Restore: the current database is kept aside as ``library.db.before-restore-<time>``,
the backup's attachments are copied in first (adding files is harmless), stale
``-wal``/``-shm`` files are removed so SQLite cannot replay the old journal over the
restored file, the database is swapped in with one rename, and the result is checked.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from valuekit.db.probe import probe
from valuekit.db.snapshots import snapshot
from valuekit.db.store import DB_NAME, FILES_DIR, Store
from valuekit.errors import LibraryError
from valuekit.fileio import CopyMismatch, copy_atomic, copy_locked_database, ensure_space, os_error
from valuekit.i18n import msg
from valuekit.library.attachments import file_sha256
from valuekit.library.remote_files import server_files


@dataclass
class BackupResult:
    path: Path
    attachments: int
    bytes_copied: int
    missing: list[str] = field(default_factory=list)
    # not downloaded to this laptop; the team server holds them (not a loss)
    on_server: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "attachments": self.attachments,
                "bytes_copied": self.bytes_copied, "missing": self.missing,
                "on_server": self.on_server}


@dataclass
class RestoreResult:
    library: Path
    kept_aside: Path | None
    attachments_copied: int
    ok: bool

    def as_dict(self) -> dict[str, object]:
        return {"library": str(self.library), "kept_aside": str(self.kept_aside) if self.kept_aside else None,
                "attachments_copied": self.attachments_copied, "ok": self.ok}


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _referenced(db_path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [(str(r[0]), int(r[1] or 0)) for r in
                conn.execute("SELECT sha256, max(size) FROM attachments GROUP BY sha256 ORDER BY sha256")]
    finally:
        conn.close()


def _remote(db_path: Path, files: list[tuple[str, int]], present: Callable[[str], bool]) -> set[str]:
    """Of the referenced files not ``present``, those the team server holds, by the sync
    bookkeeping in this database."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return server_files(conn, [sha for sha, _ in files if not present(sha)])
    finally:
        conn.close()


def _copy_attachments(files: list[tuple[str, int]], source: Path, target: Path) -> tuple[int, int, list[str]]:
    """Copy each referenced file whose bytes match its hash; returns (copied, bytes, missing)."""
    copied = total = 0
    missing: list[str] = []
    ensure_space(target, sum(size for _, size in files))
    for sha, _size in files:
        src = source / sha[:2] / sha
        dst = target / sha[:2] / sha
        if dst.is_file() and file_sha256(dst) == sha:
            continue
        if not src.is_file():
            missing.append(sha)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            copy_atomic(src, dst, expect_sha256=sha)
        except CopyMismatch:
            missing.append(sha)  # the library's own copy is damaged: `library check` says so
            continue
        copied += 1
        total += dst.stat().st_size
    return copied, total, missing


def backup_library(store: Store, dest: Path | str) -> BackupResult:
    """``dest`` an existing folder → a complete backup folder inside it; otherwise a new
    ``.db`` file with the database only."""
    dest = Path(dest).expanduser()
    if _inside(dest, store.path):
        raise LibraryError(msg("cannot back up into the library itself ({dest}); choose a folder outside {library}", dest=dest, library=store.path))
    if not dest.is_dir():
        if not dest.parent.is_dir():
            raise LibraryError(msg("folder {folder} does not exist", folder=dest.parent))
        snapshot(store.conn, dest)
        return BackupResult(dest, 0, dest.stat().st_size)
    target = dest / f"{store.path.name}-backup-{stamp()}"
    if target.exists():
        raise LibraryError(msg("backup destination {target} already exists", target=target))
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=dest))
    except OSError as exc:
        raise os_error(exc, target) from exc
    try:
        db_copy = snapshot(store.conn, work / DB_NAME)
        (work / FILES_DIR).mkdir()
        files = _referenced(db_copy)
        # never downloaded here: the team server keeps them (and they need no disk space)
        remote = _remote(db_copy, files, lambda sha: stored(store.files_dir, sha))
        on_server = sorted(remote)
        files = [(sha, n) for sha, n in files if sha not in remote]
        copied, size, missing = _copy_attachments(files, store.files_dir, work / FILES_DIR)
        verify_backup(work)
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupResult(target, copied, size + db_copy.stat().st_size if db_copy.exists() else size,
                        missing, on_server)


def stored(files_dir: Path, sha: str) -> bool:
    """Whether the library has a file under this hash (damaged or not)."""
    return (files_dir / sha[:2] / sha).is_file()


def _backup_db(backup: Path) -> Path:
    db = backup / DB_NAME if backup.is_dir() else backup
    if not db.is_file():
        raise LibraryError(msg("{backup} is not a ValueKit backup (no {name} in it)", backup=backup, name=DB_NAME))
    return db


def verify_backup(backup: Path) -> list[str]:
    """Refuse a backup whose database is damaged; return attachments it lacks (not
    counting files that were never downloaded because the team server holds them)."""
    db = _backup_db(backup)
    probe(db)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise LibraryError(msg("the backup {backup} is damaged ({finding}); it was not used", backup=backup, finding=rows[0]))
    if not backup.is_dir():
        return []
    lacking = []
    files = _referenced(db)
    remote = _remote(db, files, lambda sha: stored(backup / FILES_DIR, sha))
    for sha, _size in files:
        if sha in remote:
            continue
        path = backup / FILES_DIR / sha[:2] / sha
        if not path.is_file() or file_sha256(path) != sha:
            lacking.append(sha)
    return lacking


def _keep_aside(folder: Path) -> Path | None:
    """Keep the current database as ``library.db.before-restore-<time>`` (a verified
    snapshot; the raw files when the database is too damaged to snapshot)."""
    db = folder / DB_NAME
    if not db.exists():
        return None
    aside = folder / f"{DB_NAME}.before-restore-{stamp()}"
    try:
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            # every committed edit into the main file, so no -wal content is lost below
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            snapshot(conn, aside)
        finally:
            conn.close()
    except (sqlite3.Error, LibraryError):
        aside.mkdir()
        for suffix in ("", "-wal", "-shm"):
            part = folder / f"{DB_NAME}{suffix}"
            if part.exists():
                copy_locked_database(part, aside / part.name)
    return aside


def restore_library(folder: Path | str, backup: Path | str) -> RestoreResult:
    """Replace the library in ``folder`` by ``backup`` (a backup folder or ``.db`` file),
    keeping the current database aside. Close the library in other windows first."""
    folder = Path(folder).expanduser()
    backup = Path(backup).expanduser()
    if not backup.exists():
        raise LibraryError(msg("{backup} does not exist", backup=backup))
    if _inside(backup, folder) and backup.resolve() != folder.resolve() and not backup.name.startswith(DB_NAME):
        raise LibraryError(msg("{backup} is inside the library; restore from a backup kept elsewhere", backup=backup))
    lacking = verify_backup(backup)
    if lacking:
        raise LibraryError(msg("the backup {backup} lacks {n} attachment files (or they are damaged); it was not used", backup=backup, n=len(lacking)))
    (folder / FILES_DIR).mkdir(parents=True, exist_ok=True)
    db = _backup_db(backup)
    copied = 0
    if backup.is_dir():
        copied, _, _ = _copy_attachments(_referenced(db), backup / FILES_DIR, folder / FILES_DIR)
    ensure_space(folder, db.stat().st_size * 2)
    aside = _keep_aside(folder)
    incoming = folder / f".{DB_NAME}.restoring"
    incoming.unlink(missing_ok=True)
    copy_atomic(db, incoming)
    for suffix in ("-wal", "-shm", "-journal"):
        # a journal beside the new file would be replayed over it
        (folder / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, folder / DB_NAME)
    with Store.open(folder) as store:
        ok = store.check_database().ok
    if not ok:
        raise LibraryError(msg("the restored library does not pass its check; your previous database is kept as {aside}", aside=aside))
    return RestoreResult(folder, aside, copied, ok)
