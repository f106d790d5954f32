"""Full-text queries over the index's tokens (``valuekit.db.fts``: NFKC, CJK bigrams,
English Snowball stems).

A query is cleaned before it reaches FTS5, so search never raises on what a user types:
FTS syntax characters (quotes, ``*``, ``^``, parentheses, ``AND``/``NEAR`` as words) are
only ever text, repeated terms are collapsed (2,000 copies of one word cost one term)
and at most ``MAX_TERMS`` distinct terms are kept. A Chinese term of two or more
characters is a *phrase* of its bigrams (consecutive positions, so it matches exactly
that substring), a single character and an English word are prefix queries.
"""

from __future__ import annotations

from valuekit.db.fts import RUNS, index_text, normalise, stem

__all__ = ["index_text", "match_expression", "query_terms", "MAX_TERMS", "MAX_QUERY_CHARS"]

MAX_TERMS = 16
MAX_QUERY_CHARS = 1000


def query_terms(query: str) -> list[tuple[str, bool]]:
    """The distinct terms of a query as (token, is_cjk), in order, capped at MAX_TERMS.

    English words are stemmed (the index holds stems); a Chinese run is kept whole."""
    out: list[tuple[str, bool]] = []
    seen: set[tuple[str, bool]] = set()
    for cjk, word in RUNS.findall(normalise((query or "")[:MAX_QUERY_CHARS])):
        term = (cjk, True) if cjk else (stem(word), False)
        if term in seen:
            continue
        seen.add(term)
        out.append(term)
        if len(out) >= MAX_TERMS:
            break
    return out


def term_expression(token: str, is_cjk: bool) -> str:
    if is_cjk and len(token) == 1:
        return f'"{token}"*'
    if is_cjk:
        return '"' + " ".join(token[i : i + 2] for i in range(len(token) - 1)) + '"'
    return f'"{token}"*'


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every term of ``query``; None if it has no words.

    Tokens only ever hold letters and digits (RUNS), so quoting them is always valid FTS5."""
    parts = [term_expression(t, c) for t, c in query_terms(query)]
    return " AND ".join(parts) if parts else None
