"""The value library as a user meets it: add, tag, search in Chinese and English, count."""

from __future__ import annotations

import sqlite3

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.errors import LibraryError, ValidationError
from valuekit.library import assets as library
from valuekit.library.check import check_library
from valuekit.library.search import Query, facet_counts, search


def _add(store: Store, title: str, body: str = "", **tags: list[str]) -> library.Asset:
    return library.add_asset(store, {"title": title, "format": "case_study", "language": "zh",
                                     "body": body, "tags": tags})


def test_two_character_chinese_word_inside_a_sentence_is_found(store: Store) -> None:
    hit = _add(store, "鼎川精工案例", "我们把快速报价单的周期缩短到四小时，并实现全程追溯。")
    _add(store, "无关文章", "这是一篇关于培训的文章。")
    for word in ("报价", "追溯", "案例", "报价单的周期"):
        result = search(store, Query(text=word))
        assert [a.id for a in result.assets] == [hit.id], word


def test_english_words_and_prefixes_are_found(store: Store) -> None:
    hit = library.add_asset(store, {"title": "Quote-to-cash for dealers", "format": "article",
                                    "body": "Forecast accuracy improved."})
    assert search(store, Query(text="quot")).assets[0].id == hit.id
    assert search(store, Query(text="FORECAST accuracy")).total == 1
    assert search(store, Query(text="pipeline")).total == 0


def test_facets_and_within_or_across(store: Store) -> None:
    a = _add(store, "A", stage=["SQL"], industry=["ict"])
    b = _add(store, "B", stage=["Rev"], industry=["ict"])
    _add(store, "C", stage=["Rev"], industry=["energy"])
    got = search(store, Query(facets={"stage": ["SQL", "Rev"], "industry": ["ict"]}))
    assert {x.id for x in got.assets} == {a.id, b.id}
    counts = facet_counts(store, Query(facets={"industry": ["ict"]}))
    assert {v["value"]: v["count"] for v in counts["stage"]} == {"SQL": 1, "Rev": 1}


def test_usage_and_usefulness_come_from_records(store: Store) -> None:
    a = _add(store, "A")
    library.record_usage(store, a.id, stage="SQL", customer="X")
    library.record_usage(store, a.id, stage="Rev", customer="Y")
    library.rate_asset(store, a.id, 5)
    library.rate_asset(store, a.id, 3)
    got = library.get_asset(store, a.id)
    assert (got.usage_count, got.usefulness, got.rating_count) == (2, 4.0, 2)


@pytest.mark.parametrize(("data", "field"), [
    ({"title": " ", "format": "article"}, "title"),
    ({"title": "x", "format": "article", "importance": 0}, "importance"),
    ({"title": "x", "format": "article", "importance": 9}, "importance"),
    ({"title": "x", "format": "article", "tags": {"stage": ["Won"]}}, "tags.stage"),
    ({"title": "x", "format": "poster"}, "tags.format"),
])
def test_bad_asset_input_names_the_field(store: Store, data: dict, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        library.add_asset(store, data)
    assert err.value.field == field
    assert store.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0


def test_rating_out_of_range_is_refused(store: Store) -> None:
    a = _add(store, "A")
    with pytest.raises(ValidationError, match="score"):
        library.rate_asset(store, a.id, 6)


def test_not_sqlite_and_too_new_libraries_are_refused_untouched(tmp_path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "library.db").write_bytes(b"hello, not a database" * 10)
    with pytest.raises(LibraryError, match="not an SQLite database"):
        Store.open(bad)
    future = tmp_path / "future"
    Store.open(future).close()
    conn = sqlite3.connect(future / "library.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = (future / "library.db").read_bytes()
    with pytest.raises(LibraryError, match="newer ValueKit"):
        Store.open(future)
    assert (future / "library.db").read_bytes() == before


def test_demo_library_loads_and_refreshes_without_doubling(store: Store) -> None:
    first = load_demo(store)
    again = load_demo(store)
    assert first == again and first["assets"] >= 60
    assert search(store, Query(text="报价")).total > 0
    assert check_library(store).ok


def test_cli_search_json_and_user_error(cli) -> None:
    assert cli("demo", "--quiet").exit_code == 0
    result = cli("library", "search", "报价", "--json")
    assert result.exit_code == 0, result.output
    import json

    rows = json.loads(result.output)
    assert rows and {"id", "title", "format", "tags", "usage_count", "usefulness", "importance",
                     "verified"} <= set(rows[0])
    bad = cli("library", "rate", rows[0]["id"], "6")
    assert bad.exit_code == 1 and "score" in bad.output and "Traceback" not in bad.output


def test_facet_counts_follow_changes_from_this_and_other_connections(store: Store, library_path) -> None:
    _add(store, "A", stage=["SQL"])
    assert {v["value"]: v["count"] for v in facet_counts(store, Query())["stage"]} == {"SQL": 1}
    other = Store.open(library_path)
    _add(other, "B", stage=["SQL"])
    other.close()
    assert {v["value"]: v["count"] for v in facet_counts(store, Query())["stage"]} == {"SQL": 2}
    _add(store, "C", stage=["Rev"])
    assert {v["value"]: v["count"] for v in facet_counts(store, Query())["stage"]} == {"SQL": 2, "Rev": 1}


def test_filter_with_an_unknown_closed_value_says_so(cli) -> None:
    result = cli("library", "search", "--facet", "stage=Sqx")
    assert result.exit_code == 1 and "allowed: MQL, RL, Retention, Rev, SQL" in result.output
    # a different case, a label or a declared synonym is not unknown: it means the value
    assert cli("library", "search", "--facet", "stage=Sql").exit_code == 0
