"""Faults: the server killed in the middle of a push, the server unreachable, a blob upload
cut off. In each case nothing is half-applied and a later sync completes the work."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from synchelpers import ServiceThread, Team, free_port, service_process

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.library.assets import add_asset, get_asset, update_asset
from valuekit.library.attachments import attach_file, file_sha256, stored_path
from valuekit.server.admin import add_user
from valuekit.sync import state
from valuekit.sync.actions import sync_now
from valuekit.sync.engine import setup
from valuekit.sync.offline import fetch_attachments, keep_offline
from valuekit.sync.transport import Offline, Transport

BLOCK = 4242


def _new(store: Store, title: str):  # type: ignore[no-untyped-def]
    return add_asset(store, {"title": title, "format": "case_study", "language": "en"})


def test_server_killed_mid_push_applies_nothing_and_the_retry_everything(
        team_db: str, tmp_path: Path) -> None:
    token = add_user(team_db, "mia", "marketing")
    port = free_port()
    proc = service_process(team_db, tmp_path / "blobs", port)
    mia = Store.open(tmp_path / "mia")
    setup(mia, f"http://127.0.0.1:{port}", token)
    titles = ["First", "Second", "Third (the push stops here)"]
    assets = [_new(mia, t) for t in titles]
    with psycopg.connect(team_db, autocommit=True) as admin:
        # the third row's INSERT waits on a lock this test holds: the push is then
        # mid-way, two rows written in its open transaction
        admin.execute(f"""CREATE FUNCTION block_third() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.id = '{assets[2].id}' THEN PERFORM pg_advisory_lock({BLOCK}); END IF;
            RETURN NEW; END $$""")
        admin.execute("CREATE TRIGGER block_third BEFORE INSERT ON vk_rows FOR EACH ROW"
                      " EXECUTE FUNCTION block_third()")
        admin.execute("SELECT pg_advisory_lock(%s)", (BLOCK,))
        failure: list[BaseException] = []
        mia.close()  # the worker opens its own connection (SQLite stays in its thread)

        def push_in_background() -> None:
            store = Store.open(tmp_path / "mia")
            try:
                sync_now(store, Transport(f"http://127.0.0.1:{port}", token))
            finally:
                store.close()

        worker = threading.Thread(target=lambda: _capture(failure, push_in_background))
        worker.start()
        while not admin.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                                " AND objid = %s AND NOT granted", (BLOCK,)).fetchone()[0]:
            assert worker.is_alive(), failure
            worker.join(0.02)
        backend = admin.execute("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                                " AND objid = %s AND NOT granted", (BLOCK,)).fetchone()[0]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        worker.join(30)
        assert failure and isinstance(failure[0], Offline)
        admin.execute("SELECT pg_advisory_unlock(%s)", (BLOCK,))
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s",
                            (backend,)).fetchone()[0]:
            time.sleep(0.02)  # the orphaned backend notices its client is gone and rolls back
        assert admin.execute("SELECT count(*) FROM vk_rows").fetchone()[0] == 0
        admin.execute("DROP TRIGGER block_third ON vk_rows")
    mia = Store.open(tmp_path / "mia")
    proc = service_process(team_db, tmp_path / "blobs", port)
    try:
        assert sync_now(mia).pushed == 3
    finally:
        proc.terminate()
        proc.wait()
    with psycopg.connect(team_db) as conn:
        got = conn.execute("SELECT data->>'title' FROM vk_rows ORDER BY version").fetchall()
    assert sorted(t for (t,) in got) == sorted(titles)


def _capture(out: list[BaseException], work) -> None:  # type: ignore[no-untyped-def]
    try:
        work()
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        out.append(exc)


def test_unreachable_server_keeps_work_local_and_syncs_later(team: Team, tmp_path: Path) -> None:
    port = free_port()
    service = ServiceThread(team.dsn, team.blobs, port).start()
    mia = Store.open(tmp_path / "offline-mia")
    setup(mia, service.url, team.tokens["mia"])
    asset = _new(mia, "Written on the plane")
    sync_now(mia)
    service.stop()
    update_asset(mia, asset.id, {"summary": "edited with no network"})
    with pytest.raises(Offline):
        sync_now(mia)
    assert "cannot reach" in state.status(mia).last_error
    result = CliRunner().invoke(main, ["--library", str(mia.path), "sync"])
    assert result.exit_code == 1 and "offline" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["--lang", "zh", "--library", str(mia.path), "sync"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "离线：无法连接团队服务器" in result.output and "稍后同步" in result.output
    status = CliRunner().invoke(main, ["--lang", "zh", "--library", str(mia.path), "sync", "status"])
    assert "上次的问题" in status.output and "待发送的使用记录" in status.output
    assert get_asset(mia, asset.id).summary == "edited with no network"
    service = ServiceThread(team.dsn, team.blobs, port).start()
    try:
        assert sync_now(mia).pushed == 1
        assert state.status(mia).last_error == ""
    finally:
        service.stop()
    sam = team.library("sam")
    sync_now(sam)
    assert get_asset(sam, asset.id).summary == "edited with no network"


def _put(url: str, token: str, sha: str, body: bytes, declared: int) -> int | None:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("PUT", f"/blobs/{sha}")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Length", str(declared))
    conn.endheaders()
    conn.send(body)
    try:
        if len(body) < declared:   # the connection drops mid-upload
            return None
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_cut_off_or_corrupted_upload_never_lands_and_the_retry_does(team: Team, tmp_path: Path) -> None:
    content = os.urandom(300_000)
    source = tmp_path / "deck.pdf"
    source.write_bytes(content)
    sha = file_sha256(source)
    token = team.tokens["mia"]
    assert _put(team.url, token, sha, content[:100_000], len(content)) is None
    assert _put(team.url, token, sha, content[:-1] + b"x", len(content)) == 422
    transport = Transport(team.url, token)
    assert not transport.has_blob(sha)
    # the client's sync uploads it whole, and a teammate downloads it on demand
    mia = team.library("mia")
    asset = _new(mia, "With a deck")
    attach_file(mia, asset.id, source)
    assert sync_now(mia).blobs_uploaded == 1
    assert transport.has_blob(sha)
    sam = team.library("sam")
    sync_now(sam)
    assert not stored_path(sam, sha).exists()       # attachments arrive on demand
    assert fetch_attachments(sam, Transport(team.url, team.tokens["sam"]), asset.id) == 1
    assert stored_path(sam, sha).read_bytes() == content
    sue = team.library("sue")
    sync_now(sue)
    keep_offline(sue, [asset.id])
    assert sync_now(sue).blobs_downloaded == 1
    assert not [p for p in (team.blobs / ".incoming").iterdir()]


def test_a_damaged_cursor_means_a_full_resync_not_a_crash(team: Team) -> None:
    mia = team.library("mia")
    _new(mia, "Kept through a resync")
    sync_now(mia)
    sam = team.library("sam")
    sync_now(sam)
    with sam.transaction() as conn:
        state.set_setting(conn, "cursor", "not a number")   # a damaged library setting
    assert state.status(sam).cursor == 0                     # the status bar can still draw
    report = sync_now(sam)
    assert report.pulled >= 1 and report.pushed == 0 and report.rejected == []
    assert state.status(sam).cursor > 0
