"""Unsaved edits kept safe: each editor autosaves its form as a draft file in the
library's ``drafts/`` folder, so a crash (or a power cut) while editing loses at most a
few seconds; the editor offers the draft back when the record is opened again.

Drafts are plain JSON files written atomically (never half a draft), named after the
editor and the record, and removed when the edit is saved or discarded. They live
beside the database rather than in it: writing one never takes the library's write lock
or touches the data, and a damaged draft is simply ignored."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from valuekit.errors import ValueKitError
from valuekit.fileio import write_atomic

DRAFTS_DIR = "drafts"
MAX_DRAFT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Draft:
    editor: str
    key: str
    saved_at: str
    data: Any


def _path(library: Path, editor: str, key: str) -> Path:
    digest = hashlib.sha256(f"{editor}\0{key}".encode()).hexdigest()[:24]
    return Path(library) / DRAFTS_DIR / f"{editor}-{digest}.json"


def save_draft(library: Path, editor: str, key: str, data: Any) -> Path | None:
    """Keep ``data`` (anything JSON can hold) as the draft of ``editor`` for ``key``.
    A draft too large to be a form, or one that cannot be written, is skipped: autosave
    must never interrupt the user (the save button reports real errors)."""
    text = json.dumps({"editor": editor, "key": key, "data": data,
                       "saved_at": datetime.now(UTC).replace(microsecond=0).isoformat()},
                      ensure_ascii=False, default=str)
    if len(text) > MAX_DRAFT_BYTES:
        return None
    target = _path(library, editor, key)
    try:
        target.parent.mkdir(exist_ok=True)
        return write_atomic(target, text.encode("utf-8"))
    except (OSError, ValueKitError):  # a full disk must not interrupt typing
        return None


def load_draft(library: Path, editor: str, key: str) -> Draft | None:
    path = _path(library, editor, key)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("editor") != editor or raw.get("key") != key:
        return None
    return Draft(editor, key, str(raw.get("saved_at", "")), raw.get("data"))


def discard_draft(library: Path, editor: str, key: str) -> None:
    _path(library, editor, key).unlink(missing_ok=True)
