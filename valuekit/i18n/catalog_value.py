"""Texts of after-the-sale work (issue 17): realisation plans, the report, tiers, the value
review document (``valuedoc.*``, read by the template as ``L.<name>``) and success stories."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # errors
    "must be a number ≥ 0, got {value!r}": ("必须是不小于 0 的数字，实际为 {value!r}", "must be a number ≥ 0, got {value!r}"),
    "{value!r} is not allowed; allowed: {allowed}": ("不允许 {value!r}；可选：{allowed}", "{value!r} is not allowed; allowed: {allowed}"),
    "{day} is before the go-live date {go_live}": ("{day} 早于上线日期 {go_live}", "{day} is before the go-live date {go_live}"),
    "must be a whole number from 0 to 10, got {value!r}": ("必须是 0 到 10 的整数，实际为 {value!r}", "must be a whole number from 0 to 10, got {value!r}"),
    "must be a whole number from 1 to {last} (the promise's horizon), got {value!r}": (
        "必须是 1 到 {last} 的整数（承诺的测算期），实际为 {value!r}",
        "must be a whole number from 1 to {last} (the promise's horizon), got {value!r}"),
    "{value!r} is not a driver of the promise; allowed: {allowed}": (
        "{value!r} 不是承诺中的价值驱动因素；可选：{allowed}", "{value!r} is not a driver of the promise; allowed: {allowed}"),
    "the opportunity is in stage {stage}; a realisation plan needs a won deal (stage Rev or Retention)": (
        "该商机处于 {stage} 阶段；价值落地计划只适用于已成交的客户（Rev 或 Retention 阶段）",
        "the opportunity is in stage {stage}; a realisation plan needs a won deal (stage Rev or Retention)"),
    "the opportunity has no ROI case to freeze as the promise; give --case": (
        "该商机没有可冻结为承诺的 ROI 测算；请用 --case 指定", "the opportunity has no ROI case to freeze as the promise; give --case"),
    "already has a realisation plan; its promise stays frozen": (
        "已有价值落地计划，其承诺保持冻结", "already has a realisation plan; its promise stays frozen"),
    "the opportunity has no realisation plan yet: `valuekit value plan {ref} --go-live YYYY-MM-DD` opens one": (
        "该商机还没有价值落地计划：用 `valuekit value plan {ref} --go-live YYYY-MM-DD` 创建",
        "the opportunity has no realisation plan yet: `valuekit value plan {ref} --go-live YYYY-MM-DD` opens one"),
    "no milestone {ref!r} in this plan": ("该计划中没有里程碑 {ref!r}", "no milestone {ref!r} in this plan"),
    "no actual recorded yet; record realised figures before the value review": (
        "还没有记录任何实际值；请先记录已实现的数字再生成价值回顾", "no actual recorded yet; record realised figures before the value review"),
    "no actual recorded yet; a success story needs realised figures": (
        "还没有记录任何实际值；成功故事需要已实现的数字", "no actual recorded yet; a success story needs realised figures"),
    # health reasons
    "realisation {pct} is below 60 %": ("价值实现率 {pct} 低于 60%", "realisation {pct} is below 60 %"),
    "realisation {pct} is below 90 %": ("价值实现率 {pct} 低于 90%", "realisation {pct} is below 90 %"),
    "realisation {pct} reaches 90 % and no milestone is more than 30 days overdue": (
        "价值实现率 {pct} 达到 90%，且没有里程碑逾期超过 30 天",
        "realisation {pct} reaches 90 % and no milestone is more than 30 days overdue"),
    "NPS {score} is below 0": ("NPS {score} 低于 0", "NPS {score} is below 0"),
    "a milestone is {days} days overdue (more than 90)": ("有里程碑已逾期 {days} 天（超过 90 天）", "a milestone is {days} days overdue (more than 90)"),
    "a milestone is {days} days overdue (more than 30)": ("有里程碑已逾期 {days} 天（超过 30 天）", "a milestone is {days} days overdue (more than 30)"),
    "no actual recorded yet": ("还没有记录实际值", "no actual recorded yet"),
    # field names
    "field:driver": ("价值驱动因素", "driver"),
    "field:quarter": ("季度", "quarter"),
    "field:go_live": ("上线日期", "go-live date"),
    "field:due": ("到期日", "due date"),
    "field:on": ("日期", "date"),
    "field:tier": ("客户分层", "tier"),
    "field:source": ("来源", "source"),
    "field:note": ("备注", "note"),
    "field:actuals": ("实际值", "actuals"),
    "field:as_of": ("截止日期", "as-of date"),
    "field:opportunity": ("商机", "opportunity"),
    # labels
    "value.sep": ("、", ", "),
    "value.as_of": ("截至", "as of"),
    "value.health": ("健康度", "Health"),
    "value.health.green": ("绿灯", "green"),
    "value.health.yellow": ("黄灯", "yellow"),
    "value.health.red": ("红灯", "red"),
    "value.quarters": ("季度", "Quarters"),
    "value.promised": ("承诺", "Promised"),
    "value.realised": ("已实现", "Realised"),
    "value.realisation": ("价值实现率", "Realisation"),
    "value.costs_to_date": ("累计投入", "Costs to date"),
    "value.realised_roi": ("已实现 ROI", "Realised ROI"),
    "value.days_overdue": ("逾期 {days} 天", "{days} days overdue"),
    "value.next_contact_due": ("下次联系", "Next contact due"),
    "value.contact_overdue": ("已超期", "overdue"),
    "value.plan_opened": ("已为 {customer} 创建价值落地计划，上线日期 {go_live}；建议的阶段目标：",
                          "Realisation plan opened for {customer}, go-live {go_live}; suggested stage goals:"),
    "value.phase.sow": ("播种", "Sow"),
    "value.phase.grow": ("成长", "Grow"),
    "value.phase.harvest": ("收获", "Harvest"),
    "value.source.measured": ("实测", "measured"),
    "value.source.customer": ("客户提供", "customer-reported"),
    "value.source.estimated": ("估算", "estimated"),
    "value.kind.meeting": ("会议", "meeting"),
    "value.kind.call": ("电话", "call"),
    "value.kind.message": ("消息", "message"),
    "value.kind.case": ("新案例", "case"),
    "value.suggest.first_value": ("第一价值：{driver}首次得到实测", "First value: {driver} measured for the first time"),
    "value.suggest.stage_goal": ("阶段目标：{driver}在试点团队中常态化使用", "Stage goal: {driver} in routine use by the pilot team"),
    "value.suggest.review_90": ("90 天回顾：对照承诺复盘价值实现情况", "90-day review: realised value checked against the promise"),
    # tiers (domain.md §7)
    "value.tier.benchmark": ("标杆客户", "Benchmark"),
    "value.tier.value_added": ("增值客户", "Value-added"),
    "value.tier.ordinary": ("普通客户", "Ordinary"),
    "value.tier.benchmark.strategy": ("数量少、影响力大：联合市场活动，打造行业标杆；每周联系",
                                      "Few and influential: co-marketing, make them the industry's reference; weekly contact"),
    "value.tier.value_added.strategy": ("扩容与转介绍：持续放大价值；至少每月联系",
                                        "Expansion and referrals: keep growing the value; at least monthly contact"),
    "value.tier.ordinary.strategy": ("培训与解决问题，目标是升级为增值客户；至少每月联系",
                                     "Training and problem solving, aiming to move them up to value-added; at least monthly contact"),
    "value.tier.benchmark.stars5": ("带来的 MQL + SQL", "MQL + SQL they bring"),
    "value.tier.benchmark.stars4": ("品牌指数", "brand index"),
    "value.tier.value_added.stars5": ("扩容收入增长与转介绍 SQL", "expansion revenue growth and referral SQLs"),
    "value.tier.value_added.stars4": ("方法论产出", "method output"),
    "value.tier.value_added.stars3": ("续约金额与续约率", "renewal amount and rate"),
    "value.tier.ordinary.stars5": ("培训场次与解决的问题", "trainings and problems solved"),
    "value.tier.ordinary.stars4": ("升级为增值客户的比例", "share moved up to value-added"),
    # the value review document
    "valuedoc.title": ("{customer} · 价值回顾", "{customer}: value review"),
    "valuedoc.subject": ("季度业务回顾：承诺价值与已实现价值", "Quarterly business review: promised and realised value"),
    "valuedoc.as_of": ("截至", "as of"),
    "valuedoc.intro": ("系统于 {go_live} 上线。本回顾对照签约时双方认可的价值测算，汇总前 {q} 个季度已实现的价值。",
                       "The solution went live on {go_live}. This review sets the value realised in the first {q} "
                       "quarters against the business case both sides agreed at signing."),
    "valuedoc.kpi_realised": ("前 {q} 个季度已实现价值", "Value realised, quarters 1–{q}"),
    "valuedoc.kpi_promised": ("同期承诺价值", "Value promised, quarters 1–{q}"),
    "valuedoc.promised_vs_realised": ("承诺与实现", "Promised and realised"),
    "valuedoc.chart_caption": ("各季度承诺价值与已实现价值（按测算的爬坡比例）",
                               "Promised and realised value per quarter (promise follows the agreed ramp)"),
    "valuedoc.driver": ("价值驱动因素", "Value driver"),
    "valuedoc.promised": ("承诺", "Promised"),
    "valuedoc.realised": ("已实现", "Realised"),
    "valuedoc.realisation": ("实现率", "Realised %"),
    "valuedoc.sources": ("数据来源", "Source of the figures"),
    "valuedoc.total": ("合计", "Total"),
    "valuedoc.costs_note": ("同期投入（一次性费用加已发生的年费）为 {costs}。",
                            "Investment over the same period (one-time costs plus the subscription to date): {costs}."),
    "valuedoc.milestones_reached": ("已达成的里程碑", "Milestones reached"),
    "valuedoc.first_value": ("第一价值", "first value"),
    "valuedoc.next_goals": ("下一阶段目标", "Next stage goals"),
    "valuedoc.year_goal": ("第 {year} 年（{phase}）：目标采用率 {ramp}，预期价值 {amount}",
                           "Year {year} ({phase}): target adoption {ramp}, expected value {amount}"),
    "valuedoc.proposal": ("续约与扩展建议", "Renewal and expansion proposal"),
    "valuedoc.propose_renewal": ("续约：保持已落地的价值，并按计划进入下一阶段",
                                 "Renew to keep the value already in place and move into the next stage as planned"),
    "valuedoc.propose_close_gap": ("共同制定行动计划，补齐尚未达到承诺的部分：{drivers}",
                                   "Agree a joint action plan for what has not yet reached the promise: {drivers}"),
    "valuedoc.propose_expand": ("价值已达承诺：建议把成功做法推广到更多团队与业务线",
                                "The promise is met: extend what works to more teams and business lines"),
    "valuedoc.propose_co_marketing": ("联合发布客户成功故事，一起在行业活动中分享经验",
                                      "Publish the success story together and share the experience at industry events"),
    "valuedoc.propose_referral": ("欢迎推荐面临同样挑战的同行，我们一起交流经验",
                                  "Introduce peers facing the same challenges; we will share the experience together"),
    "valuedoc.method": ("承诺值 = 签约时测算的年度价值 × 当年采用率 ÷ 4（按季度）；实现率 = 已实现合计 ÷ 同期承诺合计；"
                        "已实现 ROI =（已实现合计 − 同期投入）÷ 同期投入。",
                        "Promised per quarter = the annual value agreed at signing × that year's adoption ÷ 4; "
                        "realised % = realised total ÷ promised total for the same quarters; realised ROI = "
                        "(realised total − investment to date) ÷ investment to date."),
    # success stories
    "value.story.title": ("{customer}：{q} 个季度实现承诺价值的 {pct}", "{customer}: {pct} of the promised value in {q} quarters"),
    "value.story.summary": ("上线后 {q} 个季度已实现价值 {actual}，已实现 ROI {roi}。",
                            "{actual} of value realised in {q} quarters after go-live; realised ROI {roi}."),
    "value.story.lead": ("{customer}于 {go_live} 上线。前 {q} 个季度已实现价值 {actual}，同期承诺 {promised}，实现率 {pct}。",
                         "{customer} went live on {go_live}. In the first {q} quarters it realised {actual} "
                         "against {promised} promised ({pct})."),
    "value.story.figures": ("已实现的价值（含数据来源）", "Realised value and where the figures come from"),
    "value.story.driver_line": ("- {name}：已实现 {actual}，承诺 {promised}（{pct}）；来源：{sources}",
                                "- {name}: {actual} realised of {promised} promised ({pct}); source: {sources}"),
    "value.story.milestones": ("里程碑", "Milestones"),
    "value.story.method": ("同期投入 {costs}，已实现 ROI {roi}。草稿：发布前请与客户核实数字并取得授权。",
                           "Investment to date {costs}; realised ROI {roi}. Draft: verify the figures with the "
                           "customer and get their consent before publishing."),
})
