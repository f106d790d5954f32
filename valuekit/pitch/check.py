"""Completeness check of a seven-step pitch: each step complete | thin | missing, with
the reason and the fix, in zh or en. Export of an incomplete pitch is allowed (with a
warning); this module only tells what is missing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from valuekit.db.store import Store
from valuekit.errors import NotFoundError
from valuekit.library.assets import get_asset
from valuekit.pitch.model import LAYERS
from valuekit.pitch.types import Pitch, StepCheck
from valuekit.roi.result import compute_json

CASE_FORMATS = ("case_study", "success_story")
STEP_NAMES = {
    "zh": ("场景", "分层痛点", "分层效果", "执行与优势", "客户案例", "ROI", "下一步行动"),
    "en": ("scenario", "pains", "effects", "execution", "customer case", "ROI", "call to action"),
}
LAYER_NAMES = {"zh": {"individual": "个人", "organization": "组织", "enterprise": "企业",
                      "industry": "行业"},
               "en": {k: k for k in LAYERS}}
MIN_SCENARIO_CHARS = 30


def _result(step: int, status: str, reason: str, fix: str, lang: str) -> StepCheck:
    return {"step": step, "name": STEP_NAMES[lang][step - 1], "status": status, "reason": reason,
            "fix": fix}


def _layers(block: Mapping[str, Sequence[object]], step: int, what: str, lang: str) -> StepCheck:
    zh = lang == "zh"
    empty = [layer for layer in LAYERS if not block[layer]]
    names = "、".join(LAYER_NAMES[lang][x] for x in empty) if zh else ", ".join(empty)
    if len(empty) == len(LAYERS):
        return _result(step, "missing", f"没有任何{what}" if zh else f"no {what} in any layer",
                       "从 SPIN 的难点与暗示问题的回答中补充" if zh and step == 2 else
                       "为每个痛点写出方案带来的效果" if zh else
                       "add them from the SPIN problem and implication answers" if step == 2 else
                       "write the effect of the solution on each pain", lang)
    if empty:
        return _result(step, "thin", f"缺少这些层级：{names}" if zh else f"layers without {what}: {names}",
                       "四个层级都写至少一条" if zh else "write at least one item for each of the four layers",
                       lang)
    return _result(step, "complete", "", "", lang)


def _case(pitch: Pitch, store: Store | None, industry: str | None,
          lang: str) -> StepCheck:
    zh = lang == "zh"
    case = pitch["case"]
    ind = industry or ("该行业" if zh else "the customer's industry")
    if case is None:
        return _result(5, "missing", "没有客户案例" if zh else "no customer case",
                       f"从案例库挑选一个已验证的{ind}案例" if zh else
                       f"pick a verified case study tagged {ind} from the library", lang)
    if "asset_id" not in case:
        return _result(5, "thin", "案例不是来自案例库，未经验证" if zh else
                       "the case is typed in, not a verified library asset",
                       "改用案例库中已验证的案例" if zh else "pick a verified case study from the library",
                       lang)
    if store is None:
        return _result(5, "complete", "", "", lang)
    try:
        asset = get_asset(store, case["asset_id"])
    except NotFoundError:
        return _result(5, "missing", f"案例库中没有资产 {case['asset_id']}" if zh else
                       f"no asset {case['asset_id']} in the library",
                       "另选一个案例" if zh else "pick another case", lang)
    problems = []
    if not asset.verified:
        problems.append("未验证" if zh else "not verified")
    if asset.format not in CASE_FORMATS:
        problems.append("不是客户案例" if zh else "not a case study")
    if industry and industry not in asset.tags.get("industry", []):
        problems.append(f"未标注行业 {industry}" if zh else f"not tagged {industry}")
    if problems:
        sep = "、" if zh else ", "
        return _result(5, "thin", (f"案例「{asset.title}」" if zh else f"case '{asset.title}': ")
                       + sep.join(problems),
                       f"验证并标注该案例，或另选已验证的{ind}案例" if zh else
                       f"no verified case study tagged {ind} — tag one or pick another", lang)
    return _result(5, "complete", "", "", lang)


def _roi(pitch: Pitch, lang: str) -> StepCheck:
    zh = lang == "zh"
    if pitch["roi"] is None:
        return _result(6, "missing", "没有 ROI 测算" if zh else "no ROI case",
                       "用 SPIN 回答中的数字建立 ROI 测算" if zh else
                       "build an ROI case from the numbers in the SPIN answers", lang)
    result = compute_json(pitch["roi"], lang=lang)
    main = result["scenarios"].get("expected") or next(iter(result["scenarios"].values()))
    if main["payback_months"] is None:
        return _result(6, "thin", "预期情景在期限内无法回收投资" if zh else
                       "the expected case does not pay back within the horizon",
                       "核对驱动因素和成本，或延长期限" if zh else
                       "check the drivers and costs with the customer, or extend the horizon", lang)
    return _result(6, "complete", "", "", lang)


def check_pitch(pitch: Pitch, *, store: Store | None = None, industry: str | None = None,
                lang: str | None = None) -> list[StepCheck]:
    """Seven results ``{step, name, status, reason, fix}`` for a normalized pitch."""
    lang = lang or pitch["language"]
    lang = lang if lang in STEP_NAMES else "en"
    zh = lang == "zh"
    out = []
    scenario = pitch["scenario"]
    if not scenario:
        out.append(_result(1, "missing", "没有场景描述" if zh else "no scenario",
                           "描述客户所在细分市场中真实、常见的业务场景" if zh else
                           "describe a real, common scenario of this customer's niche", lang))
    elif len(scenario) < MIN_SCENARIO_CHARS:
        out.append(_result(1, "thin", "场景描述太短" if zh else "the scenario is a single phrase",
                           "写出现在的业务流程：谁、做什么、用什么工具" if zh else
                           "describe the current business flow: who does what, with which tools",
                           lang))
    else:
        out.append(_result(1, "complete", "", "", lang))
    out.append(_layers(pitch["pains"], 2, "痛点" if zh else "pains", lang))
    out.append(_layers(pitch["effects"], 3, "效果" if zh else "effects", lang))
    ex = pitch["execution"]
    if not (ex["phases"] or ex["advantages"] or ex["fab"]):
        out.append(_result(4, "missing", "没有执行计划和优势" if zh else "no execution plan or advantages",
                           "写出实施阶段（谁做什么）和相对竞品的优势" if zh else
                           "add the phases (who does what) and advantages vs the competitor", lang))
    elif not ex["phases"] or not (ex["advantages"] or ex["fab"]):
        part = ("实施阶段" if zh else "phases") if not ex["phases"] else ("优势" if zh else "advantages")
        out.append(_result(4, "thin", f"缺少{part}" if zh else f"no {part}",
                           f"补充{part}" if zh else f"add the {part}", lang))
    else:
        out.append(_result(4, "complete", "", "", lang))
    out.append(_case(pitch, store, industry, lang))
    out.append(_roi(pitch, lang))
    cta = pitch["cta"]
    if not cta["action"]:
        out.append(_result(7, "missing", "没有下一步行动" if zh else "no next step",
                           "约定一个带日期的下一步行动" if zh else "propose a next step with a date", lang))
    elif not cta["date"] or not cta["owner"]:
        gap = [x for x, ok in ((("日期" if zh else "date"), cta["date"]),
                               (("负责人" if zh else "owner"), cta["owner"])) if not ok]
        out.append(_result(7, "thin", ("缺少" if zh else "no ") + ("、" if zh else ", ").join(gap),
                           "定下日期和负责人" if zh else "set a date and an owner", lang))
    else:
        out.append(_result(7, "complete", "", "", lang))
    return out


def summary_lines(results: list[StepCheck], lang: str) -> list[str]:
    """One line per step that is not complete, e.g. 'step 5: … — fix'."""
    zh = lang == "zh"
    status = {"thin": "单薄", "missing": "缺失"} if zh else {"thin": "thin", "missing": "missing"}
    return [(f"第 {r['step']} 步（{r['name']}）{status[r['status']]}：{r['reason']} —— {r['fix']}" if zh
             else f"step {r['step']} ({r['name']}) {status[r['status']]}: {r['reason']} — {r['fix']}")
            for r in results if r["status"] != "complete"]
