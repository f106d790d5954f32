"""Texts of the ROI work (issue 14): the human-number parser, provenance, confidence,
red flags, templates, the workbook export and the ranged headline. English text is the
id for messages the code raises; dotted keys for labels."""

from __future__ import annotations

from valuekit.i18n import register

# -- numbers as people write them (valuekit.i18n.numbers) ------------------------------
register({
    'must be a number such as {examples}; "{value}" is not one':
        ("必须是数字，例如 {examples}；“{value}”不是", 'must be a number such as {examples}; "{value}" is not one'),
    'must be a percentage such as {examples}; "{value}" is not one':
        ("必须是百分比，例如 {examples}；“{value}”不是", 'must be a percentage such as {examples}; "{value}" is not one'),
    '"{value}" is ambiguous: write thousands with commas in groups of three and a '
    "point for decimals (1,000.50), or without separators (1000.5)":
        ("“{value}”有歧义：千位分隔符请每三位用逗号、小数用小数点（1,000.50），或不用分隔符（1000.5）",
         '"{value}" is ambiguous: write thousands with commas in groups of three and a '
         "point for decimals (1,000.50), or without separators (1000.5)"),
    'takes an amount, not a percentage ("{value}"); for example {examples}':
        ("这里填写金额，不是百分比（“{value}”）；例如 {examples}",
         'takes an amount, not a percentage ("{value}"); for example {examples}'),
    '"{value}" is ambiguous in a percentage field: write {pct}% or a fraction '
    "from 0 to 1 ({fraction} = {fraction_pct}%)":
        ("“{value}”在百分比字段中有歧义：请写 {pct}% 或 0 到 1 之间的小数（{fraction} = {fraction_pct}%）",
         '"{value}" is ambiguous in a percentage field: write {pct}% or a fraction '
         "from 0 to 1 ({fraction} = {fraction_pct}%)"),
    'must not be negative; got "{value}"': ("不能为负数；实际为“{value}”", 'must not be negative; got "{value}"'),
    "is empty; a number is required": ("为空；需要填写数字", "is empty; a number is required"),
})
