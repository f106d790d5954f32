"""The one parser for numbers as people type them: ``45万``, ``1.2亿``, ``150元``,
``¥1,200,000``, full-width ``１２万``, ``10%`` in a percentage field, ``2.5M`` / ``3k``,
``1,000.00``.

Forms (meeting mode, the ROI editor, the opportunity form) and CLI options read what a
person wrote through ``parse_number``; JSON files stay strict (numbers only) and never
come through here. Anything that could mean two things is refused rather than guessed:
``1,00`` (a misplaced thousands separator or a European decimal comma?), ``1.000,5``,
``10`` in a percentage field (10 % or 1000 %?), ``10%`` in an amount field. A refusal is a
``ValidationError`` naming the field, whose message (zh/en) shows what is accepted.

The arithmetic is decimal (``1.2亿`` is exactly 120000000, not 120000000.00000001).
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from valuekit.errors import ValidationError
from valuekit.i18n import msg

# Chinese magnitudes, longest first so that 千万 is not read as 千.
_ZH_UNITS: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12), ("千亿", 10**11), ("百亿", 10**10), ("亿", 10**8), ("千万", 10**7),
    ("百万", 10**6), ("十万", 10**5), ("万", 10**4), ("千", 10**3),
)
# English magnitudes (case as people write them: 3k / 3K, 2.5M, 1.2bn / 1.2B).
_EN_UNITS: dict[str, int] = {"k": 10**3, "K": 10**3, "M": 10**6, "mn": 10**6, "MM": 10**6,
                             "B": 10**9, "bn": 10**9}
_CURRENCY_PREFIXES = ("HK$", "US$", "RMB", "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "¥", "$",
                      "€", "£")
_CURRENCY_SUFFIXES = ("人民币", "元", "块", "RMB", "CNY", "USD", "EUR")
# 1234 / 1234.5 / .5 / 1e+06 (as numbers are printed) or 1,234,567.89 (commas only in
# groups of three)
_PLAIN = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")

AMOUNT_EXAMPLES = "45万, 1.2亿, ¥1,200,000, 150元, 2.5M"
PERCENT_EXAMPLES = "10%, 0.1"


def _normalize(text: str) -> str:
    """Full-width digits, letters, ％ and ，become their ASCII forms (NFKC); Chinese
    punctuation people type for a decimal point is read as one; spaces around the number,
    its currency and its unit go (spaces between digits are refused before this)."""
    text = unicodedata.normalize("NFKC", text).replace("。", ".").replace("．", ".")
    return re.sub(r"\s+", "", text)


def _strip_affixes(text: str) -> str:
    for prefix in _CURRENCY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    for suffix in _CURRENCY_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text


def _invalid(field: str, value: str, percent: bool) -> ValidationError:
    if percent:
        return ValidationError(field, msg(
            'must be a percentage such as {examples}; "{value}" is not one',
            examples=PERCENT_EXAMPLES, value=value))
    return ValidationError(field, msg(
        'must be a number such as {examples}; "{value}" is not one',
        examples=AMOUNT_EXAMPLES, value=value))


def _decimal(body: str, field: str, original: str, percent: bool) -> Decimal:
    if _PLAIN.fullmatch(body) or _GROUPED.fullmatch(body):
        return Decimal(body.replace(",", ""))
    if re.fullmatch(r"[\d.,]+", body):
        # digits and separators in a shape that means different things in different places
        raise ValidationError(field, msg(
            '"{value}" is ambiguous: write thousands with commas in groups of three and a '
            "point for decimals (1,000.50), or without separators (1000.5)", value=original))
    raise _invalid(field, original, percent)


def parse_number(value: str | int | float, field: str, *, percent: bool = False,
                 allow_negative: bool = False) -> float:
    """``value`` as typed by a person, as a float; a ``ValidationError`` naming ``field``
    when it cannot be read or could mean two things.

    ``percent``: the field holds a share. ``10%`` → 0.1, and a bare number is a fraction
    (``0.1``) as in the JSON files; a bare number above 1 is refused as ambiguous. In
    any other field a ``%`` is refused. Bounds beyond the sign are the caller's to check
    (the ROI validation knows that weeks per year stop at 53)."""
    if isinstance(value, bool):
        raise _invalid(field, str(value), percent)
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise _invalid(field, str(value), percent)
        return _signed(number, field, allow_negative, str(value))
    if not isinstance(value, str):
        raise _invalid(field, repr(value), percent)
    original = value.strip()
    if re.search(r"\d\s+\d", unicodedata.normalize("NFKC", value)):
        # "1 200" may be a thousands group or two numbers typed into one box
        raise ValidationError(field, msg(
            '"{value}" is ambiguous: write thousands with commas in groups of three and a '
            "point for decimals (1,000.50), or without separators (1000.5)", value=original))
    text = _normalize(value)
    if not text:
        raise ValidationError(field, msg("is empty; a number is required"))
    sign = Decimal(1)
    if text[0] in "+-−":
        sign = Decimal(-1) if text[0] in "-−" else sign
        text = text[1:]
    is_percent = text.endswith("%")
    if is_percent:
        if not percent:
            raise ValidationError(field, msg(
                'takes an amount, not a percentage ("{value}"); for example {examples}',
                value=original, examples=AMOUNT_EXAMPLES))
        text = text[:-1]
        result = _decimal(text, field, original, percent) / 100
    else:
        text = _strip_affixes(text)
        multiplier = 1
        for unit, size in (*_ZH_UNITS, *sorted(_EN_UNITS.items(), key=lambda u: -len(u[0]))):
            if text.endswith(unit) and len(text) > len(unit):
                text, multiplier = text[: -len(unit)], size
                break
        result = _decimal(text, field, original, percent) * multiplier
        if percent and multiplier != 1:
            raise _invalid(field, original, percent)
        if percent and result > 1:
            raise ValidationError(field, msg(
                '"{value}" is ambiguous in a percentage field: write {pct}% or a fraction '
                "from 0 to 1 ({fraction} = {fraction_pct}%)",
                value=original, pct=_plain(result), fraction="0.15", fraction_pct="15"))
    try:
        number = float(sign * result)
    except (InvalidOperation, OverflowError):
        raise _invalid(field, original, percent) from None
    if not math.isfinite(number):
        raise _invalid(field, original, percent)
    return _signed(number, field, allow_negative, original)


def _plain(x: Decimal) -> str:
    return format(x.normalize(), "f")


def _signed(number: float, field: str, allow_negative: bool, original: str) -> float:
    if number < 0 and not allow_negative:
        raise ValidationError(field, msg('must not be negative; got "{value}"', value=original))
    return number + 0.0  # -0.0 reads as 0


def parse_optional(value: str | None, field: str, *, percent: bool = False) -> float | None:
    """``parse_number`` for a field that may be left blank (None for an empty entry)."""
    if value is None or not _normalize(value):
        return None
    return parse_number(value, field, percent=percent)
