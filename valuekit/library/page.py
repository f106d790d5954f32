"""What the library screen asks of the core in one call each: the sidebar's facet counts,
an export of the whole current result, and assets made from dropped files.

All three are written to run on a worker thread with its own connection (the GUI passes
the library folder, never its Store) and accept ``progress(done, total, message)``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.fileio import atomic_text_file
from valuekit.i18n import msg
from valuekit.library.files import asset_from_file
from valuekit.library.forgiving import suggest
from valuekit.library.model import COLUMN_VALUE_LABELS
from valuekit.library.search import Query, facet_counts, search_seqs
from valuekit.library.transfer import export_csv, export_records, facet_names
from valuekit.library.vocabulary import value_labels

Progress = Callable[[int, int, str], None]
EXPORT_CHUNK = 500


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


def sidebar_counts(store: Store, q: Query, *, lang: str = "en") -> dict[str, list[dict[str, Any]]]:
    """Facet counts for a sidebar that is OR within a facet and AND across facets.

    A facet with checked values is counted against the result *without its own filter*,
    so after checking "case study" the other formats still show how many assets adding
    them would bring (disjunctive faceting). A checked value is always listed, with 0 when
    nothing matches it any more, so the user can uncheck it.
    """
    counts = facet_counts(store, q, lang=lang)
    labels = value_labels(store.conn)
    for facet, chosen in q.facets.items():
        if not chosen:
            continue
        others = replace(q, facets={k: v for k, v in q.facets.items() if k != facet})
        values = facet_counts(store, others, lang=lang).get(facet, [])
        listed = {v["value"] for v in values}
        for value in chosen:
            if value not in listed:
                known = labels.get((facet, value))
                fixed = COLUMN_VALUE_LABELS.get((facet, value))
                label = known.label(lang) if known else (fixed[lang == "en"] if fixed else value)
                values.append({"value": value, "count": 0, "label": label})
        counts[facet] = values
    return counts


def result_seqs(store: Store, q: Query) -> tuple[int, list[int]]:
    """Every matching asset's row number in the query's order (the table's rows)."""
    return search_seqs(store.conn, replace(q, limit=10**9, offset=0))


def library_open(store: Store) -> bool:
    """Whether the store's connection still works: a search answer that lands after its
    library was closed (a view outliving it, e.g. while switching libraries) is dropped."""
    try:
        store.conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return False
    return True


# Below this many results a "did you mean" is offered; with none, its results are shown.
FEW_RESULTS = 3


@dataclass
class Found:
    """A forgiving search: the rows, and what was searched when the words found nothing."""

    total: int
    seqs: list[int]
    query: Query  # the query whose rows these are (the suggestion's when corrected)
    suggestion: str | None = None  # "did you mean …"
    corrected: bool = False  # the rows are the suggestion's, the typed words found nothing


def forgiving_search(store: Store, q: Query, *, every_row: bool = False) -> Found:
    """Search; when the words find little, suggest a spelling from the library's own words,
    and when they find nothing, answer with the suggestion's rows (saying so)."""
    page = replace(q, limit=10**9, offset=0) if every_row else q
    total, seqs = search_seqs(store.conn, page)
    if total >= FEW_RESULTS or not q.text.strip():
        return Found(total, seqs, q)
    better = suggest(store.conn, q.text)
    if better is None or total:
        return Found(total, seqs, q, better)
    total, seqs = search_seqs(store.conn, replace(page, text=better))
    if not total:
        return Found(0, [], q, better)
    return Found(total, seqs, replace(q, text=better), better, corrected=True)


def export_result(store: Store, q: Query, path: Path | str, *,
                  progress: Progress = _no_progress) -> int:
    """Export every asset of the query's result to ``path`` (``.csv`` → CSV, anything
    else → JSON in the import format). Returns the number exported."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ValidationError("path", msg("folder {parent} does not exist", parent=path.parent))
    _total, seqs = result_seqs(store, q)
    as_csv = path.suffix.lower() == ".csv"
    facets = facet_names(store)

    def write(out: Any) -> None:
        out.write("" if as_csv else "[")
        for start in range(0, len(seqs), EXPORT_CHUNK):
            progress(start, len(seqs), path.name)
            chunk = seqs[start:start + EXPORT_CHUNK]
            marks = ",".join("?" * len(chunk))
            by_seq = dict(store.conn.execute(f"SELECT seq, id FROM assets WHERE seq IN ({marks})",
                                             chunk).fetchall())
            records = export_records(store, [by_seq[s] for s in chunk if s in by_seq])
            if as_csv:
                text = export_csv(records, facets)
                out.write(text if start == 0 else text.split("\n", 1)[1])
            else:
                for n, record in enumerate(records):
                    sep = "\n" if start == 0 and n == 0 else ",\n"
                    out.write(sep + json.dumps(record, ensure_ascii=False, indent=2))
        if as_csv and not seqs:
            out.write(export_csv([], facets))
        out.write("" if as_csv else "\n]\n")
        progress(len(seqs), len(seqs), path.name)

    # a cancelled or failed export leaves no half-written file (and an existing one untouched)
    with atomic_text_file(path, newline="") as out:
        write(out)
    return len(seqs)


def assets_from_files(store: Store, paths: Sequence[Path | str], *, creator: str = "",
                      language: str = "zh", tags: dict[str, list[str]] | None = None,
                      formats: dict[str, str] | None = None,
                      progress: Progress = _no_progress) -> list[str]:
    """One draft asset per file: titled after the file, the format guessed from the
    extension unless ``formats[str(path)]`` says otherwise, ``tags`` on each, the file
    attached. All in one transaction: a refused file (or a cancel) creates none.
    Returns the new assets' ids in the order of ``paths``."""
    files = [Path(p) for p in paths]
    for n, path in enumerate(files):
        if not path.is_file():
            raise ValidationError(f"files[{n}]", msg("{value} is not a file", value=path.name or path))
    created: list[str] = []
    with store.transaction():
        for n, path in enumerate(files):
            progress(n, len(files), path.name)
            asset = asset_from_file(store, path, creator=creator, language=language, tags=tags,
                                    format_key=(formats or {}).get(str(path)))
            created.append(asset.id)
    progress(len(files), len(files), "")
    return created
