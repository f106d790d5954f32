"""FAB statements as sync records. A FAB is a product-level claim, read by everyone and
curated like an asset (draft → verified → retired). Its record names its product and
feature by key, name and description rather than by this laptop's feature id, so it can
be written on a laptop that has neither yet; its vocabulary values are checked like a
FAB made here (a value marketing has not sent yet keeps the row waiting)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from valuekit.db.store import utc_now
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.vocabulary import check_key, facet_or_none, require_value

Record = dict[str, Any]
# feature ids derive from product + name exactly as sales/fab.py derives them
_FEATURE_NS = uuid.UUID("6f1d0c55-1f7e-4d43-9a52-0c3b3c1a7e10")
_COLUMNS = ("id", "product", "advantage", "competitor", "benefit", "language", "personas",
            "industries", "value_type", "need_layer", "pains", "roi_driver", "perception",
            "status", "created_at")
_JSON = ("personas", "industries", "pains", "roi_driver", "perception")
STATUSES = ("draft", "verified", "retired")


def fab_records(conn: sqlite3.Connection, ids: list[str] | None = None) -> dict[str, Record]:
    sql = (f"SELECT {', '.join('b.' + c for c in _COLUMNS)}, p.name, f.name, f.description"
           " FROM fabs b JOIN features f ON f.id = b.feature_id LEFT JOIN products p ON p.key = b.product")
    params: list[Any] = []
    if ids is not None:
        sql += " WHERE b.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(ids))
    out: dict[str, Record] = {}
    for row in conn.execute(sql, params):
        record: Record = dict(zip(_COLUMNS, tuple(row)[:len(_COLUMNS)], strict=True))
        for c in _JSON:
            if isinstance(record[c], str):
                record[c] = json.loads(record[c])
        record["product_name"], record["feature"], record["feature_description"] = tuple(row)[len(_COLUMNS):]
        out[record["id"]] = record
    return out


def _check_values(conn: sqlite3.Connection, record: Record) -> None:
    for field, facet in (("value_type", "value_type"), ("need_layer", "need_layer")):
        found = facet_or_none(conn, facet)
        if found is not None and record.get(field):
            require_value(conn, found, str(record[field]), field)
    for field, facet in (("industries", "industry"), ("personas", "persona")):
        found = facet_or_none(conn, facet)
        for n, value in enumerate(record.get(field) or []):
            if found is not None:
                require_value(conn, found, str(value), f"{field}[{n}]")


def write_fab(conn: sqlite3.Connection, row_id: str, record: Record) -> None:
    if record.get("id") != row_id:
        raise ValidationError("id", msg("the row does not match its id {id}", id=row_id))
    if record.get("status") not in STATUSES:
        raise ValidationError("status", msg("must be one of {allowed}", allowed=", ".join(STATUSES)))
    product = check_key("product", record.get("product"))
    feature = str(record.get("feature") or "").strip()
    if not feature:
        raise ValidationError("feature", msg("must not be empty"))
    product_facet = facet_or_none(conn, "product")
    if product_facet is not None:
        require_value(conn, product_facet, product, "product")
    now = utc_now()
    conn.execute("INSERT INTO products (key, name, created_at) VALUES (?, ?, ?)"
                 " ON CONFLICT(key) DO UPDATE SET name = excluded.name",
                 (product, str(record.get("product_name") or product), now))
    conn.execute("INSERT INTO features (id, product, name, description, created_at) VALUES (?, ?, ?, ?, ?)"
                 " ON CONFLICT(product, name) DO UPDATE SET description = excluded.description",
                 (str(uuid.uuid5(_FEATURE_NS, f"{product}/{feature}")), product, feature,
                  str(record.get("feature_description") or ""), now))
    feature_id = conn.execute("SELECT id FROM features WHERE product = ? AND name = ?",
                              (product, feature)).fetchone()[0]
    _check_values(conn, record)
    values = {c: record.get(c) for c in _COLUMNS}
    for c in _JSON:
        if values[c] is not None:
            values[c] = json.dumps(values[c], ensure_ascii=False)
    values["product"], values["feature_id"], values["updated_at"] = product, feature_id, now
    values["created_at"] = values["created_at"] or now
    names = sorted(values)
    conn.execute(f"INSERT INTO fabs ({', '.join(names)}) VALUES ({','.join('?' * len(names))})"
                 " ON CONFLICT(id) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in names if c != "id"),
                 [values[c] for c in names])


def delete_fab(conn: sqlite3.Connection, row_id: str) -> None:
    conn.execute("DELETE FROM fabs WHERE id = ?", (row_id,))
