"""Making assets from files (dropped onto the window, or given on the command line):
the title from the file name, the format guessed from the extension, the file attached.
Asset and attachment are created in one transaction, so a failure leaves neither."""

from __future__ import annotations

from pathlib import Path

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import add_asset, get_asset
from valuekit.library.attachments import attach_file
from valuekit.library.model import Asset

# What a file of this kind usually is in a sales library; the user can change it after.
EXTENSION_FORMATS = {
    ".pdf": "whitepaper", ".ppt": "solution_deck", ".pptx": "solution_deck",
    ".key": "solution_deck", ".doc": "article", ".docx": "article", ".md": "article",
    ".txt": "article", ".html": "article", ".mp4": "video", ".mov": "video", ".webm": "video",
    ".png": "infographic", ".jpg": "infographic", ".jpeg": "infographic", ".svg": "infographic",
    ".xlsx": "roi_sheet", ".xls": "roi_sheet", ".csv": "roi_sheet",
}


def guess_format(path: Path | str) -> str:
    return EXTENSION_FORMATS.get(Path(path).suffix.lower(), "article")


def asset_from_file(store: Store, path: Path | str, *, creator: str = "", language: str = "zh",
                    tags: dict[str, list[str]] | None = None, format_key: str | None = None) -> Asset:
    """A draft asset titled after the file, with the file attached; ``format_key`` overrides
    the guess from the extension."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", msg("{path} is not a file", path=path))
    title = path.stem.replace("_", " ").strip() or path.name
    with store.transaction():
        asset = add_asset(store, {"title": title, "format": format_key or guess_format(path),
                                  "language": language, "creator": creator,
                                  "tags": tags or {}})
        attach_file(store, asset.id, path)
    return get_asset(store, asset.id)
