"""The one parser for numbers as people type them (valuekit.i18n.numbers)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuekit.errors import ValidationError
from valuekit.i18n.numbers import parse_number, parse_optional


@pytest.mark.parametrize(("text", "expected"), [
    ("45万", 45 * 10_000),
    ("1.2亿", 12 * 10_000_000),          # 1.2 × 10^8, exactly
    ("150元", 150),
    ("¥1,200,000", 1_200_000),
    ("１２万", 12 * 10_000),             # full-width digits
    ("2.5M", 2_500_000),
    ("3k", 3_000),
    ("1,000.00", 1_000),
    ("45万元", 450_000),
    ("￥ 80,000", 80_000),              # full-width yen sign and a space
    ("3千万", 3 * 10_000_000),
    ("0.5", 0.5),
    ("45 万", 45 * 10_000),               # a space before the unit is fine
    ("1e+06", 1_000_000),                 # as Python prints a large float
])
def test_amounts_as_people_write_them(text: str, expected: float) -> None:
    assert parse_number(text, "deal_size") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("10%", 10 / 100), ("12.5%", 125 / 1000), ("１０％", 10 / 100), ("0.1", 1 / 10), ("1", 1.0),
])
def test_percentages_in_a_percentage_field(text: str, expected: float) -> None:
    assert parse_number(text, "uplift_pct", percent=True) == pytest.approx(expected, abs=0)


@pytest.mark.parametrize(("text", "field", "percent", "zh", "en"), [
    ("1,00", "deal_size", False, "有歧义", "is ambiguous"),
    ("1.000,5", "deal_size", False, "有歧义", "is ambiguous"),
    ("10%", "deal_size", False, "不是百分比", "not a percentage"),
    ("10", "uplift_pct", True, "有歧义", "ambiguous in a percentage field"),
    ("abc", "hourly_cost", False, "必须是数字", "must be a number such as"),
    ("-5", "deal_size", False, "不能为负数", "must not be negative"),
    ("", "deal_size", False, "为空", "is empty"),
    ("2万%", "uplift_pct", True, "必须是百分比", "must be a percentage"),
    ("1 200", "deal_size", False, "有歧义", "is ambiguous"),
])
def test_ambiguous_or_invalid_entries_name_the_field_in_both_languages(
        text: str, field: str, percent: bool, zh: str, en: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_number(text, field, percent=percent)
    exc = info.value
    assert exc.field == field
    zh_text, en_text = exc.localized("zh", with_path=False), exc.localized("en", with_path=False)
    assert zh in zh_text and en in en_text
    # the field is named by its human label, not its key
    labels = {"deal_size": ("商机金额", "deal size"), "uplift_pct": ("提升比例", "uplift"),
              "hourly_cost": ("每小时成本", "hourly cost")}[field]
    assert zh_text.startswith(labels[0]) and en_text.startswith(labels[1])


def test_numbers_pass_through_and_blank_optional_is_none() -> None:
    assert parse_number(12, "people") == 12.0
    assert parse_number(-3.5, "x", allow_negative=True) == -3.5
    assert parse_optional("  ", "deal_size") is None
    assert parse_optional("3k", "deal_size") == 3000
    for bad in (True, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            parse_number(bad, "people")  # type: ignore[arg-type]


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_grouped_integers(n: int) -> None:
    assert parse_number(_grouped(n), "amount") == float(n)
    assert parse_number(f"¥{n:,}", "amount") == float(n)
    assert parse_number(f"{n}元", "amount") == float(n)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_round_trip_wan_and_yi_with_decimals(whole: int, cents: int) -> None:
    text = f"{whole}.{cents:02d}"
    # exact decimal arithmetic: (whole + cents/100) × 10^4 is whole·10^4 + cents·100
    assert parse_number(text + "万", "amount") == float(whole * 10_000 + cents * 100)
    assert parse_number(text + "亿", "amount") == float(whole * 10**8 + cents * 10**6)


@given(st.integers(min_value=0, max_value=10**12))
def test_full_width_digits_read_like_ascii(n: int) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in str(n))  # '1' → '１'
    assert parse_number(full, "amount") == float(n)


@given(st.integers(min_value=0, max_value=10_000))
def test_percent_round_trip(basis_points: int) -> None:
    # 0.00 % .. 100.00 %: "12.34%" is 1234 / 10000
    text = f"{basis_points // 100}.{basis_points % 100:02d}%"
    assert parse_number(text, "margin_pct", percent=True) == basis_points / 10_000


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([("k", 10**3), ("M", 10**6)]))
def test_english_magnitudes(n: int, unit: tuple[str, int]) -> None:
    assert parse_number(f"{n}{unit[0]}", "amount") == float(n * unit[1])


def test_cli_options_read_numbers_as_people_write_them(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    made = cli("opp", "create", "--customer", "甲公司", "--industry", "ict", "--deal-size", "45万", "--json")
    assert made.exit_code == 0, made.output
    opp = json.loads(made.output)
    assert opp["deal_size"] == 450_000
    changed = cli("opp", "edit", opp["id"], "--set", "deal_size=1.2亿", "--json")
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.output)["deal_size"] == 120_000_000
    bad = cli("--lang", "zh", "opp", "create", "--customer", "乙", "--industry", "ict", "--deal-size", "1,00")
    assert bad.exit_code == 1 and "有歧义" in bad.output and "Traceback" not in bad.output
    bad_en = cli("--lang", "en", "opp", "create", "--customer", "乙", "--industry", "ict", "--deal-size", "10%")
    assert bad_en.exit_code == 1 and "not a percentage" in bad_en.output
    # nothing was stored by the refused commands
    listed = json.loads(cli("opp", "list", "--json").output)
    assert [o["customer"] for o in listed] == ["甲公司"]


def test_spin_numbers_on_the_command_line(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    opp = json.loads(cli("opp", "create", "--customer", "丙", "--industry", "ict", "--json").output)
    question = tmp_path / "q.json"
    question.write_text(json.dumps({"kind": "situation", "text_zh": "营收多少？"}), encoding="utf-8")
    qid = json.loads(cli("spin", "question-add", str(question), "--json").output)["id"]
    said = cli("spin", "answer", opp["id"], qid, "--text", "1.2 亿，想提升 10%", "--json",
               "--number", "revenue_uplift.baseline_revenue=1.2亿",
               "--number", "revenue_uplift.uplift_pct=10%")
    assert said.exit_code == 0, said.output
    assert [n["value"] for n in json.loads(said.output)["numbers"]] == [120_000_000, 0.1]
    bad = cli("--lang", "en", "spin", "answer", opp["id"], qid, "--text", "x",
              "--number", "revenue_uplift.uplift_pct=10")
    assert bad.exit_code == 1 and "numbers[0].value" in bad.output and "ambiguous" in bad.output
