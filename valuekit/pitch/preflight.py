"""Pre-flight check before a customer export: what would embarrass the seller in front of
the customer. Each problem has a code, the step it concerns (0 = the kit as a whole), a
message, the fix, and whether it blocks the export (blocking problems refuse the export
unless the user confirms: ``--allow-incomplete`` in the CLI, a dialog in the GUI).

Codes: ``step_missing`` (blocking), ``step_thin``, ``placeholder`` (blocking),
``other_language`` (blocking), ``case_not_verified`` (blocking), ``case_review_overdue``,
``case_missing`` (blocking), ``case_expired`` (blocking), ``case_internal_only`` (blocking),
``roi_invalid`` (blocking), ``roi_red_flag``,
``profile_unset`` (blocking), ``brand_unset``, ``claim_unverified`` (a FAB statement or
SPIN question the pitch relies on that marketing has not verified: only validated value
counts, docs/methods.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from valuekit.db.store import Store
from valuekit.errors import NotFoundError, ValidationError
from valuekit.i18n import lang_of, render, t
from valuekit.library.assets import get_asset
from valuekit.library.governance import asset_trust_problems
from valuekit.pitch.brand import get_brand
from valuekit.pitch.check import check_pitch
from valuekit.pitch.customer import has_placeholder, in_other_language
from valuekit.pitch.model import CTA_ACTIONS, LAYERS
from valuekit.pitch.types import Pitch
from valuekit.roi.result import compute_json
from valuekit.sales.claims import unverified_claims

OTHER = {"zh": "en", "en": "zh"}
CLAIM_STEPS = {"pains": 2, "effects": 3, "execution": 4}
BLOCKING = {"step_missing", "placeholder", "other_language", "case_not_verified",
            "case_expired", "case_internal_only", "case_missing", "roi_invalid", "profile_unset"}
# library trust problem → pre-flight code (an unreadable attachment never reaches the PDF)
TRUST_CODES = {"not_verified": "case_not_verified", "retired": "case_not_verified",
               "expired": "case_expired", "internal_only": "case_internal_only",
               "review_overdue": "case_review_overdue"}


@dataclass(frozen=True)
class Problem:
    code: str
    step: int
    where: str  # the field path (pains.enterprise[0]) or "" for the whole step
    message: str
    fix: str
    blocking: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _texts(pitch: Pitch) -> Iterator[tuple[int, str, str]]:
    """(step, field path, text) of everything a customer document prints."""
    yield 1, "title", pitch["title"]
    yield 1, "scenario", pitch["scenario"]
    for step, block, layers in ((2, "pains", pitch["pains"]), (3, "effects", pitch["effects"])):
        for layer in LAYERS:
            for i, item in enumerate(layers[layer]):
                yield step, f"{block}.{layer}[{i}]", item["text"]
    ex = pitch["execution"]
    for i, ph in enumerate(ex["phases"]):
        yield 4, f"execution.phases[{i}]", " ".join((ph["name"], ph["owner"], ph["detail"]))
    for i, item in enumerate(ex["advantages"]):
        yield 4, f"execution.advantages[{i}]", item["text"]
    for i, row in enumerate(ex["fab"]):
        yield 4, f"execution.fab[{i}]", " ".join((row["feature"], row["advantage"], row["benefit"]))
    case = pitch["case"]
    if case and "asset_id" not in case:
        yield 5, "case", " ".join((case["title"], case["summary"], case["body"]))
    action = pitch["cta"]["action"]
    if action not in CTA_ACTIONS:  # a known action is a key, printed in the pitch's language
        yield 7, "cta.action", action


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def preflight(pitch: Pitch, *, store: Store | None = None, industry: str | None = None,
              lang: str | None = None, case_title: str | None = None,
              today: dt.date | None = None) -> list[Problem]:
    """The problems of a normalized pitch before a customer export, in ``lang`` (default:
    the pitch's language)."""
    lang = lang_of(lang or pitch["language"])
    doc_lang = pitch["language"]
    out: list[Problem] = []

    def add(code: str, step: int, where: str, message: str, fix: str) -> None:
        out.append(Problem(code, step, where, message, fix, code in BLOCKING))

    # the ROI figures once, for the step check and the red flags (the IRR search is the
    # costly part of a pre-flight)
    roi_result = None
    checked = pitch
    if pitch["roi"] is not None:
        try:
            roi_result = compute_json(pitch["roi"], lang=lang)
        except ValidationError as exc:
            add("roi_invalid", 6, f"roi.{exc.field}" if exc.field else "roi",
                render(exc.text, lang), t("preflight.fix_roi_invalid", lang))
            checked = {**pitch, "roi": None}
    results = check_pitch(checked, store=store, industry=industry, lang=lang, roi_result=roi_result)
    if checked is not pitch:
        results = [r for r in results if r["step"] != 6]
    if roi_result is not None:
        # each red flag a CFO would raise, by name (step 6 is also "thin" while one is open);
        # acknowledged flags were answered by the seller and are not repeated
        for flag in roi_result["warnings"]:
            if flag["acknowledged"] is None:
                add("roi_red_flag", 6, f"roi.{flag['field']}", flag["message"],
                    t("preflight.fix_roi_red_flag", lang))
    for r in results:
        if r["status"] == "missing" and r["step"] != 5:
            add("step_missing", r["step"], "", r["reason"], r["fix"])
        elif r["status"] != "complete" and r["step"] != 5:
            add("step_thin", r["step"], "", r["reason"], r["fix"])
        elif r["status"] == "missing":
            add("case_missing", 5, "case", r["reason"], r["fix"])
    for step, where, text in _texts(pitch):
        found = has_placeholder(text)
        if found:
            add("placeholder", step, where, t("preflight.placeholder", lang, text=found),
                t("preflight.fix_placeholder", lang))
        elif text and in_other_language(text, doc_lang):
            add("other_language", step, where,
                t("preflight.other_language", lang, text=_short(text),
                  language=t(f"preflight.lang_{OTHER[doc_lang]}", lang)),
                t("preflight.fix_other_language", lang,
                  language=t(f"preflight.lang_{doc_lang}", lang)))
    _case_problems(pitch, store, lang, today or dt.date.today(), add)
    if store is not None:
        for claim in unverified_claims(store, pitch):
            step = CLAIM_STEPS.get(claim.where.split(".")[0], 0)
            add("claim_unverified", step, claim.where,
                t(f"preflight.claim_unverified_{claim.kind}", lang, text=_short(claim.text),
                  status=t(f"preflight.claim_status_{claim.status}", lang)),
                t("preflight.fix_claim_unverified", lang))
        brand = get_brand(store)
        if not brand.profile.complete:
            add("profile_unset", 0, "profile", t("preflight.profile_unset", lang),
                t("preflight.fix_profile", lang))
        if not brand.is_set:
            add("brand_unset", 0, "brand", t("preflight.brand_unset", lang),
                t("preflight.fix_brand", lang))
    return out


def _case_problems(pitch: Pitch, store: Store | None, lang: str, today: dt.date,
                   add: Any) -> None:
    case = pitch["case"]
    if not case or "asset_id" not in case or store is None:
        return
    try:
        asset = get_asset(store, case["asset_id"])
    except NotFoundError:
        add("case_missing", 5, "case.asset_id", t("check.no_asset", lang, id=case["asset_id"]),
            t("check.fix_no_asset", lang))
        return
    # the library's own trust rules decide (docs/library.md): verified, not retired, not
    # expired, reviewed on time, and never an internal-only asset in front of a customer
    for problem in asset_trust_problems(store, asset.id, lang=lang):
        code = TRUST_CODES.get(problem.code)
        if code is not None:
            add(code, 5, "case.asset_id",
                t("preflight.case_trust", lang, title=_short(asset.title), problem=problem.message),
                t(f"preflight.fix_{code}", lang))
    if in_other_language(asset.title + " " + asset.summary, pitch["language"]):
        add("other_language", 5, "case.asset_id",
            t("preflight.case_other_language", lang, title=_short(asset.title)),
            t("preflight.fix_case_other_language", lang))


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def problem_line(p: Problem, lang: str) -> str:
    """``[placeholder] step 2 · pains.enterprise[0]: … → fix``."""
    where = t("preflight.step", lang, n=p.step) if p.step else t("preflight.general", lang)
    if p.where:
        where += f" · {p.where}"
    mark = "✗" if p.blocking else "!"
    return f"{mark} [{p.code}] {where}: {p.message} → {p.fix}"
