"""Another process using the library (the CLI while the app is open, the app's document
worker, a sync) never pulls the -wal/-shm out from under this process's connections.

Closing any descriptor of a file drops every POSIX lock the process holds on it. ValueKit
once read the library's header with ``open()`` on every ``Store.open``: that dropped the
open connections' locks, so the next process to close its connection took itself for the
last user, checkpointed and deleted the -wal/-shm, and every connection here failed with
"disk I/O error" from then on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from valuekit.db.store import DB_NAME, Store
from valuekit.library import assets as library
from valuekit.library.check import keep_damaged

OTHER_PROCESS = ("from valuekit.db.store import Store; import sys\n"
                 "with Store.open(sys.argv[1]) as s: s.conn.execute('SELECT count(*) FROM assets').fetchone()")


def _another_process_opens_and_closes(folder: Path) -> None:
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(folder)], check=True, timeout=120)


def test_a_second_store_here_then_another_process_leave_our_connection_working(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Store.open(folder) as main:
        library.add_asset(main, {"title": "报价模板", "format": "article"})
        for round_ in range(3):
            with Store.open(folder) as worker_thread_store:  # what every GUI worker does
                worker_thread_store.conn.execute("SELECT 1").fetchone()
            _another_process_opens_and_closes(folder)
            assert (folder / f"{DB_NAME}-shm").exists(), f"round {round_}: -shm deleted under us"
            library.add_asset(main, {"title": f"第 {round_} 份", "format": "article"})
            assert main.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == round_ + 2
    with Store.open(folder) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_copying_a_damaged_database_aside_keeps_our_locks(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Store.open(folder) as main:
        library.add_asset(main, {"title": "报价模板", "format": "article"})
        aside = keep_damaged(folder)
        assert (folder / aside / DB_NAME).stat().st_size > 0
        _another_process_opens_and_closes(folder)
        assert (folder / f"{DB_NAME}-shm").exists()
        library.add_asset(main, {"title": "另一份", "format": "article"})
        assert main.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 2
