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

# -- formulas, sources, headline (roi/text.py, roi/charts.py) --------------------------
register({
    "roi.formula.time_saved": ("{people} 人 × {hours_per_week} h/周 × {weeks_per_year} 周 × {hourly_cost}/h",
                               "{people} people × {hours_per_week} h/week × {weeks_per_year} weeks × {hourly_cost}/h"),
    "roi.formula.revenue_uplift": ("营收 {baseline_revenue} × 提升 {uplift_pct} × 毛利率 {margin_pct}",
                                   "revenue {baseline_revenue} × uplift {uplift_pct} × margin {margin_pct}"),
    "roi.formula.cost_reduction": ("成本 {baseline_cost} × 降低 {reduction_pct}",
                                   "cost {baseline_cost} × reduction {reduction_pct}"),
    "roi.formula.risk_avoidance": ("年发生概率 {annual_probability} × 损失 {impact} × 降低 {reduction_pct}",
                                   "annual probability {annual_probability} × impact {impact} × reduction {reduction_pct}"),
    "roi.formula.custom": ("年度价值（自定义）= {annual_value}", "annual value (custom) = {annual_value}"),
    "roi.source.customer": ("客户提供", "customer"),
    "roi.source.benchmark": ("行业基准", "benchmark"),
    "roi.source.assumption": ("假设", "assumption"),
    "roi.range.roi": ("ROI {range}（预期 {expected}）", "ROI {range} (expected {expected})"),
    "roi.range.payback": ("回收期 {range} 个月（预期 {expected} 个月）", "payback {range} months (expected {expected})"),
    "roi.range.no_payback": ("预期情景在期限内无法回收投资", "the expected case does not pay back within the horizon"),
    "roi.range.sep": ("，", ", "),
    "roi.range.break_even": ("收益降到所声称的 {share} 时 NPV 仍不为负", "NPV stays positive down to {share} of the claimed benefit"),
    "roi.range.break_even_above": ("收益需达到所声称的 {share}，NPV 才转正", "NPV turns positive only at {share} of the claimed benefit"),
    "roi.range.confidence": ("{customer} 的价值基于客户自己提供的数字（行业基准 {benchmark}，假设 {assumption}）",
                                "{customer} of the value rests on the customer's own numbers ({benchmark} on benchmarks, {assumption} on assumptions)"),
    "roilabel.year_axis": ("年", "Year"),
    "roilabel.months_short": ("{months} 个月", "{months} mo"),
    "needs {inputs}": ("还需要{inputs}", "needs {inputs}"),
})

# -- provenance, incomplete drivers, acknowledgements (roi/provenance.py, roi/parse.py) -
register({
    "is required: the number, with its source beside it": ("必填：数字本身，来源写在旁边", "is required: the number, with its source beside it"),
    "must be one of {allowed}, got {value!r}": ("必须是 {allowed} 之一，实际为 {value!r}", "must be one of {allowed}, got {value!r}"),
    "must be text of at most {n} characters": ("必须是不超过 {n} 个字符的文本", "must be text of at most {n} characters"),
    "must be a date YYYY-MM-DD": ("必须是日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "must be true or false": ("必须是 true 或 false", "must be true or false"),
    "at least one driver needs all its inputs; the others are incomplete":
        ("至少一个驱动因素需要填齐全部输入；其余的尚不完整", "at least one driver needs all its inputs; the others are incomplete"),
    "not stated; the model's default": ("未提供；采用模型默认值", "not stated; the model's default"),
})

# -- red flags (roi/flags.py) ----------------------------------------------------------
register({
    "{driver}: the gross margin ({margin}) is assumed, not stated by the customer; revenue is not profit":
        ("{driver}：毛利率（{margin}）是假设的，不是客户提供的；营收不等于利润",
         "{driver}: the gross margin ({margin}) is assumed, not stated by the customer; revenue is not profit"),
    "{driver}: a revenue uplift of {value} is above {limit}; few finance teams accept it without evidence":
        ("{driver}：营收提升 {value} 超过 {limit}；没有证据，财务很难接受",
         "{driver}: a revenue uplift of {value} is above {limit}; few finance teams accept it without evidence"),
    "{driver}: a reduction of {value} is above {limit}; show where it was achieved":
        ("{driver}：降低 {value} 超过 {limit}；请说明在哪里实现过",
         "{driver}: a reduction of {value} is above {limit}; show where it was achieved"),
    "an ROI of {value} is above {limit}: finance reads it as a vendor's number; check margins, shares and stacked benefits":
        ("ROI {value} 超过 {limit}：财务会把它当作厂商的说辞；请核对毛利率、比例和重复计算的收益",
         "an ROI of {value} is above {limit}: finance reads it as a vendor's number; check margins, shares and stacked benefits"),
    "a payback of {months} months is faster than any rollout; check the ramp and the costs":
        ("{months} 个月的回收期比任何上线都快；请核对采用率爬坡和成本",
         "a payback of {months} months is faster than any rollout; check the ramp and the costs"),
    "the case has no costs: licences, implementation, training and the customer's own time belong in it":
        ("测算没有成本：许可、实施、培训和客户自己投入的时间都应计入",
         "the case has no costs: licences, implementation, training and the customer's own time belong in it"),
    "{share} of the value rests on assumptions; confirm the numbers with the customer":
        ("{share} 的价值基于假设；请与客户确认这些数字",
         "{share} of the value rests on assumptions; confirm the numbers with the customer"),
    "roi.flag.margin_assumed": ("毛利率为假设", "margin assumed"),
    "roi.flag.uplift_high": ("营收提升过高", "uplift high"),
    "roi.flag.reduction_high": ("降幅过高", "reduction high"),
    "roi.flag.roi_implausible": ("ROI 不可信", "ROI implausible"),
    "roi.flag.payback_too_fast": ("回收期过快", "payback too fast"),
    "roi.flag.no_costs": ("没有成本", "no costs"),
    "roi.flag.assumption_heavy": ("假设占比高", "assumption heavy"),
})

# -- proposals from SPIN answers (roi/proposal.py) -------------------------------------
register({
    "roi.driver.time_saved": ("节省的工时", "Time saved"),
    "roi.driver.revenue_uplift": ("收入提升", "Revenue uplift"),
    "roi.driver.cost_reduction": ("成本下降", "Cost reduction"),
    "roi.driver.risk_avoidance": ("风险规避", "Risk avoided"),
    "roi.driver.custom": ("其他价值", "Other value"),
    "roi.proposal.margin_note": ("假设毛利率 30%（客户未提供）：请向客户财务确认",
                                 "assumed gross margin of 30% (not stated by the customer): confirm with their finance team"),
    "roi.proposal.from_answers": ("来自 SPIN 回答：", "From SPIN answers: "),
    "roi.proposal.contract": ("年度合同金额", "Yearly contract value"),
    "roi.proposal.name": ("{customer} — 价值测算（SPIN 回答）", "{customer} — value case (SPIN answers)"),
    "roi.proposal.left_out": ("以下驱动因素尚不完整，未计入数字：{drivers}",
                              "Left out of the figures until complete: {drivers}"),
    "roi.proposal.incomplete_warning": ("ROI 驱动因素“{driver}”{needs}", "ROI driver \"{driver}\" {needs}"),
})

# -- the pitch check's ROI step (pitch/check.py) ---------------------------------------
register({
    "roi.check.flags": ("ROI 测算有未处理的红旗：{flags}", "the ROI case has open red flags: {flags}"),
    "roi.check.flags_fix": ("修正这些数字，或在 ROI 视图中写明理由后确认（valuekit roi ack）",
                            "fix the numbers, or acknowledge each flag with a reason (ROI view, or valuekit roi ack)"),
})
register({"roi.list_sep": ("、", ", ")})
