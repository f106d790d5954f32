"""What of the seller's material may reach a customer.

Library assets are written for sellers: a case study ends with "## 使用建议 / How to use
it" (when to quote it, whom to show it to) and rights notes; its summary often closes
with "适合…看" / "Use it at SQL with …". Customer documents print the case without those
parts; the seller's notes keep them. Placeholders ("待补充", "TBD", "(to be completed)")
are found here too, so the pre-flight check and the documents agree on what one is.
"""

from __future__ import annotations

import re

# Headings of sections meant for the seller (matched at the start of a Markdown heading).
INTERNAL_HEADINGS = re.compile(
    r"^(使用建议|使用方法|使用场景|使用说明|使用方式|如何使用|什么时候用|适用场景|适合谁看|授权范围|"
    r"内部|销售提示|讲解提示|提示$|注意事项|发送建议|目标听众|停用说明|历史使用|当时的引用|"
    r"how to use|when to use|use it when|usage|internal|rights|licen[cs]e|for sellers|seller notes|"
    r"talking points|presenter notes|why it matters in your deal|retired|open items|"
    r"lessons that still hold|original summary)",
    re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s*(.+?)\s*#*\s*$")
# Sentences of a summary that tell the seller when/whom to use it.
INTERNAL_SENTENCE = re.compile(
    r"^(适合|可用于|建议在|用于|使用时|退役|已退役|注意|"
    r"use it|bring it|share it|send it|retired|draft:|good for|best used|use with)",
    re.IGNORECASE)
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?|[^.]+(?:\.(?=\s|$))?")
PLACEHOLDER = re.compile(
    r"待补充|待定|待确认|待完善|此处填写|（\s*[?？]+\s*）|\bTBD\b|\bTODO\b|\bFIXME\b|\bXXX\b|"
    r"to be completed|to be confirmed|lorem ipsum|\[\s*(?:name|customer|客户)\s*\]|\?\?\?",
    re.IGNORECASE)


def _split(markdown: str) -> tuple[list[str], list[str]]:
    """The body's lines for the customer and the lines of its seller-only sections (a
    section runs until the next heading of the same or a higher level)."""
    customer: list[str] = []
    seller: list[str] = []
    internal_level = 0
    for line in markdown.replace("\r\n", "\n").split("\n"):
        head = HEADING.match(line.strip())
        if head and not (internal_level and len(head.group(1)) > internal_level):
            internal_level = len(head.group(1)) if INTERNAL_HEADINGS.match(head.group(2)) else 0
        (seller if internal_level else customer).append(line)
    return customer, seller


def customer_body(markdown: str) -> str:
    """The asset's Markdown body without its seller-only sections."""
    return "\n".join(_split(markdown)[0]).strip()


def seller_sections(markdown: str) -> str:
    """The seller-only sections of an asset body (for the seller's notes)."""
    return "\n".join(_split(markdown)[1]).strip()


def _sentences(text: str) -> list[str]:
    if re.search(r"[。！？]", text):
        return [s for s in re.findall(r"[^。！？]+[。！？]?", text) if s.strip()]
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def customer_summary(text: str) -> str:
    """A summary without the sentences that tell the seller when or whom to show it."""
    kept = [s for s in _sentences(text.strip()) if not INTERNAL_SENTENCE.match(s.strip())]
    joiner = "" if re.search(r"[。！？]", text) else " "
    return joiner.join(s.strip() for s in kept).strip()


def has_placeholder(text: str) -> str | None:
    """The placeholder-like part of ``text``, or None."""
    found = PLACEHOLDER.search(text or "")
    return found.group(0) if found else None


def cjk_share(text: str) -> float:
    """The share of CJK characters among the letters of ``text`` (0..1)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u3400" <= c <= "\u9fff") / len(letters)


def in_other_language(text: str, lang: str) -> bool:
    """True when ``text`` is written in the other language than the document's: an
    English document with Chinese sentences, or a Chinese one with English sentences
    (a product name or an acronym inside Chinese text is fine)."""
    letters = sum(1 for c in text if c.isalpha())
    if letters < 8:
        return False
    share = cjk_share(text)
    return share > 0.3 if lang == "en" else share < 0.05
