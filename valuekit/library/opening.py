"""Handing an attachment to the system viewer without handing over the machine.

The old way wrote a copy to a shared, predictable ``/tmp/valuekit-open/<sha16>/``:
another user could plant a file, folder or symlink there first, and the viewer opened
whatever the extension said (``.desktop``, ``.exe``, a bidi-disguised name). Now:

* each opening gets a fresh private folder (``mkdtemp``: mode 0700, unpredictable name),
  so nothing can be planted in it and nothing is followed;
* the copy is made from the content-addressed file, checked against its hash, under a
  cleaned name (no bidi, control or reserved characters);
* only known document types are opened; anything else is revealed in the file manager
  (the folder is opened), so the user decides.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.fileio import copy_atomic, safe_filename
from valuekit.i18n import msg
from valuekit.library.attachments import stored_path

# Documents a sales library holds, which viewers open without running anything.
OPENABLE = frozenset({
    ".pdf", ".ppt", ".pptx", ".key", ".odp", ".doc", ".docx", ".odt", ".rtf", ".txt", ".md",
    ".xls", ".xlsx", ".ods", ".csv", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp4", ".mov",
    ".webm", ".mp3", ".m4a",
})
PREFIX = "valuekit-open-"
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class OpenCopy:
    path: Path
    openable: bool  # False: reveal ``path.parent`` in the file manager instead

    @property
    def folder(self) -> Path:
        return self.path.parent


def _sweep_old_copies() -> None:
    """Remove our own viewer copies older than a day (the viewer has long read them)."""
    cutoff = time.time() - KEEP_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def copy_for_viewer(store: Store, sha256: str, filename: str) -> OpenCopy:
    source = stored_path(store, sha256)
    try:
        mode = source.lstat().st_mode
    except FileNotFoundError:
        raise ValueKitError(msg("the attachment file {name} is missing from the library; run `valuekit library check`", name=filename)) from None
    if not stat.S_ISREG(mode):
        raise ValueKitError(msg("the attachment file {name} in the library is not a regular file (a link?); it was not opened", name=filename))
    _sweep_old_copies()
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))  # fresh, 0700, unpredictable
    target = folder / safe_filename(filename)
    copy_atomic(source, target, expect_sha256=sha256)
    target.chmod(stat.S_IRUSR)
    return OpenCopy(target, target.suffix.lower() in OPENABLE)
