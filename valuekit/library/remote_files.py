"""Which attachment files the team server holds, as far as this library knows.

A library set up for sync receives asset rows whose attachment files stay on the server
until someone opens them or keeps the asset offline. Such a file is absent here by design,
not lost: ``library check`` and ``library backup`` must tell it apart from a file that is
truly missing. The server has a file when an asset's *agreed* sync base (the record this
library and the server last agreed on, table ``sync_rows`` of migration m009) names its
hash: a row is only agreed after the server applied it, and the client uploads a row's
files before the row. The tables are read here with plain SQL because ``library`` must
not import ``sync`` (the dependency direction runs the other way)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

SCAN_ABOVE = 2000  # files asked about at once; above it one scan beats a lookup per file


def sync_configured(conn: sqlite3.Connection) -> bool:
    """Whether this library is set up to sync with a team server."""
    try:
        row = conn.execute("SELECT value FROM sync_settings WHERE key = 'server'").fetchone()
    except sqlite3.OperationalError:  # a database older than the sync schema
        return False
    return bool(row and row[0])


def server_files(conn: sqlite3.Connection, shas: Iterable[str]) -> set[str]:
    """Those of ``shas`` that the team server holds: an asset here attaches the file and
    that asset's agreed sync record names it. Empty when the library is not set up for
    sync. Reads only the records of the assets that attach these files (the hash index),
    so asking about one file costs the same in a 100,000-asset library as in a small one."""
    wanted = sorted(set(shas))
    if not wanted or not sync_configured(conn):
        return set()
    if len(wanted) > SCAN_ABOVE:
        # many files (library check after a first sync): one pass over every agreed record
        # is 3x faster than a lookup per file (bench/bench_offline.py); any agreed record
        # naming a hash proves the server has that file
        return set(wanted) & {str(r[0]) for r in conn.execute(
            "SELECT DISTINCT json_extract(j.value, '$.sha256') FROM sync_rows r,"
            " json_each(r.base, '$.attachments') j"
            " WHERE r.kind = 'asset' AND r.base IS NOT NULL AND r.version > 0")}
    return {str(r[0]) for r in conn.execute(
        "SELECT DISTINCT t.sha256 FROM attachments t JOIN assets a ON a.seq = t.asset_seq"
        " JOIN sync_rows r ON r.kind = 'asset' AND r.id = a.id AND r.version > 0"
        " AND r.base IS NOT NULL, json_each(r.base, '$.attachments') j"
        " WHERE t.sha256 IN (SELECT value FROM json_each(?))"
        " AND json_extract(j.value, '$.sha256') = t.sha256", (json.dumps(wanted),))}
