"""FAB statements: Feature (what it is) → Advantage (why better than the alternative) →
Benefit (what this audience gains, in its words), per product feature, persona and
industry (docs/methods.md §4).

Products and features are plain records; a FAB names its feature by name within a
product, which is created on first use. Review checks (``fab_hints``) are hints, never
refusals; only an empty feature or benefit and values outside the vocabulary are refused.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any, cast

from valuekit.db.store import Store, utc_now
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import msg
from valuekit.library.vocabulary import (
    PERSONAS,
    check_key,
    get_facet,
    require_persona,
    require_value,
    value_labels,
)
from valuekit.roi.model import DRIVER_INPUTS
from valuekit.sales.opportunity import chain_personas, get_opportunity, language, resolve_id, text
from valuekit.sales.types import (
    Fab,
    FabFields,
    FabSheet,
    FabSheetRow,
    Feature,
    Opportunity,
    Product,
    ProductSummary,
    RoiDriverRef,
)

# Feature ids derive from product + name so two libraries that add the same feature agree.
_FEATURE_NS = uuid.UUID("6f1d0c55-1f7e-4d43-9a52-0c3b3c1a7e10")
_FAB_COLUMNS = ("id", "product", "feature_id", "advantage", "competitor", "benefit", "language",
                "personas", "industries", "value_type", "need_layer", "pains", "roi_driver",
                "perception", "status", "created_at", "updated_at")
_FAB_JSON = ("personas", "industries", "pains", "roi_driver", "perception")
# Value = benefit × perception (docs/methods.md §2): how the customer will experience the benefit.
PERCEPTION_KEYS = ("product_experience", "service_experience", "extended_value")
_FAB_FIELDS = {"id", "product", "feature", "feature_id", "feature_description", "advantage",
               "competitor", "benefit", "language", "personas", "industries", "value_type",
               "need_layer", "pains", "roi_driver", "perception"}


# -- products and features ----------------------------------------------------------------
def _product_row(conn: sqlite3.Connection, key: str) -> tuple[str, str] | None:
    return conn.execute("SELECT key, name FROM products WHERE key = ?", (key,)).fetchone()


def add_product(store: Store, key: str, name: str | None = None) -> Product:
    """Add a product (or rename an existing one). The key joins the ``product`` facet."""
    key = check_key("product", key)
    with store.transaction() as conn:
        require_value(conn, get_facet(conn, "product"), key, "product")
        label = value_labels(conn).get(("product", key))
        name = text(name, "name", max_len=200) or (label.label_zh if label else key)
        conn.execute("INSERT INTO products (key, name, created_at) VALUES (?, ?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET name = excluded.name", (key, name, utc_now()))
    return {"key": key, "name": name}


def list_products(store: Store) -> list[ProductSummary]:
    rows = store.conn.execute(
        "SELECT p.key, p.name, (SELECT count(*) FROM features f WHERE f.product = p.key),"
        " (SELECT count(*) FROM fabs b WHERE b.product = p.key) FROM products p ORDER BY p.key"
    ).fetchall()
    return [{"key": r[0], "name": r[1], "features": r[2], "fabs": r[3]} for r in rows]


def delete_product(store: Store, key: str, *, cascade: bool = False) -> dict[str, int]:
    """Delete a product; refused while FAB statements use it unless ``cascade`` deletes them too."""
    with store.transaction() as conn:
        if _product_row(conn, key) is None:
            raise NotFoundError(msg("no product {key!r}", key=key))
        used = conn.execute(
            "SELECT b.id, f.name FROM fabs b JOIN features f ON f.id = b.feature_id"
            " WHERE b.product = ? ORDER BY f.name, b.id", (key,)).fetchall()
        if used and not cascade:
            shown = "; ".join(f"{r[0][:8]} ({r[1]})" for r in used[:10])
            more = f" and {len(used) - 10} more" if len(used) > 10 else ""
            raise ValidationError(
                "product", msg("{key!r} is used by {value} FAB statement(s): {shown}{more}; delete them first or delete with cascade (--cascade)", key=key, value=len(used), shown=shown, more=more))
        conn.execute("DELETE FROM fabs WHERE product = ?", (key,))
        features = conn.execute("DELETE FROM features WHERE product = ?", (key,)).rowcount
        conn.execute("DELETE FROM products WHERE key = ?", (key,))
    return {"fabs": len(used), "features": features}


def _ensure_feature(conn: sqlite3.Connection, product: str, name: str, description: str) -> str:
    feature_id = str(uuid.uuid5(_FEATURE_NS, f"{product}/{name}"))
    conn.execute(
        "INSERT INTO features (id, product, name, description, created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(product, name) DO UPDATE SET description = CASE WHEN excluded.description"
        " <> '' THEN excluded.description ELSE description END",
        (feature_id, product, name, description, utc_now()))
    row = conn.execute("SELECT id FROM features WHERE product = ? AND name = ?", (product, name)).fetchone()
    return str(row[0])


def add_feature(store: Store, product: str, name: str, description: str = "") -> Feature:
    name = text(name, "feature", required=True, max_len=200)
    description = text(description, "description")
    with store.transaction() as conn:
        if _product_row(conn, product) is None:
            raise NotFoundError(msg("no product {product!r}; add it first (fab product-add)", product=product))
        feature_id = _ensure_feature(conn, product, name, description)
    return get_feature(store, feature_id)


def get_feature(store: Store, feature_id: str) -> Feature:
    row = store.conn.execute("SELECT id, product, name, description FROM features WHERE id = ?",
                             (feature_id,)).fetchone()
    if row is None:
        raise NotFoundError(msg("no feature with id {feature_id!r}", feature_id=feature_id))
    return cast(Feature, dict(zip(("id", "product", "name", "description"), row, strict=True)))


def list_features(store: Store, *, product: str | None = None) -> list[Feature]:
    rows = store.conn.execute(
        "SELECT id, product, name, description FROM features WHERE ? IS NULL OR product = ?"
        " ORDER BY product, name", (product, product)).fetchall()
    return [cast(Feature, dict(zip(("id", "product", "name", "description"), r, strict=True)))
            for r in rows]


# -- FAB statements -------------------------------------------------------------------------
def _keys(conn: sqlite3.Connection, raw: Any, field: str, facet: str | None) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise ValidationError(field, "must be a list")
    out: list[str] = []
    for i, value in enumerate(raw):
        path = f"{field}[{i}]"
        if facet == "persona":
            value = require_persona(value, path)
        elif facet is not None:
            value = require_value(conn, get_facet(conn, facet), value, path)
        else:
            value = check_key(path, value)
        if value not in out:
            out.append(value)
    return out


def _roi_driver(raw: Any) -> RoiDriverRef | None:
    if raw in (None, {}, ""):
        return None
    if not isinstance(raw, dict):
        raise ValidationError("roi_driver", "must be an object {kind, name}")
    kind = raw.get("kind")
    if kind not in DRIVER_INPUTS:
        raise ValidationError("roi_driver.kind", msg("{kind!r} is not a driver kind; allowed: {allowed}", kind=kind,
                                                  allowed=", ".join(DRIVER_INPUTS)))
    return {"kind": kind, "name": text(raw.get("name"), "roi_driver.name", max_len=200)}


def _perception(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError("perception", msg("must be an object with {allowed}", allowed=", ".join(PERCEPTION_KEYS)))
    unknown = set(raw) - set(PERCEPTION_KEYS)
    if unknown:
        raise ValidationError(f"perception.{sorted(unknown)[0]}", msg(
            "unknown; allowed: {allowed}", allowed=", ".join(PERCEPTION_KEYS)))
    found = {k: text(raw.get(k), f"perception.{k}", max_len=1000) for k in PERCEPTION_KEYS}
    return {k: v for k, v in found.items() if v}


def perception_text(fab: Mapping[str, Any]) -> str:
    """The perception parts in one line (product, service, extended value), or ""."""
    return "；".join(v for k in PERCEPTION_KEYS if (v := (fab.get("perception") or {}).get(k)))


def _validate_fab(conn: sqlite3.Connection, data: Mapping[str, Any]) -> FabFields:
    unknown = set(data) - _FAB_FIELDS - {"created_at", "updated_at", "product_name", "status"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], msg("unknown field; allowed: {allowed}", allowed=", ".join(sorted(_FAB_FIELDS))))
    product = check_key("product", data.get("product"))
    if _product_row(conn, product) is None:
        require_value(conn, get_facet(conn, "product"), product, "product")
        label = value_labels(conn).get(("product", product))
        conn.execute("INSERT INTO products (key, name, created_at) VALUES (?, ?, ?)",
                     (product, label.label_zh if label else product, utc_now()))
    feature = text(data.get("feature"), "feature", required=True, max_len=200)
    values: FabFields = {
        "product": product,
        "feature_id": _ensure_feature(conn, product, feature,
                                      text(data.get("feature_description"), "feature_description")),
        "advantage": text(data.get("advantage"), "advantage"),
        "competitor": text(data.get("competitor"), "competitor", max_len=200),
        "benefit": text(data.get("benefit"), "benefit", required=True),
        "language": language(data.get("language") or "zh"),
        "personas": _keys(conn, data.get("personas"), "personas", "persona"),
        "industries": _keys(conn, data.get("industries"), "industries", "industry"),
        "value_type": require_value(conn, get_facet(conn, "value_type"),
                                    data.get("value_type") or "cost", "value_type"),
        "need_layer": require_value(conn, get_facet(conn, "need_layer"),
                                    data.get("need_layer") or "business", "need_layer"),
        "pains": _keys(conn, data.get("pains"), "pains", None),
        "roi_driver": _roi_driver(data.get("roi_driver")),
        "perception": _perception(data.get("perception")),
    }
    return values


def _fab_from_row(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Fab:
    fab = dict(zip(_FAB_COLUMNS, row, strict=True))
    for key in _FAB_JSON:
        fab[key] = json.loads(fab[key]) if fab[key] is not None else None
    feature = conn.execute("SELECT name, description FROM features WHERE id = ?",
                           (fab["feature_id"],)).fetchone()
    product = _product_row(conn, fab["product"])
    fab["feature"], fab["feature_description"] = feature
    fab["product_name"] = product[1] if product else fab["product"]
    return cast(Fab, fab)


def _write_fab(conn: sqlite3.Connection, fab_id: str, values: Mapping[str, Any], now: str,
               created_at: str | None = None) -> None:
    # status changes only through sales.claims (verify / retire), never by an edit
    cols = [c for c in _FAB_COLUMNS if c not in ("id", "status", "created_at", "updated_at")]
    params = [json.dumps(values[c], ensure_ascii=False) if c in _FAB_JSON and values[c] is not None
              else values[c] for c in cols]
    conn.execute(
        f"INSERT INTO fabs (id, {', '.join(cols)}, created_at, updated_at) VALUES "
        f"(?, {', '.join('?' * len(cols))}, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in cols) + ", updated_at = excluded.updated_at",
        [fab_id, *params, created_at or now, now])


def add_fab(store: Store, data: Mapping[str, Any]) -> Fab:
    """Validate and save a FAB statement; an ``id`` in ``data`` creates or replaces that one."""
    if not isinstance(data, dict):
        raise ValidationError("fab", "must be a JSON object")
    try:
        fab_id = str(uuid.UUID(str(data["id"]))) if data.get("id") else str(uuid.uuid4())
    except ValueError:
        raise ValidationError("id", msg("{id!r} is not a FAB id (a UUID)", id=data['id'])) from None
    with store.transaction() as conn:
        _write_fab(conn, fab_id, _validate_fab(conn, data), utc_now())
    return get_fab(store, fab_id)


def get_fab(store: Store, ref: str) -> Fab:
    fab_id = resolve_id(store.conn, "fabs", ref, "FAB statement")
    row = store.conn.execute(f"SELECT {', '.join(_FAB_COLUMNS)} FROM fabs WHERE id = ?", (fab_id,)).fetchone()
    return _fab_from_row(store.conn, row)


def update_fab(store: Store, ref: str, changes: Mapping[str, Any]) -> Fab:
    if not isinstance(changes, dict):
        raise ValidationError("changes", "must be an object {field: value}")
    current = get_fab(store, ref)
    merged = {k: v for k, v in current.items() if k in _FAB_FIELDS}
    merged.update(changes)
    merged["id"] = current["id"]
    with store.transaction() as conn:
        _write_fab(conn, current["id"], _validate_fab(conn, merged), utc_now(), current["created_at"])
    return get_fab(store, current["id"])


def delete_fab(store: Store, ref: str) -> None:
    fab_id = resolve_id(store.conn, "fabs", ref, "FAB statement")
    with store.transaction() as conn:
        conn.execute("DELETE FROM fabs WHERE id = ?", (fab_id,))


def list_fabs(store: Store, *, product: str | None = None, persona: str | None = None,
              industry: str | None = None, language: str | None = None) -> list[Fab]:
    """FAB statements matching every filter given; a FAB with no industries fits all industries."""
    rows = store.conn.execute(
        f"SELECT {', '.join('b.' + c for c in _FAB_COLUMNS)} FROM fabs b"
        " JOIN features f ON f.id = b.feature_id WHERE (? IS NULL OR b.product = ?)"
        " AND (? IS NULL OR b.language = ?) ORDER BY b.product, f.name, b.language, b.id",
        (product, product, language, language)).fetchall()
    fabs = [_fab_from_row(store.conn, r) for r in rows]
    if persona is not None:
        require_persona(persona)
        fabs = [f for f in fabs if not f["personas"] or persona in f["personas"]]
    if industry is not None:
        fabs = [f for f in fabs if not f["industries"] or industry in f["industries"]]
    return fabs


# -- review hints -----------------------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff]")
# A quantity: digits, an English number word, or Chinese numerals before a unit ("三天", "两成",
# "翻倍") — bare 一/十 alone would match ordinary words such as 统一 or 十分.
_QUANTITY = re.compile(
    r"[0-9０-９]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|half|double|twice|triple|third|quarter)\b|"
    r"[一二两三四五六七八九十百千万亿半]+(?:个|倍|成|天|日|周|小时|分钟|月|年|人|次|元|万|亿)|翻倍|减半|一半",
    re.IGNORECASE)
_COMPARE = re.compile(
    r"比|相比|相较|较之|优于|不同于|而不是|而非|取代|替代|以往|过去|原来|传统|手工|人工|Excel|表格|"
    r"\bthan\b|compared|\bversus\b|\bvs\.?|instead of|unlike|rather than|replac|previous|manual|"
    r"legacy|traditional|spreadsheet|email threads|by hand", re.IGNORECASE)


def _tokens(value: str) -> set[str]:
    value = value.lower()
    words = set(re.findall(r"[a-z0-9]{3,}", value))
    cjk = "".join(_CJK.findall(value))
    return words | {cjk[i:i + 2] for i in range(len(cjk) - 1)}


_HINTS = {
    "restates": ("收益只是在复述功能：写出这个角色因此得到了什么", "the benefit only restates the "
                 "feature: say what this audience gains from it"),
    "no_number": ("收益里没有数字：用 %、小时或金额把它量化", "the benefit has no number: quantify it "
                  "(%, hours, money)"),
    "no_comparison": ("优势没有比较对象：说明比什么更好（竞品、手工、现状）", "the advantage has no "
                      "point of comparison: better than what (competitor, manual work, today)?"),
    "no_advantage": ("缺少优势：为什么比其他方案更好？", "no advantage: why is it better than the "
                     "alternatives?"),
    "no_persona": ("没有指定面向的角色：收益应针对决策链中的某个角色", "no persona: a benefit is "
                   "written for someone in the decision chain"),
    "short_benefit": ("收益太简短，客户难以感受到", "the benefit is too short for the customer to feel it"),
    "no_perception": ("只有利益没有感受：写出客户会如何体验到它（产品体验、服务体验、延伸价值）",
                      "a benefit without perception: say how the customer will experience it "
                      "(product experience, service experience, extended value)"),
}


def fab_hints(fab: Mapping[str, Any], *, lang: str) -> list[str]:
    """What a reviewer would point out in a FAB statement, in ``lang`` (hints, not errors)."""
    index = 0 if lang == "zh" else 1
    found = []
    benefit, advantage = fab.get("benefit") or "", fab.get("advantage") or ""
    feature_tokens = _tokens(f"{fab.get('feature') or ''} {fab.get('feature_description') or ''}")
    benefit_tokens = _tokens(benefit)
    if benefit_tokens and len(benefit_tokens & feature_tokens) / len(benefit_tokens) >= 0.6:
        found.append("restates")
    short = len(benefit) < 12 if _CJK.search(benefit) else len(benefit.split()) < 5
    if short:
        found.append("short_benefit")
    if not _QUANTITY.search(benefit):
        found.append("no_number")
    if not advantage:
        found.append("no_advantage")
    elif not fab.get("competitor") and not _COMPARE.search(advantage):
        found.append("no_comparison")
    if not fab.get("personas"):
        found.append("no_persona")
    if benefit and not perception_text(fab):
        found.append("no_perception")
    return [_HINTS[key][index] for key in found]


# -- FAB sheet for an opportunity -------------------------------------------------------------
def fab_fits(fab: Fab, industry: str, personas: list[str]) -> list[str]:
    """The chain personas this FAB speaks to, when it fits the industry (else [])."""
    if fab["industries"] and industry not in fab["industries"]:
        return []
    targets = fab["personas"] or PERSONAS
    return [p for p in personas if p in targets]


def fabs_for_opportunity(store: Store, opp: Opportunity, lang: str) -> list[Fab]:
    """FABs in ``lang`` that fit the opportunity's industry and speak to its decision chain."""
    personas = chain_personas(opp)
    return [f for f in list_fabs(store, language=lang) if fab_fits(f, opp["industry"], personas)]


def fab_sheet(store: Store, opp_ref: str, *, lang: str | None = None) -> FabSheet:
    """One row per (chain persona, fitting FAB), columns in the order Feature → Advantage →
    Benefit, and the chain personas no FAB speaks to."""
    opp = get_opportunity(store, opp_ref, lang=lang)
    lang = language(lang or opp["language"], "lang")
    fabs = fabs_for_opportunity(store, opp, lang)
    rows: list[FabSheetRow] = []
    for persona in chain_personas(opp):
        for fab in fabs:
            if persona in fab_fits(fab, opp["industry"], [persona]):
                rows.append({"feature": fab["feature"], "advantage": fab["advantage"],
                             "benefit": fab["benefit"], "persona": persona, "product": fab["product"],
                             "product_name": fab["product_name"], "competitor": fab["competitor"],
                             "value_type": fab["value_type"], "fab_id": fab["id"],
                             "hints": fab_hints(fab, lang=lang)})
    covered = {r["persona"] for r in rows}
    return {"opportunity": opp, "rows": rows,
            "missing_personas": [p for p in chain_personas(opp) if p not in covered]}
