"""Changes in and out: versions in commit order, stale writes as conflicts, refusals.

Every write takes ``pg_advisory_xact_lock(VERSION_LOCK)`` before it reads the version
sequence and holds it until commit, so a version is only handed out after every smaller
one has committed (or rolled back). A client that has seen version N therefore never
misses a version below N committed later — the gap a plain sequence would leave.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from valuekit.server.db import VERSION_LOCK, User
from valuekit.server.schema import KINDS, LIBRARY_KINDS, REVOCATIONS_SINCE, STATUS_KINDS

PAGE = 1000
MAX_PUSH = 1000
EVENT_KINDS = ("usage", "rating", "claim_usage", "claim_rating")
_STATUSES = ("draft", "verified", "retired")
_WHAT = {"asset": "an asset", "fab": "a FAB statement"}


class BadRequest(Exception):
    """The request itself is malformed (400)."""


class Gone(Exception):
    """The cursor is older than the oldest change the server still keeps (410).
    ``restored``: the server was restored from a backup since that cursor, so rows the
    client has and the server lacks were lost, not deleted."""

    def __init__(self, message: str, restored: bool) -> None:
        super().__init__(message)
        self.restored = restored


@dataclass
class PushRow:
    kind: str
    id: str
    base: int
    data: dict[str, Any] | None
    deleted: bool
    account: str | None
    members: list[str]

    @property
    def status(self) -> str | None:
        """Assets and FAB statements have one (a missing status is a draft); others none."""
        if self.kind not in STATUS_KINDS:
            return None
        value = (self.data or {}).get("status") or "draft"
        return str(value)


@dataclass
class PushResult:
    applied: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"applied": self.applied, "conflicts": self.conflicts, "refused": self.refused}


def parse_push(body: Any) -> list[PushRow]:
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        raise BadRequest("body must be an object with a list 'rows'")
    if len(body["rows"]) > MAX_PUSH:
        raise BadRequest(f"at most {MAX_PUSH} rows per push")
    rows = []
    for n, raw in enumerate(body["rows"]):
        if not isinstance(raw, dict) or raw.get("kind") not in KINDS:
            raise BadRequest(f"rows[{n}].kind must be one of {', '.join(KINDS)}")
        if not isinstance(raw.get("id"), str) or not 0 < len(raw["id"]) <= 200:
            raise BadRequest(f"rows[{n}].id must be text")
        base = raw.get("base", 0)
        if isinstance(base, bool) or not isinstance(base, int) or base < 0:
            raise BadRequest(f"rows[{n}].base must be a version number")
        deleted = bool(raw.get("deleted"))
        data = raw.get("data")
        if not deleted and not isinstance(data, dict):
            raise BadRequest(f"rows[{n}].data must be an object")
        account = raw.get("account")
        if raw["kind"] == "opportunity":
            account = raw["id"]
        elif raw["kind"] in LIBRARY_KINDS:  # team-wide: belongs to no account
            account = None
        elif not isinstance(account, str) or not account:
            raise BadRequest(f"rows[{n}].account must name the opportunity of this {raw['kind']}")
        status = (data or {}).get("status") if isinstance(data, dict) else None
        if raw["kind"] in STATUS_KINDS and status is not None and status not in _STATUSES:
            raise BadRequest(f"rows[{n}].data.status must be one of {', '.join(_STATUSES)}")
        members = raw.get("members") or []
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise BadRequest(f"rows[{n}].members must be a list of user names")
        rows.append(PushRow(raw["kind"], raw["id"], base, data if isinstance(data, dict) else None,
                            deleted, account, sorted(set(members))))
    return rows


_COLUMNS = "kind, id, version, data, deleted, status, owner, modified_by, account, members"


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(("kind", "id", "version", "data", "deleted", "status", "owner",
                     "modified_by", "account", "members"), r, strict=True))


def _service_check(user: User, row: PushRow, current: dict[str, Any] | None) -> str | None:
    """The rules in words, checked first for a clear reason; the database enforces the
    same rules again (schema.py) whatever this function says."""
    if row.kind in STATUS_KINDS and user.role != "marketing":
        if row.status != "draft":
            return f"only marketing may verify or retire {_WHAT[row.kind]}"
        if current is not None and (current["owner"] != user.name or current["status"] != "draft"):
            return f"sales and presales may edit only their own draft {row.kind.replace('fab', 'FAB statement')}s"
    if row.kind == "facet" and user.role != "marketing":
        return "only marketing may edit the team vocabulary (facets, values, synonyms, renames)"
    if (row.kind == "opportunity" and current is not None and current["owner"] != user.name
            and row.members != sorted(current["members"])):
        return "only the owner may change whom an account is shared with"
    return None


def _refusal(exc: psycopg.Error) -> str:
    diag = exc.diag.message_primary or str(exc)
    return f"refused by the database: {diag}"


def _stored(row: PushRow, current: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
    """The data and status a write stores: a deletion keeps the row's last data and status
    (the tombstone still says what it was); anything else stores what was pushed."""
    if row.deleted and current is not None:
        return current["data"], current["status"]
    return row.data, row.status


def _write(conn: psycopg.Connection, user: User, row: PushRow,
           current: dict[str, Any] | None) -> int:
    version = conn.execute("SELECT nextval('vk_version')").fetchone()[0]  # type: ignore[index]
    data, status = _stored(row, current)
    stored = None if data is None else Jsonb(data)
    if current is None:
        conn.execute(
            "INSERT INTO vk_rows(kind, id, version, data, deleted, status, owner, modified_by,"
            " account, members) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (row.kind, row.id, version, stored, row.deleted, status, user.name, user.name,
             row.account, row.members))
        return int(version)
    changed = conn.execute(
        "UPDATE vk_rows SET version = %s, data = %s, deleted = %s, status = %s,"
        " modified_by = %s, members = %s, updated_at = now() WHERE kind = %s AND id = %s",
        (version, stored, row.deleted, status, user.name, row.members, row.kind, row.id)).rowcount
    if changed != 1:
        raise PermissionError("your role may not change this row")
    if row.kind == "opportunity" and sorted(current["members"]) != row.members:
        conn.execute("SELECT vk_restamp_account(%s)", (row.id,))
    return int(version)


def push(conn: psycopg.Connection, user: User, rows: list[PushRow]) -> PushResult:
    """Apply each row whose base version matches; the others come back as conflicts with
    the server's row. If any row is refused, nothing of this push is applied.

    The version lock is held from here until commit, so the time in between is what
    every other writer waits for: an ordinary push is applied in a handful of statements
    for the whole batch (``_apply_batch``); a batch with anything unusual (a refusal, a
    change of members) goes row by row, each in a savepoint, to name every refusal."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (VERSION_LOCK,))
    current = _current_rows(conn, rows)
    result = PushResult()
    todo: list[tuple[PushRow, dict[str, Any] | None]] = []
    for row in rows:
        found = current.get((row.kind, row.id))
        if found is not None and found["version"] != row.base:
            result.conflicts.append(found)
        elif found is None and row.deleted:  # never reached the server: nothing to delete
            result.applied.append({"kind": row.kind, "id": row.id, "version": 0})
        else:
            todo.append((row, found))
    versions = _apply_batch(conn, user, todo) if todo else []
    if versions is not None:
        result.applied += [{"kind": row.kind, "id": row.id, "version": v}
                           for (row, _), v in zip(todo, versions, strict=True)]
        return result
    for row, found in todo:
        reason = _service_check(user, row, found)
        if reason is None:
            try:
                with conn.transaction():  # a savepoint: one refusal does not hide the others
                    version = _write(conn, user, row, found)
                result.applied.append({"kind": row.kind, "id": row.id, "version": version})
                continue
            except PermissionError as exc:
                reason = str(exc)
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation,
                    psycopg.errors.UniqueViolation, psycopg.errors.RaiseException) as exc:
                reason = _refusal(exc)
        result.refused.append({"kind": row.kind, "id": row.id, "reason": reason})
    return result


def _current_rows(conn: psycopg.Connection, rows: list[PushRow]) -> dict[tuple[str, str], dict[str, Any]]:
    """The server's rows for a push, locked, in one query (those this user may see)."""
    found = conn.execute(
        f"SELECT {_COLUMNS} FROM vk_rows WHERE (kind, id) IN"
        " (SELECT * FROM unnest(%s::text[], %s::text[])) FOR UPDATE",
        ([r.kind for r in rows], [r.id for r in rows])).fetchall()
    return {(r[0], r[1]): _row(r) for r in found}


class _Careful(Exception):
    """The batch needs the row-by-row path (raised inside the savepoint to undo it)."""


def _apply_batch(conn: psycopg.Connection, user: User,
                 todo: list[tuple[PushRow, dict[str, Any] | None]]) -> list[int] | None:
    """Write every row at once — versions from one statement, one INSERT for the new
    rows, one UPDATE for the others — under the same grants and row-level security. The
    versions (None: use the careful path, nothing of this attempt remains)."""
    if any(_service_check(user, row, found) is not None
           or row.kind == "opportunity" and found is not None and sorted(found["members"]) != row.members
           for row, found in todo):
        return None  # a refusal to name, or a change of members that re-stamps an account
    try:
        with conn.transaction():
            versions = sorted(v for (v,) in conn.execute(
                "SELECT nextval('vk_version') FROM generate_series(1, %s)", (len(todo),)))
            new = [(row, v) for (row, found), v in zip(todo, versions, strict=True) if found is None]
            old = [(row, found, v) for (row, found), v in zip(todo, versions, strict=True)
                   if found is not None]
            if new:
                conn.execute(
                    "INSERT INTO vk_rows(kind, id, version, data, deleted, status, owner, modified_by,"
                    " account, members) SELECT t.k, t.i, t.v, t.d::jsonb, false, t.s, %s, %s, t.a,"
                    " ARRAY(SELECT jsonb_array_elements_text(t.m::jsonb))"
                    " FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[],"
                    " %s::text[], %s::text[]) AS t(k, i, v, d, s, a, m)",
                    (user.name, user.name, [r.kind for r, _ in new], [r.id for r, _ in new],
                     [v for _, v in new], [_json(r.data) for r, _ in new],
                     [r.status for r, _ in new], [r.account for r, _ in new],
                     [json.dumps(r.members) for r, _ in new]))
            if old:
                changed = conn.execute(
                    "UPDATE vk_rows AS r SET version = t.v, data = t.d::jsonb, deleted = t.del,"
                    " status = t.s, modified_by = %s,"
                    " members = ARRAY(SELECT jsonb_array_elements_text(t.m::jsonb)), updated_at = now()"
                    " FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::text[], %s::boolean[],"
                    " %s::text[], %s::text[]) AS t(k, i, v, d, del, s, m)"
                    " WHERE r.kind = t.k AND r.id = t.i RETURNING r.kind",
                    (user.name, [r.kind for r, _, _ in old], [r.id for r, _, _ in old],
                     [v for _, _, v in old],
                     [_json(_stored(r, f)[0]) for r, f, _ in old],
                     [r.deleted for r, _, _ in old],
                     [_stored(r, f)[1] for r, f, _ in old],
                     [json.dumps(r.members) for r, _, _ in old])).fetchall()
                if len(changed) != len(old):  # row-level security hid some: name them
                    raise _Careful
    except (_Careful, psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation,
            psycopg.errors.UniqueViolation, psycopg.errors.RaiseException):
        return None
    return versions


def _json(value: Any) -> str | None:
    """JSON text for a jsonb column; SQL NULL (not JSON null) for no value."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def changes(conn: psycopg.Connection, since: int, limit: int = PAGE) -> dict[str, Any]:
    """Rows, events and revocations after version ``since``, in version order, from one
    snapshot. A revocation (an account its owner stopped sharing with the caller) is
    readable only by that teammate and is left out once the account is visible to them
    again (shared anew: the re-stamped rows bring it back instead)."""
    meta: dict[str, str] = dict(conn.execute("SELECT key, value FROM vk_meta").fetchall())
    floor = int(meta["min_cursor"])
    if 0 < since < floor:
        raise Gone(f"cursor {since} is older than {floor}: resynchronise from 0",
                   since < int(meta.get("restored_floor", "0")))
    rows = [_row(r) for r in conn.execute(
        f"SELECT {_COLUMNS} FROM vk_rows WHERE version > %s ORDER BY version LIMIT %s",
        (since, limit))]
    events = [dict(zip(("id", "kind", "asset_id", "who", "data", "version"), e, strict=True))
              for e in conn.execute(
        "SELECT id::text, kind, asset_id, who, data, version FROM vk_events WHERE version > %s"
        " ORDER BY version LIMIT %s", (since, limit))]
    # a service started before `server init` applied the revocations' migration: none yet
    revoked = [] if int(meta.get("schema_version", "0")) < REVOCATIONS_SINCE else [
        dict(zip(("account", "revoked_by", "version"), r, strict=True)) for r in conn.execute(
            "SELECT account, revoked_by, version FROM vk_revocations WHERE version > %s"
            " AND NOT vk_account_visible(account) ORDER BY version LIMIT %s", (since, limit))]
    merged = sorted([("row", r["version"], r) for r in rows]
                    + [("event", e["version"], e) for e in events]
                    + [("revocation", v["version"], v) for v in revoked],
                    key=lambda t: t[1])[:limit]
    more = len(rows) == limit or len(events) == limit or len(revoked) == limit
    cursor = merged[-1][1] if merged else since
    return {"rows": [t[2] for t in merged if t[0] == "row"],
            "events": [t[2] for t in merged if t[0] == "event"],
            "revocations": [t[2] for t in merged if t[0] == "revocation"],
            "cursor": cursor, "more": more}


def parse_events(body: Any) -> list[tuple[str, str, str, dict[str, Any]]]:
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise BadRequest("body must be an object with a list 'events'")
    if len(body["events"]) > 10 * MAX_PUSH:
        raise BadRequest(f"at most {10 * MAX_PUSH} events per request")
    out = []
    for n, raw in enumerate(body["events"]):
        if not isinstance(raw, dict) or raw.get("kind") not in EVENT_KINDS:
            raise BadRequest(f"events[{n}].kind must be one of {', '.join(EVENT_KINDS)}")
        try:
            event_id = str(uuid.UUID(str(raw.get("id"))))
        except ValueError as exc:
            raise BadRequest(f"events[{n}].id must be a UUID") from exc
        if not isinstance(raw.get("asset_id"), str) or not isinstance(raw.get("data"), dict):
            raise BadRequest(f"events[{n}] needs asset_id and data")
        out.append((event_id, raw["kind"], raw["asset_id"], raw["data"]))
    return out


def add_events(conn: psycopg.Connection, user: User,
               events: list[tuple[str, str, str, dict[str, Any]]]) -> dict[str, int]:
    """Append events; an id already known is skipped, so a retried push counts once. The
    author is always the token's user, whatever the event claims."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (VERSION_LOCK,))
    with conn.cursor() as cur:  # executemany pipelines the inserts: one round trip
        cur.executemany(
            "INSERT INTO vk_events(id, kind, asset_id, who, data, version)"
            " SELECT %s, %s, %s, %s, %s, nextval('vk_version')"
            " WHERE NOT EXISTS (SELECT 1 FROM vk_events WHERE id = %s)"
            " ON CONFLICT (id) DO NOTHING",
            [(event_id, kind, asset_id, user.name, Jsonb(data), event_id)
             for event_id, kind, asset_id, data in events])
        added = max(cur.rowcount, 0)
    return {"added": added, "duplicates": len(events) - added}


def usage_totals(conn: psycopg.Connection, asset_ids: list[str]) -> list[dict[str, Any]]:
    return [{"asset_id": a, "uses": u, "ratings": r,
             "mean_score": float(m) if m is not None else None}
            for a, u, r, m in conn.execute(
                "SELECT asset_id, uses, ratings, mean_score FROM vk_usage_totals"
                " WHERE asset_id = ANY(%s) ORDER BY asset_id", (asset_ids,))]
