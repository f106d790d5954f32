"""The whole-library check: the database (``Store.check_database``) and then the
attachment files against their hashes. It lives here, not on ``Store``, because the
files are a library concept and ``db`` must not import ``library``."""

from __future__ import annotations

from valuekit.db.store import IntegrityReport, Store
from valuekit.library.attachments import check_files
from valuekit.library.usage_stats import rebuild_summaries


def check_library(store: Store) -> IntegrityReport:
    """SQLite integrity and foreign keys, then every attachment file against its hash."""
    report = store.check_database()
    check_files(store, report)
    if report.sqlite_ok:
        with store.transaction() as conn:  # derived data: rebuilt from its records
            rebuild_summaries(conn)
    return report
