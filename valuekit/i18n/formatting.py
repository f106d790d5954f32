"""How numbers read, in one place: money, percentages, months and multiples.

Every template, chart and the desktop app format figures here, so one document never
shows 278.4 万 in its text and 2,783,696 in its table, or 10.25 months beside 10.3.

Rules (issue 13):
- Chinese: amounts >= 10,000 in 万 (one decimal) or 亿 (two decimals), the same in text,
  tables and charts: ``¥278.4 万``, ``¥1.25 亿``; smaller amounts in full digits.
- English: headline figures in K/M/B (``$2.8M``, ``$278K``); tables in full digits.
- Headline and table figures never show cents; ``exact=True`` (formula tables) keeps
  the cents an amount has.
- Percentages and months always with one decimal (``49.0%``, ``12.0 个月``), so a column
  reads evenly; multiples as ``2.6×``.
"""

from __future__ import annotations

from valuekit.i18n import lang_of, t

SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥",
           "HKD": "HK$"}
_ZH_UNITS = ((1e8, "亿", 2), (1e4, "万", 1))
_EN_UNITS = ((1e9, "B", 1), (1e6, "M", 1), (1e3, "K", 0))


def symbol(currency: str) -> str:
    """The sign printed before an amount: ¥, $, € … or the ISO code and a space."""
    code = (currency or "CNY").upper()
    return SYMBOLS.get(code, code + " ")


def _trim(text: str) -> str:
    """``278.0`` → ``278``; ``-0`` → ``0``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number(x: float, digits: int = 1) -> str:
    """A plain count or rate with at most ``digits`` decimals and thousands separators."""
    return _trim(f"{round(x, digits):,.{digits}f}")


def money(x: float, currency: str = "CNY", lang: str = "zh", *, headline: bool = False,
          exact: bool = False) -> str:
    """An amount of ``currency`` as the reader of ``lang`` expects it.

    ``headline``: English figures shrink to K/M/B (Chinese ones use 万/亿 everywhere).
    ``exact``: keep the cents (formula tables); otherwise whole units."""
    sign = "-" if x < 0 and round(abs(x), 2) else ""
    a, sym = abs(x), symbol(currency)
    if lang_of(lang) == "zh":
        for size, unit, digits in _ZH_UNITS:
            if a >= size:
                return f"{sign}{sym}{number(a / size, digits)} {unit}"
    elif headline:
        for size, unit, digits in _EN_UNITS:
            if a >= size:
                return f"{sign}{sym}{number(a / size, digits)}{unit}"
    cents = round(a, 2)
    if exact and cents != int(cents):
        return f"{sign}{sym}{cents:,.2f}"
    return f"{sign}{sym}{round(a):,.0f}"


def axis_money(x: float, currency: str, lang: str) -> str:
    """A chart axis tick: the same units as the text (万/亿, or K/M in English)."""
    return money(x, currency, lang, headline=True)


def pct(x: float | None, digits: int = 1) -> str:
    """A ratio as a percentage with a fixed number of decimals, so a column reads evenly:
    2.141 → ``214.1%``, 0.49 → ``49.0%``; ``None`` → ``—``."""
    return "—" if x is None else f"{x * 100:,.{digits}f}%".replace("-0.0%", "0.0%")


def months(x: float | None, lang: str, *, unit: bool = True) -> str:
    """A payback in months with one decimal: ``10.3 个月`` / ``10.3 months``; ``None`` →
    the "not within the horizon" label."""
    if x is None:
        return t("fmt.not_recovered", lang)
    text = f"{x:,.1f}"
    return t("fmt.months", lang, n=text) if unit else text


def multiple(x: float | None) -> str:
    """A factor: 2.6 → ``2.6×``."""
    return "—" if x is None else number(x, 1) + "×"
