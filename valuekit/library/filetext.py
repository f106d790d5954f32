"""Attachment text in the library: extracted once per file (by hash), indexed with every
asset the file is attached to, and the unreadable ones reported on the asset.

``index_pending`` is what runs in the background (the GUI calls it on a worker thread
after a drop or an attach; the CLI after ``library add --attach``/``attach`` and as
``library index-files``). Each file is committed on its own, so a cancel or a crash
keeps what is done and the next run goes on from there.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from valuekit.db.fts import index_text
from valuekit.db.store import Store, utc_now
from valuekit.i18n import Msg, msg
from valuekit.library.attachments import stored_path
from valuekit.library.extract import IMAGE_SUFFIXES, Extracted, extract

Progress = Callable[[int, int, str], None]
THUMBNAIL_PX = 240


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


def refresh_files_column(conn: sqlite3.Connection, seqs: list[int]) -> None:
    """Rewrite the FTS rows of ``seqs`` with their attachments' current text."""
    for seq in seqs:
        row = conn.execute("SELECT title, summary, body FROM assets WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            continue
        texts = [r[0] for r in conn.execute(
            "SELECT ft.text FROM attachments at JOIN file_text ft ON ft.sha256 = at.sha256"
            " WHERE at.asset_seq = ? ORDER BY at.added_at, at.filename", (seq,))]
        conn.execute("DELETE FROM asset_fts WHERE rowid = ?", (seq,))
        conn.execute("INSERT INTO asset_fts(rowid, title, summary, body, files) VALUES (?,?,?,?,?)",
                     (seq, index_text(row[0]), index_text(row[1]), index_text(row[2]),
                      index_text("\n".join(texts))))


def save_file_text(conn: sqlite3.Connection, sha256: str, found: Extracted) -> None:
    """Store what was read from a file; an error is kept as its message id and parameters
    so that the asset can report it in whichever language its reader uses."""
    error = None
    if found.error is not None:
        error = json.dumps({"key": found.error.key,
                            "params": {k: str(v) for k, v in found.error.params.items()}})
    conn.execute("INSERT OR REPLACE INTO file_text(sha256, text, title, error, extracted_at)"
                 " VALUES (?,?,?,?,?)", (sha256, found.text, found.title, error, utc_now()))


def pending_files(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(sha256, a file name) of every attached file not yet read."""
    return conn.execute(
        "SELECT sha256, min(filename) FROM attachments WHERE sha256 NOT IN (SELECT sha256 FROM file_text)"
        " GROUP BY sha256 ORDER BY min(added_at)").fetchall()


def index_file(store: Store, sha256: str, filename: str) -> None:
    """Read one stored file and index it with every asset it is attached to."""
    # Stored files are named by their hash: the original name's extension is the hint.
    found = extract(stored_path(store, sha256), suffix=Path(filename).suffix)
    with store.transaction() as conn:
        save_file_text(conn, sha256, found)
        seqs = [r[0] for r in conn.execute("SELECT asset_seq FROM attachments WHERE sha256 = ?", (sha256,))]
        refresh_files_column(conn, seqs)


def index_pending(store: Store, *, progress: Progress = _no_progress,
                  cancelled: Callable[[], bool] = lambda: False) -> int:
    """Extract and index every attached file not read yet; returns how many were read.
    A file not in this library (a synced library's attachment still on the team server)
    stays pending — recording it as unreadable would hide it once it is downloaded."""
    todo = [(sha, name) for sha, name in pending_files(store.conn) if stored_path(store, sha).is_file()]
    for n, (sha, name) in enumerate(todo):
        if cancelled():
            return n
        progress(n, len(todo), name)
        index_file(store, sha, name)
    progress(len(todo), len(todo), "")
    return len(todo)


@dataclass
class FileProblem:
    filename: str
    error: Msg


def _stored_error(raw: str) -> Msg:
    data = json.loads(raw)
    return msg(data["key"], **data["params"])


def unreadable_files(conn: sqlite3.Connection, seq: int) -> list[FileProblem]:
    """The asset's attachments that could not be read, with why."""
    return [FileProblem(r[0], _stored_error(r[1])) for r in conn.execute(
        "SELECT at.filename, ft.error FROM attachments at JOIN file_text ft ON ft.sha256 = at.sha256"
        " WHERE at.asset_seq = ? AND ft.error IS NOT NULL ORDER BY at.filename", (seq,))]


def thumbnail_png(store: Store, sha256: str, filename: str, size: int = THUMBNAIL_PX) -> bytes | None:
    """A PNG of the first page of a PDF, or of an image, at most ``size`` px; None otherwise
    (or when the file cannot be rendered — a thumbnail is never worth an error)."""
    path = stored_path(store, sha256)
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        head = fh.read(8)
    try:
        # Imported here: Pillow 0.29 s and PDFium 0.34 s measured (2026-12-02), paid only
        # when a thumbnail is drawn, not by every library command.
        from PIL import Image  # noqa: PLC0415

        if head.startswith(b"%PDF"):
            import pypdfium2  # noqa: PLC0415

            pdf = pypdfium2.PdfDocument(str(path))
            try:
                page = pdf[0]
                width = page.get_width()
                image = page.render(scale=size / max(width, 1)).to_pil()
            finally:
                pdf.close()
        elif filename.lower().endswith(IMAGE_SUFFIXES):
            image = Image.open(path)
        else:
            return None
        image.thumbnail((size, size * 2))
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        return out.getvalue()
    except Exception:  # a damaged or encrypted file: no thumbnail, the detail pane says why
        return None
