"""Team-wide usage and ratings of FAB and SPIN claims (sales/claims.py), as sync events.

Asset usage and ratings carry a UUID of their own. The claim tables do not (a rating is
one row per rater, replaced when they rate again; a use has only a local sequence), so an
event's id is derived from what the row *is*: a rating from claim, rater, score and time, a use
from claim, opportunity, stage and time. The same row gives the same id on every laptop,
so a row received from a teammate is never sent back as new, and a retried push counts
once. (Two uses of one claim for the same opportunity and stage in the same second are
one event — the kit already records one use per claim per export.)
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

# fixed: changing it would make every laptop send its claim events again under new ids
NAMESPACE = uuid.UUID("6f1d2c4e-3a5b-4c8d-9e7f-0a1b2c3d4e5f")
TABLES = {"fab": "fabs", "spin": "spin_questions"}
Event = dict[str, Any]


def rating_id(kind: str, claim_id: str, rater: str, usefulness: int, rated_at: str) -> str:
    # the score is part of it: a rater who changes their mind within the second of the
    # timestamp still sends a new event
    return str(uuid.uuid5(NAMESPACE, f"rating/{kind}/{claim_id}/{rater}/{usefulness}/{rated_at}"))


def use_id(kind: str, claim_id: str, opportunity_id: str | None, stage: str | None, used_at: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"use/{kind}/{claim_id}/{opportunity_id or ''}/{stage or ''}/{used_at}"))


def local_claim_events(conn: sqlite3.Connection, sent: str = "sync_events") -> Iterator[Event]:
    """Claim ratings and uses not yet on the server. Only the claim rows' own ids are
    looked up among those sent (``sent`` holds every asset event too: the status bar asks
    this on every refresh)."""
    events: list[Event] = []
    for kind, claim_id, rater, usefulness, rated_at in conn.execute(
            "SELECT kind, claim_id, rater, usefulness, rated_at FROM claim_ratings"):
        events.append({"id": rating_id(kind, claim_id, rater, usefulness, rated_at),
                       "kind": "claim_rating", "asset_id": f"{kind}/{claim_id}",
                       "data": {"rater": rater, "usefulness": usefulness, "rated_at": rated_at}})
    for kind, claim_id, opportunity_id, stage, used_at in conn.execute(
            "SELECT kind, claim_id, opportunity_id, stage, used_at FROM claim_usage"):
        events.append({"id": use_id(kind, claim_id, opportunity_id, stage, used_at),
                       "kind": "claim_usage", "asset_id": f"{kind}/{claim_id}",
                       "data": {"opportunity_id": opportunity_id, "stage": stage, "used_at": used_at}})
    if not events:
        return
    known = {r[0] for r in conn.execute(
        f"SELECT id FROM {sent} WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps([e["id"] for e in events]),))}
    yield from (e for e in events if e["id"] not in known)


def apply_claim_event(conn: sqlite3.Connection, event: Event) -> bool:
    """Store a teammate's claim rating or use here (once); False when the claim is not in
    this library or the event is malformed. A newer rating by the same rater replaces an
    older one, as on the laptop it was made on."""
    kind, _, claim_id = str(event.get("asset_id") or "").partition("/")
    data = event.get("data") or {}
    if kind not in TABLES or not claim_id or not isinstance(data, dict):
        return False
    if conn.execute(f"SELECT 1 FROM {TABLES[kind]} WHERE id = ?", (claim_id,)).fetchone() is None:
        return False
    if conn.execute("SELECT 1 FROM sync_events WHERE id = ?", (str(event["id"]),)).fetchone():
        return True  # ours coming back, or seen before a full resync: counted once
    if event["kind"] == "claim_rating":
        score, rater = data.get("usefulness"), str(data.get("rater") or "")
        rated_at = str(data.get("rated_at") or "")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            return False
        if rating_id(kind, claim_id, rater, score, rated_at) != str(event["id"]):
            return False  # not what it says it is: here it would be sent back under another id
        conn.execute("INSERT INTO claim_ratings (kind, claim_id, rater, usefulness, rated_at)"
                     " VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, claim_id, rater) DO UPDATE SET"
                     " usefulness = excluded.usefulness, rated_at = excluded.rated_at"
                     # events come in the order they were pushed: within one second the
                     # later one is the rater's newer mind
                     " WHERE excluded.rated_at >= claim_ratings.rated_at",
                     (kind, claim_id, rater, score, rated_at))
    else:
        used_at = str(data.get("used_at") or "")
        if use_id(kind, claim_id, data.get("opportunity_id"), data.get("stage"), used_at) != str(event["id"]):
            return False  # not what it says it is: here it would be sent back under another id
        conn.execute("INSERT INTO claim_usage (kind, claim_id, opportunity_id, stage, used_at)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (kind, claim_id, data.get("opportunity_id"), data.get("stage"), used_at))
    conn.execute("INSERT OR IGNORE INTO sync_events(id) VALUES (?)", (event["id"],))
    return True
