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
    "roi.proposal.investment": ("其中 {n} 项成本取自客户对“需要投入什么”的回答，请核对，避免与合同金额重复计算",
                                "{n} cost item(s) come from the customer's answer on what they must invest; check they do not repeat the contract price"),
    "roi.proposal.incomplete_warning": ("ROI 驱动因素“{driver}”{needs}", "ROI driver \"{driver}\" {needs}"),
})

# -- the pitch check's ROI step (pitch/check.py) ---------------------------------------
register({
    "roi.check.flags": ("ROI 测算有未处理的红旗：{flags}", "the ROI case has open red flags: {flags}"),
    "roi.check.flags_fix": ("修正这些数字，或写明理由后逐个确认（向导的 ROI 步骤、ROI 视图，或对已保存的测算用 valuekit roi ack）",
                            "fix the numbers, or acknowledge each flag with a reason (the wizard's ROI step, the ROI view, or valuekit roi ack for a saved case)"),
})
register({"roi.list_sep": ("、", ", ")})

# -- the Excel workbook (roi/workbook.py) ----------------------------------------------
register({
    "roi.xlsx.inputs": ("输入", "Inputs"),
    "roi.xlsx.drivers": ("驱动因素", "Drivers"),
    "roi.xlsx.flows": ("现金流", "Cash flows"),
    "roi.xlsx.discount_rate": ("折现率", "Discount rate"),
    "roi.xlsx.years": ("测算年数", "Years"),
    "roi.xlsx.ramp": ("采用率爬坡（第 1…N 年）", "Adoption ramp (years 1…N)"),
    "roi.xlsx.factor": ("收益系数", "Benefit factor"),
    "roi.xlsx.col.driver": ("驱动因素", "Driver"),
    "roi.xlsx.col.kind": ("类型", "Kind"),
    "roi.xlsx.col.input": ("输入项", "Input"),
    "roi.xlsx.col.value": ("数值", "Value"),
    "roi.xlsx.col.source": ("来源", "Source"),
    "roi.xlsx.col.note": ("说明", "Note"),
    "roi.xlsx.col.ref": ("出处", "Reference"),
    "roi.xlsx.col.date": ("日期", "Date"),
    "roi.xlsx.col.cost_kind": ("成本类型", "Cost type"),
    "roi.xlsx.col.cost_name": ("成本项", "Cost item"),
    "roi.xlsx.col.amount": ("金额", "Amount"),
    "roi.xlsx.col.annual_value": ("全面采用后年度价值", "Annual value at full adoption"),
    "roi.xlsx.one_time": ("一次性", "One-time"),
    "roi.xlsx.recurring": ("每年", "Recurring"),
    "roi.xlsx.total": ("合计", "Total"),
    "roi.xlsx.one_time_total": ("一次性成本合计", "One-time costs"),
    "roi.xlsx.recurring_total": ("每年成本合计", "Recurring costs per year"),
    "roi.xlsx.row.year": ("年", "Year"),
    "roi.xlsx.row.benefit": ("收益", "Benefit"),
    "roi.xlsx.row.cost": ("成本", "Cost"),
    "roi.xlsx.row.cash_flow": ("净现金流", "Cash flow"),
    "roi.xlsx.row.cumulative": ("累计现金流", "Cumulative"),
    "roi.xlsx.row.payback_at": ("当年回收的月份", "Pays back at month"),
    "roi.xlsx.row.total_benefit": ("总收益", "Total benefit"),
    "roi.xlsx.row.total_cost": ("总成本", "Total cost"),
    "roi.xlsx.row.net_benefit": ("净收益", "Net benefit"),
    "roi.xlsx.row.roi": ("ROI", "ROI"),
    "roi.xlsx.row.npv": ("NPV", "NPV"),
    "roi.xlsx.row.irr": ("IRR", "IRR"),
    "roi.xlsx.row.payback_months": ("回收期（月）", "Payback (months)"),
})

# -- driver templates (roi/templates.py) -----------------------------------------------
register({
    "no driver template {ref!r} (valuekit roi templates lists them)":
        ("没有驱动因素模板 {ref!r}（valuekit roi templates 可列出全部）", "no driver template {ref!r} (valuekit roi templates lists them)"),
    "roi.template.note": ("常见区间 {low}–{high}；来源：{source}", "typical {low}–{high}; source: {source}"),
})

# -- cases belong to deals, acknowledgements (roi/cases.py) ----------------------------
register({
    "no opportunity {ref!r} (give its id or at least 4 characters of it)":
        ("没有商机 {ref!r}（请给出编号或至少 4 个字符）", "no opportunity {ref!r} (give its id or at least 4 characters of it)"),
    "no opportunity {ref!r}": ("没有商机 {ref!r}", "no opportunity {ref!r}"),
    "{ref!r} matches several opportunities; give more of the id":
        ("{ref!r} 匹配多个商机；请给出更长的编号", "{ref!r} matches several opportunities; give more of the id"),
    "is required: say why the flag stands": ("必填：说明这个红旗为什么成立", "is required: say why the flag stands"),
    "field:reason": ("理由", "reason"),
    "field:acknowledged": ("已确认的红旗", "acknowledged flags"),
    "field:acknowledged.code": ("红旗代码", "flag code"),
    "field:opportunity": ("商机", "opportunity"),
    "field:source": ("来源", "source"),
})

# -- CLI (cli/roi.py) ------------------------------------------------------------------
register({
    "roi.cli.exported": ("已导出到 {path}", "Exported to {path}"),
    "roi.cli.linked": ("测算“{case}”已关联到商机 {opportunity}", "Case \"{case}\" linked to opportunity {opportunity}"),
    "roi.cli.unlinked": ("测算“{case}”已取消关联商机", "Case \"{case}\" is no longer linked to an opportunity"),
    "roi.cli.acknowledged": ("已确认红旗 {code}（{case}）", "Acknowledged {code} on \"{case}\""),
    "roi.cli.template_source": ("区间来源：{source}", "range source: {source}"),
    "is required for --format xlsx (a workbook is not text)":
        ("使用 --format xlsx 时必须给出（工作簿不是文本）", "is required for --format xlsx (a workbook is not text)"),
    "give the opportunity to link to, or --unlink": ("请给出要关联的商机，或使用 --unlink", "give the opportunity to link to, or --unlink"),
})
register({
    "roilabel.incomplete": ("尚不完整的驱动因素（未计入数字）", "Incomplete drivers (left out of the figures)"),
    "roilabel.flags": ("红旗", "Red flags"),
    "roilabel.acknowledged": ("已确认：{reason}", "acknowledged: {reason}"),
})
register({
    "roi.industry.manufacturing": ("制造业", "Manufacturing"),
    "roi.industry.healthcare": ("医疗健康", "Healthcare"),
    "roi.industry.fmcg": ("快消品", "FMCG"),
    "roi.industry.logistics": ("物流", "Logistics"),
    "roi.industry.saas": ("SaaS 软件", "SaaS"),
    "roi.industry.ict": ("ICT", "ICT"),
    "roi.industry.any": ("通用", "Any industry"),
})
register({
    "field:annual_value": ("年度价值", "annual value"),
    "field:impact": ("单次损失金额", "impact"),
})
register({"roi.range.confidence_all": ("全部价值都基于客户自己提供的数字", "All of the value rests on the customer's own numbers")})
register({
    "roi.notes.open_flag": ("未确认：修正数字或写明理由后确认", "open: fix the numbers or acknowledge with a reason"),
    "roi.notes.confidence_source": ("按输入来源加权（客户提供 / 行业基准 / 假设）",
                                    "weighted by each input's source (customer / benchmark / assumption)"),
})
