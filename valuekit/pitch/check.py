"""Completeness check of a seven-step pitch: each step complete | thin | missing, with
the reason and the fix, in zh or en (texts in the message table, ``check.*``). Export of
an incomplete pitch is decided by the pre-flight check (pitch/preflight.py); this module
only tells what is missing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from valuekit.db.store import Store
from valuekit.errors import NotFoundError
from valuekit.i18n import lang_of, t
from valuekit.library.assets import get_asset
from valuekit.pitch.model import LAYERS
from valuekit.pitch.types import Cta, Execution, Pitch, StepCheck
from valuekit.roi.result import compute_json
from valuekit.roi.types import RoiResultJSON

CASE_FORMATS = ("case_study", "success_story")
MIN_SCENARIO_CHARS = 30


def _result(step: int, status: str, reason: str, fix: str, lang: str) -> StepCheck:
    return {"step": step, "name": t(f"check.step{step}", lang), "status": status,
            "reason": reason, "fix": fix}


def _layers(block: Mapping[str, Sequence[object]], step: int, lang: str) -> StepCheck:
    what = t(f"check.what{step}", lang)
    empty = [layer for layer in LAYERS if not block[layer]]
    names = t("check.sep", lang).join(t(f"check.layer_{x}", lang) for x in empty)
    if len(empty) == len(LAYERS):
        return _result(step, "missing", t("check.no_layers", lang, what=what),
                       t(f"check.fix_layers{step}", lang), lang)
    if empty:
        return _result(step, "thin", t("check.layers_without", lang, what=what, names=names),
                       t("check.fix_each_layer", lang), lang)
    return _result(step, "complete", "", "", lang)


def _case(pitch: Pitch, store: Store | None, industry: str | None,
          lang: str) -> StepCheck:
    case = pitch["case"]
    ind = industry or t("check.the_industry", lang)
    if case is None:
        return _result(5, "missing", t("check.no_case", lang), t("check.fix_no_case", lang, ind=ind), lang)
    if "asset_id" not in case:
        return _result(5, "thin", t("check.typed_case", lang), t("check.fix_typed_case", lang), lang)
    if store is None:
        return _result(5, "complete", "", "", lang)
    try:
        asset = get_asset(store, case["asset_id"])
    except NotFoundError:
        return _result(5, "missing", t("check.no_asset", lang, id=case["asset_id"]),
                       t("check.fix_no_asset", lang), lang)
    problems = []
    if not asset.verified:
        problems.append(t("check.not_verified", lang))
    if asset.format not in CASE_FORMATS:
        problems.append(t("check.not_case", lang))
    if industry and industry not in asset.tags.get("industry", []):
        problems.append(t("check.not_tagged", lang, industry=industry))
    if problems:
        return _result(5, "thin", t("check.case_problems", lang, title=asset.title,
                                    problems=t("check.sep", lang).join(problems)),
                       t("check.fix_case", lang, ind=ind), lang)
    return _result(5, "complete", "", "", lang)


def _roi(pitch: Pitch, lang: str, result: RoiResultJSON | None) -> StepCheck:
    if pitch["roi"] is None:
        return _result(6, "missing", t("check.no_roi", lang), t("check.fix_no_roi", lang), lang)
    if result is None:
        result = compute_json(pitch["roi"], lang=lang)
    main = result["scenarios"].get("expected") or next(iter(result["scenarios"].values()))
    if main["payback_months"] is None:
        return _result(6, "thin", t("check.no_payback", lang), t("check.fix_no_payback", lang), lang)
    # a red flag a CFO would raise holds the step back until the seller fixes it or
    # acknowledges it with a reason (assumption_heavy is advice only)
    open_flags = [w for w in result["warnings"] if w["blocking"]]
    if open_flags:
        names = t("roi.range.sep", lang).join(t(f"roi.flag.{w['code']}", lang) for w in open_flags)
        return _result(6, "thin", t("roi.check.flags", lang, flags=names),
                       t("roi.check.flags_fix", lang), lang)
    return _result(6, "complete", "", "", lang)


def _execution(ex: Execution, lang: str) -> StepCheck:
    if not (ex["phases"] or ex["advantages"] or ex["fab"]):
        return _result(4, "missing", t("check.no_execution", lang), t("check.fix_no_execution", lang), lang)
    if not ex["phases"] or not (ex["advantages"] or ex["fab"]):
        part = t("check.phases" if not ex["phases"] else "check.advantages", lang)
        return _result(4, "thin", t("check.no_part", lang, part=part), t("check.fix_part", lang, part=part), lang)
    return _result(4, "complete", "", "", lang)


def _cta(cta: Cta, lang: str) -> StepCheck:
    if not cta["action"]:
        return _result(7, "missing", t("check.no_cta", lang), t("check.fix_no_cta", lang), lang)
    if not cta["date"] or not cta["owner"]:
        gap = [t(f"check.{x}", lang) for x in ("date", "owner") if not cta[x]]
        return _result(7, "thin", t("check.cta_gap", lang, gap=t("check.sep", lang).join(gap)),
                       t("check.fix_cta_gap", lang), lang)
    return _result(7, "complete", "", "", lang)


def check_pitch(pitch: Pitch, *, store: Store | None = None, industry: str | None = None,
                lang: str | None = None, roi_result: RoiResultJSON | None = None) -> list[StepCheck]:
    """Seven results ``{step, name, status, reason, fix}`` for a normalized pitch.
    ``roi_result``: the pitch's ROI figures when the caller has computed them already (in
    ``lang``), so the IRR search does not run twice."""
    lang = lang_of(lang or pitch["language"])
    scenario = pitch["scenario"]
    if not scenario:
        first = _result(1, "missing", t("check.no_scenario", lang), t("check.fix_no_scenario", lang), lang)
    elif len(scenario) < MIN_SCENARIO_CHARS:
        first = _result(1, "thin", t("check.short_scenario", lang), t("check.fix_short_scenario", lang), lang)
    else:
        first = _result(1, "complete", "", "", lang)
    return [first, _layers(pitch["pains"], 2, lang), _layers(pitch["effects"], 3, lang),
            _execution(pitch["execution"], lang), _case(pitch, store, industry, lang),
            _roi(pitch, lang, roi_result), _cta(pitch["cta"], lang)]


def summary_lines(results: list[StepCheck], lang: str) -> list[str]:
    """One line per step that is not complete, e.g. 'step 5 (customer case) thin: … — fix'."""
    return [t("check.line", lang, step=r["step"], name=r["name"], status=t(f"check.{r['status']}", lang),
              reason=r["reason"], fix=r["fix"])
            for r in results if r["status"] != "complete"]
