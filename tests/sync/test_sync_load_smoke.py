"""A small version of bench/bench_sync.py: concurrent clients push edits and events while
pulling; afterwards nothing is lost, nothing is counted twice, versions are unique."""

from __future__ import annotations

import psycopg
from synchelpers import Team, run_load

from valuekit.server.admin import add_user


def test_concurrent_clients_lose_and_duplicate_nothing(team: Team) -> None:
    tokens = [add_user(team.dsn, f"load{n}", "sales") for n in range(4)]
    result = run_load(team.url, tokens, edits=60, events=120, assets=20, batch=20, event_batch=50)
    assert result.duplicate_event_sends > 0
    with psycopg.connect(team.dsn) as conn:
        rows, versions = conn.execute("SELECT count(*), count(DISTINCT version) FROM vk_rows").fetchone()
        assert rows == versions == 4 * 20
        # each asset's last edit is the one the server holds: 60 edits over 20 assets in
        # batches of 20 → three rounds, the last titled "edit 40".."edit 59"
        titles = {t for (t,) in conn.execute("SELECT data->>'title' FROM vk_rows WHERE owner = 'load0'")}
        assert titles == {f"c0 edit {i}" for i in range(40, 60)}
        assert conn.execute("SELECT count(*) FROM vk_events").fetchone()[0] == 4 * 120
        assert conn.execute("SELECT count(DISTINCT version) FROM vk_events").fetchone()[0] == 4 * 120
        final = dict(conn.execute("SELECT id, version FROM vk_rows").fetchall())
    # pulled page by page while others committed, every client still ends with every row
    # at its last version and every event once: no version was committed behind a cursor
    assert all(view == final for view in result.views)
    assert result.events_seen == [4 * 120] * 4
