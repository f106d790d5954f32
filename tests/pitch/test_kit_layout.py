"""The customer kit of every demo opportunity, in Chinese and English, read page by page:
nothing past the margins, no non-final page less than a third full, the one-pager on one
page with chart labels at least 7 pt, and none of the internal material a customer must
not see. One render per (opportunity, language, document), shared by all assertions."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pdfboxes import layout_problems, pages_of
from samples import text_of

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.pitch.brand import set_brand, set_profile
from valuekit.pitch.customer import cjk_share
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.kit import prepare_kit, render_kit
from valuekit.pitch.model import normalize
from valuekit.sales.opportunity import list_opportunities

CUSTOMER = ("pitch", "onepager", "roi", "fab", "spin")
# (side, top, bottom) page margins in mm, as base.css / onepager.html set them
MARGINS = {"onepager": (15, 16, 16)}
DEFAULT_MARGINS = (18, 22, 20)
LEAKS = ("使用建议", "How to use", "Use it when", "Talking points", "in your deal", "销售提示",
         "如何使用", "什么时候用", "适用场景", "授权范围", "待补充", "to be completed", "七步法", "seven steps",
         "SPIN:", "SPIN：", "FAB:", "FAB：", "案例库资产", "library asset", "案例库推荐",
         "recommended by the library", "ValueKit", "decision_maker", "gatekeeper", "(TBD)")
KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # vocabulary keys (decision_maker, reference_visit …)


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], dict[str, bytes]]]:
    store = Store.open(tmp_path_factory.mktemp("kitlib"))
    load_demo(store)
    logo = tmp_path_factory.mktemp("logo") / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
                    '<rect width="40" height="40" fill="#7A1F5C"/></svg>', encoding="utf-8")
    set_brand(store, company="领航软件 LinkSail", logo=logo, color="#7A1F5C", accent="#2D1B3D")
    set_profile(store, name="陈思远", title="客户经理", phone="+86 138 0000 1234",
                email="chen@linksail.example")
    out: dict[tuple[str, str], dict[str, bytes]] = {}
    for opp in list_opportunities(store):
        for lang in ("zh", "en"):
            pitch = normalize(draft_pitch(store, opp["id"], lang=lang))
            docs = [*CUSTOMER, "notes"] if pitch["roi"] else [d for d in (*CUSTOMER, "notes") if d != "roi"]
            kit = prepare_kit(store, pitch, None, docs)
            out[(opp["customer"], lang)] = {
                **render_kit(kit), "_asset": (pitch["case"] or {}).get("asset_id", "").encode(),
                "_other_language": " ".join(p.where for p in kit.problems
                                            if p.code == "other_language").encode(),
                "_questions": "\n".join(i["text"] for i in (kit.spin_plan or {}).get("items", [])).encode()}
    store.close()
    yield out


def _each(kits: dict[tuple[str, str], dict[str, bytes]]) -> Iterator[tuple[str, str, bytes]]:
    for (customer, lang), docs in kits.items():
        for doc, pdf in docs.items():
            if not doc.startswith("_"):
                yield f"{customer}/{lang}/{doc}", doc, pdf


def test_every_page_keeps_to_the_margins_and_no_page_is_nearly_empty(kits) -> None:
    problems = []
    for name, doc, pdf in _each(kits):
        side, top, bottom = MARGINS.get(doc, DEFAULT_MARGINS)
        problems += [f"{name}: {p}" for p in layout_problems(pdf, side_mm=side, top_mm=top,
                                                               bottom_mm=bottom)]
    assert problems == []


def test_one_pager_is_one_page_with_readable_chart_labels(kits) -> None:
    for (customer, lang), docs in kits.items():
        [page] = pages_of(docs["onepager"])
        # the footer is set at 7.5 pt: no word (chart labels included) is drawn smaller than 7 pt
        footer = [w for w in page.words if w.y0 > page.height - 16 * 72 / 25.4]
        smallest = min(w.height for w in page.words)
        assert smallest >= min(w.height for w in footer) * 7 / 7.5 - 0.05, (customer, lang)
        # it fills its page: the last line is in the bottom third
        assert max(w.y1 for w in page.words if w not in footer) > page.height * 2 / 3, (customer, lang)


def test_customer_documents_carry_no_internal_material(kits) -> None:
    for (customer, lang), docs in kits.items():
        asset = docs["_asset"].decode()
        for doc in CUSTOMER:
            if doc not in docs:
                continue
            text = text_of(docs[doc])
            flat = text.replace("\n", " ")
            for leak in LEAKS:
                assert leak not in flat, (customer, lang, doc, leak)
            assert not KEY.findall(flat), (customer, lang, doc, KEY.findall(flat))
            if asset:
                assert asset[:8] not in flat, (customer, lang, doc)
            # the brand is on every customer document
            assert "领航软件 LinkSail" in flat, (customer, lang, doc)


def test_the_pitch_and_one_pager_carry_the_sellers_contact(kits) -> None:
    for (customer, lang), docs in kits.items():
        for doc in ("pitch", "onepager"):
            assert "chen@linksail.example" in text_of(docs[doc]).replace("\n", " "), (customer, lang, doc)


def test_english_documents_are_english_or_the_preflight_names_what_is_not(kits) -> None:
    for (customer, lang), docs in kits.items():
        if lang != "en":
            continue
        assert "Pain points by layer" in text_of(docs["pitch"])
        # the call plan prints the bank's English question text (answers stay as captured)
        questions = docs["_questions"].decode()
        assert questions and cjk_share(questions) < 0.05, customer
        spin = " ".join(text_of(docs["spin"]).split())
        assert all(" ".join(q.split())[:30] in spin for q in questions.splitlines()), customer
        body = text_of(docs["pitch"]).split("Appendix")[0]
        customer_chars = sum(1 for c in customer if "\u4e00" <= c <= "\u9fff") * body.count(customer)
        cjk = sum(1 for c in body if "\u4e00" <= c <= "\u9fff") - customer_chars - body.count("领航软件") * 4
        if cjk > 20:  # Chinese content in an English pitch: the pre-flight check names it
            assert docs["_other_language"], (customer, cjk)


def test_seller_notes_keep_the_provenance(kits) -> None:
    for (customer, lang), docs in kits.items():
        notes = text_of(docs["notes"]).replace("\n", " ")
        # a Retention account's renewal pitch cites the value report (pitch/renewal.py)
        assert any(x in notes for x in ("SPIN", "FAB", "价值报告", "value report")), (customer, lang)


def test_the_layout_check_catches_overflow_empty_pages_and_a_heading_at_a_page_bottom() -> None:
    from valuekit.documents.render import render_pdf

    css = ('<style>@page { size: A4; margin: 22mm 18mm 20mm 18mm; } body { font-size: 10pt; }'
           ' h2 { font-size: 14pt; break-after: page; }</style>')
    wide = '<p style="margin-right: -20mm; text-align: right">past the right margin</p>'
    short = '<p>one line</p><p style="break-after: page">then a page break</p>'
    body = "".join(f"<p>line {i}</p>" for i in range(40)) + "<h2>A heading left alone</h2><p>next page</p>"
    pdf = render_pdf(f"<html><head>{css}</head><body>{wide}{short}{body}</body></html>",
                     meta={"title": "t"})
    found = " | ".join(layout_problems(pdf, side_mm=18, top_mm=22, bottom_mm=20))
    assert "'margin' at x" in found and "outside" in found
    assert "page 1 of 4 is" in found
    assert "ends with a heading: 'A heading left alone'" in found
