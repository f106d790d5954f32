"""Tag facets and their vocabularies, with display labels in Chinese and English.

Closed facets (stage, persona, …) accept only values already in the vocabulary;
open facets (industry, product, user-defined ones by default) grow as assets are
tagged. ``format`` is closed but extensible: marketing adds a format explicitly.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from valuekit.db.fts import normalise
from valuekit.db.seed import BUILTIN_FACETS
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg

STAGES = [v[0] for v in BUILTIN_FACETS[1][5]]
PERSONAS = ["decision_maker", "champion", "gatekeeper", "user"]

_KEY = re.compile(r"^[^\s,=]{1,60}$")


@dataclass(frozen=True)
class Facet:
    name: str
    label_zh: str
    label_en: str
    closed: bool
    single: bool
    builtin: bool

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def list_facets(conn: sqlite3.Connection) -> list[Facet]:
    rows = conn.execute(
        "SELECT name, label_zh, label_en, closed, single, builtin FROM facets ORDER BY position, name"
    ).fetchall()
    return [Facet(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5])) for r in rows]


def get_facet(conn: sqlite3.Connection, name: str) -> Facet:
    row = conn.execute(
        "SELECT name, label_zh, label_en, closed, single, builtin FROM facets WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        known = ", ".join(f.name for f in list_facets(conn))
        raise ValidationError(f"facet {name!r}", msg("unknown facet; known facets: {known}", known=known))
    return Facet(row[0], row[1], row[2], bool(row[3]), bool(row[4]), bool(row[5]))


def list_values(conn: sqlite3.Connection, facet: str) -> list[FacetValue]:
    rows = conn.execute(
        "SELECT facet, value, label_zh, label_en FROM facet_values WHERE facet = ?"
        " ORDER BY position, value",
        (facet,),
    ).fetchall()
    return [FacetValue(*r) for r in rows]


def value_labels(conn: sqlite3.Connection) -> dict[tuple[str, str], FacetValue]:
    rows = conn.execute("SELECT facet, value, label_zh, label_en FROM facet_values").fetchall()
    return {(r[0], r[1]): FacetValue(*r) for r in rows}


def alias_key(text: str) -> str:
    """How a value, label or synonym is compared: NFKC, case-folded, and spaces, '-' and
    '_' alike (``Decision-maker`` = ``decision_maker``, ``Sql`` = ``SQL``)."""
    return re.sub(r"[\s_\-]+", " ", normalise(text)).strip()


def value_aliases(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(facet, alias key) → value, for every value's own spelling, its zh and en labels
    and the declared synonyms. A value's own spelling wins over another value's label."""
    out: dict[tuple[str, str], str] = {}
    rows = conn.execute("SELECT facet, value, label_zh, label_en FROM facet_values").fetchall()
    for facet, synonym, value in conn.execute("SELECT facet, synonym, value FROM value_synonyms"):
        out[(facet, alias_key(synonym))] = value
    for facet, value, zh, en in rows:
        out.setdefault((facet, alias_key(en)), value)
        out.setdefault((facet, alias_key(zh)), value)
    for facet, value, _zh, _en in rows:
        out[(facet, alias_key(value))] = value
    return out


def canonical_value(conn: sqlite3.Connection, facet: str, raw: str) -> str | None:
    """The vocabulary value ``raw`` means in ``facet`` (exact, label or synonym), or None."""
    if conn.execute("SELECT 1 FROM facet_values WHERE facet = ? AND value = ?", (facet, raw)).fetchone():
        return raw
    return value_aliases(conn).get((facet, alias_key(raw)))


def add_synonym(conn: sqlite3.Connection, facet: str, synonym: str, value: str) -> None:
    """Declare that ``synonym`` means ``value`` in ``facet`` (e.g. promoter → champion)."""
    get_facet(conn, facet)
    if not conn.execute("SELECT 1 FROM facet_values WHERE facet = ? AND value = ?", (facet, value)).fetchone():
        raise ValidationError(f"{facet} value", msg("{value!r} does not exist in facet {facet}", value=value, facet=facet))
    if not synonym.strip():
        raise ValidationError("synonym", "must not be empty")
    conn.execute("INSERT OR REPLACE INTO value_synonyms(facet, synonym, value) VALUES (?,?,?)",
                 (facet, synonym.strip(), value))


def check_key(field: str, key: object) -> str:
    key = key.strip() if isinstance(key, str) else key
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError(
            field, "must be 1-60 characters without spaces, commas or '=' (e.g. manufacturing)"
        )
    return key


def add_facet(
    conn: sqlite3.Connection, name: str, *, label_zh: str = "", label_en: str = "",
    closed: bool = False, single: bool = False,
) -> Facet:
    name = check_key("facet", name)
    if conn.execute("SELECT 1 FROM facets WHERE name = ?", (name,)).fetchone():
        raise ValidationError("facet", msg("{name!r} already exists", name=name))
    conn.execute(
        "INSERT INTO facets(name, label_zh, label_en, closed, single, builtin) VALUES (?,?,?,?,?,0)",
        (name, label_zh or name, label_en or name, int(closed), int(single)),
    )
    return get_facet(conn, name)


def add_value(
    conn: sqlite3.Connection, facet: str, value: str, *, label_zh: str = "", label_en: str = ""
) -> FacetValue:
    get_facet(conn, facet)
    value = check_key(f"{facet} value", value)
    conn.execute(
        "INSERT INTO facet_values(facet, value, label_zh, label_en) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(facet, value) DO UPDATE SET"
        " label_zh = CASE WHEN excluded.label_zh <> '' THEN excluded.label_zh ELSE label_zh END,"
        " label_en = CASE WHEN excluded.label_en <> '' THEN excluded.label_en ELSE label_en END",
        (facet, value, label_zh or value, label_en or value),
    )
    row = conn.execute(
        "SELECT facet, value, label_zh, label_en FROM facet_values WHERE facet=? AND value=?",
        (facet, value),
    ).fetchone()
    return FacetValue(*row)


def require_value(conn: sqlite3.Connection, facet: Facet, value: str, field: str) -> str:
    """Check a tag value (a label or synonym means its value); add it to an open facet's
    vocabulary, refuse it for a closed one."""
    known = canonical_value(conn, facet.name, value.strip() if isinstance(value, str) else value)
    if known is not None:
        return known
    value = check_key(field, value)
    if facet.closed:
        allowed = ", ".join(v.value for v in list_values(conn, facet.name))
        raise ValidationError(field, msg("{value!r} is not a known {name}; allowed: {allowed}", value=value, name=facet.name, allowed=allowed))
    conn.execute(
        "INSERT INTO facet_values(facet, value, label_zh, label_en) VALUES (?, ?, ?, ?)",
        (facet.name, value, value, value),
    )
    return value


def require_stage(value: Any, field: str = "stage") -> str:
    if value not in STAGES:
        raise ValidationError(field, msg("{value!r} is not a sales stage; allowed: {allowed}", value=value, allowed=', '.join(STAGES)))
    return value


def require_persona(value: Any, field: str = "persona") -> str:
    if value not in PERSONAS:
        raise ValidationError(field, msg("{value!r} is not a persona; allowed: {allowed}", value=value, allowed=', '.join(PERSONAS)))
    return value


def facet_or_none(conn: sqlite3.Connection, name: str) -> Facet | None:
    try:
        return get_facet(conn, name)
    except (ValidationError, NotFoundError):
        return None
