"""Database snapshots with SQLite's online backup API, and the rotating automatic
backups taken before migrations and repairs.

Automatic backups sit beside the database as ``library.db.<reason>-<time>-<n>.bak``;
the newest ``VALUEKIT_KEEP_BACKUPS`` (default 5) are kept. Names never collide: two
backups in the same second (two processes, or a migration and a repair) get distinct
counters because the file is created exclusively."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from valuekit.errors import LibraryError, ValueKitError
from valuekit.fileio import TEMP_PREFIX, TEMP_SUFFIX, ensure_space, os_error
from valuekit.i18n import msg

KEEP_ENV = "VALUEKIT_KEEP_BACKUPS"
DEFAULT_KEEP = 5


def keep_count() -> int:
    raw = os.environ.get(KEEP_ENV, "")
    try:
        value = int(raw) if raw.strip() else DEFAULT_KEEP
    except ValueError:
        raise ValueKitError(msg("{name} must be a whole number of backups to keep, got {value!r}", name=KEEP_ENV, value=raw[:40])) from None
    return max(1, min(value, 1000))


def database_bytes(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def snapshot(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open database in ``target`` (which must not exist),
    verified with ``quick_check`` before it gets its name; a failed or interrupted copy
    never appears under ``target`` (and never as a 0-byte file that "passes")."""
    if target.exists():
        raise LibraryError(msg("backup destination {target} already exists", target=target))
    ensure_space(target.parent, database_bytes(conn))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name[:80]}.", suffix=TEMP_SUFFIX,
                                        dir=target.parent)
    except OSError as exc:
        raise os_error(exc, target) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        out = sqlite3.connect(tmp)
        try:
            conn.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
            ok = out.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = out.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            out.close()
        if not ok or tmp.stat().st_size == 0 or not tables:
            raise LibraryError(msg("the backup {target} did not verify; it was removed", target=target))
        _fsync(tmp)
        _place(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        if "full" in str(exc).lower():
            raise os_error(OSError(errno.ENOSPC, "No space left on device"), target) from exc
        raise LibraryError(msg("backing up to {target} failed: {exc}", target=target, exc=exc)) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _place(tmp: Path, target: Path) -> None:
    """Give ``tmp`` its final name without ever replacing an existing file."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise LibraryError(msg("backup destination {target} already exists", target=target)) from None
    except OSError:  # pragma: no cover - filesystems without hard links
        if target.exists():
            tmp.unlink(missing_ok=True)
            raise LibraryError(msg("backup destination {target} already exists", target=target)) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def auto_backup(conn: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Snapshot the database beside itself before a risky change; keep the newest N."""
    stamp = _stamp()
    for n in range(1, 1000):
        target = db_path.with_name(f"{db_path.name}.{reason}-{stamp}-{n}.bak")
        if target.exists():
            continue
        try:
            made = snapshot(conn, target)
            break
        except LibraryError:
            if target.exists():
                continue  # created by another process between our check and link
            raise
    else:  # pragma: no cover - a thousand backups in one second
        raise LibraryError(msg("backup destination {target} already exists", target=target))
    rotate(db_path)
    return made


def rotate(db_path: Path) -> list[Path]:
    """Remove automatic backups beyond the newest ``keep_count()``; returns what went."""
    backups = sorted(db_path.parent.glob(f"{db_path.name}.*.bak"), key=lambda p: p.stat().st_mtime_ns)
    gone = backups[: max(0, len(backups) - keep_count())]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone
