"""The optional parts of a pack: the SPIN question bank (``spin.json``), FAB statements
(``fab.json``) and ROI case templates (``roi.json``).

They follow the assets' merge rule, item by item and matched by id: the common version is
the content hash last exchanged through a pack (``pack_sync`` under the key
``<kind>:<id>``); only the pack changed → updated; only this library changed → kept;
both changed → a conflict that keeps this library's version and is reported; never
exchanged and different → the later ``updated_at`` wins (a SPIN question has none, so
this library's stays). Every item is saved through its own module's public function, so
the same validation applies as when a user types it in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError, ValueKitError
from valuekit.i18n import msg
from valuekit.roi import cases as roi_store
from valuekit.sales import fab, spin

# One record of an optional pack part (a SPIN question, FAB statement or ROI case): the kinds
# differ in shape, so the generic merge sees a read-only JSON object.
PackItem = Mapping[str, Any]


class ExtraError(ValueKitError):
    """An optional pack part that cannot be merged (wrapped as a PackError by the importer)."""


def three_way(theirs: str, ours: str, base: str | None, their_time: str, our_time: str) -> str:
    """``same`` / ``update`` / ``ours`` / ``conflict`` for an item present on both sides."""
    if theirs == ours:
        return "same"
    if base is not None:
        if ours == base:
            return "update"
        if theirs == base:
            return "ours"
        return "conflict"
    # never exchanged before: nothing says which side is newer (a pack's clock or its
    # ``updated_at`` may be anything), so a local version is never overwritten silently
    return "conflict"


def _hash(payload: Mapping[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Kind:
    """How one optional part is listed, fingerprinted, looked up and saved."""

    name: str
    fields: tuple[str, ...]  # what makes a new version (not ids or time stamps)
    list_all: Callable[[Store], Sequence[PackItem]]
    get_one: Callable[[Store, str], PackItem]
    save: Callable[[Store, PackItem], Any]
    title: Callable[[PackItem], str]

    @property
    def entry(self) -> str:
        return f"{self.name}.json"

    def content_hash(self, item: PackItem) -> str:
        return _hash({k: item.get(k) for k in self.fields})


def _spin_list(store: Store) -> Sequence[PackItem]:
    return spin.list_questions(store)


def _spin_get(store: Store, item_id: str) -> PackItem:
    return spin.get_question(store, item_id)


def _spin_save(store: Store, item: PackItem) -> Any:
    return spin.add_question(store, item)


def _fab_list(store: Store) -> Sequence[PackItem]:
    return fab.list_fabs(store)


def _fab_get(store: Store, item_id: str) -> PackItem:
    return fab.get_fab(store, item_id)


def _fab_save(store: Store, item: PackItem) -> Any:
    data = {k: v for k, v in item.items() if k not in ("feature_id", "created_at", "updated_at",
                                                        "product_name")}
    return fab.add_fab(store, data)


def _roi_list(store: Store) -> Sequence[PackItem]:
    return [_roi_get(store, c["id"]) for c in roi_store.list_cases(store)]


def _roi_get(store: Store, item_id: str) -> PackItem:
    case = roi_store.get_case(store, item_id)
    if case["id"] != item_id:  # a prefix match is not the same case
        raise NotFoundError(msg("no ROI case {item_id}", item_id=item_id))
    # the opportunity link stays home: it names a deal of this library only
    return {"id": case["id"], "customer": case["customer"], "updated_at": case["updated_at"],
            "data": case["data"]}


def _roi_save(store: Store, item: PackItem) -> Any:
    if not isinstance(item.get("data"), dict):
        raise ValidationError("data", "must be the ROI case document (an object)")
    return roi_store.save_case(store, item["data"], case_id=str(item.get("id")),
                               customer=str(item.get("customer") or ""))


SPIN = Kind("spin", ("kind", "text_zh", "text_en", "industries", "personas", "pain",
                     "driver_hint", "position"), _spin_list, _spin_get, _spin_save,
            lambda q: str(q.get("text_zh") or q.get("text_en") or q.get("id")))
FAB = Kind("fab", ("product", "feature", "feature_description", "advantage", "competitor",
                   "benefit", "language", "personas", "industries", "value_type", "need_layer",
                   "pains", "roi_driver"), _fab_list, _fab_get, _fab_save,
           lambda f: f"{f.get('product')}: {f.get('feature')}")
ROI = Kind("roi", ("customer", "data"), _roi_list, _roi_get, _roi_save,
           lambda c: str((c.get("data") or {}).get("name") or c.get("id")))
KINDS = {k.name: k for k in (SPIN, FAB, ROI)}


def export_items(store: Store, kind: Kind) -> Sequence[PackItem]:
    return kind.list_all(store)


def remember_exported(conn: Any, kind: Kind, items: Sequence[PackItem], now: str) -> None:
    """What was sent becomes the common version of each item."""
    conn.executemany(
        "INSERT OR REPLACE INTO pack_sync(asset_id, content_hash, synced_at) VALUES (?,?,?)",
        [(f"{kind.name}:{i['id']}", kind.content_hash(i), now) for i in items])


def _local(store: Store, kind: Kind, item_id: str) -> PackItem | None:
    try:
        found = kind.get_one(store, item_id)
    except (NotFoundError, ValidationError):  # absent, or only a prefix of several ids
        return None
    return found if found.get("id") == item_id else None


def merge_items(store: Store, conn: Any, kind: Kind, items: Any) -> dict[str, Any]:
    """Merge one part inside the import's transaction; returns counts and conflicts."""
    if not isinstance(items, list):
        raise ExtraError(msg("{entry} must be a list", entry=kind.entry))
    counts: dict[str, Any] = {"added": 0, "updated": 0, "skipped": 0, "conflicts": []}
    now = utc_now()
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ExtraError(msg("{entry}[{n}] must be an object with an id", entry=kind.entry, n=n))
        key = f"{kind.name}:{item['id']}"
        theirs = kind.content_hash(item)
        local = _local(store, kind, item["id"])
        if local is None:
            decision = "add"
        else:
            base = conn.execute("SELECT content_hash FROM pack_sync WHERE asset_id = ?",
                                (key,)).fetchone()
            decision = three_way(theirs, kind.content_hash(local), base[0] if base else None,
                                 str(item.get("updated_at") or ""), str(local.get("updated_at") or ""))
        if decision == "conflict":
            counts["conflicts"].append({"kind": kind.name, "id": item["id"],
                                        "title": kind.title(item)})
            continue
        if decision == "ours":
            counts["skipped"] += 1
            continue
        if decision in ("add", "update"):
            try:
                kind.save(store, item)
            except ValueKitError as exc:
                raise ExtraError(msg("{entry}[{n}]: {exc}", entry=kind.entry, n=n, exc=exc)) from exc
        counts["added" if decision == "add" else "updated" if decision == "update"
               else "skipped"] += 1
        conn.execute("INSERT OR REPLACE INTO pack_sync(asset_id, content_hash, synced_at)"
                     " VALUES (?,?,?)", (key, theirs, now))
    return counts
