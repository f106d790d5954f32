"""Search forgives: stems, full-width letters, typos (did you mean), repeated and hostile
input — and tells where the words matched."""

from __future__ import annotations

import pytest

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.forgiving import edit_distance, snippets, suggest
from valuekit.library.page import forgiving_search
from valuekit.library.search import Query, search
from valuekit.library.textindex import MAX_TERMS, match_expression


@pytest.fixture
def quotes(store: Store) -> list[str]:
    texts = [("Quote faster", "Sales teams quote in hours, not days."),
             ("Quotes that win", "Three quotes compared side by side."),
             ("Quoting for dealers", "Dealers stop quoting from spreadsheets."),
             ("报价慢一天", "制造业报价效率的隐性成本。")]
    return [library.add_asset(store, {"title": t, "format": "article", "body": b}).id for t, b in texts]


def test_stemming_makes_quote_quotes_and_quoting_meet(store: Store, quotes: list[str]) -> None:
    found = {w: {a.id for a in search(store, Query(text=w)).assets} for w in ("quote", "quotes", "quoting")}
    assert found["quote"] == found["quotes"] == found["quoting"] == set(quotes[:3])


def test_full_width_and_compatibility_forms_are_normalised(store: Store, quotes: list[str]) -> None:
    assert {a.id for a in search(store, Query(text="ｑｕｏｔｅ")).assets} == set(quotes[:3])
    assert {a.id for a in search(store, Query(text="ＱＵＯＴＥＳ")).assets} == set(quotes[:3])


@pytest.mark.parametrize(("typed", "meant"), [("quoet", "quote"), ("qoute", "quote"),
                                                ("quotse", "quotes"), ("报介", "报价")])
def test_a_typo_finds_the_suggestion_and_says_so(store: Store, quotes: list[str], typed: str,
                                                 meant: str) -> None:
    assert search(store, Query(text=typed)).total == 0
    found = forgiving_search(store, Query(text=typed))
    assert found.corrected and found.query.text != typed
    assert found.total == search(store, Query(text=meant)).total > 0


def test_no_suggestion_for_words_unlike_anything(store: Store, quotes: list[str]) -> None:
    assert suggest(store.conn, "zzxqv") is None
    found = forgiving_search(store, Query(text="zzxqv"))
    assert (found.total, found.suggestion, found.corrected) == (0, None, False)


def test_edit_distance_counts_a_swap_once() -> None:
    assert edit_distance("qout", "quot") == 1 and edit_distance("quote", "quoet") == 1
    assert edit_distance("quote", "qu") == 3  # past the limit of 2


def test_snippets_mark_the_match_in_the_text(store: Store, quotes: list[str]) -> None:
    seqs = [library.get_asset(store, i).seq for i in quotes]
    found = snippets(store.conn, "quoting", seqs)
    body = found[seqs[2]]
    assert body.field == "body" and "«quoting»" in body.marked()
    assert found[seqs[0]].marked().count("«quote»") == 1
    zh = snippets(store.conn, "报价", seqs)[seqs[3]]
    assert zh.marked() == "制造业«报价»效率的隐性成本。"


@pytest.mark.parametrize("text", ['"', "*", "^", "(", ")", "AND", "NEAR(", '"quote" OR *', "-:+{}[]",
                                  "x" * 10_000, "报" * 10_000, "\x00", "NOT quote"])
def test_hostile_queries_never_raise(store: Store, quotes: list[str], text: str) -> None:
    forgiving_search(store, Query(text=text))
    search(store, Query(text=text, facets={"format": ["article"]}, sort="usage"))


def test_repeated_terms_are_collapsed_and_the_count_is_capped(store: Store, quotes: list[str]) -> None:
    assert match_expression("quote " * 2000) == '"quot"*'
    many = " ".join(f"w{n}x" for n in range(100))
    assert match_expression(many).count(" AND ") == MAX_TERMS - 1
    assert search(store, Query(text="quote " * 2000)).total == 3
