"""Attachments: files copied into the library's ``files/`` folder under their
SHA-256, so a library folder is self-contained and can be moved or merged."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from valuekit.db.store import Store, utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import resolve_seq

if TYPE_CHECKING:
    from valuekit.db.store import IntegrityReport

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(store: Store, sha256: str) -> Path:
    return store.files_dir / sha256[:2] / sha256


def attach_file(store: Store, asset_ref: str, source: Path | str) -> str:
    """Copy ``source`` into the library and link it to the asset; returns its hash."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError("attachment", msg("{source} does not exist or is not a file", source=source))
    sha = file_sha256(source)
    target = stored_path(store, sha)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy to a temporary name first so a crash never leaves a half file under its hash.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    with store.transaction() as conn:
        seq = resolve_seq(conn, asset_ref)
        conn.execute("INSERT OR REPLACE INTO attachments(asset_seq, sha256, filename, size, added_at)"
                     " VALUES (?,?,?,?,?)", (seq, sha, source.name, source.stat().st_size, utc_now()))
        conn.execute("UPDATE assets SET updated_at=? WHERE seq=?", (utc_now(), seq))
    return sha


def check_files(store: Store, report: IntegrityReport) -> None:
    """Fill in missing, corrupt (hash differs) and extra (unreferenced) attachment files."""
    referenced = {r[0] for r in store.conn.execute("SELECT DISTINCT sha256 FROM attachments")}
    for sha in sorted(referenced):
        path = stored_path(store, sha)
        if not path.is_file():
            report.missing_files.append(sha)
        elif file_sha256(path) != sha:
            report.corrupt_files.append(sha)
    for path in sorted(store.files_dir.rglob("*")):
        if path.is_file() and path.name not in referenced:
            report.extra_files.append(str(path.relative_to(store.path)))
