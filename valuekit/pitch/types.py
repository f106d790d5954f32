"""The pitch document's JSON shape (what users edit, save, load and export; model.py
validates it and ``normalize`` returns it in this form) and the records around it."""

from __future__ import annotations

from typing import NotRequired, TypedDict, final

from valuekit.roi.types import RoiCaseInput


class PitchItem(TypedDict):
    """A pain, effect or advantage; ``source`` says where a drafted item came from."""
    text: str
    source: str
    perception: NotRequired[str]  # an effect's perception: how the customer will experience it


class Phase(TypedDict):
    name: str
    owner: str
    detail: str


class PitchFab(TypedDict):
    feature: str
    advantage: str
    benefit: str
    persona: str
    source: str
    perception: NotRequired[str]


class Execution(TypedDict):
    phases: list[Phase]
    advantages: list[PitchItem]
    fab: list[PitchFab]


@final
class AssetCase(TypedDict):
    """Step 5's proof named by a library asset."""
    asset_id: str
    source: str


@final
class WrittenCase(TypedDict):
    """Step 5's proof written into the pitch."""
    title: str
    summary: str
    body: str
    source: str


class Cta(TypedDict):
    action: str  # a CTA_ACTIONS key or free text
    date: str
    owner: str
    source: str


class Pitch(TypedDict):
    """A normalized pitch document (docs/methods.md §4)."""
    title: str
    customer: str
    language: str
    opportunity_id: str | None
    owner: str
    date: str
    scenario: str
    pains: dict[str, list[PitchItem]]  # layer -> items, every LAYERS key present
    effects: dict[str, list[PitchItem]]
    execution: Execution
    case: AssetCase | WrittenCase | None
    roi: RoiCaseInput | None
    cta: Cta


class PitchVersion(TypedDict):
    version: int
    doc: str
    exported_at: str


class PitchSummary(TypedDict):
    id: str
    title: str
    customer: str
    language: str
    opportunity_id: str | None
    created_at: str
    updated_at: str


class PitchRecord(PitchSummary):
    data: Pitch
    versions: list[PitchVersion]


class StepCheck(TypedDict):
    """One step's verdict from check_pitch."""
    step: int
    name: str
    status: str  # complete, thin, missing
    reason: str
    fix: str


class ExportResult(TypedDict):
    out: str
    doc: str
    bytes: int
    version: int | None  # the saved pitch's new version; None for an unsaved pitch
    usage_recorded: list[str]  # asset ids whose usage the export recorded
