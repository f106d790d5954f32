"""Administration: create or upgrade the schema, add users (a token printed once, stored
hashed), and compact old tombstones."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg

from valuekit.errors import ValidationError, ValueKitError
from valuekit.i18n import msg
from valuekit.server.db import VERSION_LOCK, token_hash
from valuekit.server.schema import _ROLES_SQL, MIGRATIONS, ROLES, TEAM, role_name


@contextmanager
def _connect(dsn: str, **kwargs: Any) -> Iterator[psycopg.Connection]:
    """A connection for an admin command; an unreachable server or a malformed --db is the
    user's to fix, so it is a one-line message, not a psycopg traceback."""
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, **kwargs)
    except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0].strip()
        raise ValueKitError(msg("cannot reach the team database: {reason} (check --db and that PostgreSQL is running)",
                                reason=reason)) from None
    with conn:
        yield conn


@dataclass
class InitReport:
    from_version: int
    to_version: int


def schema_version(conn: psycopg.Connection) -> int:
    exists = conn.execute("SELECT to_regclass('vk_meta') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT value FROM vk_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def init_database(dsn: str) -> InitReport:
    """Create the roles, then apply each pending migration in its own transaction. Run it
    again after an upgrade: it applies only what is new."""
    with _connect(dsn, autocommit=True) as conn:
        # roles are cluster-wide: created once, shared by every ValueKit database there
        conn.execute("SELECT pg_advisory_lock(%s)", (VERSION_LOCK,))
        conn.execute(_ROLES_SQL)
        # the service may SET ROLE to each team role (a superuser may anyway)
        is_super = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                                ).fetchone()
        if not (is_super and is_super[0]):
            for role in ROLES:
                conn.execute(f"GRANT {role_name(role)} TO CURRENT_USER")
        start = schema_version(conn)
        if start > len(MIGRATIONS):
            raise ValidationError("db", msg("the team database has schema version {found}; this ValueKit knows up to {known}: update ValueKit first", found=start, known=len(MIGRATIONS)))
        for number, script in enumerate(MIGRATIONS[start:], start=start + 1):
            with conn.transaction():
                conn.execute(script)
                conn.execute("INSERT INTO vk_meta VALUES ('schema_version', %s) ON CONFLICT (key)"
                             " DO UPDATE SET value = excluded.value", (str(number),))
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {TEAM}")
        conn.execute("SELECT pg_advisory_unlock(%s)", (VERSION_LOCK,))
    return InitReport(start, len(MIGRATIONS))


def add_user(dsn: str, name: str, role: str) -> str:
    """Add (or re-key) a user; returns the new token, which is stored only as a hash."""
    if role not in ROLES:
        raise ValidationError("role", msg("must be one of {allowed}", allowed=", ".join(ROLES)))
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._@-" for c in name):
        raise ValidationError("name", "must be 1-64 letters, digits or . _ @ -")
    token = secrets.token_urlsafe(32)
    with _connect(dsn) as conn:
        conn.execute(
            "INSERT INTO vk_users(name, role, token_hash) VALUES (%s, %s, %s) ON CONFLICT (name)"
            " DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash, active = true",
            (name, role, token_hash(token)))
    return token


def disable_user(dsn: str, name: str) -> bool:
    with _connect(dsn) as conn:
        return conn.execute("UPDATE vk_users SET active = false WHERE name = %s",
                            (name,)).rowcount == 1


def compact(dsn: str, keep_versions: int) -> int:
    """Drop tombstones older than the newest ``keep_versions`` versions; clients whose
    cursor is older then resynchronise from scratch (changes() answers 410)."""
    with _connect(dsn) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (VERSION_LOCK,))
        top = conn.execute("SELECT last_value FROM vk_version").fetchone()[0]  # type: ignore[index]
        floor = max(0, int(top) - keep_versions)
        removed = conn.execute("DELETE FROM vk_rows WHERE deleted AND version <= %s",
                               (floor,)).rowcount
        conn.execute("UPDATE vk_meta SET value = %s WHERE key = 'min_cursor'"
                     " AND value::bigint < %s", (str(floor), floor))
        return int(removed)


RESTORE_JUMP = 10**12


def mark_restored(dsn: str) -> int:
    """After restoring a backup, clients may hold cursors past the restored versions: move
    the sequence far ahead and make every older cursor resynchronise in full (they then
    push what they have that the server lost). Returns the new lowest valid cursor."""
    with _connect(dsn) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (VERSION_LOCK,))
        top = int(conn.execute("SELECT last_value FROM vk_version").fetchone()[0])  # type: ignore[index]
        floor = top + RESTORE_JUMP
        conn.execute("SELECT setval('vk_version', %s)", (floor,))
        conn.execute("UPDATE vk_meta SET value = %s WHERE key = 'min_cursor'", (str(floor),))
        conn.execute("INSERT INTO vk_meta VALUES ('restored_floor', %s) ON CONFLICT (key)"
                     " DO UPDATE SET value = excluded.value", (str(floor),))
        return floor
