"""Attachments on demand, and "keep offline" per asset and per sales stage.

A synced library receives every asset row but not its attachment files: a file comes down
when someone opens it (``ensure_local`` / ``open_attachment``) or, at every sync, when its
asset is kept offline — by its id (table ``sync_offline``, m009) or because it carries a
kept stage (``sync_offline_stages``, m011; an asset that gains the stage later is included
at the next sync). Every download streams into a temporary file beside its place, is
verified against its SHA-256 and only then renamed in (``fileio.atomic_file``), and is
recorded in ``sync_downloads``.

Stopping keeping something offline frees the space of its files — only files that sync
downloaded, that no kept asset still needs, that the server holds (an agreed base names
them) and whose assets are all synced: a file attached on this laptop and not yet uploaded
is never touched, nor a file opened on demand for another asset.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError, ValueKitError
from valuekit.fileio import atomic_file, ensure_space
from valuekit.i18n import LANGUAGES, msg, t
from valuekit.library.assets import resolve_seq
from valuekit.library.attachments import stored_path
from valuekit.library.filetext import index_file
from valuekit.library.opening import OpenCopy, copy_for_viewer
from valuekit.library.remote_files import server_files, sync_configured
from valuekit.library.vocabulary import canonical_value, list_values
from valuekit.sync.engine import SyncReport, transport_for
from valuekit.sync.transport import Offline, SyncError, Transport

Progress = Callable[[int, int, str], None]   # (bytes done, bytes total, file name)

_KEPT_SEQS = """
SELECT seq FROM assets WHERE id IN (SELECT asset_id FROM sync_offline)
UNION SELECT asset_seq FROM asset_tags WHERE facet = 'stage'
    AND value IN (SELECT stage FROM sync_offline_stages)"""


@dataclass(frozen=True)
class FileState:
    """One attachment of an asset as the user sees it."""

    sha256: str
    filename: str
    size: int
    here: bool        # the file is in this library
    on_server: bool   # the team server holds it (can be downloaded)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def file_states(store: Store, asset_ref: str) -> list[FileState]:
    seq = resolve_seq(store.conn, asset_ref)
    rows = store.conn.execute("SELECT sha256, filename, size FROM attachments WHERE asset_seq = ?"
                              " ORDER BY added_at, filename", (seq,)).fetchall()
    here = {sha: stored_path(store, sha).is_file() for sha, _, _ in rows}
    remote = server_files(store.conn, [sha for sha, ok in here.items() if not ok])
    return [FileState(sha, name, int(size), here[sha], sha in remote) for sha, name, size in rows]


# ---- downloading ------------------------------------------------------------------

def download(store: Store, transport: Transport, sha: str, size: int = 0, *,
             name: str = "", progress: Progress | None = None) -> bool:
    """Bring one file here, verified; False when it already was. A damaged download
    (its hash differs) is thrown away and refused; a cancelled one leaves nothing."""
    target = stored_path(store, sha)
    if target.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    done = 0
    with atomic_file(target, size) as out:
        def sink(chunk: bytes) -> None:
            nonlocal done
            digest.update(chunk)
            out.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, max(size, done), name)

        transport.read_blob(sha, sink)
        if digest.hexdigest() != sha:  # raising inside atomic_file discards the temp file
            raise SyncError(msg("the file {sha} arrived damaged; sync again", sha=sha))
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO sync_downloads(sha256, size, downloaded_at) VALUES (?,?,?)",
                     (sha, done, utc_now()))
    if not store.conn.execute("SELECT 1 FROM file_text WHERE sha256 = ?", (sha,)).fetchone():
        index_file(store, sha, name or sha)  # its text becomes searchable with its asset
    return True


def _absent(store: Store, rows: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    seen: set[str] = set()
    out = []
    for sha, name, size in rows:
        if sha not in seen and not stored_path(store, sha).is_file():
            seen.add(sha)
            out.append((sha, name, size))
    return out


def _download_all(store: Store, transport: Transport, files: list[tuple[str, str, int]],
                  progress: Progress | None,
                  problems: list[tuple[str, str, SyncError]] | None = None) -> int:
    """Download every file; one that fails does not stop the others, the first failure
    is raised at the end (Offline at once: nothing else can come down either). With
    ``problems``, failures are listed there instead of raised."""
    total = sum(size for _, _, size in files)
    if files:  # limits before heavy work: a full disk is said once, before the first byte
        store.files_dir.mkdir(parents=True, exist_ok=True)
        ensure_space(store.files_dir, total)
    done = count = 0
    failed: list[SyncError] = []
    for sha, name, size in files:
        def step(d: int, _t: int, n: str, base: int = done) -> None:
            if progress is not None:
                progress(base + d, max(total, base + d), n)

        try:
            count += download(store, transport, sha, size, name=name, progress=step)
        except Offline:
            raise
        except SyncError as exc:
            failed.append(exc)
            if problems is not None:
                problems.append((sha, name, exc))
        done += size
    if failed and problems is None:
        raise failed[0]
    return count


def fetch_attachments(store: Store, transport: Transport, asset_ref: str, *,
                      progress: Progress | None = None) -> int:
    """Download the asset's attachment files not yet here; returns how many came down."""
    seq = resolve_seq(store.conn, asset_ref)
    rows = store.conn.execute("SELECT sha256, filename, size FROM attachments WHERE asset_seq = ?",
                              (seq,)).fetchall()
    return _download_all(store, transport, _absent(store, [tuple(r) for r in rows]), progress)


def kept_files(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(sha256, file name, size) of every attachment of an asset kept offline."""
    return [tuple(r) for r in conn.execute(
        f"SELECT sha256, min(filename), max(size) FROM attachments WHERE asset_seq IN ({_KEPT_SEQS})"
        " GROUP BY sha256 ORDER BY sha256")]


def prune_downloads(store: Store) -> Freed:
    """Remove downloaded files no asset attaches any more (the asset was deleted on the
    server, or its file replaced by a new version): they came from the server, which
    keeps them, and without this every new version of a kept deck would pile up."""
    return _remove_downloads(store, store.conn.execute(
        "SELECT sha256, size FROM sync_downloads WHERE sha256 NOT IN (SELECT sha256 FROM attachments)"
    ).fetchall())


def _remove_downloads(store: Store, files: list[tuple[str, int]]) -> Freed:
    """Delete these downloaded files, then forget them in one transaction (a row left by
    a crash in between only says sync once downloaded a file that is gone: harmless)."""
    for sha, _size in files:
        stored_path(store, sha).unlink(missing_ok=True)
    with store.transaction() as conn:
        conn.executemany("DELETE FROM sync_downloads WHERE sha256 = ?", [(sha,) for sha, _ in files])
    return Freed(len(files), sum(int(size) for _, size in files))


def fetch_offline(store: Store, transport: Transport, report: SyncReport, *,
                  progress: Progress | None = None, strict: bool = False) -> None:
    """At every sync: the files of the assets kept offline (by id or by stage); files
    downloaded earlier that no asset attaches any more are removed first. ``strict``
    (the user asked for these files now): a file that cannot come down is an error."""
    prune_downloads(store)
    files = _absent(store, kept_files(store.conn))
    # a file the server cannot give (damaged, missing there) is reported, not raised:
    # the rows and usage of this sync went through, and the other files came down
    problems: list[tuple[str, str, SyncError]] = []
    report.blobs_downloaded += _download_all(store, transport, files, progress,
                                             None if strict else problems)
    report.download_problems += [{"sha256": sha, "name": name,
                                  "problem": {lang: exc.localized(lang) for lang in LANGUAGES}}
                                 for sha, name, exc in problems]


def fetch_kept(store: Store, *, progress: Progress | None = None) -> int:
    """Download now what is kept offline (what the next sync would); returns how many."""
    report = SyncReport()
    fetch_offline(store, transport_for(store), report, progress=progress, strict=True)
    return report.blobs_downloaded


def ensure_local(store: Store, sha: str, filename: str, *, transport: Transport | None = None,
                 progress: Progress | None = None) -> bool:
    """Make one attachment's file available here, downloading it from the team server if
    need be; True when it was downloaded. A file neither here nor on the server is
    reported as missing (``library check`` tells more)."""
    if stored_path(store, sha).is_file():
        return False
    if not server_files(store.conn, [sha]):
        raise ValueKitError(msg("the attachment file {name} is missing from the library; run `valuekit library check`", name=filename))
    row = store.conn.execute("SELECT max(size) FROM attachments WHERE sha256 = ?", (sha,)).fetchone()
    try:
        return download(store, transport or transport_for(store), sha, int(row[0] or 0),
                        name=filename, progress=progress)
    except Offline as exc:
        raise Offline(msg("{name}: this file is on the team server; connect to download it", name=filename)) from exc


def open_attachment(store: Store, sha: str, filename: str, *,
                    progress: Progress | None = None) -> OpenCopy:
    """Download the file if it is only on the team server, then make the viewer's copy."""
    ensure_local(store, sha, filename, progress=progress)
    return copy_for_viewer(store, sha, filename)


# ---- what is kept offline ---------------------------------------------------------

def stage_values(conn: sqlite3.Connection, stages: list[str]) -> list[str]:
    """The vocabulary values these stages mean (a value, label or synonym); an unknown one
    is refused naming the field and the allowed values."""
    out = []
    for raw in stages:
        value = canonical_value(conn, "stage", raw.strip())
        if value is None:
            allowed = ", ".join(v.value for v in list_values(conn, "stage"))
            raise ValidationError("stage", msg("{value!r} is not a sales stage; allowed: {allowed}",
                                               value=raw, allowed=allowed))
        out.append(value)
    return out


def set_offline(store: Store, asset_refs: list[str], stages: list[str], *, keep: bool = True,
                free: bool = True) -> Freed:
    """Keep these assets' files — and those of every asset tagged with one of these sales
    stages, now or later — downloaded at every sync (``keep``); or stop keeping them and,
    with ``free``, remove downloaded files no longer needed offline. Everything is checked
    before anything changes: an unknown asset or stage (a label or synonym means its
    value; otherwise the allowed values are named) changes nothing."""
    conn = store.conn
    listed = {r[0] for r in conn.execute("SELECT asset_id FROM sync_offline")}
    # an asset deleted since it was kept can still be removed from the list by its id
    ids = [r if not keep and r in listed else
           conn.execute("SELECT id FROM assets WHERE seq = ?", (resolve_seq(conn, r),)).fetchone()[0]
           for r in asset_refs]
    values = stage_values(conn, stages) if stages else []
    # the files of exactly what stops being kept (a file opened on demand stays)
    released = {r[0] for r in conn.execute(
        "SELECT sha256 FROM attachments WHERE asset_seq IN (SELECT seq FROM assets WHERE id IN"
        " (SELECT value FROM json_each(?))) OR asset_seq IN (SELECT asset_seq FROM asset_tags"
        " WHERE facet = 'stage' AND value IN (SELECT value FROM json_each(?)))",
        (json.dumps(ids), json.dumps(values)))}
    with store.transaction() as c:
        if keep:
            c.executemany("INSERT OR IGNORE INTO sync_offline(asset_id) VALUES (?)", [(i,) for i in ids])
            c.executemany("INSERT OR IGNORE INTO sync_offline_stages(stage) VALUES (?)", [(v,) for v in values])
        else:
            c.executemany("DELETE FROM sync_offline WHERE asset_id = ?", [(i,) for i in ids])
            c.executemany("DELETE FROM sync_offline_stages WHERE stage = ?", [(v,) for v in values])
    return free_space(store, released) if free and not keep else Freed()


def keep_offline(store: Store, asset_refs: list[str], keep: bool = True) -> Freed:
    """``set_offline`` for assets only (the name the sync tests have always used)."""
    return set_offline(store, asset_refs, [], keep=keep)


@dataclass
class Freed:
    files: int = 0
    bytes: int = 0


def free_space(store: Store, candidates: set[str] | None = None) -> Freed:
    """Remove downloaded files (of ``candidates``, or any) that no kept asset needs, only
    where it is safe (see the module's docstring)."""
    conn = store.conn
    downloaded = conn.execute("SELECT sha256, size FROM sync_downloads ORDER BY sha256").fetchall()
    remote = server_files(conn, [sha for sha, _ in downloaded])
    needed = {sha for sha, _, _ in kept_files(conn)}
    unsynced = {r[0] for r in conn.execute(
        "SELECT DISTINCT t.sha256 FROM attachments t JOIN assets a ON a.seq = t.asset_seq"
        " WHERE a.id NOT IN (SELECT id FROM sync_rows WHERE kind = 'asset' AND version > 0)")}
    return _remove_downloads(store, [
        (sha, size) for sha, size in downloaded
        if sha in remote and sha not in needed and sha not in unsynced
        and (candidates is None or sha in candidates)])


@dataclass
class Kept:
    """One thing kept offline (an asset or a stage) and its files."""

    kind: str          # "asset" | "stage"
    key: str           # asset id or stage value
    label: str         # asset title or the stage's value (labels are the caller's)
    assets: int = 0
    files: int = 0
    files_here: int = 0
    bytes_total: int = 0
    bytes_here: int = 0


@dataclass
class OfflineSummary:
    synced: bool
    kept: list[Kept] = field(default_factory=list)
    total: Kept = field(default_factory=lambda: Kept("total", "", ""))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _tally(store: Store, item: Kept, seqs_sql: str, params: tuple[Any, ...]) -> Kept:
    rows = store.conn.execute(
        f"SELECT sha256, max(size) FROM attachments WHERE asset_seq IN ({seqs_sql}) GROUP BY sha256",
        params).fetchall()
    item.assets = int(store.conn.execute(f"SELECT count(*) FROM ({seqs_sql})", params).fetchone()[0])
    for sha, size in rows:
        here = stored_path(store, sha).is_file()
        item.files += 1
        item.bytes_total += int(size)
        item.files_here += here
        item.bytes_here += int(size) if here else 0
    return item


def offline_summary(store: Store) -> OfflineSummary:
    """What is kept offline, how many files, and bytes downloaded vs total."""
    conn = store.conn
    out = OfflineSummary(sync_configured(conn))
    for asset_id, title in conn.execute(
            "SELECT o.asset_id, coalesce(a.title, '') FROM sync_offline o"
            " LEFT JOIN assets a ON a.id = o.asset_id ORDER BY a.title, o.asset_id").fetchall():
        out.kept.append(_tally(store, Kept("asset", asset_id, title),
                               "SELECT seq FROM assets WHERE id = ?", (asset_id,)))
    for (stage,) in conn.execute("SELECT stage FROM sync_offline_stages ORDER BY stage").fetchall():
        out.kept.append(_tally(store, Kept("stage", stage, stage),
                               "SELECT asset_seq FROM asset_tags WHERE facet = 'stage' AND value = ?",
                               (stage,)))
    out.total = _tally(store, out.total, _KEPT_SEQS, ())
    return out


def stage_name(label: str, value: str, lang: str) -> str:
    """How a stage is named to people: its label, with its value when the label does not
    already say it ("Sales-qualified (SQL)", "Retention")."""
    return label if value in label else t("offline.stage_label", lang, label=label, value=value)


def stage_tallies(store: Store) -> dict[str, Kept]:
    """For every sales stage of the vocabulary: its assets, their files and how many of
    those are here (what keeping the stage offline would download)."""
    return {v.value: _tally(store, Kept("stage", v.value, v.value),
                            "SELECT asset_seq FROM asset_tags WHERE facet = 'stage' AND value = ?",
                            (v.value,)) for v in list_values(store.conn, "stage")}


@dataclass(frozen=True)
class AssetOffline:
    """Whether one asset is kept offline, and why (for the Library view's toggle)."""

    synced: bool
    by_asset: bool
    by_stages: list[str]


def asset_offline(store: Store, asset_ids: list[str]) -> AssetOffline:
    """For the selected assets: all kept by id? the kept stages any of them carries."""
    conn = store.conn
    ids = json.dumps(asset_ids)
    kept = conn.execute("SELECT count(*) FROM sync_offline WHERE asset_id IN (SELECT value FROM"
                        " json_each(?))", (ids,)).fetchone()[0]
    stages = [r[0] for r in conn.execute(
        "SELECT DISTINCT t.value FROM asset_tags t JOIN assets a ON a.seq = t.asset_seq"
        " WHERE t.facet = 'stage' AND a.id IN (SELECT value FROM json_each(?))"
        " AND t.value IN (SELECT stage FROM sync_offline_stages) ORDER BY t.value", (ids,))]
    return AssetOffline(sync_configured(conn), bool(asset_ids) and kept == len(asset_ids), stages)


def kept_stages(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT stage FROM sync_offline_stages ORDER BY stage")]



def size_text(n: int) -> str:
    """Bytes for people: 1 decimal above a kilobyte (units are the same in both languages)."""
    value = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover - the loop returns
