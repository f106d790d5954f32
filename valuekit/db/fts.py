"""The tokens the full-text index stores (Chinese and English), shared by the schema
migrations that (re)build the index and by ``valuekit.library.textindex``, which turns
queries into FTS5 expressions over the same tokens.

FTS5's unicode61 tokenizer treats a run of Chinese characters as one token, so "报价"
inside "快速报价单" would never be found. We tokenize in Python instead:

* text is NFKC-normalised first, so full-width ``ｑｕｏｔｅ`` and compatibility forms
  (``㈱``, ligatures) meet their ordinary spelling, then case-folded;
* a run of CJK characters becomes its overlapping bigrams plus the run's last character
  alone (so every character starts at least one token);
* any other run of letters/digits becomes one word, reduced to its English Snowball stem
  (quote, quotes and quoting are all ``quot``), which is what makes search forgiving.

FTS5 then only ever splits on the spaces we put in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
RUNS = re.compile(rf"([{CJK}]+)|([^\W{CJK}_]+)")
_STEMMER = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """NFKC and case folding: the form both the index and every query are compared in."""
    return unicodedata.normalize("NFKC", text or "").casefold()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a (normalised) word; words with digits are kept whole."""
    if not word.isalpha() or not word.isascii():
        return word
    return str(_STEMMER.stemWord(word))


def cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(text: str) -> str:
    """The space-separated token string stored in the FTS index for ``text``."""
    out: list[str] = []
    for cjk, word in RUNS.findall(normalise(text)):
        if cjk:
            out.extend(cjk_tokens(cjk))
        else:
            out.append(stem(word))
    return " ".join(out)


FTS_SCHEMA = ("CREATE VIRTUAL TABLE asset_fts USING fts5(title, summary, body, files,"
              " tokenize = 'unicode61 remove_diacritics 2')")
