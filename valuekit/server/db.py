"""Connections to the team database: a small pool, and a per-request session that runs
as the caller's PostgreSQL role so that grants and row-level security apply."""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from valuekit.server.schema import VERSION_LOCK, role_name

__all__ = ["VERSION_LOCK", "Pool", "User", "authenticate", "become", "session", "token_hash"]


@dataclass(frozen=True)
class User:
    name: str
    role: str


def token_hash(token: str) -> str:
    """Tokens are 32 random bytes, so a plain SHA-256 is enough to keep them unreadable
    in the database (no dictionary to guess from, unlike passwords)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Pool:
    """Up to ``size`` open connections shared by the service's worker threads."""

    def __init__(self, dsn: str, size: int = 10) -> None:
        self.dsn = dsn
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        self._slots.acquire()
        conn: psycopg.Connection | None = None
        try:
            try:
                conn = self._idle.get_nowait()
                if conn.closed:
                    conn = None
            except queue.Empty:
                conn = None
            if conn is None:
                conn = psycopg.connect(self.dsn, connect_timeout=10)
            yield conn
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.rollback()
            self._idle.put(conn)
            conn = None
        finally:
            if conn is not None:  # failed mid-use: never hand it out again
                conn.close()
            self._slots.release()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def authenticate(conn: psycopg.Connection, token: str) -> User | None:
    row = conn.execute("SELECT name, role FROM vk_users WHERE token_hash = %s AND active",
                       (token_hash(token),)).fetchone()
    return User(row[0], row[1]) if row else None


def become(conn: psycopg.Connection, user: User) -> None:
    """Inside a transaction: act as ``user`` until it ends (SET LOCAL / is_local)."""
    conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role_name(user.role))))
    conn.execute("SELECT set_config('valuekit.user', %s, true)", (user.name,))


@contextmanager
def session(pool: Pool, token: str, *, snapshot: bool = False
            ) -> Iterator[tuple[psycopg.Connection, User | None]]:
    """A transaction for one request. ``snapshot`` reads everything from one snapshot
    (REPEATABLE READ), which a page of changes needs. The user is None for a bad token."""
    with pool.connection() as conn, conn.transaction():
        if snapshot:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        user = authenticate(conn, token)
        if user is not None:
            become(conn, user)
        yield conn, user
