"""One number format for every document, chart and the GUI (valuekit/i18n/formatting.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from valuekit.i18n.formatting import axis_money, money, months, multiple, pct


def test_chinese_amounts_from_ten_thousand_are_in_wan_and_yi() -> None:
    assert money(2783696, "CNY", "zh") == "¥278.4 万"  # 2,783,696 / 10,000 = 278.37 → 278.4
    assert money(9999, "CNY", "zh") == "¥9,999"
    assert money(10000, "CNY", "zh") == "¥1 万"
    assert money(125_000_000, "CNY", "zh") == "¥1.25 亿"
    assert money(-160000, "CNY", "zh") == "-¥16 万"
    assert axis_money(1_200_000, "CNY", "zh") == "¥120 万"  # charts say what the text says


def test_english_headlines_in_k_and_m_tables_in_full_digits_without_cents() -> None:
    assert money(2783696.4, "USD", "en", headline=True) == "$2.8M"
    assert money(278_400, "USD", "en", headline=True) == "$278K"
    assert money(2783696.4, "USD", "en") == "$2,783,696"
    assert money(1234.5, "EUR", "en", exact=True) == "€1,234.50"  # formula tables keep cents
    assert money(99, "GBP", "en", headline=True) == "£99"


def test_percentages_months_and_multiples_have_one_decimal() -> None:
    assert pct(2.1414) == "214.1%" and pct(0.15) == "15.0%" and pct(None) == "—"
    assert months(10.26, "en") == "10.3 months"
    assert months(12.0, "zh") == "12.0 个月" and months(None, "zh") == "期内未回收"
    assert multiple(2.6) == "2.6×"


@given(st.floats(min_value=-1e11, max_value=1e11, allow_nan=False))
def test_no_headline_ever_shows_cents_and_wan_reads_back(x: float) -> None:
    for lang in ("zh", "en"):
        text = money(x, "CNY", lang, headline=True)
        assert not re.search(r"\.\d\d$", text.split(" ")[0]) or "亿" in text
    text = money(x, "CNY", "zh")
    found = re.fullmatch(r"(-?)¥([\d,.]+)(?: (万|亿))?", text)
    assert found, text
    value = float(found.group(2).replace(",", "")) * {"万": 1e4, "亿": 1e8, None: 1}[found.group(3)]
    # the printed figure is within half a unit of its last digit of the real amount
    unit = {"万": 1e3, "亿": 1e6, None: 1}[found.group(3)]
    assert abs(abs(x) - value) <= unit / 2 + 1e-6 * abs(x)
