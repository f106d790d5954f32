"""Helpers for the team-sync tests and benchmark: the service in a thread, a team of
users with libraries set up against it."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from valuekit.db.store import Store
from valuekit.server.app import create_app
from valuekit.sync.engine import setup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_process(dsn: str, blobs: Path, port: int) -> subprocess.Popen[bytes]:
    """`valuekit server run` as its own process (to kill it, or to keep the clients'
    threads off its interpreter); returns once /health answers."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "from valuekit.cli import main; main()", "server", "run",
         "--db", dsn, "--blobs", str(blobs), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        finally:
            conn.close()
        if proc.poll() is not None:
            raise AssertionError("the service exited")
        time.sleep(0.05)  # polling a starting process: there is no signal to wait on
    raise AssertionError("the service did not start")


class ServiceThread:
    """uvicorn in a background thread; ``stop`` ends it."""

    def __init__(self, dsn: str, blobs: Path, port: int) -> None:
        config = uvicorn.Config(create_app(dsn, blobs), host="127.0.0.1", port=port,
                                log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> ServiceThread:
        self.thread.start()
        ready = threading.Event()
        for _ in range(500):
            if self.server.started:
                ready.set()
                break
            self.thread.join(0.01)
        assert ready.is_set(), "the service did not start"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@dataclass
class Team:
    dsn: str
    blobs: Path
    url: str
    tokens: dict[str, str]
    tmp: Path
    service: ServiceThread | None = None  # to stop it: the team server out of reach

    def library(self, user: str) -> Store:
        store = Store.open(self.tmp / f"lib-{user}-{uuid.uuid4().hex[:6]}")
        setup(store, self.url, self.tokens[user])
        return store


def two_field_conflict(team: Team, title_a: str = "Title A", title_b: str = "Title B", *,
                       pull: bool = True) -> tuple[Store, Store, str]:
    """mia and mia2 (two laptops) both change an asset's title and its industry tags
    offline (A adds energy, B logistics); mia syncs first, so mia2 holds the conflict at
    its next sync (``pull``: now) with mine = B's values, theirs = A's."""
    from valuekit.library.assets import add_asset, tag_assets, update_asset
    from valuekit.sync.actions import sync_now

    mia, mia2 = team.library("mia"), team.library("mia")
    asset = add_asset(mia, {"title": "Payback in 9 months", "format": "case_study", "language": "en",
                            "summary": "original", "body": "A long body. " * 40,
                            "tags": {"industry": ["manufacturing"]}})
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, asset.id, {"title": title_a})
    tag_assets(mia, [asset.id], "industry", ["energy"])
    update_asset(mia2, asset.id, {"title": title_b})
    tag_assets(mia2, [asset.id], "industry", ["logistics"])
    sync_now(mia)
    if pull:
        sync_now(mia2)
    return mia, mia2, asset.id


# ---- concurrent load (bench/bench_sync.py runs it big, tests/sync a small smoke) ----

@dataclass
class LoadResult:
    clients: int
    edits: int
    events: int
    seconds: float
    push_latencies: list[float]
    pulled_rows: int
    duplicate_event_sends: int
    # what each client saw by pulling incrementally: row id -> version, events seen
    views: list[dict[str, int]]
    events_seen: list[int]

    def p95_ms(self) -> float:
        ordered = sorted(self.push_latencies)
        return 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


def run_load(url: str, tokens: list[str], edits: int, events: int, *, assets: int = 100,
             batch: int = 100, event_batch: int = 500) -> LoadResult:
    """Every client (a thread speaking the sync protocol) edits its own ``assets`` drafts
    until it has pushed ``edits`` row versions, sends ``events`` usage events (every fifth
    batch twice, as after a lost answer) and pulls /changes between pushes."""
    from valuekit.sync.transport import Transport

    latencies: list[float] = []
    pulled = [0]
    dupes = [0]
    lock = threading.Lock()
    errors: list[BaseException] = []
    views: list[dict[str, int]] = [{} for _ in tokens]
    events_seen = [0 for _ in tokens]
    finished = threading.Barrier(len(tokens))

    def pull_all(t: Transport, n: int, cursor: int) -> int:
        more = True
        while more:
            page = t.get("/changes", since=cursor, limit=1000).body
            assert page["cursor"] >= cursor
            cursor, more = page["cursor"], page["more"]
            for row in page["rows"]:
                views[n][row["id"]] = row["version"]
            events_seen[n] += len(page["events"])
            with lock:
                pulled[0] += len(page["rows"])
        return cursor

    def client(n: int, token: str) -> None:
        try:
            t = Transport(url, token)
            ids = [str(uuid.UUID(int=(n + 1) << 64 | i)) for i in range(assets)]
            versions = dict.fromkeys(ids, 0)
            cursor, done, sent, round_no = 0, 0, 0, 0
            while done < edits or sent < events:
                if done < edits:
                    rows = []
                    for asset_id in ids[(round_no * batch) % assets:][:batch]:
                        rows.append({"kind": "asset", "id": asset_id, "base": versions[asset_id],
                                     "data": {"id": asset_id, "title": f"c{n} edit {done + len(rows)}",
                                              "format": "case_study", "language": "en",
                                              "status": "draft", "tags": {}, "attachments": []}})
                    rows = rows[:edits - done]
                    start = time.perf_counter()
                    answer = t.post("/push", {"rows": rows})
                    took = time.perf_counter() - start
                    assert answer.status == 200 and not answer.body["conflicts"], answer.body
                    for applied in answer.body["applied"]:
                        versions[applied["id"]] = applied["version"]
                    done += len(rows)
                    with lock:
                        latencies.append(took)
                if sent < events:
                    chunk = [{"id": str(uuid.UUID(int=(n + 1) << 96 | (sent + i))), "kind": "usage",
                              "asset_id": ids[(sent + i) % assets],
                              "data": {"stage": "SQL", "used_at": "2026-12-01T00:00:00Z"}}
                             for i in range(min(event_batch, events - sent))]
                    repeats = 2 if round_no % 5 == 0 else 1
                    for _ in range(repeats):
                        answer = t.post("/events", {"events": chunk})
                        assert answer.status == 200
                    with lock:
                        dupes[0] += len(chunk) * (repeats - 1)
                    sent += len(chunk)
                cursor = pull_all(t, n, cursor)
                round_no += 1
            finished.wait()
            pull_all(t, n, cursor)  # after everyone: an incremental view must be complete
        except BaseException as exc:  # handed to the caller
            errors.append(exc)
            finished.abort()

    threads = [threading.Thread(target=client, args=(n, tok)) for n, tok in enumerate(tokens)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return LoadResult(len(tokens), edits, events, time.perf_counter() - start, latencies,
                      pulled[0], dupes[0], views, events_seen)
