"""The driver template library: typical value drivers of the demo industries, each with
default inputs, the low–high range seen in practice and where that range comes from.

A driver added from a template carries every input as ``benchmark`` with the template's
range and source in its note, so the case says plainly that these are not yet the
customer's numbers; the seller replaces them with what the customer says.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, TypedDict

from valuekit.errors import NotFoundError
from valuekit.i18n import lang_of, msg, t
from valuekit.roi.model import DRIVER_INPUTS
from valuekit.roi.text import plain


class InputRange(TypedDict):
    default: float
    low: float
    high: float


class Template(TypedDict):
    id: str
    industry: str  # "" = fits every industry
    kind: str
    name_zh: str
    name_en: str
    inputs: dict[str, InputRange]
    source_zh: str
    source_en: str


@cache
def all_templates() -> tuple[Template, ...]:
    text = (files("valuekit.roi") / "data" / "templates.json").read_text(encoding="utf-8")
    return tuple(json.loads(text))


def list_templates(industry: str | None = None) -> list[Template]:
    """Templates of ``industry`` (and those that fit every industry), library order."""
    return [tpl for tpl in all_templates()
            if industry is None or tpl["industry"] in (industry, "")]


def get_template(template_id: str) -> Template:
    for tpl in all_templates():
        if tpl["id"] == template_id:
            return tpl
    raise NotFoundError(msg("no driver template {ref!r} (valuekit roi templates lists them)", ref=template_id))


def template_name(tpl: Template, lang: str) -> str:
    return tpl["name_zh"] if lang_of(lang) == "zh" else tpl["name_en"]


def template_source(tpl: Template, lang: str) -> str:
    return tpl["source_zh"] if lang_of(lang) == "zh" else tpl["source_en"]


def driver_from_template(template_id: str, lang: str) -> dict[str, Any]:
    """A driver for the case document: every input the template's default, as a
    benchmark with its range and source."""
    tpl = get_template(template_id)
    source = template_source(tpl, lang)
    driver: dict[str, Any] = {"kind": tpl["kind"], "name": template_name(tpl, lang),
                              "template": tpl["id"]}
    for key in DRIVER_INPUTS[tpl["kind"]]:
        r = tpl["inputs"][key]
        note = t("roi.template.note", lang, low=plain(r["low"]), high=plain(r["high"]), source=source)
        driver[key] = {"value": r["default"], "source": "benchmark", "ref": tpl["id"], "note": note[:1000]}
    return driver
