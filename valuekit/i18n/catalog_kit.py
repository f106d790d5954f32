"""Strings of the customer kit (issue 13): brand and seller profile, pre-flight check,
kit export, seller's notes, deck, number formatting."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # number formatting (valuekit/i18n/formatting.py)
    "fmt.months": ("{n} 个月", "{n} months"),
    "fmt.not_recovered": ("期内未回收", "not within horizon"),
    # customer documents
    "doc.ambiguous": ("（多解）", " (ambiguous)"),
    "doc.tag_individual": ("个人", "Individual"),
    "doc.tag_organization": ("组织", "Team"),
    "doc.tag_enterprise": ("企业", "Enterprise"),
    "doc.tag_industry": ("行业", "Industry"),
    "doc.contact": ("联系方式", "Contact"),
    "doc.prepared_by": ("撰写人", "Prepared by"),
    "doc.title_notes": ("销售备注（内部，勿发客户）", "Seller's notes (internal, do not send)"),
    "doc.title_deck": ("演示文稿", "Presentation"),
    # seller's notes
    "doc.notes_intro": ("本文件仅供销售本人使用：列出建议书中每条内容的来源，以及发给客户前还需补强的地方。",
                    "For the seller only: where each statement of the proposal comes from, and what to strengthen before the meeting."),
    "doc.notes_claim": ("内容", "Statement"),
    "doc.notes_source": ("来源", "Source"),
    "doc.notes_no_source": ("未注明来源（手写）", "no source recorded (typed in)"),
    "doc.notes_preflight": ("发送前检查", "Pre-flight check"),
    "doc.notes_all_clear": ("没有发现问题。", "No problems found."),
    "doc.notes_case_internal": ("案例的内部说明（未印在客户文件中）", "The case's internal notes (not printed in customer documents)"),
    "doc.notes_case_asset": ("案例库资产 {id} · 状态：{status} · 复核日期：{due}", "Library asset {id} · status: {status} · review due: {due}"),
    "doc.notes_roi_inputs": ("ROI 输入的来源", "Where the ROI inputs come from"),
    "doc.notes_cta_reason": ("下一步行动的依据", "Why this next step"),
    "doc.notes_blocking": ("阻止发送", "blocking"),
    "doc.notes_warning": ("提醒", "warning"),
    "doc.notes_omitted": ("客户文件中已省略的步骤：{steps}", "Steps left out of the customer documents: {steps}"),
    # pre-flight check
    "preflight.step": ("第 {n} 步", "step {n}"),
    "preflight.general": ("整体", "general"),
})

register({
    # the seven-step check (pitch/check.py)
    "check.step1": ("场景", "scenario"), "check.step2": ("分层痛点", "pains"),
    "check.step3": ("分层效果", "effects"), "check.step4": ("执行与优势", "execution"),
    "check.step5": ("客户案例", "customer case"), "check.step6": ("ROI", "ROI"),
    "check.step7": ("下一步行动", "call to action"),
    "check.what2": ("痛点", "pains"), "check.what3": ("效果", "effects"),
    "check.sep": ("、", ", "),
    "check.no_layers": ("没有任何{what}", "no {what} in any layer"),
    "check.fix_layers2": ("从 SPIN 的难点与暗示问题的回答中补充", "add them from the SPIN problem and implication answers"),
    "check.fix_layers3": ("为每个痛点写出方案带来的效果", "write the effect of the solution on each pain"),
    "check.layers_without": ("缺少这些层级的{what}：{names}", "layers without {what}: {names}"),
    "check.fix_each_layer": ("四个层级都写至少一条", "write at least one item for each of the four layers"),
    "check.the_industry": ("该行业", "the customer's industry"),
    "check.no_case": ("没有客户案例", "no customer case"),
    "check.fix_no_case": ("从案例库挑选一个已验证的{ind}案例", "pick a verified case study tagged {ind} from the library"),
    "check.typed_case": ("案例不是来自案例库，未经验证", "the case is typed in, not a verified library asset"),
    "check.fix_typed_case": ("改用案例库中已验证的案例", "pick a verified case study from the library"),
    "check.no_asset": ("案例库中没有资产 {id}", "no asset {id} in the library"),
    "check.fix_no_asset": ("另选一个案例", "pick another case"),
    "check.not_verified": ("未验证", "not verified"),
    "check.not_case": ("不是客户案例", "not a case study"),
    "check.not_tagged": ("未标注行业 {industry}", "not tagged {industry}"),
    "check.case_problems": ("案例「{title}」：{problems}", "case '{title}': {problems}"),
    "check.fix_case": ("验证并标注该案例，或另选已验证的{ind}案例", "no verified case study tagged {ind} — tag one or pick another"),
    "check.no_roi": ("没有 ROI 测算", "no ROI case"),
    "check.fix_no_roi": ("用 SPIN 回答中的数字建立 ROI 测算", "build an ROI case from the numbers in the SPIN answers"),
    "check.no_payback": ("预期情景在期限内无法回收投资", "the expected case does not pay back within the horizon"),
    "check.fix_no_payback": ("核对驱动因素和成本，或延长期限", "check the drivers and costs with the customer, or extend the horizon"),
    "check.no_execution": ("没有执行计划和优势", "no execution plan or advantages"),
    "check.fix_no_execution": ("写出实施阶段（谁做什么）和相对竞品的优势", "add the phases (who does what) and advantages vs the competitor"),
    "check.phases": ("实施阶段", "phases"), "check.advantages": ("优势", "advantages"),
    "check.no_part": ("缺少{part}", "no {part}"), "check.fix_part": ("补充{part}", "add the {part}"),
    "check.no_cta": ("没有下一步行动", "no next step"),
    "check.fix_no_cta": ("约定一个带日期的下一步行动", "propose a next step with a date"),
    "check.date": ("日期", "date"), "check.owner": ("负责人", "owner"),
    "check.cta_gap": ("缺少{gap}", "no {gap}"),
    "check.fix_cta_gap": ("定下日期和负责人", "set a date and an owner"),
    "check.no_scenario": ("没有场景描述", "no scenario"),
    "check.fix_no_scenario": ("描述客户所在细分市场中真实、常见的业务场景", "describe a real, common scenario of this customer's niche"),
    "check.short_scenario": ("场景描述太短", "the scenario is a single phrase"),
    "check.fix_short_scenario": ("写出现在的业务流程：谁、做什么、用什么工具", "describe the current business flow: who does what, with which tools"),
    "check.thin": ("单薄", "thin"), "check.missing": ("缺失", "missing"),
    "check.complete": ("完整", "complete"),
    "check.line": ("第 {step} 步（{name}）{status}：{reason} —— {fix}", "step {step} ({name}) {status}: {reason} — {fix}"),
})

register({
    "check.layer_individual": ("个人", "individual"), "check.layer_organization": ("组织", "organization"),
    "check.layer_enterprise": ("企业", "enterprise"), "check.layer_industry": ("行业", "industry"),
})

register({
    # pre-flight check (pitch/preflight.py)
    "preflight.fix_roi_invalid": ("在 ROI 页修正该输入", "correct this input of the ROI case"),
    "preflight.placeholder": ("含有占位内容「{text}」", "contains placeholder text '{text}'"),
    "preflight.fix_placeholder": ("写出真实内容，或删掉这一条", "write the real content or delete the item"),
    "preflight.lang_zh": ("中文", "Chinese"), "preflight.lang_en": ("英文", "English"),
    "preflight.other_language": ("这段是{language}：「{text}」", "written in {language}: '{text}'"),
    "preflight.fix_other_language": ("改写为{language}，与客户文件的语言一致", "rewrite it in {language}, the language of the customer documents"),
    "preflight.fix_case_not_verified": ("请市场部验证该案例，或另选已验证的案例", "have marketing verify it, or pick a verified case"),
    "preflight.fix_case_review_overdue": ("确认数据仍然有效后更新复核日期", "confirm its figures still hold and renew the review date"),
    "preflight.case_other_language": ("案例「{title}」与客户文件的语言不同", "case '{title}' is in another language than the documents"),
    "preflight.fix_case_other_language": ("另选一个同语言的案例，或先翻译", "pick a case in the documents' language, or translate it first"),
    "preflight.profile_unset": ("还没有填写销售联系人信息（姓名、电话或邮箱）", "the seller profile (name, phone or email) is not set"),
    "preflight.fix_profile": ("valuekit profile set --name … --phone … --email …，或在设置中填写", "valuekit profile set --name … --phone … --email …, or fill it in Settings"),
    "preflight.brand_unset": ("还没有设置公司名称和品牌", "no company name or brand is set"),
    "preflight.fix_brand": ("valuekit brand set --company … --logo … --color #RRGGBB，或在设置中填写", "valuekit brand set --company … --logo … --color #RRGGBB, or fill it in Settings"),
    "preflight.blocked": ("有 {n} 个阻止发送的问题；修正后再导出，或确认仍要导出（--allow-incomplete）", "{n} blocking problem(s); fix them, or confirm the export anyway (--allow-incomplete)"),
    "preflight.fix_roi_red_flag": ("修正这个数字，或在 ROI 页写明理由后确认（valuekit roi ack）", "fix the number, or acknowledge it with a reason on the ROI page (valuekit roi ack)"),
    "preflight.case_trust": ("案例「{title}」：{problem}", "case '{title}': {problem}"),
    "preflight.fix_case_expired": ("案例已过期，请另选一个有效的案例，或请市场部更新后延长有效期", "the case has expired: pick a current case, or have marketing update it and extend its expiry"),
    "preflight.fix_case_internal_only": ("这是内部材料，不能发给客户；请另选一个客户案例", "this is internal material and never goes to a customer: pick a customer case instead"),
    "preflight.claim_unverified_fab": ("引用的 FAB 陈述「{text}」{status}", "relies on the FAB statement '{text}', which is {status}"),
    "preflight.claim_unverified_spin": ("痛点来自 SPIN 问题「{text}」，该问题{status}", "a pain comes from the SPIN question '{text}', which is {status}"),
    "preflight.claim_status_draft": ("仍是草稿、未经验证", "a draft, not verified"),
    "preflight.claim_status_retired": ("已停用", "retired"),
    "preflight.claim_status_verified": ("已验证", "verified"),
    "preflight.fix_claim_unverified": ("请市场部验证它（valuekit claim verify …），或改写成你自己能担保的说法", "have marketing verify it (valuekit claim verify …), or rewrite it in words you can stand behind"),
    "preflight.none": ("可以发送：没有发现问题。", "Ready to send: no problems found."),
})

register({
    "pdftoppm (poppler-utils) is needed to write a PNG; install it": ("需要 pdftoppm（poppler-utils）才能生成 PNG，请先安装", "pdftoppm (poppler-utils) is needed to write a PNG; install it"),
    "pdftoppm failed: {error}": ("pdftoppm 出错：{error}", "pdftoppm failed: {error}"),
    "{n} blocking problem(s) before a customer export; fix them, or confirm the export anyway": ("发送给客户前有 {n} 个阻止发送的问题；请修正，或确认仍要导出", "{n} blocking problem(s) before a customer export; fix them, or confirm the export anyway"),
    "the seller's notes need the library (export them as part of a kit)": ("销售备注需要打开案例库（请作为资料包的一部分导出）", "the seller's notes need the library (export them as part of a kit)"),
    "must be a colour #RRGGBB, got {value!r}": ("必须是 #RRGGBB 格式的颜色，收到 {value!r}", "must be a colour #RRGGBB, got {value!r}"),
    "an SVG logo must not declare a DOCTYPE or entities": ("SVG 标志不能声明 DOCTYPE 或实体", "an SVG logo must not declare a DOCTYPE or entities"),
    "is not a readable SVG: {exc}": ("不是可读取的 SVG：{exc}", "is not a readable SVG: {exc}"),
    "is not an SVG image": ("不是 SVG 图像", "is not an SVG image"),
    "no file {path}": ("没有文件 {path}", "no file {path}"),
    "must be smaller than 2 MB (this file is {mb} MB)": ("必须小于 2 MB（该文件为 {mb} MB）", "must be smaller than 2 MB (this file is {mb} MB)"),
    "is not a PNG image (its content does not start like one)": ("不是 PNG 图像（文件内容不是 PNG 格式）", "is not a PNG image (its content does not start like one)"),
    "must be a .png or .svg file, got {name!r}": ("必须是 .png 或 .svg 文件，收到 {name!r}", "must be a .png or .svg file, got {name!r}"),
    "must be 5–30 digits, spaces, +, -, ( or )": ("必须是 5–30 个数字、空格、+、-、( 或 )", "must be 5–30 digits, spaces, +, -, ( or )"),
    "is not an email address: {value!r}": ("不是有效的邮箱地址：{value!r}", "is not an email address: {value!r}"),
})

register({
    "cli.warning": ("警告：{line}", "Warning: {line}"),
})

register({
    "brand.company": ("公司名称", "Company"), "brand.color": ("主色", "Colour"),
    "brand.accent": ("标题色", "Accent"), "brand.footer": ("页脚", "Footer"),
    "brand.logo": ("标志", "Logo"),
    "profile.name": ("姓名", "Name"), "profile.title": ("职务", "Title"),
    "profile.phone": ("电话", "Phone"), "profile.email": ("邮箱", "Email"),
})

register({
    # drafting a pitch (pitch/draft.py)
    "draft.lead": ("{customer}是一家{segment}{industry}企业。", "{customer} is a {segment}{industry} company."),
    "draft.segment_sep": ("", " "),
    "draft.case_source": ("案例库推荐：{reason}", "recommended by the library: {reason}"),
    "draft.roi_case": ("ROI 测算 {name}", "ROI case {name}"),
    "draft.roi_proposed": ("由 SPIN 回答中的数字生成", "proposed from the SPIN answers"),
    "draft.spin_source": ("SPIN：{question}", "SPIN: {question}"),
    "draft.versus": ("（对比 {competitor}）", " (vs {competitor})"),
    "draft.title": ("{customer} · {industry}解决方案建议", "{customer}: {industry} solution proposal"),
})
