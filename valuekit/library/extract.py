"""Attachments are content: the text, title and likely format of PDF, DOCX, PPTX, XLSX
and plain-text files, read from the bytes (the extension is only a hint).

Nothing here raises on a bad file: an encrypted, damaged or unknown file gives an
``Extracted`` with ``error`` set, which the library reports on the asset. Limits are
checked before heavy work (``MAX_FILE_BYTES``, per-part unzip size, ``MAX_TEXT_CHARS``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from valuekit.i18n import Msg, msg

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024  # one unzipped XML part (a zip bomb stops here)
MAX_TEXT_CHARS = 300_000
MAX_PDF_PAGES = 500
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".csv", ".html", ".htm")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass
class Extracted:
    text: str = ""
    title: str = ""
    kind: str = ""  # pdf, docx, pptx, xlsx, text, image or ""
    error: Msg | None = None


def _kind(head: bytes, names: list[str] | None, suffix: str) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if names is not None:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy Office, or an encrypted (password-protected) OOXML package
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:4] in (b"GIF8", b"RIFF"):
        return "image"
    return "text" if suffix in TEXT_SUFFIXES else ""


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ValueError("part too large")
    return ElementTree.fromstring(archive.read(info))


def _core_title(archive: zipfile.ZipFile) -> str:
    core = _part(archive, "docProps/core.xml")
    found = core.find(f"{_DC}title") if core is not None else None
    return (found.text or "").strip() if found is not None else ""


def _docx(archive: zipfile.ZipFile) -> tuple[str, str]:
    root = _part(archive, "word/document.xml")
    lines, heading = [], ""
    for para in root.iter(f"{_W}p") if root is not None else []:
        text = "".join(t.text or "" for t in para.iter(f"{_W}t")).strip()
        if not text:
            continue
        style = para.find(f"{_W}pPr/{_W}pStyle")
        name = (style.get(f"{_W}val") or "").lower() if style is not None else ""
        if not heading and (name.startswith("heading") or name == "title"):
            heading = text
        lines.append(text)
    return "\n".join(lines), _core_title(archive) or heading


def _pptx(archive: zipfile.ZipFile) -> tuple[str, str]:
    slides = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                    key=lambda n: int(re.findall(r"\d+", n)[0]))
    lines: list[str] = []
    first = ""
    for name in slides:
        root = _part(archive, name)
        texts = [t.text.strip() for t in root.iter(f"{_A}t") if t.text and t.text.strip()] if root is not None else []
        if texts and not first:
            first = texts[0]
        lines.extend(texts)
    return "\n".join(lines), _core_title(archive) or first


def _xlsx(archive: zipfile.ZipFile) -> tuple[str, str]:
    lines: list[str] = []
    shared = _part(archive, "xl/sharedStrings.xml")
    for item in shared.iter(f"{_S}si") if shared is not None else []:
        text = "".join(t.text or "" for t in item.iter(f"{_S}t")).strip()
        if text:
            lines.append(text)
    for name in sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")):
        root = _part(archive, name)
        for cell in root.iter(f"{_S}is") if root is not None else []:
            text = "".join(t.text or "" for t in cell.iter(f"{_S}t")).strip()
            if text:
                lines.append(text)
    return "\n".join(lines), _core_title(archive)


def _pdf(data: bytes) -> Extracted:
    # PDFium reads CJK subset fonts that pypdf garbles. Imported here: 0.34 s measured
    # (python -c "import pypdfium2", 2026-12-02), paid only when a PDF is read.
    import pypdfium2  # noqa: PLC0415

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            return Extracted(kind="pdf", error=msg("the file is encrypted (password-protected)"))
        return Extracted(kind="pdf", error=msg("the file is damaged or not a {kind} file", kind="PDF"))
    try:
        pages = []
        for n in range(min(len(pdf), MAX_PDF_PAGES)):
            page = pdf[n]
            pages.append(page.get_textpage().get_text_range().replace("\r\n", "\n"))
            if sum(map(len, pages)) > MAX_TEXT_CHARS:
                break
        title = str(pdf.get_metadata_dict().get("Title") or "").strip()
    except pypdfium2.PdfiumError:
        return Extracted(kind="pdf", error=msg("the file is damaged or not a {kind} file", kind="PDF"))
    finally:
        pdf.close()
    text = "\n".join(pages)
    if not title:
        title = next((line.strip() for line in text.splitlines() if 2 <= len(line.strip()) <= 80), "")
    return Extracted(text, title, "pdf")


def _plain(data: bytes, suffix: str) -> Extracted:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return Extracted(kind="text", error=msg("the file is damaged or not a {kind} file", kind="text"))
    if suffix in (".html", ".htm"):
        found = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        return Extracted(text, found.group(1).strip() if found else "", "text")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading = next((line.lstrip("#").strip() for line in lines if line.startswith("#")), "")
    return Extracted(text, heading or (lines[0][:80] if lines else ""), "text")


def extract(path: Path | str, suffix: str | None = None) -> Extracted:
    """The text, title and kind of a file; ``error`` says why not when it cannot be read.
    ``suffix`` is the original name's extension when the file is stored under its hash."""
    path = Path(path)
    suffix = (suffix if suffix is not None else path.suffix).lower()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Extracted(error=msg("cannot read {name}: {reason}", name=path.name, reason="> 200 MB"))
        data = path.read_bytes()
    except OSError as exc:
        return Extracted(error=msg("cannot read {name}: {reason}", name=path.name, reason=exc.strerror or str(exc)))
    names: list[str] | None = None
    archive: zipfile.ZipFile | None = None
    if data[:2] == b"PK":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except zipfile.BadZipFile:
            archive = None
    kind = _kind(data[:16], names, suffix)
    result = _by_kind(kind, data, archive, suffix)
    result.text = result.text[:MAX_TEXT_CHARS]
    result.title = " ".join(result.title.split())[:200]
    return result


def _by_kind(kind: str, data: bytes, archive: zipfile.ZipFile | None, suffix: str) -> Extracted:
    if kind == "pdf":
        return _pdf(data)
    if kind in ("docx", "pptx", "xlsx") and archive is not None:
        reader = {"docx": _docx, "pptx": _pptx, "xlsx": _xlsx}[kind]
        try:
            text, title = reader(archive)
        except (ElementTree.ParseError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
            return Extracted(kind=kind, error=msg("the file is damaged or not a {kind} file", kind=kind.upper()))
        return Extracted(text, title, kind)
    if kind == "ole":
        return Extracted(kind="office", error=msg("the file is encrypted (password-protected)")
                         if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in data
                         else msg("the file is damaged or not a {kind} file", kind="DOCX/PPTX/XLSX"))
    if suffix in (".docx", ".pptx", ".xlsx", ".pdf"):
        return Extracted(kind=suffix[1:], error=msg("the file is damaged or not a {kind} file", kind=suffix[1:].upper()))
    if kind == "text":
        return _plain(data, suffix)
    return Extracted(kind=kind)  # images, video, …: no text, not an error


# Words in a title, file name or opening text that say what a document is, checked in
# this order (a "客户案例" PDF is a case study whatever its extension suggests).
CONTENT_FORMATS: list[tuple[str, tuple[str, ...]]] = [
    ("case_study", ("客户案例", "案例", "case study", "customer story")),
    ("success_story", ("成功故事", "价值回顾", "success story")),
    ("tech_spec_sheet", ("技术参数", "参数表", "规格书", "datasheet", "data sheet", "spec sheet", "specifications")),
    ("whitepaper", ("白皮书", "whitepaper", "white paper")),
    ("battlecard", ("作战卡", "battlecard", "battle card")),
    ("competitor_report", ("竞品", "competitor", "competitive")),
    ("roi_sheet", ("roi sheet", "roi calculator", "投资回报测算", "测算表")),
    ("brochure", ("产品手册", "宣传册", "brochure")),
    ("one_pager", ("一页纸", "单页", "one-pager", "one pager")),
    ("demo_script", ("演示脚本", "demo script")),
    ("analyst_report", ("研究报告", "analyst", "market study")),
    ("solution_deck", ("解决方案", "solution")),
]


def guess_format_from_content(name: str, extracted: Extracted) -> str | None:
    """The format the document's own words suggest, or None to fall back on the extension."""
    # The name and title speak first; the opening text only when they say nothing.
    for haystack in (f"{name} {extracted.title}".lower(), extracted.text[:500].lower()):
        haystack = " ".join(re.split(r"[\s_]+", haystack))
        for format_key, words in CONTENT_FORMATS:
            if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", haystack) for w in words):
                return format_key
    return None
