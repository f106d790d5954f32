"""An exported document gets ordinary file permissions (0666 less the umask), not the
owner-only 0600 of the temporary file it was written through."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from valuekit.fileio import write_atomic


def test_an_exported_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_atomic(tmp_path / "kit.pdf", b"%PDF-1.7 minimal")
        # 0o666 & ~0o022 = 0o644: readable by the seller's colleagues on a shared drive
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~0o022
        os.umask(0o077)
        private = write_atomic(tmp_path / "notes.pdf", b"%PDF-1.7 minimal")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600  # a strict umask is honoured
    finally:
        os.umask(old)
