"""The value asset: its record, and validation of asset input from any source
(CLI options, JSON or CSV import, the GUI)."""

from __future__ import annotations

import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library.limits import check_text
from valuekit.library.vocabulary import Facet, alias_key, check_key, list_facets, value_aliases

LANGUAGES = ("zh", "en")
STATUSES = ("draft", "verified", "retired")
TEXT_FIELDS = ("title", "summary", "body", "creator")
# Column-backed attributes that filter and count like facets in search and the sidebar.
COLUMN_FACETS = ("status", "language", "creator", "importance")
# zh/en labels for the column facets and the values that have fixed meanings.
COLUMN_FACET_LABELS = {"status": ("验证状态", "Verification"), "language": ("语言", "Language"),
                       "creator": ("创建人", "Creator"), "importance": ("重要性", "Importance")}
COLUMN_VALUE_LABELS = {
    ("status", "draft"): ("草稿", "Draft"), ("status", "verified"): ("已验证", "Verified"),
    ("status", "retired"): ("已停用", "Retired"), ("language", "zh"): ("中文", "Chinese"),
    ("language", "en"): ("英文", "English"),
}
_ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


@dataclass
class Attachment:
    sha256: str
    filename: str
    size: int
    added_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "filename": self.filename, "size": self.size,
                "added_at": self.added_at}


@dataclass
class Asset:
    seq: int
    id: str
    title: str
    summary: str
    body: str
    language: str
    creator: str
    importance: int
    source_url: str | None
    status: str
    status_by: str | None
    status_at: str | None
    review_due: str | None
    created_at: str
    updated_at: str
    owner: str = ""
    review_interval_days: int | None = None
    expires_on: str | None = None
    internal_only: bool = False
    tags: dict[str, list[str]] = field(default_factory=dict)
    usage_count: int = 0
    usefulness: float | None = None
    rating_count: int = 0
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def format(self) -> str | None:
        values = self.tags.get("format")
        return values[0] if values else None

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape of an asset (documented in docs/cli.md)."""
        return {
            "id": self.id, "title": self.title, "summary": self.summary, "body": self.body,
            "language": self.language, "format": self.format, "creator": self.creator,
            "importance": self.importance, "source_url": self.source_url,
            "status": self.status, "verified": self.verified, "status_by": self.status_by,
            "status_at": self.status_at, "review_due": self.review_due,
            "created_at": self.created_at, "updated_at": self.updated_at,
            "owner": self.owner, "review_interval_days": self.review_interval_days,
            "expires_on": self.expires_on, "internal_only": bool(self.internal_only),
            "tags": self.tags, "usage_count": self.usage_count,
            "usefulness": self.usefulness, "rating_count": self.rating_count,
            "attachments": [a.as_dict() for a in self.attachments],
        }


@dataclass
class AssetInput:
    """Validated input for one asset, ready to write."""

    id: str
    title: str
    summary: str
    body: str
    language: str
    creator: str
    importance: int
    source_url: str | None
    status: str
    status_by: str | None
    review_due: str | None
    created_at: str | None
    tags: dict[str, list[str]]
    owner: str = ""
    review_interval_days: int | None = None
    expires_on: str | None = None
    internal_only: bool = False


def _text(data: dict[str, Any], key: str, prefix: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{prefix}{key}", "must be text")
    if required and not value.strip():
        raise ValidationError(f"{prefix}{key}", "must not be empty")
    return check_text(f"{prefix}{key}", key, value.strip() if key != "body" else value)


def parse_importance(value: Any, field_name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(field_name, msg("must be a whole number from 1 to 5, got {value!r}", value=value))
    return value


def parse_date(value: Any, field_name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ValidationError(field_name, msg("must be a date YYYY-MM-DD, got {value!r}", value=value)) from exc


def parse_interval(value: Any, field_name: str) -> int | None:
    """A review interval in days (1–3660); empty means the format's default."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3660:
        raise ValidationError(field_name, msg("must be a whole number of days from 1 to 3660 (empty = the format's default), got {value!r}", value=value))
    return value


# Words in a body that say the asset must never reach a customer.
INTERNAL_MARKERS = ("不得公开", "仅限内部", "内部使用", "internal only", "internal use only",
                    "do not send it to customers", "not for customers")
INTERNAL_FORMATS = ("battlecard",)


def parse_internal(data: dict[str, Any], tags: dict[str, list[str]], prefix: str) -> bool:
    """The internal-only flag as given, else on for battlecards and for bodies that say so."""
    value = data.get("internal_only")
    if value is None or value == "":
        body = str(data.get("body") or "").lower()
        return (any(f in INTERNAL_FORMATS for f in tags.get("format", []))
                or any(m in body for m in INTERNAL_MARKERS))
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "0", "false", "no"):
        return value.strip().lower() in ("1", "true", "yes")
    if not isinstance(value, bool | int):
        raise ValidationError(f"{prefix}internal_only", "must be true or false")
    return bool(value)


def split_values(raw: Any, field_name: str) -> list[str]:
    """Tag values given as a string ("SQL; Rev" or "SQL|Rev" or "SQL,Rev") or a list."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        items = re.split(r"[;|,]", raw)
    elif isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        items = raw
    else:
        raise ValidationError(field_name, "must be a text value or a list of text values")
    # Each value is checked against the vocabulary by AssetValidator.value, where a label
    # with spaces ("decision maker") may still mean a key.
    return [v for v in (i.strip() for i in items) if v]


class AssetValidator:
    """Validates asset input against the library's vocabulary, caching it so that a
    100k-row import does not re-read facets for every row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.facets: dict[str, Facet] = {f.name: f for f in list_facets(conn)}
        self.known: set[tuple[str, str]] = set(conn.execute("SELECT facet, value FROM facet_values"))
        self.aliases = value_aliases(conn)
        self.new_values: set[tuple[str, str]] = set()

    def tags(self, raw: Any, prefix: str) -> dict[str, list[str]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ValidationError(f"{prefix}tags", "must be an object of facet: values")
        out: dict[str, list[str]] = {}
        for facet_name, values in raw.items():
            field_name = f"{prefix}tags.{facet_name}"
            facet = self.facets.get(facet_name)
            if facet is None:
                raise ValidationError(
                    field_name, msg("unknown facet; known facets: {allowed}", allowed=', '.join(self.facets)))
            clean = list(dict.fromkeys(self.value(facet, v, field_name)
                                       for v in split_values(values, field_name)))
            if facet.single and len(clean) > 1:
                raise ValidationError(field_name, "takes one value only")
            if clean:
                out[facet_name] = clean
        return out

    def value(self, facet: Facet, value: str, field_name: str) -> str:
        """The vocabulary value meant (labels and synonyms accepted); a new one for an open facet."""
        key = (facet.name, value)
        if key in self.known or key in self.new_values:
            return value
        alias = self.aliases.get((facet.name, alias_key(value)))
        if alias is not None:
            return alias
        value = check_key(field_name, value)
        key = (facet.name, value)
        if facet.closed:
            allowed = sorted(v for f, v in self.known if f == facet.name)
            raise ValidationError(
                field_name, msg("{value!r} is not a known {name}; allowed: {allowed}", value=value, name=facet.name, allowed=', '.join(allowed)))
        self.new_values.add(key)
        return value

    def asset(self, data: Any, prefix: str = "") -> AssetInput:
        if not isinstance(data, dict):
            raise ValidationError(prefix.rstrip(".") or "asset", "must be an object")
        language = data.get("language", "en")
        if language not in LANGUAGES:
            raise ValidationError(f"{prefix}language", msg("must be zh or en, got {language!r}", language=language))
        status = data.get("status", "draft") or "draft"
        if status not in STATUSES:
            raise ValidationError(f"{prefix}status", msg("must be one of {allowed}", allowed=', '.join(STATUSES)))
        raw_tags = data.get("tags") if data.get("tags") is not None else {}
        tags = dict(raw_tags) if isinstance(raw_tags, dict) else raw_tags
        if data.get("format") and isinstance(tags, dict):
            tags["format"] = data["format"]
        tags = self.tags(tags, prefix)
        if not tags.get("format"):
            raise ValidationError(f"{prefix}format", "is required (e.g. case_study, whitepaper)")
        asset_id = data.get("id") or str(uuid.uuid4())
        try:
            asset_id = str(uuid.UUID(str(asset_id)))
        except ValueError as exc:
            raise ValidationError(f"{prefix}id", "must be a UUID") from exc
        created = data.get("created_at")
        if created is not None and (not isinstance(created, str) or not _ISO_UTC.match(created)):
            raise ValidationError(f"{prefix}created_at", "must be UTC ISO-8601 like 2026-03-14T09:30:00Z")
        url = data.get("source_url") or None
        if url is not None and (not isinstance(url, str) or not re.match(r"^https?://\S+$", url)):
            raise ValidationError(f"{prefix}source_url", "must be an http(s) URL")
        return AssetInput(
            id=asset_id,
            title=_text(data, "title", prefix, required=True),
            summary=_text(data, "summary", prefix),
            body=_text(data, "body", prefix),
            language=language,
            creator=_text(data, "creator", prefix),
            importance=parse_importance(data.get("importance", 3), f"{prefix}importance"),
            source_url=url,
            status=status,
            status_by=data.get("verified_by") or data.get("status_by") or None,
            review_due=parse_date(data.get("review_due"), f"{prefix}review_due"),
            created_at=created,
            tags=tags,
            owner=_text(data, "owner", prefix) or _text(data, "creator", prefix),
            review_interval_days=parse_interval(data.get("review_interval_days"),
                                                f"{prefix}review_interval_days"),
            expires_on=parse_date(data.get("expires_on"), f"{prefix}expires_on"),
            internal_only=parse_internal(data, tags, prefix),
        )

    def add_new_values(self, conn: sqlite3.Connection) -> None:
        """Put values first seen in this batch into their open facets' vocabularies."""
        conn.executemany(
            "INSERT OR IGNORE INTO facet_values(facet, value, label_zh, label_en) VALUES (?,?,?,?)",
            [(f, v, v, v) for f, v in sorted(self.new_values)],
        )
        self.known |= self.new_values
        self.new_values.clear()
