"""A PDF page as a PNG of a given pixel width (the one-pager for chat apps), through
poppler's ``pdftoppm`` (installed with the app's system packages, scripts/setup.sh)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from valuekit.errors import ValueKitError
from valuekit.i18n import msg


def pdf_page_png(pdf: bytes, *, width: int = 1080, page: int = 1, timeout: float = 60) -> bytes:
    """Page ``page`` of ``pdf`` as PNG bytes, ``width`` pixels wide (height to scale)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ValueKitError(msg("pdftoppm (poppler-utils) is needed to write a PNG; install it"))
    with tempfile.TemporaryDirectory(prefix="valuekit-png-") as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out"
        src.write_bytes(pdf)
        done = subprocess.run([tool, "-png", "-f", str(page), "-l", str(page), "-singlefile",
                               "-scale-to-x", str(width), "-scale-to-y", "-1", str(src), str(out)],
                              capture_output=True, timeout=timeout, check=False)
        png = out.with_suffix(".png")
        if done.returncode != 0 or not png.is_file():
            raise ValueKitError(msg("pdftoppm failed: {error}",
                                    error=done.stderr.decode("utf-8", "replace")[:300]))
        return png.read_bytes()
