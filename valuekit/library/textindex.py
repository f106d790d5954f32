"""Chinese-and-English full-text tokens for SQLite FTS5.

FTS5's unicode61 tokenizer treats a run of Chinese characters as one token, so
"报价" inside "快速报价单" is never found; the trigram tokenizer needs three
characters. We tokenize in Python instead, the way CJK search engines do:

* a run of CJK characters becomes its overlapping bigrams, plus the run's last
  character alone (so every character starts at least one token);
* any other run of letters/digits becomes one lower-cased word.

Queries are turned into FTS5 expressions over the same tokens: a Chinese term of
two or more characters is a *phrase* of its bigrams (consecutive positions, so it
matches exactly that substring), a single character is a prefix query, and a word
is a prefix query. FTS5 then only ever splits on the spaces we put in.
"""

from __future__ import annotations

import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUNS = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}_]+)")


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(text: str) -> str:
    """The space-separated token string stored in the FTS index for ``text``."""
    out: list[str] = []
    for cjk, word in _RUNS.findall(text or ""):
        if cjk:
            out.extend(_cjk_tokens(cjk))
        else:
            out.append(word.lower())
    return " ".join(out)


def _term_expression(term: str) -> list[str]:
    parts: list[str] = []
    for cjk, word in _RUNS.findall(term):
        if cjk and len(cjk) == 1:
            parts.append(f'"{cjk}"*')
        elif cjk:
            bigrams = [cjk[i : i + 2] for i in range(len(cjk) - 1)]
            parts.append('"' + " ".join(bigrams) + '"')
        else:
            parts.append(f'"{word.lower()}"*')
    return parts


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every term of ``query``; None if it has no words."""
    parts: list[str] = []
    for term in (query or "").split():
        parts.extend(_term_expression(term))
    return " AND ".join(parts) if parts else None
