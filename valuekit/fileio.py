"""Writing user files safely: every file ValueKit writes for the user (exports, PDFs,
decks, workbooks, backups) goes through here, so a crash or a full disk mid-write never
leaves half a file under the real name.

Part of the foundation: any subpackage may import it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from valuekit.errors import ValueKitError
from valuekit.i18n import msg


def write_atomic(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` via a temp file in the same folder + os.replace, so a
    crash never leaves half a PDF under the real name."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValueKitError(msg("folder {folder} does not exist", folder=folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
