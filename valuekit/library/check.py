"""The whole-library check: the database (``Store.check_database``: integrity read row
by row, the full-text index, foreign keys) and then the attachment files against their
hashes, plus the leftovers of interrupted copies. It lives here, not on ``Store``,
because the files are a library concept and ``db`` must not import ``library``.

A library whose database is damaged is copied aside as ``library.db.damaged-<time>``
the first time check finds it so, before anything (a repair, a restore) touches it."""

from __future__ import annotations

from pathlib import Path

from valuekit.db.store import DB_NAME, IntegrityReport, Store
from valuekit.fileio import copy_locked_database
from valuekit.library.attachments import check_files
from valuekit.library.backup import stamp
from valuekit.library.remote_files import server_files
from valuekit.library.usage_stats import rebuild_summaries


def keep_damaged(folder: Path) -> str:
    """Copy the damaged database files aside (raw bytes: a snapshot would need a
    readable database); returns the folder's name."""
    aside = folder / f"{DB_NAME}.damaged-{stamp()}"
    aside.mkdir()
    for suffix in ("", "-wal"):
        part = folder / f"{DB_NAME}{suffix}"
        if part.exists():
            copy_locked_database(part, aside / part.name)
    return aside.name


def check_library(store: Store, *, clean: bool = False) -> IntegrityReport:
    """SQLite integrity, the search index and foreign keys, then every attachment file
    against its hash (a file absent here that the team server holds is listed as
    ``on_server_files``, not missing); ``clean`` removes leftovers of interrupted copies."""
    report = store.check_database()
    check_files(store, report, clean=clean)
    if report.missing_files:
        # a synced library downloads attachments on demand: a file the team server holds
        # is "not downloaded yet", not missing (a false alarm teaches users to ignore check)
        remote = server_files(store.conn, report.missing_files)
        report.on_server_files = [sha for sha in report.missing_files if sha in remote]
        report.missing_files = [sha for sha in report.missing_files if sha not in remote]
    if not report.sqlite_ok and not any(store.path.glob(f"{DB_NAME}.damaged-*")):
        report.damaged_copy = keep_damaged(store.path)
    if report.sqlite_ok:
        with store.transaction() as conn:  # derived data: rebuilt from its records
            rebuild_summaries(conn)
    return report
