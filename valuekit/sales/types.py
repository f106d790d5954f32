"""The shapes of the sales records as they travel: returned by the core, printed by
``--json``, written into packs and filled in by the GUI forms.

They are TypedDicts because a plain JSON object is the contract (a key typo is a mypy
error, the value is still ``json.dumps``-able as is). Input documents a user or a pack
supplies stay ``Mapping[str, Any]`` until the validators in opportunity.py, fab.py and
spin.py have turned them into these shapes.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from valuekit.roi.types import IncompleteDriverNeeds, RoiCaseInput


# -- opportunities (docs/methods.md §3) --------------------------------------------------------
class BantItem(TypedDict):
    known: bool
    note: str


class Person(TypedDict):
    """One person of the decision chain."""
    name: str
    title: str
    role: str  # persona key: decision_maker, champion, gatekeeper, user
    persona: str
    interests: str
    concerns: str
    coach: bool  # the coach (教练) inside the customer: the first of the three axes


class GrowthModel(TypedDict):
    model: str  # hacker, r2r, missile or unknown (docs/methods.md §3)
    name: str  # 黑客式 / R2R式 / 导弹式 in the reader's language
    cycle: str  # the usual sales cycle, or the renewal date of a Retention deal
    cycle_months: list[float] | None  # (low, high) months of the usual cycle


class StageEntry(TypedDict):
    stage: str
    entered_at: str


class OpportunityFields(TypedDict):
    """The editable, validated fields (what ``_validate`` returns)."""
    customer: str
    industry: str
    segment: str
    size: int | None
    region: str
    stage: str
    language: str
    owner: str
    deal_size: float | None
    currency: str
    close_date: str | None
    bant: dict[str, BantItem]  # keys: BANT_KEYS
    decision_chain: list[Person]
    checklist: dict[str, str]  # question key -> answer
    cognition: str | None  # the customer's 5A step: Aware, Appeal, Ask, Act, Advocate


class Opportunity(OpportunityFields):
    """An opportunity as read: the stored fields plus what is computed on read."""
    id: str
    archived: bool
    revision: int
    created_at: str
    updated_at: str
    growth_model: GrowthModel
    warnings: list[str]


class ChecklistItem(TypedDict):
    key: str
    group: str  # "value" or "ladder"
    question: str
    answer: str | None


# -- FAB statements ----------------------------------------------------------------------------
class Product(TypedDict):
    key: str
    name: str


class ProductSummary(Product):
    features: int
    fabs: int


class Feature(TypedDict):
    id: str
    product: str
    name: str
    description: str


class RoiDriverRef(TypedDict):
    """The ROI driver a FAB's benefit feeds (kind from roi.model.DRIVER_INPUTS)."""
    kind: str
    name: str


class FabFields(TypedDict):
    """A FAB statement's validated, stored fields."""
    product: str
    feature_id: str
    advantage: str
    competitor: str
    benefit: str
    language: str
    personas: list[str]
    industries: list[str]
    value_type: str
    need_layer: str
    pains: list[str]
    roi_driver: RoiDriverRef | None
    perception: dict[str, str]  # product_experience, service_experience, extended_value


class Fab(FabFields):
    """A FAB statement as read, with its feature's and product's names."""
    id: str
    status: str  # draft, verified, retired (sales/claims.py)
    created_at: str
    updated_at: str
    feature: str
    feature_description: str
    product_name: str


class FabSheetRow(TypedDict):
    feature: str
    advantage: str
    benefit: str
    persona: str
    product: str
    product_name: str
    competitor: str
    value_type: str
    fab_id: str
    hints: list[str]


class FabSheet(TypedDict):
    opportunity: Opportunity
    rows: list[FabSheetRow]
    missing_personas: list[str]


# -- SPIN ----------------------------------------------------------------------------------------
class SpinQuestion(TypedDict):
    id: str
    kind: str  # S, P, I, N
    text_zh: str
    text_en: str
    industries: list[str]  # empty: fits every industry
    personas: list[str]  # empty: fits every persona
    pain: str  # pain key, "" when none
    driver_hint: RoiDriverHint | None
    position: int


class RoiDriverHint(TypedDict, total=False):
    kind: str
    input: str


class SpinNumber(TypedDict):
    """A figure the customer said, filed under an ROI driver input."""
    driver_kind: str
    input: str
    value: float
    driver: NotRequired[str]  # the driver's name, when the seller gave one


class SpinAnswer(TypedDict):
    opportunity_id: str
    question_id: str
    text: str
    pain_layer: str | None
    pain: str | None
    pain_key: str | None
    numbers: list[SpinNumber]
    answered_at: str


class PlanItem(TypedDict):
    question_id: str
    kind: str
    kind_label: str
    text: str
    pain_key: str
    driver_hint: RoiDriverHint | None
    answer: SpinAnswer | None


class SpinPlan(TypedDict):
    opportunity_id: str
    language: str
    items: list[PlanItem]
    warnings: list[str]


# -- the opportunity as the pitch sees it (context.py) ----------------------------------------
class AnswerSource(TypedDict):
    kind: str  # "spin_answer"
    question_id: str
    question: str
    answer: str
    answered_at: str  # when the customer said it (an ROI input's provenance date)


class CapturedPain(TypedDict):
    text: str
    pain: str | None  # the pain key it is filed under
    source: AnswerSource


class RoiInput(SpinNumber):
    source: AnswerSource


class ClaimInfo(TypedDict):
    kind: str
    id: str
    status: str
    rating: float | None
    ratings: int
    usage: int


class ContextFab(Fab):
    addresses: list[str]
    for_personas: list[str]
    hints: list[str]
    claim: ClaimInfo


class RoiCaseSummary(TypedDict):
    id: str
    name: str
    updated_at: str


class OpportunityContext(TypedDict):
    opportunity: Opportunity
    language: str
    pains: dict[str, list[CapturedPain]]  # pain layer -> pains
    fabs: list[ContextFab]
    roi_inputs: list[RoiInput]
    roi_proposal: RoiCaseInput | None
    roi_incomplete: list[IncompleteDriverNeeds]  # drivers the answers cannot complete yet
    roi_cases: list[RoiCaseSummary]
    plan: SpinPlan
    checklist: list[ChecklistItem]
    warnings: list[str]
    cognition: str | None
    content_stage: str  # the stage whose content fits the customer's cognition
