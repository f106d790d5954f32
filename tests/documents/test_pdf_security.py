"""Untrusted text stays text: escaped, nothing fetched outside the allowed roots, no
attachments in the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from samples import sample_pitch, text_of

from valuekit.documents.render import render_html, render_pdf, safe_fetcher
from valuekit.pitch.documents import render_document
from valuekit.pitch.model import normalize
from valuekit.resources import FONTS_DIR, TEMPLATES_DIR

ATTACK_TITLE = '<link rel="attachment" href="file:///etc/hostname">'
ATTACK_IMG = '<img src="http://169.254.169.254/">'
ATTACK_JINJA = "{{ 7*7 }}"
ATTACK_CSS = "url(file:///etc/passwd)"


def _served_outside(fetcher: object, roots: list[Path]) -> list[str]:
    bad = []
    for url, served in fetcher.calls:  # type: ignore[attr-defined]
        if served and not url.startswith("data:"):
            path = Path(url.removeprefix("file://")).resolve()
            if not any(r.resolve() in path.parents for r in roots):
                bad.append(url)
    return bad


def assert_no_attachments(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf and b"/FileAttachment" not in pdf


@pytest.mark.parametrize("doc", ["pitch", "onepager", "roi", "fab"])
def test_hostile_fields_print_literally_and_fetch_nothing(doc: str, tmp_path: Path) -> None:
    pitch = sample_pitch("en")
    pitch["title"] = ATTACK_TITLE
    pitch["customer"] = ATTACK_IMG
    pitch["scenario"] = f"{ATTACK_JINJA} and {ATTACK_CSS} " * 2
    pitch["pains"]["individual"] = [ATTACK_CSS, ATTACK_JINJA]
    pitch["execution"]["advantages"] = [ATTACK_IMG]
    pitch["execution"]["fab"][0]["feature"] = ATTACK_TITLE
    pitch["execution"]["fab"][0]["advantage"] = ATTACK_CSS
    pitch["execution"]["fab"][0]["benefit"] = ATTACK_JINJA
    pitch["roi"]["drivers"][0]["name"] = ATTACK_IMG
    pitch["roi"]["drivers"][1]["name"] = ATTACK_JINJA
    pitch["roi"]["costs"]["one_time"][0]["name"] = ATTACK_TITLE
    pitch["roi"]["costs"]["recurring"][0]["name"] = ATTACK_CSS
    pitch["cta"]["action"] = ATTACK_JINJA
    pitch["case"]["body"] = f"## Result\n\n{ATTACK_IMG} ![x](http://169.254.169.254/a.png) {ATTACK_TITLE}"
    fetcher = safe_fetcher(tmp_path)
    pdf = render_document(doc, normalize(pitch), fetcher=fetcher)
    text = "".join(text_of(pdf).split())  # table cells wrap lines anywhere

    def printed(attack: str) -> bool:
        return "".join(attack.split()) in text

    # every document prints each attack it carries as the literal text the user typed
    # (the ROI sheet: driver and cost names; the FAB sheet: the FAB rows; all: the customer)
    assert printed(ATTACK_JINJA)
    assert printed(ATTACK_IMG)  # the customer, in the header of every page
    assert printed(ATTACK_CSS)
    if doc != "onepager":  # the one-pager has no room for the FAB table or the cost list
        assert printed(ATTACK_TITLE)
    assert_no_attachments(pdf)
    urls = [u for u, _ in fetcher.calls]
    assert not any("169.254" in u or "/etc/" in u for u in urls), urls
    assert not _served_outside(fetcher, [TEMPLATES_DIR, FONTS_DIR.parent, tmp_path])


def test_fetcher_refuses_network_and_other_files_even_in_raw_html(tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("secret")
    lib_files = tmp_path / "files"
    lib_files.mkdir()
    link = lib_files / "escape.png"
    link.symlink_to("/etc/hostname")  # a symlink out of files/ is judged by its real path
    html = (f'<html><head><link rel="attachment" href="file:///etc/hostname">'
            f'<link rel="stylesheet" href="http://169.254.169.254/x.css">'
            f'<style>body {{ background: url(file:///etc/passwd) }}</style></head><body>'
            f'<img src="http://169.254.169.254/"><img src="{secret.as_uri()}">'
            f'<img src="{link.as_uri()}"><a rel="attachment" href="file:///etc/hostname">x</a>'
            f"</body></html>")
    fetcher = safe_fetcher(lib_files)
    pdf = render_pdf(html, meta={"title": "t"}, fetcher=fetcher)
    assert_no_attachments(pdf)
    served = [u for u, ok in fetcher.calls if ok]
    assert served == [], served
    assert any("169.254" in u for u, _ in fetcher.calls)  # asked, and refused


def test_fetcher_serves_the_bundled_font_and_library_files(tmp_path: Path) -> None:
    fetcher = safe_fetcher(tmp_path)
    assert fetcher.allowed_path((FONTS_DIR / "NotoSansSC-ValueKit-Regular.otf").as_uri())
    (tmp_path / "a.png").write_bytes(b"x")
    assert fetcher.allowed_path((tmp_path / "a.png").as_uri())
    assert fetcher.allowed_path((TEMPLATES_DIR / ".." / ".." / "etc" / "passwd").as_uri()) is None
    assert fetcher.allowed_path("file://evil.example/etc/passwd") is None


def test_templates_autoescape_and_refuse_undefined() -> None:
    html = render_html("fab.html", {
        "L": {"footer": "", "fab_intro": "<b>", "feature": "F", "advantage": "A", "benefit": "B",
              "no_fab": "", "missing_personas": ""},
        "doc": {"lang": "en", "title": "<script>", "author": "", "subject": "", "customer": "c",
                "date": "", "brand": {"color": "#0B6E99", "accent": "#0B3D5C", "logo": "",
                                      "company": "<b>Co</b>", "footer": "f"}},
        "fab_rows": [], "missing_personas": []})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Co</b>" not in html and "&lt;b&gt;Co&lt;/b&gt;" in html
    with pytest.raises(Exception, match="undefined"):
        render_html("fab.html", {})
