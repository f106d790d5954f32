"""Open sync conflicts: keeping them current as the server moves on, and showing them.

A conflict is kept per disputed field (dotted path such as ``title`` or
``tags.industry``): what both sides started from, mine (what this library holds now) and
theirs (the server's). The user may settle some fields now and others later
(sync/resolve.py); a settled field leaves the open list and its value is in the library.

When the server sends a newer version of a row whose conflict is still open, the
conflict is re-based (``merge_incoming``): merged against the server's previous record
with the still-disputed fields at their original base, so a decision already made (now
"mine") stands unless a teammate changed that very field again, and a dispute the server
now agrees with closes by itself.

``describe`` turns a conflict into rows a person reads: field names and facet values in
the user's language, never raw JSON. Kinds this module does not know (new sync kinds)
fall back to readable generic labels.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from valuekit.db.store import Store
from valuekit.i18n import field_label, known, t
from valuekit.library.vocabulary import list_facets, value_labels
from valuekit.sync import records, state
from valuekit.sync.merge import (
    Merged,
    Record,
    agreed_base,
    changed_paths,
    field_value,
    merge_records,
)
from valuekit.sync.resolve import EDITABLE_KINDS

TITLE_KEYS = ("title", "customer", "feature", "name")
# keys whose values come from a facet of another name (a decision-chain person's role is
# one of the persona values, sales.opportunity._chain)
VALUE_FACETS = {"role": "persona"}


def merge_incoming(conn: sqlite3.Connection, kind: str, row_id: str, base: Record | None,
                   mine: Record, theirs: Record, pending: state.Conflict | None,
                   by: str) -> Merged:
    """Merge a server record into one edited here; open, re-base or close its conflict."""
    merge_base = pending.base if pending is not None else base
    merged = merge_records(merge_base, mine, theirs)
    if not merged.conflicts:
        if pending is not None:  # the server now agrees on every disputed field
            state.drop_conflict(conn, kind, row_id)
        return merged
    decided = {path: d for path, d in (pending.decided if pending else {}).items()
               if path not in merged.conflicts}
    state.save_conflict(conn, kind, row_id, agreed_base(theirs, merge_base, merged.conflicts),
                        mine, theirs, merged.conflicts, by, decided,
                        pending.detected_at if pending is not None else "")
    return merged


# ---- for people ---------------------------------------------------------------------

@dataclass
class FieldDispute:
    path: str
    label: str
    base: Any
    mine: Any
    theirs: Any
    base_text: str
    mine_text: str
    theirs_text: str
    choice: str = ""        # for a field already decided: mine / theirs / edit
    mine_edit: str = ""     # mine as the user would type it back (labels for facet values)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ConflictView:
    kind: str
    id: str
    kind_label: str
    title: str
    theirs_by: str
    detected_at: str
    fields: list[FieldDispute]                       # still open
    decided: list[FieldDispute] = field(default_factory=list)
    can_edit: bool = True   # a value of one's own is checked for this kind (resolve.py)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Labels:
    """Field and value names in one language, the vocabulary read once."""

    def __init__(self, conn: sqlite3.Connection, lang: str) -> None:
        self.lang = lang
        self.facets = {f.name: f for f in list_facets(conn)}
        self.values = value_labels(conn)

    def kind(self, kind: str) -> str:
        key = f"sync.kind.{kind}"
        return t(key, self.lang) if known(key) else kind.replace("_", " ")

    def field(self, path: str) -> str:
        """A heading for the field: the catalog's name (capitalised: it stands alone)."""
        label = self._field(path)
        return label[:1].upper() + label[1:]

    def _field(self, path: str) -> str:
        parts = path.split(".")
        if len(parts) == 2 and parts[0] == "tags" and parts[1] in self.facets:
            return self.facets[parts[1]].label(self.lang)
        if len(parts) == 1 and parts[0] in self.facets and not known(f"field:{parts[0]}"):
            return self.facets[parts[0]].label(self.lang)
        label = field_label(path, self.lang)
        if label is None or len(parts) == 1:
            # each part by its own name: "BANT · budget", never a bare "budget"
            return " · ".join(self.leaf(".".join(parts[:i + 1])) for i in range(len(parts)))
        parent = self._field(".".join(parts[:-1]))
        return label if parent == label else f"{parent} · {label}"

    def leaf(self, path: str) -> str:
        """The name of the last part of ``path`` alone (a key inside a shown value)."""
        return field_label(path, self.lang) or path.split(".")[-1].replace("_", " ")

    def _facet_of(self, path: str) -> str | None:
        parts = path.split(".")
        name = VALUE_FACETS.get(parts[-1], parts[-1])
        return name if name in self.facets else None

    def edit_text(self, path: str, value: Any) -> str:
        """``value`` as text to edit: an asset's tag values by their label (its validator
        reads labels, synonyms and keys alike), anything else as ``editable_text`` (other
        validators, such as a sales stage's, want the key)."""
        facet = self._facet_of(path) if path.startswith("tags.") else None
        if facet is not None and isinstance(value, str | list) and value:
            items = value if isinstance(value, list) else [value]
            return t("sync.value.sep", self.lang).join(  # resolve splits on , ， and 、
                self.values[(facet, str(v))].label(self.lang) if (facet, str(v)) in self.values
                else str(v) for v in items)
        return editable_text(value)

    def value(self, path: str, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return t("sync.value.empty", self.lang)
        last = path.split(".")[-1]
        if isinstance(value, bool):
            return t("sync.value.yes" if value else "sync.value.no", self.lang)
        if isinstance(value, str) and known(f"sync.value.{last}.{value}"):
            return t(f"sync.value.{last}.{value}", self.lang)
        facet = self._facet_of(path)
        if facet is not None and isinstance(value, str | list):
            items = value if isinstance(value, list) else [value]
            return t("sync.value.sep", self.lang).join(
                self.values[(facet, str(v))].label(self.lang) if (facet, str(v)) in self.values
                else str(v) for v in items)
        if isinstance(value, float) and value.is_integer():
            return f"{int(value):,}"
        if isinstance(value, int | float):
            return f"{value:,}"
        if isinstance(value, list):
            items = [self.value(path, v) for v in value]
            return (" | " if any(isinstance(v, dict) for v in value)
                    else t("sync.value.sep", self.lang)).join(items)
        if isinstance(value, dict):
            return t("sync.change.sep", self.lang).join(
                t("sync.value.pair", self.lang, field=self.leaf(f"{path}.{k}"),
                  value=self.value(f"{path}.{k}", v))
                for k, v in value.items() if v not in (None, "", [], {}))
        return str(value)


def editable_text(value: Any) -> str:
    """A value as the user types it back for ``Edited`` (resolve reads it as the field's
    type): facet keys comma-separated, numbers plain, structures as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def title_of(record: Record | None, row_id: str, lang: str) -> str:
    """What the user calls the row: its label (a facet), title, customer, feature (a FAB)
    or name; a SPIN answer by its question; else the start of its id."""
    if record:
        for key in (f"label_{lang}", *TITLE_KEYS):   # a facet by its label in the user's language
            if isinstance(record.get(key), str) and record[key].strip():
                return str(record[key])
        question = record.get("question")
        if isinstance(question, dict):
            text = question.get(f"text_{lang}") or question.get("text_en") or question.get("text_zh")
            if text:
                return str(text)
    return row_id[:8]


def _dispute(labels: Labels, c: state.Conflict, current: Record | None, path: str,
             choice: str = "") -> FieldDispute:
    base, theirs = field_value(c.base, path), field_value(c.theirs, path)
    mine = field_value(current if current is not None else c.mine, path)
    return FieldDispute(path, labels.field(path), base, mine, theirs, labels.value(path, base),
                        labels.value(path, mine), labels.value(path, theirs), choice,
                        labels.edit_text(path, mine))


def describe(store: Store, c: state.Conflict, lang: str, labels: Labels | None = None) -> ConflictView:
    """One conflict as the user reads it; "mine" is what this library holds now."""
    labels = labels or Labels(store.conn, lang)
    current = records.local_record(store, c.kind, c.id)
    return ConflictView(
        c.kind, c.id, labels.kind(c.kind), title_of(current or c.mine or c.theirs, c.id, lang),
        c.theirs_by, c.detected_at,
        [_dispute(labels, c, current, path) for path in c.fields],
        [_dispute(labels, c, current, path, d["choice"]) for path, d in c.decided.items()],
        c.kind in EDITABLE_KINDS)


def describe_all(store: Store, lang: str) -> list[ConflictView]:
    labels = Labels(store.conn, lang)
    return [describe(store, c, lang, labels) for c in state.conflicts(store.conn)]


# ---- changes the server refused -------------------------------------------------------

_DATABASE_REFUSAL = "refused by the database: "


def refusal_text(reason: str, lang: str) -> str:
    """The server's reason (English text of its rules) in the user's language; a reason
    this version does not know is shown as the server wrote it."""
    if known(reason):
        return t(reason, lang)
    if reason.startswith(_DATABASE_REFUSAL):
        return t("refused by the database: {diag}", lang, diag=reason[len(_DATABASE_REFUSAL):])
    return reason


@dataclass
class RefusedView:
    kind: str
    id: str
    kind_label: str
    title: str
    reason: str
    rejected_at: str
    change: str     # what this library changed, as "Status: draft → retired"
    new_here: bool  # the team never had it: giving the change up deletes it here


SHOWN_CHANGES = 3


def change_text(labels: Labels, before: Record | None, after: Record | None) -> str:
    """A refused change in words: the first few fields it changed, from → to."""
    if after is None:
        return t("sync.change.deleted", labels.lang)
    if before is None:
        return t("sync.change.new", labels.lang)
    paths = changed_paths(before, after)
    parts = [t("sync.change.item", labels.lang, field=labels.field(p),
               before=labels.value(p, field_value(before, p)),
               after=labels.value(p, field_value(after, p))) for p in paths[:SHOWN_CHANGES]]
    if len(paths) > SHOWN_CHANGES:
        parts.append(t("sync.change.more", labels.lang, n=len(paths) - SHOWN_CHANGES))
    return t("sync.change.sep", labels.lang).join(parts)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def describe_refused(store: Store, lang: str) -> list[RefusedView]:
    labels = Labels(store.conn, lang)
    out = []
    for r in state.rejected(store.conn, lang):   # reasons this library wrote, in lang too
        base = state.bases(store.conn, r.kind, [r.id]).get(r.id)
        before = base.record if base is not None else None
        out.append(RefusedView(r.kind, r.id, labels.kind(r.kind),
                               title_of(r.record or before, r.id, lang),
                               refusal_text(r.reason, lang), r.rejected_at,
                               change_text(labels, before, r.record),
                               before is None and r.record is not None))
    return out
