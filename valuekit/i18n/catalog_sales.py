"""Texts of the selling methods (issue 16): cognition, BANT, growth models, next steps,
the funnel, the metric calculators and the nine winning moves."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # growth models (docs/methods.md §3)
    "growth.model.hacker": ("黑客式", "hacker growth"),
    "growth.model.r2r": ("R2R式", "R2R growth"),
    "growth.model.missile": ("导弹式", "missile growth"),
    "growth.model.unknown": ("未知", "unknown"),
    "growth.no_deal_size": ("未填写合同金额", "deal size not given"),
    "growth.cycle.hacker": ("通常 0–72 小时成交", "usually closes in 0–72 hours"),
    "growth.cycle.r2r": ("通常 2–8 周成交", "usually closes in 2–8 weeks"),
    "growth.cycle.missile_mid": ("多数 3–6 个月成交（优秀团队 3 个月内）",
                                 "mostly 3–6 months (best teams under 3)"),
    "growth.cycle.missile_large": ("约 80% 需要 6–12 个月（优秀团队 6 个月内）",
                                   "about 80 % take 6–12 months (best teams under 6)"),
    "growth.renewal_on": ("续约日期 {date}", "renewal on {date}"),
    "growth.renewal_unknown": ("续约日期未填写", "renewal date not given"),
    # warnings
    "opp.warn.sql_bant": ("阶段为 {stage}，但 BANT 只明确了 {known} 项（本团队的 SQL 标准至少 {minimum} 项）",
                          "stage is {stage} but only {known} of 4 BANT items are known "
                          "(this team's SQL standard needs at least {minimum})"),
    "opp.warn.mql_bant": ("阶段为 MQL，但 BANT 一项也没有明确（MQL 应满足 BANT 中的 1–2 项）",
                          "stage is MQL but no BANT item is known (an MQL meets 1–2 of BANT)"),
    "opp.warn.no_decision_maker": ("决策链中还没有决策者", "no decision maker in the decision chain yet"),
    "opp.warn.cognition": ("阶段 {stage} 超前于客户认知 {cognition}（该阶段需要客户认知达到 {needed}）",
                           "stage {stage} is ahead of the customer's cognition {cognition} "
                           "(this stage needs {needed})"),
    # validation messages
    "{value!r} is not a 5A step; allowed: {allowed}": ("{value!r} 不是 5A 认知阶段；可选：{allowed}",
                                                       "{value!r} is not a 5A step; allowed: {allowed}"),
    "must be a whole number from 1 to 4": ("必须是 1 到 4 之间的整数", "must be a whole number from 1 to 4"),
    "must be a number greater than 0 and at most 1": ("必须是大于 0 且不大于 1 的数字",
                                                      "must be a number greater than 0 and at most 1"),
    "must be a number greater than 0": ("必须是大于 0 的数字", "must be a number greater than 0"),
    "{stage!r} is not an open stage; allowed: {allowed}": ("{stage!r} 不是未成交阶段；可选：{allowed}",
                                                           "{stage!r} is not an open stage; allowed: {allowed}"),
    "field:cognition": ("客户认知（5A）", "cognition"),
    "field:sql_bant_min": ("SQL 的 BANT 最低项数", "SQL BANT minimum"),
    "field:win_probability": ("赢单概率", "win probability"),
    "field:large_deal_min": ("大单门槛", "large-deal threshold"),
})

register({
    # next steps (docs/methods.md §4)
    "step.company_visit": ("参观公司", "Visit our company"),
    "step.reference_visit": ("参观样板客户", "Visit a reference customer"),
    "step.onsite_meeting": ("现场会", "On-site meeting"),
    "step.technical_exchange": ("技术交流会", "Technical exchange"),
    "step.executive_visit": ("高层拜访 / 经营管理研讨会", "Executive visit / management seminar"),
    "step.find_coach": ("拜导师：在客户内部找到教练", "Find a coach inside the customer"),
    "step.decision_maker_visit": ("请决策者来公司考察", "Invite the decision maker to visit our company"),
    "step.proposal_on_agenda": ("方案上会：让方案进入客户的会议议程", "Get the proposal onto the customer's meeting agenda"),
    "step.self_signup": ("在线注册试用", "Self-service sign-up"),
    "step.demo": ("产品演示", "Product demo"),
    "step.trial": ("试用", "Trial"),
    "step.workshop": ("工作坊", "Workshop"),
    "step.renewal": ("续约", "Renewal"),
    "step.first_value": ("90 天内实现客户第一价值", "Reach the customer's first value within 90 days"),
    "step.stage_goals": ("把终极价值拆成 1–3 个月的阶段目标", "Break the ultimate value into 1–3-month stage goals"),
    "step.why.first_value": ("已签约：前 90 天最关键", "signed: the first 90 days matter most"),
    "step.why.stage_goals": ("每个阶段目标 1–3 个月就能实现，客户尽早感受到价值",
                             "each stage goal is reachable in 1–3 months, so the customer feels value early"),
    "step.expansion": ("增购 / 扩展使用", "Expansion"),
    "step.referral": ("转介绍", "Referral"),
    "step.why.huawei": ("合同金额 {size} {currency} 超过 {threshold}（{rate}），预计周期约 {months} 个月（{basis}），超过 6 个月：适用华为的五个销售动作",
                        "deal {size} {currency} is over {threshold} ({rate}) and the expected cycle of about {months} months ({basis}) is over 6: Huawei's five sales actions apply"),
    "step.basis.close_date": ("按预计成交日期", "from the close date"),
    "step.basis.model": ("按增长模型的常见周期", "the growth model's usual cycle"),
    "step.basis.unknown": ("未知", "unknown"),
    "step.basis.team": ("本团队设定的门槛", "the team's threshold"),
    "step.basis.rough": ("原文的 100 万元按参考汇率折算", "the seeds' 1,000,000 CNY at a rough rate"),
    "step.basis.seed": ("原文的门槛", "the seeds' threshold"),
    "step.why.axes": ("{model}大单：资深销售的“三板斧”", "{model} deal: the seasoned sellers' three axes"),
    "step.why.coach_found": ("已有教练：{name}", "coach already found: {name}"),
    "step.why.practice": ("{model}的小单、快单：演示、试用、工作坊是我们的做法，并非原文的规则",
                          "{model} deal, small and fast: demo, trial or workshop is our practice, not the seeds' rule"),
    "step.why.renewal": ("续费率是客户成功的北极星指标", "the renewal rate is customer success's north star"),
    "step.why.expansion": ("增值客户的目标：增购收入增长", "value-added accounts: grow expansion revenue"),
    "step.why.referral": ("增值客户的目标：转介绍带来新的 SQL", "value-added accounts: referrals that bring new SQLs"),
    "step.source.huawei_five": ("华为五个销售动作", "Huawei's five actions"),
    "step.source.three_axes": ("销售三板斧", "three axes"),
    "step.source.our_practice": ("我们的做法", "our practice"),
    "step.source.customer_success": ("客户成功", "customer success"),
})

register({
    # funnel and metrics (docs/methods.md §8)
    "{step!r} is not a funnel step; allowed: {allowed}": ("{step!r} 不是漏斗环节；可选：{allowed}",
                                                          "{step!r} is not a funnel step; allowed: {allowed}"),
    "give this conversion rate (--rate {step}=0.25): only {seen} transitions are measured, {needed} are needed": (
        "请给出这个转化率（--rate {step}=0.25）：阶段记录里只有 {seen} 次转化，至少需要 {needed} 次",
        "give this conversion rate (--rate {step}=0.25): only {seen} transitions are measured, {needed} are needed"),
    "must be a number": ("必须是数字", "must be a number"),
    "must be at least promoters + detractors ({total})": ("不能少于推荐者与贬损者之和（{total}）",
                                                          "must be at least promoters + detractors ({total})"),
    "field:target": ("销售目标", "target"),
    "field:avg_deal": ("平均客单价", "average deal size"),
    "field:rate": ("转化率", "conversion rate"),
    "field:as_of": ("基准日期", "as-of date"),
    "metric.bench.nps": ("优秀 SaaS 的 NPS 大于 10，软件行业平均 13", "good SaaS: NPS above 10; software average 13"),
    "metric.bench.nrr": ("优秀 SaaS 的净收入留存率大于 120%", "good SaaS: net revenue retention above 120 %"),
    "metric.bench.viral": ("K 大于 1 才有病毒式增长", "viral growth needs K above 1"),
    "metric.clv": ("客户终身价值 CLV", "customer lifetime value (CLV)"),
    "metric.cac": ("获客成本 CAC", "customer acquisition cost (CAC)"),
    "metric.nps": ("净推荐值 NPS", "net promoter score (NPS)"),
    "metric.nrr": ("净收入留存率 NRR", "net revenue retention (NRR)"),
    "metric.viral": ("病毒系数 K", "viral coefficient K"),
    "metric.good": ("达到基准", "meets the benchmark"),
    "metric.below": ("低于基准", "below the benchmark"),
})

register({
    "step.none": ("还没有可建议的下一步：请先填写合同金额。", "No next step to suggest yet: give the deal size first."),
    "{value!r} is not a number; write it in digits, e.g. 450000": (
        "{value!r} 不是数字；请用阿拉伯数字书写，例如 450000", "{value!r} is not a number; write it in digits, e.g. 450000"),
})

register({
    "must be given with --target": ("与 --target 一起给出", "must be given with --target"),
    "funnel.plan_head": ("目标 {target}，平均客单价 {avg}：", "Target {target} at an average deal of {avg}:"),
    "funnel.need.deals": ("需成交", "deals needed"),
    "funnel.need.SQL": ("需 SQL", "SQLs needed"),
    "funnel.need.MQL": ("需 MQL", "MQLs needed"),
    "funnel.need.RL": ("需原始线索", "raw leads needed"),
    "funnel.rate.given": ("给定", "given"),
    "funnel.rate.measured": ("按阶段记录实测", "measured from stage history"),
    "funnel.time_split": ("时间分配 60:30:10 → 每周 {new_market} 小时开拓新市场，{keep_customers} 小时维护客户，{planning} 小时规划",
                          "Time 60:30:10 → per week {new_market} h winning new market, {keep_customers} h keeping customers, {planning} h planning"),
    "funnel.window.month": ("下个月（{start} 至 {end} 前）：{n} 个商机，加权 {weighted}（未加权 {total}）",
                            "Next month ({start} to before {end}): {n} deals, weighted {weighted} (unweighted {total})"),
    "funnel.window.quarter": ("下个季度（{start} 至 {end} 前）：{n} 个商机，加权 {weighted}（未加权 {total}）",
                              "Next quarter ({start} to before {end}): {n} deals, weighted {weighted} (unweighted {total})"),
    "funnel.not_forecast": ("未计入预测：{undated} 个没有预计成交日期，{past} 个已过预计成交日期",
                            "Not forecast: {undated} without a close date, {past} past their close date"),
    "funnel.review_head": ("{owner} 的漏斗复盘（{as_of}）", "Funnel review for {owner} ({as_of})"),
    "funnel.vs_plan": ("计划需要 {need}，缺口 {gap}", "plan needs {need}, short by {gap}"),
    "funnel.stale": ("30 天没有进展的商机：{n}", "Deals without activity for 30 days: {n}"),
    "funnel.past_close": ("已过预计成交日期的商机：{n}", "Deals past their close date: {n}"),
    "team.sql_bant_min": ("SQL 标准：至少满足 BANT 中的 {n} 项", "SQL standard: at least {n} of BANT"),
    "team.win_probability": ("各阶段赢单概率：", "Win probability by stage: "),
    "team.large_deal_min": ("华为五个销售动作的大单门槛：", "Large-deal threshold for Huawei's five actions: "),
})

register({
    # the opportunity context (sales/context.py)
    "ctx.layer.individual": ("个人", "individual"),
    "ctx.layer.organization": ("组织（团队/部门）", "organization"),
    "ctx.layer.enterprise": ("企业", "enterprise"),
    "ctx.layer.industry": ("行业", "industry"),
    "ctx.persona.decision_maker": ("决策者", "decision maker"),
    "ctx.persona.champion": ("推动者", "champion"),
    "ctx.persona.gatekeeper": ("把关者", "gatekeeper"),
    "ctx.persona.user": ("使用者", "user"),
    "ctx.no_pain": ("还没有{layer}层面的痛点", "no {layer}-level pain captured yet"),
    "ctx.no_fab_for": ("决策链中的{persona}还没有 FAB", "no FAB for the {persona} in the decision chain"),
    "ctx.unaddressed": ("{n} 个痛点还没有 FAB 回应", "{n} pain(s) not addressed by any FAB"),
    "ctx.no_roi": ("回答里的数字还不足以构成一个 ROI 驱动因素，也没有关联的 ROI 测算",
                   "no ROI driver is complete from the answers and no ROI case is linked"),
})

register({
    "{kind!r} is not a claim kind; allowed: {allowed}": ("{kind!r} 不是论据类型；可选：{allowed}",
                                                         "{kind!r} is not a claim kind; allowed: {allowed}"),
    "{status!r} is not a status; allowed: {allowed}": ("{status!r} 不是状态；可选：{allowed}",
                                                       "{status!r} is not a status; allowed: {allowed}"),
    "field:usefulness": ("好用性评分", "usefulness"),
    "field:rater": ("评分人", "rater"),
    "field:perception": ("感受", "perception"),
    "fab.perception.product_experience": ("产品体验", "Product experience"),
    "fab.perception.service_experience": ("服务体验", "Service experience"),
    "fab.perception.extended_value": ("延伸价值", "Extended value"),
})

register({
    "cta.proposal_on_agenda": ("在贵司经营会上汇报本方案", "Present this proposal at your management meeting"),
    "cta.renewal": ("续约与下一年度价值规划会", "Renewal and next year's value planning meeting"),
    "cta.kickoff": ("项目启动会：约定 90 天内实现的第一价值", "Kick-off meeting: agree the first value to reach within 90 days"),
    "cta.expansion": ("扩展使用范围的评估会", "A review of where to extend the solution"),
    "cta.no_step": ("合同金额未填写，无法按规则建议下一步", "no deal size: no next step can be suggested by the rules"),
    "draft.from_checklist.future_state": ("价值六问：客户的业务会达到什么状态", "six value questions: the state the business reaches"),
    "draft.from_checklist.how_we_solve": ("价值六问：我们的工具如何解决", "six value questions: how our tool solves it"),
    "draft.investment_note": ("客户需要投入（价值六问，请在成本中体现）：{answer}",
                              "What the customer must invest (six value questions; price it in the costs): {answer}"),
})

register({
    # the nine winning moves (九招制胜)
    "moves.kpi_reading": ("解读客户 KPI", "Read the customer's KPIs"),
    "moves.relationship_care": ("关系维护", "Relationship care"),
    "moves.coach_file": ("发展教练（教练档案）", "Develop a coach (coach file)"),
    "moves.needs_list": ("列出并解读客户需求", "List and interpret the customer's needs"),
    "moves.competitor_analysis": ("竞争对手分析", "Competitor analysis"),
    "moves.differentiated_solutions": ("差异化方案 A/B", "Differentiated solutions A/B"),
    "moves.selection_cases": ("影响选型（最佳选型案例）", "Influence vendor selection (best selection cases)"),
    "moves.value_stories": ("呈现价值（价值视频、价值故事）", "Present value (value videos, value stories)"),
    "moves.project_run_cases": ("运作项目（最佳项目运作案例）", "Run the project (best project-run cases)"),
    "moves.need.kpi_reading": ("在决策链里写下决策者关注的 KPI", "write the decision maker's KPIs into the decision chain"),
    "moves.need.relationship_care": ("记一条关系维护的安排（拜访、活动、问候）", "note a relationship-care plan (visits, events, greetings)"),
    "moves.need.coach_file": ("在决策链里把一位联系人标为教练", "mark a person in the decision chain as the coach"),
    "moves.need.needs_list": ("在 SPIN 回答中记录客户的痛点", "record the customer's pains in the SPIN answers"),
    "moves.need.competitor_analysis": ("关联一份竞品报告或对比材料", "link a competitor report or comparison deck"),
    "moves.need.differentiated_solutions": ("关联两套差异化方案（A/B）", "link two differentiated solutions (A/B)"),
    "moves.need.selection_cases": ("关联影响选型的最佳案例", "link the best vendor-selection cases"),
    "moves.need.value_stories": ("关联价值故事或视频，或建立 ROI 测算", "link a value story or video, or build an ROI case"),
    "moves.need.project_run_cases": ("关联项目运作的最佳案例", "link the best project-run cases"),
    "moves.rec.kpis": ("决策者 {name} 关注：{interests}", "decision maker {name} watches: {interests}"),
    "moves.rec.coach": ("教练：{name} {title}", "coach: {name} {title}"),
    "moves.rec.pains": ("SPIN 回答中记录了 {n} 个痛点", "{n} pain(s) recorded in the SPIN answers"),
    "moves.rec.roi": ("ROI 测算：{name}", "ROI case: {name}"),
    "moves.asset_gone": ("（已删除的资产）", "(asset deleted)"),
    "moves.not_missile": ("九招制胜适用于导弹式大单（年合同额 10 万元及以上）；这个商机不是。",
                          "The nine winning moves are for missile-model deals (100k CNY a year and above); this one is not."),
    "{move!r} is not one of the nine moves; allowed: {allowed}": (
        "{move!r} 不是九招之一；可选：{allowed}", "{move!r} is not one of the nine moves; allowed: {allowed}"),
    "field:move": ("招式", "move"),
    "field:note": ("备注", "note"),
})

register({
    "nav.funnel": ("销售漏斗", "Funnel"),  # the navigation title, needed before the view is imported
})

register({
    "spin.warn.too_many": ("计划有 {n} 个问题，超过 {limit} 个：少而精的问题效果更好",
                           "{n} questions (> {limit}): few good questions work better"),
    "spin.warn.no_kind": ("计划里没有{label}", "the plan has no {label} question"),
    "spin.warn.no_plan": ("还没有通话计划", "no call plan yet"),
})

register({
    "no one named {name!r} in the decision chain": ("决策链里没有名为 {name!r} 的人",
                                                    "no one named {name!r} in the decision chain"),
    "field:coach": ("教练", "coach"),
})
