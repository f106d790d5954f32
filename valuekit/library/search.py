"""Search the value library: full text (Chinese and English) combined with facet
filters, sorting, and facet counts for the sidebar.

How a text search runs (``bench/bench_search.py`` measures it against the raw FTS5
MATCH in the same run):

1. the MATCH runs once and returns its hit row numbers (what the raw engine costs);
2. the tag filters are one MATCH over ``tag_fts`` (every asset's tags as tokens, kept by
   triggers): the engine intersects the values' doclists, OR within a facet and AND
   across, and the two answers meet in a Python set intersection;
3. the few survivors get their sort key in one statement (``seq IN json_each``, a rowid
   lookup each) and the page is the top k of them (heapq), never a sort of every hit.
   A relevance sort takes bm25 with the hits (one MATCH); that is the one sort that costs
   a multiple of the raw MATCH, since FTS5 scores every hit.

This also avoids the query-plan trap of newer SQLite versions, where an FTS MATCH joined
to tag filters can be re-run once per candidate row: the MATCH is a statement of its own.
Usage and usefulness sort on summary columns kept by triggers (migration 6).
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import load_assets
from valuekit.library.model import COLUMN_FACETS, COLUMN_VALUE_LABELS, Asset
from valuekit.library.textindex import match_expression
from valuekit.library.vocabulary import alias_key, list_facets, value_aliases, value_labels

_RATING = "(CASE WHEN a.rating_count > 0 THEN 1.0 * a.rating_sum / a.rating_count ELSE 0 END)"
SORTS = {
    "relevance": None,  # bm25 when there is text, else updated
    "updated": "a.updated_at",
    "created": "a.created_at",
    "importance": "a.importance",
    "usage": "a.use_count",
    "usefulness": _RATING,
    "title": "a.title",
    "status": "a.status",
    # Tag columns sort by their (first) value; the primary key makes each lookup cheap.
    "format": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'format')",
    "stage": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'stage')",
    "industry": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq"
                " AND t.facet = 'industry')",
}
# Bigger weights make a hit in the title count more than one in the body or a file.
_BM25 = "bm25(asset_fts, 10.0, 4.0, 1.0, 0.8)"
_IN_LIST = "(SELECT value FROM json_each(?))"


@dataclass
class Query:
    text: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)  # AND across, OR within
    min_importance: int | None = None
    min_usage: int | None = None
    min_usefulness: float | None = None
    sort: str = "relevance"
    descending: bool = True
    limit: int = 50
    offset: int = 0


@dataclass
class SearchResult:
    total: int
    assets: list[Asset]


def resolve_facets(conn: sqlite3.Connection, facets: dict[str, list[str]]) -> dict[str, list[str]]:
    """The facet filters with labels and synonyms turned into values (``Sql`` → ``SQL``,
    推动者 → champion); a value no closed facet knows is an error naming the allowed ones."""
    known_facets = {f.name: f for f in list_facets(conn)}
    aliases: dict[tuple[str, str], str] | None = None
    out: dict[str, list[str]] = {}
    for facet, values in facets.items():
        if not values:
            continue
        if facet in COLUMN_FACETS:
            out[facet] = list(values)
            continue
        if facet not in known_facets:
            known = ", ".join(sorted(set(known_facets) | set(COLUMN_FACETS)))
            raise ValidationError(f"facet {facet!r}", msg("unknown facet; known: {known}", known=known))
        exact = {r[0] for r in conn.execute("SELECT value FROM facet_values WHERE facet=?", (facet,))}
        clean: list[str] = []
        for value in values:
            if value not in exact:
                aliases = aliases if aliases is not None else value_aliases(conn)
                meant = aliases.get((facet, alias_key(value)))
                if meant is None and known_facets[facet].closed:
                    raise ValidationError(f"facet {facet}", msg("{value!r} is not a known value; allowed: {allowed}", value=value, allowed=', '.join(sorted(exact))))
                value = meant or value
            if value not in clean:
                clean.append(value)
        out[facet] = clean
    return out


def _column_filters(q: Query, facets: dict[str, list[str]]) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for facet in COLUMN_FACETS:
        values = facets.get(facet)
        if values:
            clauses.append(f"a.{facet} IN ({','.join('?' * len(values))})")
            params.extend(int(v) if facet == "importance" else v for v in values)
    if q.min_importance is not None:
        clauses.append("a.importance >= ?")
        params.append(q.min_importance)
    if q.min_usage is not None:
        clauses.append("a.use_count >= ?")
        params.append(q.min_usage)
    if q.min_usefulness is not None:
        clauses.append(f"a.rating_count > 0 AND {_RATING} >= ?")
        params.append(q.min_usefulness)
    return clauses, params


def _tag_expression(conn: sqlite3.Connection, tag_filters: list[tuple[str, list[str]]]) -> str | None:
    """The tag filters as one FTS5 expression over tag_fts's tokens (v<facet_values rowid>):
    OR within a facet, AND across. None when a value does not exist (nothing can match)."""
    parts = []
    for facet, values in tag_filters:
        marks = ",".join("?" * len(values))
        ids = [r[0] for r in conn.execute(
            f"SELECT rowid FROM facet_values WHERE facet = ? AND value IN ({marks})", [facet, *values])]
        if not ids:
            return None
        parts.append("(" + " OR ".join(f"v{i}" for i in ids) + ")")
    return " AND ".join(parts)


# Below this many text hits, their tags are looked up per hit (a primary-key seek each)
# instead of intersecting with the tag index's answer, which may be thousands of rows.
FEW_HITS = 2000


def _hits_with_tags(conn: sqlite3.Connection, hits: list[int],
                    tag_filters: list[tuple[str, list[str]]]) -> set[int]:
    current = set(hits)
    for facet, values in tag_filters:
        if not current:
            break
        marks = ",".join("?" * len(values))
        current = {r[0] for r in conn.execute(
            f"SELECT DISTINCT asset_seq FROM asset_tags WHERE asset_seq IN {_IN_LIST} AND facet = ?"
            f" AND value IN ({marks})", [json.dumps(sorted(current)), facet, *values])}
    return current


def candidates(conn: sqlite3.Connection, q: Query) -> tuple[list[int] | None, dict[int, float]]:
    """The row numbers passing the text and tag filters (None = every asset, no filter
    applied yet) and, when sorting by relevance, each hit's bm25 score.

    The words are one MATCH; the tags are one MATCH over tag_fts (the engine intersects the
    values' doclists) — or, when the words hit few assets, a seek per hit: the smaller side
    drives."""
    facets = resolve_facets(conn, q.facets)
    expr = match_expression(q.text)
    tag_filters = [(f, v) for f, v in facets.items() if f not in COLUMN_FACETS]
    scores: dict[int, float] = {}
    hits: list[int] | None = None
    if expr is not None:
        if q.sort == "relevance":
            # bm25 comes with the hits, in the same MATCH. (Asking for it for the survivors
            # only, "MATCH ? AND rowid IN (…)", re-runs the MATCH per rowid: a trap.)
            scores = dict(conn.execute(f"SELECT rowid, {_BM25} FROM asset_fts WHERE asset_fts MATCH ?",
                                       (expr,)))
            hits = list(scores)
        else:
            hits = [r[0] for r in conn.execute("SELECT rowid FROM asset_fts WHERE asset_fts MATCH ?", (expr,))]
        if not tag_filters:
            return sorted(hits), scores
        if len(hits) < FEW_HITS:
            return sorted(_hits_with_tags(conn, hits, tag_filters)), scores
    if not tag_filters:
        return None, scores
    tag_expr = _tag_expression(conn, tag_filters)
    if tag_expr is None:
        return [], {}
    tagged = {r[0] for r in conn.execute("SELECT rowid FROM tag_fts WHERE tag_fts MATCH ?", (tag_expr,))}
    return sorted(tagged if hits is None else tagged.intersection(hits)), scores


def _keyed_rows(conn: sqlite3.Connection, q: Query, seqs: list[int] | None,
                facets: dict[str, list[str]]) -> list[tuple[int, Any]]:
    clauses, params = _column_filters(q, facets)
    key = SORTS[q.sort] or "a.updated_at"
    source: list[Any] = []
    if seqs is not None:
        clauses.insert(0, f"a.seq IN {_IN_LIST}")
        source = [json.dumps(seqs)]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return conn.execute(f"SELECT a.seq, {key} FROM assets a{where}", [*source, *params]).fetchall()


def _page(rows: Sequence[tuple[int, Any]], q: Query, scores: dict[int, float]) -> list[int]:
    """The page's row numbers in the query's order, from the top k only (ties by seq)."""
    want = q.offset + q.limit
    if q.sort == "relevance" and scores:
        # bm25 is lower for better matches: "descending relevance" is ascending score.
        sign = 1 if q.descending else -1
        top = heapq.nsmallest(want, rows, key=lambda r: (sign * scores.get(r[0], 0.0), r[0]))
        return [r[0] for r in top[q.offset:]]
    present = [r for r in rows if r[1] is not None]
    missing = sorted(r[0] for r in rows if r[1] is None)  # NULL sorts first ascending, like SQL
    if q.descending:
        top = heapq.nlargest(want, present, key=lambda r: (r[1], -r[0]))
        ordered = [r[0] for r in top] + missing
    else:
        top = heapq.nsmallest(want, present, key=lambda r: (r[1], r[0]))
        ordered = missing + [r[0] for r in top]
        if len(ordered) < want:
            ordered = missing + [r[0] for r in sorted(present, key=lambda r: (r[1], r[0]))]
    return ordered[q.offset:want]


def search_seqs(conn: sqlite3.Connection, q: Query) -> tuple[int, list[int]]:
    """The total number of matches and one page of asset row numbers, sorted."""
    if q.sort not in SORTS:
        raise ValidationError("sort", msg("must be one of {allowed}", allowed=', '.join(SORTS)))
    if q.limit < 0 or q.offset < 0:
        raise ValidationError("limit", "must be ≥ 0")
    facets = resolve_facets(conn, q.facets)
    seqs, scores = candidates(conn, q)
    if seqs is not None and not seqs:
        return 0, []
    key = SORTS[q.sort]
    if seqs is None and key is not None and key.startswith("a."):
        # No text and no tag filter: let the column's index give the page directly.
        return _unfiltered_page(conn, q, facets)
    rows = _keyed_rows(conn, q, seqs, facets)
    return len(rows), _page(rows, q, scores)


def _unfiltered_page(conn: sqlite3.Connection, q: Query, facets: dict[str, list[str]]) -> tuple[int, list[int]]:
    clauses, params = _column_filters(q, facets)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    direction = "DESC" if q.descending else "ASC"
    total = conn.execute(f"SELECT count(*) FROM assets a{where}", params).fetchone()[0]
    rows = conn.execute(f"SELECT a.seq FROM assets a{where} ORDER BY {SORTS[q.sort]} {direction},"
                        f" a.seq {'DESC' if q.descending else 'ASC'} LIMIT ? OFFSET ?",
                        [*params, q.limit, q.offset]).fetchall()
    return total, [r[0] for r in rows]


def search(store: Store, q: Query, *, with_body: bool = False) -> SearchResult:
    total, seqs = search_seqs(store.conn, q)
    return SearchResult(total, load_assets(store.conn, seqs, with_body=with_body))


def facet_counts(store: Store, q: Query, *, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """Facet counts for the current result, remembered until the library changes.

    The sidebar asks for the same counts again and again (re-sorting, paging, the
    whole library at start-up); the key includes SQLite's data_version (changed by
    other connections' commits) and this connection's total_changes, so a cached
    answer is never stale. The cache lives on the Store itself: keyed globally by
    id(connection), a new connection could inherit a closed one's id and its answers.
    """
    conn = store.conn
    cache: dict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = \
        store.__dict__.setdefault("_facet_count_cache", {})
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    key = (version, conn.total_changes, q.text,
           tuple(sorted((k, tuple(v)) for k, v in q.facets.items())),
           q.min_importance, q.min_usage, q.min_usefulness, lang)
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cache[key] = _facet_counts(store, q, lang=lang)
    return {k: [dict(v) for v in vs] for k, vs in cache[key].items()}


def _raw_counts(conn: sqlite3.Connection, q: Query) -> list[tuple[str, Any, int]]:
    facets = resolve_facets(conn, q.facets)
    clauses, params = _column_filters(q, facets)
    seqs, _scores = candidates(conn, Query(text=q.text, facets=q.facets, sort="updated"))
    if seqs is None and not clauses:
        # Whole library: tag counts are a table kept by triggers; the column facets come
        # from one pass over their covering index (assets_columns), summed here.
        rows = conn.execute("SELECT facet, value, n FROM tag_counts WHERE n > 0").fetchall()
        grouped = conn.execute(f"SELECT {', '.join(COLUMN_FACETS)}, count(*) FROM assets"
                               f" GROUP BY {', '.join(COLUMN_FACETS)}").fetchall()
        return rows + _column_sums(grouped)
    if clauses:  # column filters narrow the candidates first (or the whole library)
        where = " AND ".join(clauses)
        source = f" AND a.seq IN {_IN_LIST}" if seqs is not None else ""
        seqs = [r[0] for r in conn.execute(f"SELECT a.seq FROM assets a WHERE {where}{source}",
                                           [*params, *([json.dumps(seqs)] if seqs is not None else [])])]
    chosen = json.dumps(seqs)
    # Each asset's tags are one row of tag_fts's content (tokens v<facet_values rowid>) and
    # its column facets one row of asset_columns: a few bytes per asset, counted here.
    tokens: dict[str, int] = {}
    for (tags,) in conn.execute(f"SELECT c0 FROM tag_fts_content WHERE id IN {_IN_LIST}", (chosen,)):
        for token in (tags or "").split():
            tokens[token] = tokens.get(token, 0) + 1
    names = {f"v{rowid}": (facet, value) for rowid, facet, value in
             conn.execute("SELECT rowid, facet, value FROM facet_values")}
    rows = [(*names[token], n) for token, n in tokens.items() if token in names]
    grouped = conn.execute(f"SELECT {', '.join(COLUMN_FACETS)}, count(*) FROM asset_columns"
                           f" WHERE seq IN {_IN_LIST} GROUP BY {', '.join(COLUMN_FACETS)}", (chosen,)).fetchall()
    return rows + _column_sums(grouped)


def _column_sums(grouped: list[tuple[Any, ...]]) -> list[tuple[str, Any, int]]:
    sums: dict[tuple[str, Any], int] = {}
    for *values, n in grouped:
        for column, value in zip(COLUMN_FACETS, values, strict=True):
            sums[(column, value)] = sums.get((column, value), 0) + n
    return [(c, v, n) for (c, v), n in sums.items()]


def _facet_counts(store: Store, q: Query, *, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """For every facet, its values with how many assets of the current result carry them.

    Column facets (status, language, creator, importance) are included so the sidebar
    can filter on them like on tags. The result set is computed once per call.
    """
    conn = store.conn
    labels = value_labels(conn)
    out: dict[str, list[dict[str, Any]]] = {f.name: [] for f in list_facets(conn)}
    out.update({c: [] for c in COLUMN_FACETS})
    for facet, value, count in _raw_counts(conn, q):
        if value in (None, "") or facet not in out:
            continue
        label = labels.get((facet, value))
        fixed = COLUMN_VALUE_LABELS.get((facet, str(value)))
        text = label.label(lang) if label else (fixed[lang == "en"] if fixed else str(value))
        out[facet].append({"value": str(value), "count": count, "label": text})
    for values in out.values():
        values.sort(key=lambda v: (-v["count"], v["value"]))
    return out
