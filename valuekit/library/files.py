"""Making assets from files (dropped onto the window, or given on the command line): the
title from the document's metadata or first heading (else the file name), the format from
what the document says it is (else the extension), a summary from its opening text, the
file attached and its text indexed. Asset, attachment and text are written in one
transaction, so a failure leaves none of them; an unreadable file still becomes an asset,
with the reason recorded on it."""

from __future__ import annotations

import re
from pathlib import Path

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import add_asset, get_asset, resolve_seq
from valuekit.library.attachments import attach_file
from valuekit.library.extract import Extracted, extract, guess_format_from_content
from valuekit.library.filetext import refresh_files_column, save_file_text
from valuekit.library.model import Asset

# What a file of this kind usually is in a sales library; the user can change it after.
EXTENSION_FORMATS = {
    ".pdf": "whitepaper", ".ppt": "solution_deck", ".pptx": "solution_deck",
    ".key": "solution_deck", ".doc": "article", ".docx": "article", ".md": "article",
    ".txt": "article", ".html": "article", ".mp4": "video", ".mov": "video", ".webm": "video",
    ".png": "infographic", ".jpg": "infographic", ".jpeg": "infographic", ".svg": "infographic",
    ".xlsx": "roi_sheet", ".xls": "roi_sheet", ".csv": "roi_sheet",
}
SUMMARY_CHARS = 200


def guess_format(path: Path | str, extracted: Extracted | None = None) -> str:
    """The format the content suggests, else the usual one for the extension."""
    path = Path(path)
    by_content = guess_format_from_content(path.stem, extracted) if extracted else \
        guess_format_from_content(path.stem, Extracted())
    return by_content or EXTENSION_FORMATS.get(path.suffix.lower(), "article")


def _summary(extracted: Extracted) -> str:
    text = " ".join(extracted.text.split())
    if extracted.title and text.startswith(extracted.title):
        text = text[len(extracted.title):].strip()
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS]
    end = max(cut.rfind(p) for p in "。.!！?？")
    return cut[:end + 1] if end > SUMMARY_CHARS // 2 else cut.rstrip() + "…"


def asset_from_file(store: Store, path: Path | str, *, creator: str = "", language: str | None = "zh",
                    tags: dict[str, list[str]] | None = None, format_key: str | None = None) -> Asset:
    """A draft asset made from a file; ``format_key`` overrides the guess."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", msg("{path} is not a file", path=path))
    found = extract(path)
    title = found.title or path.stem.replace("_", " ").strip() or path.name
    if language is None:  # let the document say: mostly Chinese characters → zh
        cjk = len(re.findall(r"[\u4e00-\u9fff]", title + found.text[:2000]))
        language = "zh" if cjk * 4 >= len(title + found.text[:2000]) / 4 else "en"
    with store.transaction() as conn:
        asset = add_asset(store, {"title": title, "format": format_key or guess_format(path, found),
                                  "language": language, "creator": creator,
                                  "summary": _summary(found), "tags": tags or {}})
        sha = attach_file(store, asset.id, path)
        save_file_text(conn, sha, found)
        refresh_files_column(conn, [resolve_seq(conn, asset.id)])
    return get_asset(store, asset.id)
