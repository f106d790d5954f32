"""Library packs (.vkpack): curated assets out to the field as one zip file.

Layout: ``manifest.json`` (format version, ValueKit version, who, when, sha256 and size
of every other entry), ``assets.json`` (records in the import format plus attachments
and a content hash), ``vocabulary.json`` (facets, values with labels, value renames),
``files/<sha256>`` (attachments), and optionally ``spin.json`` (SPIN question bank),
``fab.json`` (FAB statements) and ``roi.json`` (ROI case templates) — see pack_extras.
The pack is written to a temporary file and renamed, so a crash leaves no half pack.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from valuekit import __version__
from valuekit.db.store import Store, utc_now
from valuekit.errors import LibraryError
from valuekit.fileio import atomic_file, make_folder
from valuekit.i18n import msg
from valuekit.library.attachments import stored_path
from valuekit.library.remote_files import server_files
from valuekit.library.search import Query, search_seqs
from valuekit.library.transfer import export_records
from valuekit.packs.extras import FAB, ROI, SPIN, export_items, remember_exported

FORMAT = "valuekit-pack"
FORMAT_VERSION = 1
Progress = Callable[[int, int, str], None]
# The fields whose change makes an asset a new version (not usage, not ratings).
HASHED_FIELDS = ("title", "summary", "body", "language", "format", "creator", "importance",
                 "status", "verified_by", "review_due", "source_url", "tags", "attachments")


def content_hash(record: dict[str, Any]) -> str:
    """A version fingerprint of an asset record, identical on every machine."""
    tags = {k: sorted(v) for k, v in sorted((record.get("tags") or {}).items()) if v}
    files = sorted(a["sha256"] for a in record.get("attachments") or [])
    payload = {k: record.get(k) for k in HASHED_FIELDS if k not in ("tags", "attachments")}
    payload |= {"tags": tags, "attachments": files}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def asset_records(store: Store, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Assets as pack records: the import format plus updated_at, attachments, hash."""
    records = export_records(store, ids)
    files: dict[str, list[dict[str, Any]]] = {}
    for asset_id, sha, filename, size in store.conn.execute(
            "SELECT a.id, t.sha256, t.filename, t.size FROM attachments t "
            "JOIN assets a ON a.seq = t.asset_seq ORDER BY t.added_at, t.sha256"):
        files.setdefault(asset_id, []).append({"sha256": sha, "filename": filename, "size": size})
    updated = dict(store.conn.execute("SELECT id, updated_at FROM assets"))
    for record in records:
        record["attachments"] = files.get(record["id"], [])
        record["updated_at"] = updated[record["id"]]
        record["content_hash"] = content_hash(record)
    return records


def select_ids(store: Store, *, text: str = "", facets: dict[str, list[str]] | None = None) -> list[str]:
    """The ids of the assets a filter selects (all assets when no filter is given)."""
    q = Query(text=text, facets=facets or {}, sort="created", descending=False, limit=10**9)
    _, seqs = search_seqs(store.conn, q)
    if not seqs:
        return []
    marks = ",".join("?" * len(seqs))
    return [r[0] for r in store.conn.execute(
        f"SELECT id FROM assets WHERE seq IN ({marks}) ORDER BY seq", seqs)]


def vocabulary_entry(store: Store) -> dict[str, Any]:
    facets = [dict(zip(("name", "label_zh", "label_en", "closed", "single"), r, strict=True))
              for r in store.conn.execute(
                  "SELECT name, label_zh, label_en, closed, single FROM facets ORDER BY position, name")]
    values = [dict(zip(("facet", "value", "label_zh", "label_en"), r, strict=True))
              for r in store.conn.execute(
                  "SELECT facet, value, label_zh, label_en FROM facet_values ORDER BY facet, position, value")]
    renames = [dict(zip(("facet", "from", "to"), r, strict=True)) for r in store.conn.execute(
        "SELECT facet, old_value, new_value FROM value_renames ORDER BY renamed_at")]
    return {"facets": facets, "values": values, "renames": renames}


def _require_files(store: Store, records: list[dict[str, Any]], shas: list[str]) -> None:
    """A pack carries its files: refuse, before writing anything, when some are not in this
    library — in a synced library, files not downloaded from the team server yet."""
    absent = {sha for sha in shas if not stored_path(store, sha).is_file()}
    if not absent:
        return
    titles = [r["title"] for r in records if any(a["sha256"] in absent for a in r["attachments"])]
    names = ", ".join(titles[:3]) + (" …" if len(titles) > 3 else "")
    if server_files(store.conn, absent):
        raise LibraryError(msg("{n} attachment files of {names} are on the team server, not downloaded; download them first (valuekit sync fetch ASSET, or keep them offline)", n=len(absent), names=names))
    raise LibraryError(msg("{n} attachment files of {names} are missing from the library; run `valuekit library check`", n=len(absent), names=names))


def export_pack(store: Store, out: Path, *, ids: list[str] | None = None, created_by: str = "",
                with_spin: bool = False, with_fab: bool = False, with_roi: bool = False,
                progress: Progress | None = None) -> dict[str, Any]:
    """Write the selected assets (all when ``ids`` is None) to ``out``, and with the flags
    the whole SPIN bank, FAB statements and ROI cases; returns a summary. Exported items
    remember their hash as the common version for later merges."""
    records = asset_records(store, ids)
    data: dict[str, Any] = {"assets.json": records, "vocabulary.json": vocabulary_entry(store)}
    extras = [kind for kind, wanted in ((SPIN, with_spin), (FAB, with_fab), (ROI, with_roi))
              if wanted]
    for kind in extras:
        data[kind.entry] = export_items(store, kind)
    shas = sorted({a["sha256"] for r in records for a in r["attachments"]})
    _require_files(store, records, shas)
    out = Path(out)
    make_folder(out.parent)
    entries: dict[str, dict[str, Any]] = {}
    needed = sum(stored_path(store, sha).stat().st_size for sha in shas)
    # temp file beside ``out``, space checked first, fsynced, renamed; removed on failure
    with atomic_file(out, needed) as fh, zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, value in data.items():
            raw = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
            zf.writestr(name, raw)
            entries[name] = {"sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw)}
        for n, sha in enumerate(shas, start=1):
            source = stored_path(store, sha)
            # already-compressed formats (pdf, pptx, png) gain nothing from deflate
            zf.write(source, f"files/{sha}", compress_type=zipfile.ZIP_STORED)
            entries[f"files/{sha}"] = {"sha256": sha, "size": source.stat().st_size}
            if progress:
                progress(n, len(shas), f"files/{sha}")
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "valuekit_version": __version__,
            "created_by": created_by, "created_at": utc_now(), "entries": entries,
            "counts": {"assets": len(records), "attachments": len(shas),
                       **{kind.name: len(data[kind.entry]) for kind in extras}},
        }
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    now = utc_now()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO pack_sync(asset_id, content_hash, synced_at) VALUES (?,?,?)",
            [(r["id"], r["content_hash"], now) for r in records])
        for kind in extras:
            remember_exported(conn, kind, data[kind.entry], now)
    return {"path": str(out), "assets": len(records), "attachments": len(shas),
            "extras": {kind.name: len(data[kind.entry]) for kind in extras}}
