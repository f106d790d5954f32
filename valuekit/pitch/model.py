"""The seven-step solution pitch as a document (docs/methods.md §4), its validation and JSON I/O.

The pitch document (the JSON users edit, save and load)::

    {"title", "customer", "language": "zh"|"en", "scenario",
     "pains":   {"individual": [..], "organization": [..], "enterprise": [..], "industry": [..]},
     "effects": {…same four layers…},
     "execution": {"phases": [..], "advantages": [..], "fab": [{"feature","advantage","benefit"}]},
     "case": {"asset_id"} | {"title","summary","body"} | null,
     "roi": <ROI case input, as in `valuekit roi compute`> | null,
     "cta": {"action","date","owner"}}

plus optional "opportunity_id", "owner" and "date" (the cover). Items in pains, effects,
phases and advantages are strings or objects ``{"text", "source"}`` (phases:
``{"name", "owner", "detail"}``); ``source`` says where a drafted item came from.
``normalize`` turns every item into its object form so the rest of the code sees one shape.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from valuekit.errors import ValidationError, ValueKitError
from valuekit.fileio import write_atomic
from valuekit.i18n import msg
from valuekit.pitch.types import AssetCase, Phase, Pitch, PitchFab, PitchItem, WrittenCase
from valuekit.roi.parse import parse_case
from valuekit.roi.types import RoiCaseInput

LAYERS = ("individual", "organization", "enterprise", "industry")
LANGUAGES = ("zh", "en")
CTA_ACTIONS = ("visit_company", "reference_visit", "onsite_meeting", "technical_exchange",
               "executive_visit", "demo", "trial", "workshop")
CTA_LABELS = {
    "zh": {"visit_company": "参观我司", "reference_visit": "参观标杆客户", "onsite_meeting": "现场会议",
           "technical_exchange": "技术交流", "executive_visit": "高层拜访", "demo": "产品演示",
           "trial": "试用", "workshop": "共创工作坊"},
    "en": {"visit_company": "Visit our company", "reference_visit": "Visit a reference customer",
           "onsite_meeting": "On-site meeting", "technical_exchange": "Technical exchange",
           "executive_visit": "Executive visit", "demo": "Demo", "trial": "Trial",
           "workshop": "Workshop"},
}
TOP_KEYS = {"title", "customer", "language", "scenario", "pains", "effects", "execution", "case",
            "roi", "cta", "opportunity_id", "owner", "date"}
MAX_TEXT = 20_000  # one field; keeps a pasted book out of a one-pager
MAX_ITEMS = 200  # items per step (pains, phases…): a pitch a customer reads has a handful


def _text(value: Any, path: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(path, msg("must be text, not {name}", name=type(value).__name__))
    value = value.strip()
    if required and not value:
        raise ValidationError(path, "must not be empty")
    if len(value) > MAX_TEXT:
        raise ValidationError(path, msg("must be at most {max_text} characters", max_text=MAX_TEXT))
    return value


def _object(value: Any, path: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, msg("must be an object with {allowed}", allowed=', '.join(sorted(keys))))
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ValidationError(f"{path}.{unknown[0]}" if path else unknown[0],
                              msg("unknown field; allowed: {allowed}", allowed=', '.join(sorted(keys))))
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(path, "must be a list")
    if len(value) > MAX_ITEMS:  # checked before any item is validated (issue 12)
        raise ValidationError(path, msg("has {n} items; at most {limit} are allowed", n=len(value), limit=MAX_ITEMS))
    return value


def _item(value: Any, path: str) -> PitchItem:
    """A pain/effect/advantage: text or {"text", "source"}."""
    if isinstance(value, str):
        return {"text": _text(value, path, required=True), "source": ""}
    obj = _object(value, path, {"text", "source", "perception"})
    item: PitchItem = {"text": _text(obj.get("text"), f"{path}.text", required=True),
                       "source": _text(obj.get("source"), f"{path}.source")}
    perception = _text(obj.get("perception"), f"{path}.perception")
    if perception:  # an effect's perception: how the customer will experience the benefit
        item["perception"] = perception
    return item


def _layers(value: Any, path: str) -> dict[str, list[PitchItem]]:
    obj = _object(value if value is not None else {}, path, set(LAYERS))
    return {layer: [_item(v, f"{path}.{layer}[{i}]")
                    for i, v in enumerate(_list(obj.get(layer), f"{path}.{layer}"))]
            for layer in LAYERS}


def _phase(value: Any, path: str) -> Phase:
    if isinstance(value, str):
        return {"name": _text(value, path, required=True), "owner": "", "detail": ""}
    obj = _object(value, path, {"name", "owner", "detail"})
    return {"name": _text(obj.get("name"), f"{path}.name", required=True),
            "owner": _text(obj.get("owner"), f"{path}.owner"),
            "detail": _text(obj.get("detail"), f"{path}.detail")}


def _fab(value: Any, path: str) -> PitchFab:
    obj = _object(value, path, {"feature", "advantage", "benefit", "persona", "source", "perception"})
    row = {k: _text(obj.get(k), f"{path}.{k}", required=k == "feature")
           for k in ("feature", "advantage", "benefit")}
    row["persona"] = _text(obj.get("persona"), f"{path}.persona")
    row["source"] = _text(obj.get("source"), f"{path}.source")
    perception = _text(obj.get("perception"), f"{path}.perception")
    if perception:
        row["perception"] = perception
    return cast(PitchFab, row)


def _case(value: Any) -> AssetCase | WrittenCase | None:
    if value is None or value == {}:
        return None
    if isinstance(value, dict) and "asset_id" in value:
        obj = _object(value, "case", {"asset_id", "source"})
        return {"asset_id": _text(obj["asset_id"], "case.asset_id", required=True),
                "source": _text(obj.get("source"), "case.source")}
    obj = _object(value, "case", {"title", "summary", "body", "source"})
    return {"title": _text(obj.get("title"), "case.title", required=True),
            "summary": _text(obj.get("summary"), "case.summary"),
            "body": _text(obj.get("body"), "case.body"),
            "source": _text(obj.get("source"), "case.source")}


def _date(value: Any, path: str) -> str:
    text = _text(value, path)
    if text:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(path, msg("must be a date YYYY-MM-DD, got {text!r}", text=text)) from None
    return text


def _roi(value: Any) -> RoiCaseInput | None:
    if value is None:
        return None
    try:
        parse_case(value)
    except ValidationError as exc:
        raise ValidationError(f"roi.{exc.field}" if exc.field else "roi", exc.text) from None
    return value


def normalize(data: Any) -> Pitch:
    """Validate a pitch document and return it with every item in its object form.

    Raises ``ValidationError`` naming the field path (``pains.enterprise[2].text``)."""
    doc = _object(data, "", TOP_KEYS)
    language = _text(doc.get("language") or "zh", "language")
    if language not in LANGUAGES:
        raise ValidationError("language", msg("must be one of {allowed}, got {language!r}", allowed=', '.join(LANGUAGES), language=language))
    execution = _object(doc.get("execution") or {}, "execution", {"phases", "advantages", "fab"})
    cta = _object(doc.get("cta") or {}, "cta", {"action", "date", "owner", "source"})
    opp = doc.get("opportunity_id")
    return {
        "title": _text(doc.get("title"), "title", required=True),
        "customer": _text(doc.get("customer"), "customer", required=True),
        "language": language,
        "opportunity_id": _text(opp, "opportunity_id") or None,
        "owner": _text(doc.get("owner"), "owner"),
        "date": _date(doc.get("date"), "date"),
        "scenario": _text(doc.get("scenario"), "scenario"),
        "pains": _layers(doc.get("pains"), "pains"),
        "effects": _layers(doc.get("effects"), "effects"),
        "execution": {
            "phases": [_phase(v, f"execution.phases[{i}]")
                       for i, v in enumerate(_list(execution.get("phases"), "execution.phases"))],
            "advantages": [_item(v, f"execution.advantages[{i}]") for i, v in
                           enumerate(_list(execution.get("advantages"), "execution.advantages"))],
            "fab": [_fab(v, f"execution.fab[{i}]")
                    for i, v in enumerate(_list(execution.get("fab"), "execution.fab"))],
        },
        "case": _case(doc.get("case")),
        "roi": _roi(doc.get("roi")),
        "cta": {"action": _text(cta.get("action"), "cta.action"),
                "date": _date(cta.get("date"), "cta.date"),
                "owner": _text(cta.get("owner"), "cta.owner"),
                "source": _text(cta.get("source"), "cta.source")},
    }


def cta_label(action: str, lang: str) -> str:
    """A known action's label in the pitch's language; free text stays as typed."""
    return CTA_LABELS.get(lang, CTA_LABELS["en"]).get(action, action)


def to_json(pitch: Pitch) -> str:
    return json.dumps(pitch, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def load_pitch(path: Path | str) -> Pitch:
    """Read and validate a pitch document file."""
    def _no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not allowed")

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueKitError(msg("pitch file {path} does not exist", path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueKitError(msg("cannot read pitch file {path}: {exc}", path=path, exc=exc)) from exc
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except ValueError as exc:
        raise ValueKitError(msg("pitch file {path} is not valid JSON: {exc}", path=path, exc=exc)) from exc
    return normalize(data)


def save_pitch(pitch: Pitch | Mapping[str, Any], path: Path | str) -> Path:
    """Validate and write a pitch document file atomically."""
    data = to_json(normalize(pitch)).encode("utf-8")
    try:
        return write_atomic(path, data)
    except OSError as exc:
        raise ValueKitError(msg("cannot write {path}: {exc}", path=path, exc=exc)) from exc
