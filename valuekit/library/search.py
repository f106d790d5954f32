"""Search the value library: full text (Chinese and English) combined with facet
filters, sorting, facet counts for the sidebar, and stage-aware recommendations.

Query-plan note: on newer SQLite versions an FTS MATCH joined to tag filters can be
re-run once per candidate row. The text search therefore runs exactly once in a
MATERIALIZED CTE, and the assets are reached from it with a CROSS JOIN (which
SQLite never reorders). ``bench/bench_search.py`` would catch a regression.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.assets import load_assets
from valuekit.library.model import COLUMN_FACETS, COLUMN_VALUE_LABELS, Asset
from valuekit.library.textindex import match_expression
from valuekit.library.vocabulary import list_facets, value_labels

SORTS = {
    "relevance": None,  # bm25 when there is text, else updated
    "updated": "a.updated_at",
    "created": "a.created_at",
    "importance": "a.importance",
    "usage": "(SELECT count(*) FROM usage u WHERE u.asset_seq = a.seq)",
    "usefulness": "(SELECT coalesce(avg(score), 0) FROM ratings r WHERE r.asset_seq = a.seq)",
    "title": "a.title",
    "status": "a.status",
    # Tag columns sort by their (first) value; the primary key makes each lookup cheap.
    "format": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'format')",
    "stage": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq AND t.facet = 'stage')",
    "industry": "(SELECT min(value) FROM asset_tags t WHERE t.asset_seq = a.seq"
                " AND t.facet = 'industry')",
}
# Bigger weights make a hit in the title count more than one in the body.
_BM25 = "bm25(asset_fts, 10.0, 4.0, 1.0)"


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


def _where(conn: sqlite3.Connection, q: Query, has_text: bool) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    facets = {f.name: f for f in list_facets(conn)}
    tag_facets = set(facets)
    for facet, values in q.facets.items():
        if not values:
            continue
        if facet in facets and facets[facet].closed:
            # A typo in a closed facet (stage=Sql) would silently find nothing: say so.
            known = {r[0] for r in conn.execute("SELECT value FROM facet_values WHERE facet=?", (facet,))}
            unknown = [v for v in values if v not in known]
            if unknown:
                raise ValidationError(f"facet {facet}", msg("{value!r} is not a known value; allowed: {allowed}", value=unknown[0], allowed=', '.join(sorted(known))))
        marks = ",".join("?" * len(values))
        if facet in COLUMN_FACETS:
            clauses.append(f"a.{facet} IN ({marks})")
            params.extend(int(v) if facet == "importance" else v for v in values)
        elif facet in tag_facets:
            # With text hits, a per-row lookup on the tag primary key is cheapest;
            # without, let SQLite build the set of matching assets once.
            if has_text:
                clauses.append("EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_seq = a.seq"
                               f" AND t.facet = ? AND t.value IN ({marks}))")
            else:
                clauses.append("a.seq IN (SELECT asset_seq FROM asset_tags"
                               f" WHERE facet = ? AND value IN ({marks}))")
            params.extend([facet, *values])
        else:
            names = ", ".join(sorted(tag_facets | set(COLUMN_FACETS)))
            raise ValidationError(f"facet {facet!r}", msg("unknown facet; known: {known}", known=names))
    if q.min_importance is not None:
        clauses.append("a.importance >= ?")
        params.append(q.min_importance)
    if q.min_usage is not None:
        clauses.append(f"{SORTS['usage']} >= ?")
        params.append(q.min_usage)
    if q.min_usefulness is not None:
        clauses.append("(SELECT avg(score) FROM ratings r WHERE r.asset_seq = a.seq) >= ?")
        params.append(q.min_usefulness)
    return clauses, params


def _base(conn: sqlite3.Connection, q: Query) -> tuple[str, list[Any], bool]:
    """FROM/WHERE of the result set, and whether a text search is part of it."""
    expr = match_expression(q.text)
    clauses, params = _where(conn, q, expr is not None)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    if expr is None:
        return f"FROM assets a{where}", params, False
    sql = (f"FROM hits CROSS JOIN assets a ON a.seq = hits.seq{where}")
    return sql, [expr, *params], True


def _with_hits(has_text: bool, *, scored: bool = True) -> str:
    if not has_text:
        return ""
    # bm25 costs a little per hit: only compute it when sorting by relevance.
    score = _BM25 if scored else "0"
    return (f"WITH hits AS MATERIALIZED (SELECT rowid AS seq, {score} AS score"
            " FROM asset_fts WHERE asset_fts MATCH ?) ")


def search_seqs(conn: sqlite3.Connection, q: Query) -> tuple[int, list[int]]:
    """The total number of matches and one page of asset row numbers, sorted."""
    if q.sort not in SORTS:
        raise ValidationError("sort", msg("must be one of {allowed}", allowed=', '.join(SORTS)))
    if q.limit < 0 or q.offset < 0:
        raise ValidationError("limit", "must be ≥ 0")
    base, params, has_text = _base(conn, q)
    head = _with_hits(has_text, scored=q.sort == "relevance")
    direction = "DESC" if q.descending else "ASC"
    if q.sort == "relevance":
        # bm25 is lower for better matches, so "descending relevance" is ascending score.
        order = ("hits.score " + ("ASC" if q.descending else "DESC")) if has_text \
            else f"a.updated_at {direction}"
    else:
        order = f"{SORTS[q.sort]} {direction}"
    # One statement gives the page and the total (window count), so the text search
    # and the filters run once, not once for the count and again for the page.
    rows = conn.execute(
        f"{head}SELECT a.seq, count(*) OVER () {base} ORDER BY {order}, a.seq LIMIT ? OFFSET ?",
        [*params, q.limit, q.offset],
    ).fetchall()
    if rows:
        return rows[0][1], [r[0] for r in rows]
    total = conn.execute(f"{head}SELECT count(*) {base}", params).fetchone()[0] if q.offset else 0
    return total, []


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


def _facet_counts(store: Store, q: Query, *, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """For every facet, its values with how many assets of the current result carry them.

    Column facets (status, language, creator, importance) are included so the sidebar
    can filter on them like on tags. The result set is computed once per call.
    """
    conn = store.conn
    full = Query(text=q.text, facets=q.facets, min_importance=q.min_importance,
                 min_usage=q.min_usage, min_usefulness=q.min_usefulness)
    base, params, has_text = _base(conn, full)
    columns = ", ".join(f"a.{c}" for c in COLUMN_FACETS)
    unions = " ".join(f"UNION ALL SELECT '{c}', {c}, count(*) FROM r GROUP BY {c}"
                      for c in COLUMN_FACETS)
    if base == "FROM assets a" and not has_text:
        # Whole library: tag counts straight off the covering index, no join needed.
        sql = (f"WITH r AS (SELECT {columns} FROM assets a) "
               f"SELECT facet, value, count(*) FROM asset_tags GROUP BY facet, value {unions}")
    else:
        head = _with_hits(has_text)
        cte = (head + ", " if head else "WITH ") + f"r AS MATERIALIZED (SELECT a.seq, {columns} {base}) "
        sql = (f"{cte}SELECT t.facet, t.value, count(*) FROM r CROSS JOIN asset_tags t"
               f" ON t.asset_seq = r.seq GROUP BY t.facet, t.value {unions}")
    labels = value_labels(conn)
    out: dict[str, list[dict[str, Any]]] = {f.name: [] for f in list_facets(conn)}
    out.update({c: [] for c in COLUMN_FACETS})
    for facet, value, count in conn.execute(sql, params):
        if value in (None, ""):
            continue
        label = labels.get((facet, value))
        fixed = COLUMN_VALUE_LABELS.get((facet, str(value)))
        text = label.label(lang) if label else (fixed[lang == "en"] if fixed else str(value))
        out[facet].append({"value": str(value), "count": count, "label": text})
    for values in out.values():
        values.sort(key=lambda v: (-v["count"], v["value"]))
    return out
