"""Page images of a rendered PDF, for the in-app preview of exactly what will be exported.
Uses poppler's pdftoppm (scripts/setup.sh installs poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from valuekit.errors import LibraryError


def page_images(pdf: bytes, *, dpi: int = 60) -> list[bytes]:
    """PNG bytes of every page, in order."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise LibraryError("the PDF preview needs pdftoppm (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="valuekit-preview-") as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool, "-png", "-r", str(dpi), str(source), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=120)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]
