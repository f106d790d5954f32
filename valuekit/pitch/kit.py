"""The customer kit in one action: the chosen documents of a pitch, rendered, checked and
written as ``<customer>-<doc>-<date>.<ext>`` into one folder.

``prepare_kit`` gathers everything from the library (brand, case, FAB sheet, call plan,
pre-flight problems); ``render_kit`` renders every document (slow, no library needed, so
the GUI runs it on a worker with ``progress`` to cancel between documents); ``write_kit``
writes the files atomically and records ONE export version and ONE use per included
library asset for the kit, however many documents include it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from valuekit.db.store import Store
from valuekit.documents.picture import pdf_page_png
from valuekit.errors import NotFoundError, ValidationError
from valuekit.fileio import make_folder, write_atomic
from valuekit.i18n import lang_of, msg
from valuekit.library.assets import get_asset
from valuekit.library.vocabulary import value_labels
from valuekit.pitch.brand import Brand, get_brand
from valuekit.pitch.documents import DOCS, compute_roi, render_document, resolve_case
from valuekit.pitch.notes import notes_context
from valuekit.pitch.preflight import Problem, blocking, preflight
from valuekit.pitch.store import (
    opportunity_of,
    record_asset_use,
    record_export,
    resolve_pitch_id,
)
from valuekit.pitch.types import ExportResult, Pitch, WrittenCase
from valuekit.roi.types import RoiResultJSON
from valuekit.sales.fab import fab_sheet
from valuekit.sales.spin import get_plan
from valuekit.sales.types import FabSheet, Opportunity, SpinPlan

KIT_DOCS = ("pitch", "onepager", "roi", "fab", "spin", "notes", "deck", "onepager-png")
DEFAULT_DOCS = ("pitch", "onepager", "roi", "notes", "deck")
EXTENSIONS = {"deck": "pptx", "onepager-png": "png"}
# documents that print the case asset (the FAB sheet, ROI sheet and call plan do not)
SHOWS_CASE = {"pitch", "onepager", "onepager-png", "deck"}
Progress = Callable[[int, int, str], None]


@dataclass
class KitInput:
    """Everything the documents need, read from the library on the calling thread."""
    pitch: Pitch
    pitch_id: str | None
    docs: tuple[str, ...]
    brand: Brand
    case: WrittenCase | None
    opportunity: Opportunity | None
    fab_sheet: FabSheet | None
    spin_plan: SpinPlan | None
    problems: list[Problem]
    notes: dict[str, Any]
    library_files: Path | None
    today: str
    rendered: dict[str, bytes] = field(default_factory=dict)


def parse_docs(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"pitch,onepager"`` → ("pitch", "onepager"), checked, in the given order."""
    if value is None or value == "":
        return DEFAULT_DOCS
    names = [d.strip() for d in (value.split(",") if isinstance(value, str) else value) if d.strip()]
    for name in names:
        if name not in KIT_DOCS:
            raise ValidationError("docs", msg("must be one of {allowed}, got {doc!r}",
                                              allowed=", ".join(KIT_DOCS), doc=name))
    return tuple(dict.fromkeys(names))


def file_name(customer: str, doc: str, date: str) -> str:
    """``<customer>-<doc>-<date>.<ext>``, safe on every file system (CJK kept)."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", customer).strip()
    safe = re.sub(r"\s+", "-", safe).strip(".-")[:80] or "customer"
    ext = EXTENSIONS.get(doc, "pdf")
    return f"{safe}-{doc}-{date}.{ext}"


def prepare_kit(store: Store, pitch: Pitch, pitch_id: str | None, docs: Sequence[str],
                *, today: dt.date | None = None, lang: str | None = None) -> KitInput:
    """Read what the kit needs from the library and run the pre-flight check."""
    doc_lang = pitch["language"]
    day = (today or dt.date.today()).isoformat()
    opp = opportunity_of(store, pitch.get("opportunity_id"))
    case = resolve_case(store, pitch["case"], doc_lang) if pitch["case"] else None
    asset = None
    if (named := pitch["case"]) and "asset_id" in named:
        try:
            asset = get_asset(store, named["asset_id"])
        except NotFoundError:
            asset = None
    fab_sheet = spin_plan = None
    if opp and "fab" in docs:
        fab_sheet = _fab_sheet(store, opp["id"], doc_lang)
    if opp and "spin" in docs:
        spin_plan = get_plan(store, opp["id"], lang=doc_lang)  # the bank's text in the pitch's language
    industry = opp.get("industry") if opp else None
    problems = preflight(pitch, store=store, industry=industry, today=dt.date.fromisoformat(day),
                         lang=lang)
    # the seller's notes are in the pitch's language, whatever the user's
    doc_problems = problems if lang in (None, lang_of(doc_lang)) else preflight(
        pitch, store=store, industry=industry, today=dt.date.fromisoformat(day))
    if "roi" in docs and pitch["roi"] is None:
        raise ValidationError("docs", "the pitch has no ROI case; add one to export the ROI sheet")
    return KitInput(pitch=pitch, pitch_id=pitch_id, docs=tuple(docs), brand=get_brand(store),
                    case=case, opportunity=opp, fab_sheet=fab_sheet, spin_plan=spin_plan,
                    problems=problems,
                    notes=notes_context(pitch, case=case, asset=asset, problems=doc_problems),
                    library_files=store.files_dir, today=day)


def _fab_sheet(store: Store, opp_id: str, lang: str) -> FabSheet:
    """The opportunity's FAB sheet with persona labels, not vocabulary keys."""
    sheet = fab_sheet(store, opp_id, lang=lang)
    names = value_labels(store.conn)
    for row in sheet["rows"]:
        found = names.get(("persona", row.get("persona") or ""))
        row["persona"] = found.label(lang) if found else row.get("persona", "")
    return sheet


def check_allowed(kit: KitInput, allow_incomplete: bool) -> None:
    """Refuse a kit with blocking pre-flight problems unless the user confirmed."""
    found = blocking(kit.problems)
    if found and not allow_incomplete:
        raise ValidationError("preflight", msg(
            "{n} blocking problem(s) before a customer export; fix them, or confirm the export anyway",
            n=len(found)))


def render_kit(kit: KitInput, progress: Progress | None = None) -> dict[str, bytes]:
    """Every document's bytes, in order; ``progress(i, n, doc)`` before each one (it may
    raise to cancel: nothing has been written yet)."""
    out: dict[str, bytes] = {}
    total = len(kit.docs)
    roi = compute_roi(kit.pitch) if any(d in ("deck",) for d in kit.docs) else None
    for i, doc in enumerate(kit.docs):
        if progress is not None:
            progress(i, total, doc)
        out[doc] = render_one(kit, doc, roi)
    if progress is not None:
        progress(total, total, "")
    kit.rendered = out
    return out


def prepare_and_render(folder: Path, pitch: Pitch, pitch_id: str | None, docs: Sequence[str],
                       allow_incomplete: bool, lang: str | None,
                       progress: Progress | None = None) -> tuple[KitInput, dict[str, bytes]]:
    """The kit read and rendered on a connection of its own (the desktop app runs this in
    a worker process, where WeasyPrint's layout cannot hold the window's GIL); nothing is
    written: the caller writes the files with ``write_kit``."""
    with Store.open(folder) as store:
        kit = prepare_kit(store, pitch, pitch_id, docs, lang=lang)
    check_allowed(kit, allow_incomplete)
    return kit, render_kit(kit, progress)


def render_one(kit: KitInput, doc: str, roi: RoiResultJSON | None = None) -> bytes:
    if doc == "deck":
        # imported here: python-pptx costs ~0.17 s (python -X importtime) that every
        # `valuekit pitch render` and PDF-only export would otherwise pay
        from valuekit.pitch.deck import build_deck

        return build_deck(kit.pitch, case=kit.case, roi=roi or compute_roi(kit.pitch),
                          brand=kit.brand, today=kit.today)
    if doc == "onepager-png":
        pdf = kit.rendered.get("onepager") or _render_pdf(kit, "onepager")
        return pdf_page_png(pdf, width=1080)
    pdf = _render_pdf(kit, doc)
    kit.rendered[doc] = pdf
    return pdf


def _render_pdf(kit: KitInput, doc: str) -> bytes:
    assert doc in DOCS
    return render_document(doc, kit.pitch, case=kit.case, fab_sheet=kit.fab_sheet,
                           spin_plan=kit.spin_plan, library_files=kit.library_files,
                           today=kit.today, brand=kit.brand, notes=kit.notes)


def write_kit(store: Store, kit: KitInput, files: dict[str, bytes], out_dir: Path | str, *,
              who: str = "") -> dict[str, Any]:
    """Write the rendered files atomically and record the kit once: one export version
    (saved pitches) and one use per included library asset at the opportunity's stage."""
    folder = make_folder(out_dir)
    written = []
    for doc, data in files.items():
        path = folder / file_name(kit.pitch["customer"], doc, kit.today)
        write_atomic(path, data)
        written.append({"doc": doc, "path": str(path), "bytes": len(data)})
    version = (record_export(store, kit.pitch_id, "kit:" + ",".join(files), kit.pitch)
               if kit.pitch_id else None)
    used: list[str] = []
    named = kit.pitch["case"]
    asset_id = named["asset_id"] if named and "asset_id" in named else None
    if asset_id and kit.opportunity and SHOWS_CASE & set(files):
        record_asset_use(store, asset_id, kit.opportunity, kit.pitch["customer"], who=who)
        used.append(asset_id)
    return {"files": written, "version": version, "usage_recorded": used,
            "problems": [p.as_dict() for p in kit.problems]}


def export_kit(store: Store, pitch: Pitch, pitch_id: str | None, out_dir: Path | str, *,
               docs: Sequence[str] = DEFAULT_DOCS, allow_incomplete: bool = False, who: str = "",
               today: dt.date | None = None, progress: Progress | None = None,
               lang: str | None = None) -> dict[str, Any]:
    """prepare → check → render → write, in one call."""
    kit = prepare_kit(store, pitch, pitch_id, docs, today=today, lang=lang)
    check_allowed(kit, allow_incomplete)
    return write_kit(store, kit, render_kit(kit, progress), out_dir, who=who)


def render_export(store: Store, pitch: Pitch, doc: str) -> bytes:
    """The bytes of one kit document for a normalized pitch, nothing written. The GUI runs
    this on a worker thread (preview)."""
    return render_one(prepare_kit(store, pitch, None, [doc]), doc)


def finish_export(store: Store, ref: str | None, pitch: Pitch, doc: str, out: Path | str,
                  data: bytes, *, who: str = "") -> ExportResult:
    """Write rendered bytes atomically; for a saved pitch (``ref``) keep the exported
    content as a new version; record a use of the case asset when the document shows it
    (at most one per asset, opportunity, stage and day)."""
    write_atomic(out, data)
    opp = opportunity_of(store, pitch.get("opportunity_id"))
    version = record_export(store, resolve_pitch_id(store, ref), doc, pitch) if ref else None
    used: list[str] = []
    asset_id = case["asset_id"] if (case := pitch["case"]) and "asset_id" in case else None
    if asset_id and opp and doc in SHOWS_CASE and record_asset_use(
            store, asset_id, opp, pitch["customer"], who=who):
        used.append(asset_id)
    return {"out": str(out), "doc": doc, "bytes": len(data), "version": version,
            "usage_recorded": used}


def export_document(store: Store, ref: str | None, pitch: Pitch, doc: str, out: Path | str, *,
                    who: str = "") -> ExportResult:
    """Render and write one document in one go (`valuekit pitch export`)."""
    return finish_export(store, ref, pitch, doc, out, render_export(store, pitch, doc), who=who)
