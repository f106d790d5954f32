"""Attachments are content: their text is searchable with the asset, the matching file is
named, dropped files are titled and typed from what they say, bad files are reported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest
from weasyprint import HTML

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file
from valuekit.library.extract import extract
from valuekit.library.files import asset_from_file
from valuekit.library.filetext import index_pending, thumbnail_png
from valuekit.library.forgiving import snippets
from valuekit.library.governance import asset_trust_problems
from valuekit.library.search import Query, search

CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def docx(path: Path, heading: str, *paragraphs: str) -> Path:
    body = f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{heading}</w:t></w:r></w:p>'
    body += "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip(path, {"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'})


def pptx(path: Path, *slides: list[str]) -> Path:
    parts = {f"ppt/slides/slide{n}.xml": f'<p:sld xmlns:p="x" xmlns:a="{A}">'
             + "".join(f"<a:t>{t}</a:t>" for t in texts) + "</p:sld>" for n, texts in enumerate(slides, 1)}
    return _zip(path, parts)


def xlsx(path: Path, *strings: str) -> Path:
    shared = f'<sst xmlns="{S}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
    return _zip(path, {"xl/sharedStrings.xml": shared, "xl/workbook.xml": f'<workbook xmlns="{S}"/>'})


def pdf(path: Path, title: str, body: str) -> Path:
    HTML(string=f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"
         ).write_pdf(path)
    return path


def test_office_and_pdf_text_is_extracted_with_titles(tmp_path: Path) -> None:
    assert extract(docx(tmp_path / "a.docx", "瀚海供应链客户案例", "报价时间缩短到35分钟")).title == "瀚海供应链客户案例"
    deck = extract(pptx(tmp_path / "b.pptx", ["Solution overview", "telematics"], ["pricing engine"]))
    assert deck.title == "Solution overview" and "pricing engine" in deck.text
    sheet = extract(xlsx(tmp_path / "c.xlsx", "Driver", "Hours saved per rep"))
    assert "Hours saved per rep" in sheet.text and sheet.kind == "xlsx"
    paper = extract(pdf(tmp_path / "d.pdf", "Fleet whitepaper", "Detention charges explained."))
    assert paper.title == "Fleet whitepaper" and "Detention charges" in paper.text


def test_attachment_text_is_searchable_and_the_file_is_named(store: Store, tmp_path: Path) -> None:
    asset = library.add_asset(store, {"title": "Freight pack", "format": "article"})
    attach_file(store, asset.id, pdf(tmp_path / "freight.pdf", "Freight", "Detention charges explained."))
    attach_file(store, asset.id, docx(tmp_path / "notes.docx", "Notes", "telematics rollout plan"))
    assert search(store, Query(text="detention")).total == 0  # not read yet
    assert index_pending(store) == 2 and index_pending(store) == 0
    for word in ("detention", "telematics", "charge"):
        assert [a.id for a in search(store, Query(text=word)).assets] == [asset.id], word
    found = snippets(store.conn, "telematics", [asset.seq])[asset.seq]
    assert (found.field, found.attachment) == ("attachment", "notes.docx")
    assert "«telematics»" in found.marked()
    # editing the asset keeps its files' text in the index
    library.update_asset(store, asset.id, {"title": "Freight pack 2026"})
    assert search(store, Query(text="telematics")).total == 1


def test_dropped_files_get_title_format_and_summary_from_content(store: Store, tmp_path: Path) -> None:
    case = asset_from_file(store, docx(tmp_path / "scan_0042.docx", "瀚海供应链客户案例",
                                       "国际货代企业把报价时间从6小时缩短到35分钟。"))
    assert (case.title, case.format) == ("瀚海供应链客户案例", "case_study")
    assert case.summary.startswith("国际货代企业")
    assert search(store, Query(text="货代")).assets[0].id == case.id
    spec = asset_from_file(store, xlsx(tmp_path / "领航低代码平台技术参数表.xlsx", "并发用户", "10000"))
    assert spec.format == "tech_spec_sheet"  # not the extension's roi_sheet


def test_unreadable_files_are_reported_on_the_asset_and_nothing_is_lost(store: Store, tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as out:
        writer.write(out)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    for path in (locked, broken):
        asset = asset_from_file(store, path)
        problems = asset_trust_problems(store, asset.id, lang="zh")
        unreadable = [p for p in problems if p.code == "unreadable"]
        assert len(unreadable) == 1 and path.name in unreadable[0].message
        assert len(library.get_asset(store, asset.id).attachments) == 1  # the file is kept
    assert "加密" in [p for p in asset_trust_problems(store, library.get_asset(
        store, search(store, Query(text="locked")).assets[0].id).id, lang="zh")
        if p.code == "unreadable"][0].message


def test_pdf_and_image_thumbnails(store: Store, tmp_path: Path) -> None:
    asset = library.add_asset(store, {"title": "T", "format": "article"})
    sha = attach_file(store, asset.id, pdf(tmp_path / "t.pdf", "Thumb", "page one"))
    png = thumbnail_png(store, sha, "t.pdf")
    assert png is not None and png.startswith(b"\x89PNG")
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        assert max(image.size) <= 480 and image.size[0] <= 240
    text_sha = attach_file(store, asset.id, docx(tmp_path / "n.docx", "N", "x"))
    assert thumbnail_png(store, text_sha, "n.docx") is None


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 garbage", b"\xd0\xcf\x11\xe0" + b"\x00" * 64])
def test_extract_never_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    result = extract(path)
    assert result.text == "" and (result.error is not None or data == b"")


def test_a_chinese_pdf_reads_as_chinese(store: Store, tmp_path: Path) -> None:
    # PDFs embed subset CJK fonts; their text must come back as characters, not glyph ids.
    case = asset_from_file(store, pdf(tmp_path / "scan.pdf", "瀚海供应链客户案例", "冷链附加费规则统一后报价缩短到35分钟。"))
    assert (case.title, case.format) == ("瀚海供应链客户案例", "case_study")
    assert [a.id for a in search(store, Query(text="附加费")).assets] == [case.id]
