"""Importing a pack: stage and verify every byte, then merge in one transaction.

Merge rules, per asset (matched by UUID), with the "common version" being the content
hash last exchanged through a pack (table pack_sync):
- new here → added;  identical → skipped;
- only the pack changed since the common version → updated;
- only this library changed → skipped (ours is newer);
- both changed → a conflict: kept aside in pack_conflicts, never applied silently;
- never exchanged before → the later ``updated_at`` wins.
Facets and values are merged by name (labels come along); value renames recorded in the
pack are applied here too. Killed midway, SQLite rolls the whole import back; importing
the same pack again leaves the library as the first import did.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import write_assets
from valuekit.library.attachments import STAGING_DIR, file_sha256, store_file, stored_path
from valuekit.library.curation import merge_values, rename_value
from valuekit.library.model import AssetInput, AssetValidator
from valuekit.packs.export import FORMAT, FORMAT_VERSION, Progress, asset_records, content_hash
from valuekit.packs.extras import KINDS, ExtraError, merge_items, three_way
from valuekit.packs.safety import (
    PackError,
    check_members,
    load_json,
    open_pack,
    safe_filename,
    stream_entry,
)

SHA = re.compile(r"[0-9a-f]{64}")
STALE_STAGING_SECONDS = 24 * 3600
CLOCK_SKEW_SECONDS = 10 * 60
# status_by of an asset whose "verified" came from a pack: "pack claim (sender): who"
CLAIM_PREFIX = "pack claim from "


@dataclass
class PackReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    facets_added: int = 0
    values_added: int = 0
    renames_applied: int = 0
    attachments_added: int = 0
    # per optional part (spin, fab, roi): added/updated/skipped counts and conflicts kept aside
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_by: str = ""
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["counts"] = {k: len(out[k]) for k in ("added", "updated", "skipped", "conflicts")}
        return out


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run after measuring it."""


def _check_manifest(manifest: Any, names: set[str]) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError("pack refused: manifest.json is not a ValueKit pack manifest")
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PackError("pack refused: manifest.format_version must be a whole number ≥ 1")
    if version > FORMAT_VERSION:
        raise PackError(msg("pack refused: it was made by a newer ValueKit (pack format {version}, this ValueKit reads up to {format_version}); update ValueKit first", version=version, format_version=FORMAT_VERSION))
    for key in ("created_by", "created_at", "valuekit_version"):
        if not isinstance(manifest.get(key, ""), str):
            raise PackError(msg("pack refused: manifest.{key} must be text", key=key))
    entries = manifest.get("entries")
    if not isinstance(entries, dict):
        raise PackError("pack refused: manifest.entries must be an object")
    for name, meta in entries.items():
        if not (isinstance(meta, dict) and isinstance(meta.get("sha256"), str)
                and SHA.fullmatch(meta["sha256"]) and isinstance(meta.get("size"), int)
                and not isinstance(meta.get("size"), bool) and meta["size"] >= 0):
            raise PackError(msg("pack refused: manifest.entries[{name!r}] needs sha256 and size", name=name))
    if set(entries) != names - {"manifest.json"}:
        missing = sorted(set(entries) ^ (names - {"manifest.json"}))
        raise PackError(msg("pack refused: entries and manifest disagree on {allowed}", allowed=', '.join(missing[:5])))
    return manifest


def stage_pack(store: Store, path: Path, staging: Path,
               progress: Progress | None = None) -> tuple[dict[str, Any], dict[str, Path]]:
    """Verify the pack and copy its entries into ``staging``; returns (manifest, files)."""
    with open_pack(Path(path)) as zf:
        infos = check_members(zf)
        by_name = {i.filename: i for i in infos}
        manifest_path = staging / "manifest.json"
        stream_entry(zf, by_name["manifest.json"], manifest_path)
        manifest = _check_manifest(load_json(manifest_path, "manifest.json"), set(by_name))
        staged: dict[str, Path] = {}
        for n, (name, meta) in enumerate(manifest["entries"].items(), start=1):
            target = staging / name.replace("/", "_")
            digest = stream_entry(zf, by_name[name], target)
            if digest != meta["sha256"] or (name.startswith("files/") and digest != name[6:]):
                raise PackError(msg("pack refused: entry {name!r} does not match its hash in the manifest", name=name))
            staged[name] = target
            if progress:
                progress(n, len(manifest["entries"]), name)
    return manifest, staged


def _merge_vocabulary(conn: Any, vocab: Any, report: PackReport, store: Store) -> None:
    if not isinstance(vocab, dict):
        raise PackError("pack refused: vocabulary.json must be an object")
    for f in vocab.get("facets") or []:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise PackError("pack refused: vocabulary.json has a facet without a name")
        report.facets_added += conn.execute(
            "INSERT OR IGNORE INTO facets(name, label_zh, label_en, closed, single) VALUES (?,?,?,?,?)",
            (f["name"], str(f.get("label_zh") or f["name"]), str(f.get("label_en") or f["name"]),
             int(bool(f.get("closed"))), int(bool(f.get("single"))))).rowcount
    for r in vocab.get("renames") or []:
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("facet", "from", "to")):
            raise PackError("pack refused: vocabulary.json has a malformed rename")
        def has(value: str, facet: str = r["facet"]) -> bool:
            return conn.execute("SELECT 1 FROM facet_values WHERE facet=? AND value=?",
                                (facet, value)).fetchone() is not None

        if has(r["from"]) and r["from"] != r["to"]:
            if has(r["to"]):
                merge_values(store, r["facet"], [r["from"]], r["to"])
            else:
                rename_value(store, r["facet"], r["from"], r["to"])
            report.renames_applied += 1
    for v in vocab.get("values") or []:
        if not isinstance(v, dict) or not isinstance(v.get("facet"), str) or not isinstance(v.get("value"), str):
            raise PackError("pack refused: vocabulary.json has a malformed value")
        if conn.execute("SELECT 1 FROM facets WHERE name=?", (v["facet"],)).fetchone():
            report.values_added += conn.execute(
                "INSERT OR IGNORE INTO facet_values(facet, value, label_zh, label_en) VALUES (?,?,?,?)",
                (v["facet"], v["value"], str(v.get("label_zh") or v["value"]),
                 str(v.get("label_en") or v["value"]))).rowcount


def _latest_allowed() -> str:
    """A pack's time stamps may run ahead of ours by a little clock skew, no more."""
    limit = datetime.now(UTC) + timedelta(seconds=CLOCK_SKEW_SECONDS)
    return limit.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _as_claim(item: AssetInput, sender: str) -> AssetInput:
    """"Verified by X" from a pack is the sender's claim, not a verification made here:
    it is recorded as such (``CLAIM_PREFIX``) so nobody mistakes it for a local one."""
    if item.status != "verified" or (item.status_by or "").startswith(CLAIM_PREFIX):
        return item
    who = item.status_by or "?"
    return replace(item, status_by=f"{CLAIM_PREFIX}{sender or '?'}: {who}"[:200])


def _decide(incoming: dict[str, Any], local: dict[str, Any] | None, base: str | None) -> str:
    if local is None:
        return "add"
    return three_way(content_hash(incoming), local["content_hash"], base,
                     str(incoming.get("updated_at") or ""), local["updated_at"])


def _copy_files(store: Store, files: list[dict[str, Any]], staged: dict[str, Path],
                report: PackReport) -> None:
    """Put attachment files into the library's content-addressed store (never in a dry
    run). A file already there is trusted only if its bytes match its hash; a copy cut
    short by a kill or a full disk is replaced, and copies are atomic."""
    for a in files:
        target = stored_path(store, a["sha256"])
        new_file = not (target.is_file() and file_sha256(target) == a["sha256"])
        if new_file and not report.dry_run:
            store_file(store, staged[f"files/{a['sha256']}"], a["sha256"])
        report.attachments_added += new_file


def attach_rows(conn: Any, seq: int, files: list[dict[str, Any]]) -> None:
    conn.execute("DELETE FROM attachments WHERE asset_seq = ?", (seq,))
    conn.executemany(
        "INSERT OR IGNORE INTO attachments(asset_seq, sha256, filename, size, added_at)"
        " VALUES (?,?,?,?,?)",
        [(seq, a["sha256"], safe_filename(a["filename"]), a["size"], utc_now()) for a in files])


def _check_record(record: Any, n: int, staged: dict[str, Path]) -> None:
    if not isinstance(record, dict):
        raise PackError(msg("pack refused: assets.json[{n}] must be an object", n=n))
    files = record.get("attachments") or []
    if not isinstance(files, list):
        raise PackError(msg("pack refused: assets.json[{n}].attachments must be a list", n=n))
    for a in files:
        if not (isinstance(a, dict) and isinstance(a.get("sha256"), str)
                and f"files/{a['sha256']}" in staged and isinstance(a.get("filename"), str)
                and isinstance(a.get("size"), int)):
            raise PackError(msg("pack refused: assets.json[{n}] names an attachment the pack lacks", n=n))


def _merge_assets(conn: Any, store: Store, records: Any, staged: dict[str, Path],
                  manifest: dict[str, Any], path: Path, report: PackReport) -> None:
    if not isinstance(records, list):
        raise PackError("pack refused: assets.json must be a list of assets")
    validator = AssetValidator(conn)
    items = []
    latest = _latest_allowed()
    for n, record in enumerate(records):
        _check_record(record, n, staged)
        for key in ("updated_at", "created_at"):
            if isinstance(record.get(key), str) and record[key] > latest:
                raise PackError(msg("pack refused: assets.json[{n}].{key} {value!r} is in the future (the sender's clock is wrong, or the pack was tampered with)", n=n, key=key, value=record[key][:40]))
        try:
            item = validator.asset(record, prefix=f"assets.json[{n}].")
        except ValidationError as exc:
            raise PackError(msg("pack refused: {exc}", exc=exc)) from exc
        items.append(_as_claim(item, str(manifest.get("created_by") or "")))
    validator.add_new_values(conn)
    ids = [i.id for i in items]
    present = {r[0] for r in conn.execute("SELECT id FROM assets")} & set(ids)
    local = {r["id"]: r for r in asset_records(store, sorted(present))} if present else {}
    bases = dict(conn.execute("SELECT asset_id, content_hash FROM pack_sync"))
    to_write, now = [], utc_now()
    for record, item in zip(records, items, strict=True):
        decision = _decide(record, local.get(item.id), bases.get(item.id))
        theirs = content_hash(record)
        if decision == "conflict":
            report.conflicts.append({"id": item.id, "title": item.title})
            conn.execute("INSERT OR REPLACE INTO pack_conflicts(asset_id, incoming, incoming_hash,"
                         " pack_name, created_by, detected_at) VALUES (?,?,?,?,?,?)",
                         (item.id, json.dumps(record, ensure_ascii=False), theirs, path.name,
                          manifest.get("created_by", ""), now))
            # their files are kept too, so "take theirs" later has everything it needs
            _copy_files(store, record.get("attachments") or [], staged, report)
            continue
        if decision == "ours":
            report.skipped.append(item.id)
            continue
        if decision == "same":
            # same record: still repair any of its files a killed copy left damaged
            _copy_files(store, record.get("attachments") or [], staged, report)
        (report.added if decision == "add" else report.updated if decision == "update"
         else report.skipped).append(item.id)
        if decision in ("add", "update"):
            to_write.append((item, record))
        conn.execute("INSERT OR REPLACE INTO pack_sync(asset_id, content_hash, synced_at)"
                     " VALUES (?,?,?)", (item.id, theirs, now))
    write_assets(conn, [i for i, _ in to_write], replace=True)
    seqs = dict(conn.execute("SELECT id, seq FROM assets")) if to_write else {}
    for item, record in to_write:
        _copy_files(store, record.get("attachments") or [], staged, report)
        attach_rows(conn, seqs[item.id], record.get("attachments") or [])


def _sweep_stale_staging(root: Path) -> None:
    """Remove staging folders left by an import that was killed (a day old, so an import
    running now in another window is never touched)."""
    if root.is_dir():
        cutoff = time.time() - STALE_STAGING_SECONDS
        for folder in root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def import_pack(store: Store, path: Path | str, *, dry_run: bool = False,
                progress: Progress | None = None) -> PackReport:
    """Verify, stage and merge a pack; with ``dry_run`` report what would change and
    change nothing. Raises PackError (nothing changed) for a hostile or broken pack."""
    path = Path(path)
    _sweep_stale_staging(store.path / STAGING_DIR)
    staging = store.path / STAGING_DIR / str(uuid.uuid4())
    staging.mkdir(parents=True)
    report = PackReport(dry_run=dry_run)
    try:
        manifest, staged = stage_pack(store, path, staging, progress)
        report.created_by = manifest.get("created_by", "")
        try:
            with store.transaction() as conn:
                if "vocabulary.json" in staged:
                    _merge_vocabulary(conn, load_json(staged["vocabulary.json"], "vocabulary.json"),
                                      report, store)
                # after the vocabulary their values need; before the assets, whose
                # attachment files are the only thing written outside the database
                for kind in KINDS.values():
                    if kind.entry in staged:
                        try:
                            report.extras[kind.name] = merge_items(
                                store, conn, kind, load_json(staged[kind.entry], kind.entry))
                        except ExtraError as exc:
                            raise PackError(msg("pack refused: {exc}", exc=exc)) from exc
                if "assets.json" in staged:
                    _merge_assets(conn, store, load_json(staged["assets.json"], "assets.json"),
                                  staged, manifest, path, report)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report
