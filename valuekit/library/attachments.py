"""Attachments: files copied into the library's ``files/`` folder under their
SHA-256, so a library folder is self-contained and can be moved or merged."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.fileio import copy_atomic, is_temp_leftover, os_error, safe_filename
from valuekit.i18n import msg
from valuekit.library.assets import resolve_seq

if TYPE_CHECKING:
    from valuekit.db.store import IntegrityReport

_CHUNK = 1 << 20
# Where pack imports stage their entries (valuekit.packs.importer); a staging folder
# older than this belongs to an import that was killed, not to one running now.
STAGING_DIR = ".staging"
STALE_SECONDS = 24 * 3600


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(store: Store, sha256: str) -> Path:
    return store.files_dir / sha256[:2] / sha256


def store_file(store: Store, source: Path, sha: str) -> Path:
    """Put ``source`` into the content-addressed store under ``sha``. An existing file
    is trusted only if its bytes match its name (a copy cut short by a full disk or a
    kill is replaced); the new copy is written atomically and checked while copied."""
    target = stored_path(store, sha)
    if target.is_file() and file_sha256(target) == sha:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, target.parent) from exc
    copy_atomic(source, target, expect_sha256=sha)
    return target


def attach_file(store: Store, asset_ref: str, source: Path | str) -> str:
    """Copy ``source`` into the library and link it to the asset; returns its hash."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError("attachment", msg("{source} does not exist or is not a file", source=source))
    resolve_seq(store.conn, asset_ref)  # an unknown asset is refused before anything is copied
    sha = file_sha256(source)
    store_file(store, source, sha)
    with store.transaction() as conn:
        seq = resolve_seq(conn, asset_ref)
        conn.execute("INSERT OR REPLACE INTO attachments(asset_seq, sha256, filename, size, added_at)"
                     " VALUES (?,?,?,?,?)", (seq, sha, safe_filename(source.name), source.stat().st_size,
                                             utc_now()))
        conn.execute("UPDATE assets SET updated_at=? WHERE seq=?", (utc_now(), seq))
    return sha


def _leftover(path: Path, now: float) -> bool:
    """Temp files of interrupted copies, and pack staging folders older than a day."""
    if is_temp_leftover(path):
        return True
    return path.parent.name == STAGING_DIR and path.is_dir() and now - path.stat().st_mtime > STALE_SECONDS


def check_files(store: Store, report: IntegrityReport, *, clean: bool = False) -> None:
    """Fill in missing, corrupt (hash differs) and extra (unreferenced) attachment files,
    and the leftovers of interrupted copies; ``clean`` removes the leftovers."""
    referenced = {r[0] for r in store.conn.execute("SELECT DISTINCT sha256 FROM attachments")}
    for sha in sorted(referenced):
        path = stored_path(store, sha)
        if not path.is_file():
            report.missing_files.append(sha)
        elif file_sha256(path) != sha:
            report.corrupt_files.append(sha)
    now = time.time()
    candidates = sorted(store.files_dir.rglob("*"))
    staging = store.path / STAGING_DIR
    if staging.is_dir():
        candidates += sorted(staging.iterdir())
    candidates += sorted(p for p in store.path.glob(".*") if p.is_file() and is_temp_leftover(p))
    for path in candidates:
        if _leftover(path, now):
            name = str(path.relative_to(store.path))
            report.leftovers.append(name)
            if clean:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
                report.cleaned.append(name)
        elif path.is_file() and path.name not in referenced:
            report.extra_files.append(str(path.relative_to(store.path)))
