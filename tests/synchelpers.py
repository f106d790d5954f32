"""Helpers for the team-sync tests and benchmark: the service in a thread, a team of
users with libraries set up against it."""

from __future__ import annotations

import socket
import threading
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

    def library(self, user: str) -> Store:
        store = Store.open(self.tmp / f"lib-{user}-{uuid.uuid4().hex[:6]}")
        setup(store, self.url, self.tokens[user])
        return store
