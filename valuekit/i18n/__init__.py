"""The one translation mechanism of ValueKit: a single zh/en message table read by the
core, the CLI, the document templates and the desktop app.

An entry's id is either a dotted key (``"nav.library"``, ``"doc.step1"``) or, for
messages written in the code, the English text itself, gettext-style
(``"must be a JSON object"``, ``"must be one of {allowed}"``): code stays readable and an
English user sees exactly the id. Catalog modules next to the code that uses them call
``register``; the core's catalogs live in this package, the desktop app registers its
own through ``valuekit_gui.common.i18n.add_strings`` into the same table.

Parameters are ``str.format`` fields. A message that travels inside an exception is a
``Msg`` (id + parameters) so that it can be shown later in whichever language the user
reads: the core raises language-neutral errors, the CLI and the GUI pick the language.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, Lang] = ("zh", "en")
LANG_ENV = "VALUEKIT_LANG"

_TABLE: dict[str, tuple[str, str]] = {}


def register(strings: Mapping[str, tuple[str, str]]) -> None:
    """Add (zh, en) texts. Registering an id twice with different texts is a bug."""
    for key, pair in strings.items():
        old = _TABLE.get(key)
        if old is not None and old != pair:
            raise ValueError(f"message {key!r} registered twice with different texts")
        _TABLE[key] = pair


def known(key: str) -> bool:
    return key in _TABLE


def table() -> Mapping[str, tuple[str, str]]:
    """The whole table (read-only use: tests check every catalog is complete)."""
    return _TABLE


def lang_of(lang: str | None) -> Lang:
    """``zh`` for any Chinese tag (zh, zh_CN.UTF-8, zh-Hant…), else ``en``."""
    return "zh" if lang and lang.lower().replace("-", "_").startswith("zh") else "en"


def user_language() -> Lang:
    """The language of a command-line user: VALUEKIT_LANG, else the POSIX locale
    variables in their order of precedence (LC_ALL, LC_MESSAGES, LANG)."""
    for name in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return lang_of(value)
    return "en"


def t(key: str, lang: str, /, **params: object) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in.

    An id missing from the table shows as itself: for an English-text id that is the
    right English text, and a missing dotted key is visible rather than a crash."""
    pair = _TABLE.get(key)
    text = key if pair is None else pair[0 if lang_of(lang) == "zh" else 1]
    return text.format(**params) if params else text


MAX_PARAM_DIGITS = 24
MAX_PARAM_CHARS = 300
_LONG_DIGITS = re.compile(rf"\d{{{MAX_PARAM_DIGITS + 1},}}")


def _short(value: object) -> object:
    """A parameter as a message may show it: a 302-digit number or a megabyte of text
    echoed in full helps nobody (and can flood a terminal or a dialog)."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(abs(value)) if abs(value) < 10**(MAX_PARAM_DIGITS + 1) else None
        if digits is None:
            sign = "-" if value < 0 else ""
            return f"{sign}{str(abs(value))[:6]}…({len(str(abs(value)))} digits)"
        return value
    if isinstance(value, str):
        # a number typed as text ("9999…" from a CLI option) is shortened like an int
        value = _LONG_DIGITS.sub(lambda m: f"{m.group()[:6]}…({len(m.group())} digits)", value)
        if len(value) > MAX_PARAM_CHARS:
            return value[:MAX_PARAM_CHARS] + "…"
    return value


@dataclass(frozen=True)
class Msg:
    """A message id with its parameters, rendered later in the reader's language.

    A parameter may itself be a ``Msg`` (rendered in the same language)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        values = {k: (v.render(lang) if isinstance(v, Msg) else _short(v)) for k, v in self.params.items()}
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, /, **params: object) -> Msg:
    return Msg(key, params)


Text = str | Msg


def render(text: Text, lang: str) -> str:
    return text.render(lang) if isinstance(text, Msg) else t(text, lang)


_INDEX = re.compile(r"\[\d+\]")


def field_label(path: str, lang: str) -> str | None:
    """The human name of a field path (``numbers[1].value`` → 金额 / amount), or None.

    Indices are dropped; the longest suffix of the path with a ``field:`` entry wins,
    so ``drivers[0].people`` finds ``field:people`` unless ``field:drivers.people``
    says something more precise."""
    parts = _INDEX.sub("", path).split(".")
    for start in range(len(parts)):
        key = "field:" + ".".join(parts[start:])
        if key in _TABLE:
            return t(key, lang)
    return None


def _item_number(path: str) -> int | None:
    found = _INDEX.findall(path)
    return int(found[-1][1:-1]) + 1 if found else None


def field_error(path: str, message: Text, lang: str, *, with_path: bool = True) -> str:
    """A refused field as the user reads it.

    ``with_path`` (the CLI, files) keeps the exact field path, which a user fixing a JSON
    file needs: ``金额（numbers[1].value）：必须是不小于 0 的数字`` /
    ``numbers[1].value: must be a number ≥ 0``. Forms that mark the field themselves
    leave it out: ``金额（第 2 项）：必须是…`` / ``amount (item 2): must be…``."""
    zh = lang_of(lang) == "zh"
    label = field_label(path, lang)
    text = render(message, lang)
    if label is None or (with_path and not zh):
        # an English reader of a CLI error gets the exact path of the JSON field
        name = path
    elif with_path:
        name = f"{label}（{path}）"
    else:
        number = _item_number(path)
        name = label if number is None else f"{label}（第 {number} 项）" if zh else f"{label} (item {number})"
    return f"{name}：{text}" if zh else f"{name}: {text}"


# The core's catalogs register themselves on import; importing them here makes every
# core message available as soon as anything uses the table.
from valuekit.i18n import (  # noqa: E402,F401
    catalog_documents,
    catalog_fields,
    catalog_kit,
    catalog_library,
    catalog_messages,
    catalog_reliability,
    catalog_roi,
    catalog_sales,
    catalog_sync,
    catalog_sync_cli,
    catalog_sync_conflicts,
    catalog_sync_kinds,
    catalog_sync_offline,
    catalog_sync_unshare,
    catalog_value,
)
