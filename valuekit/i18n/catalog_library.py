"""Texts of the library's recommendation, forgiving search, governance, usage and
journey (issue 15)."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # search
    "search.did_you_mean": ("您是不是要找：{suggestion}", "Did you mean: {suggestion}"),
    "search.corrected": ("没有找到您输入的词；以下是“{suggestion}”的结果",
                         "Nothing matched your words; showing results for “{suggestion}”"),
    "search.in_attachment": ("附件 {name}：{text}", "in attachment {name}: {text}"),
    # recommendation reasons
    "rec.tagged": ("标注为 {stage} 阶段的{format}", "{format} tagged for {stage}"),
    "rec.other_stage": ("标注为 {stages} 阶段的{format}（{stage} 阶段没有更合适的）",
                        "{format} tagged for {stages} (none fits {stage} better)"),
    "rec.format_fits": ("{format}：{stage} 阶段适用的内容类型（未标注阶段）",
                        "{format}: the content type that works at {stage} (no stage tag)"),
    "rec.cognition": ("对应客户认知“{step}”", "serves the customer's {step} step"),
    "rec.same_industry": ("同行业（{industry}）", "same industry ({industry})"),
    "rec.any_industry": ("通用，不限行业", "not industry-specific"),
    "rec.other_industry": ("其他行业", "another industry"),
    "rec.persona": ("面向{persona}", "for the {persona}"),
    "rec.rated_stage": ("在 {stage} 阶段评分 {score}/5（{count} 个评分）",
                        "rated {score}/5 at {stage} ({count} ratings)"),
    "rec.rated": ("好用性 {score}/5（{count} 个评分）", "rated {score}/5 ({count} ratings)"),
    "rec.outcomes": ("在 {stage} 阶段 {good}/{uses} 次使用后商机推进或赢单",
                     "{good} of {uses} uses at {stage} advanced or won the deal"),
    "rec.used": ("已使用 {uses} 次", "used {uses} times"),
    "rec.fresh": ("{days} 天前验证", "verified {days} days ago"),
    "rec.fresh_today": ("今天验证", "verified today"),
    "rec.separator": ("；", "; "),
    "rec.none": ("没有符合条件的已验证素材：请为素材标注阶段并验证",
                 "no verified asset fits; tag an asset with the stage and verify it"),
    # governance and trust problems
    "trust.not_verified": ("尚未验证（{status}）", "not verified ({status})"),
    "trust.expired": ("已于 {date} 过期", "expired on {date}"),
    "trust.review_overdue": ("复核已逾期（应于 {date} 复核）", "review overdue (was due {date})"),
    "trust.internal_only": ("仅限内部使用，不得发给客户", "internal only: never for customers"),
    "trust.retired": ("已停用", "retired"),
    "trust.unreadable": ("附件 {name} 无法读取：{error}", "attachment {name} cannot be read: {error}"),
    "gov.owner_none": ("（未指定负责人）", "(no owner)"),
    "gov.due_header": ("待复核素材：{n}", "Assets due for review: {n}"),
    "gov.due_line": ("{due}  {owner}  {title}", "{due}  {owner}  {title}"),
    "gov.none_due": ("没有待复核的素材", "No asset is due for review"),
    # usage outcomes
    "usage.advanced": ("推进", "advanced"), "usage.won": ("赢单", "won"),
    "usage.lost": ("丢单", "lost"), "usage.no_effect": ("无效果", "no effect"),
    "usage.unknown": ("结果未知", "outcome unknown"),
    "usage.win_influence": ("赢单影响力 {pct}%（{won}/{opps} 个商机后来赢单）",
                            "win influence {pct}% ({won} of {opps} opportunities later won)"),
    # journey and toolkit
    "journey.cognition": ("客户认知", "Cognition"), "journey.formats": ("内容形式", "Content formats"),
    "journey.channel": ("渠道", "Channel"), "journey.segment": ("客群", "Segment"),
    "journey.understanding": ("客户获得的认知", "Understanding"),
    "journey.feeling": ("客户的感受", "Feeling"), "journey.action": ("促成的行动", "Action"),
    "journey.sentence": ("在 {stage} 阶段（客户认知：{cognition}），内容 {formats} 通过 {channel} 触达 {segment}；客户获得“{understanding}”的认知和“{feeling}”的感受，于是{action}，推动商机进入下一阶段。",
                         "In stage {stage} (cognition: {cognition}), content {formats} reaches {segment} through {channel}; the customer gains the understanding “{understanding}” and the feeling “{feeling}”, and so takes the action “{action}”, which moves the deal to the next stage."),
    "journey.coverage_ok": ("足够", "enough"), "journey.coverage_gap": ("缺 {n} 件", "{n} missing"),
    "toolkit.present": ("已有", "present"), "toolkit.missing": ("缺少", "missing"),
    "toolkit.draft_only": ("仅有未验证或过期的", "only unverified or stale pieces"),
    "toolkit.brochure": ("产品手册", "Brochure"), "toolkit.tech_spec_sheet": ("技术参数表", "Tech parameter sheet"),
    "toolkit.solution_deck": ("解决方案演示", "Solution deck"), "toolkit.one_pager": ("一页纸", "One-pager"),
    "toolkit.card": ("卡片", "Card"), "toolkit.short_video": ("小视频", "Short video"),
    "toolkit.competitor_comparison": ("竞品对比", "Competitor comparison"),
    "toolkit.third_party_report": ("第三方报告", "Third-party report"),
    "journey.general": ("通用（不限行业）", "general (any industry)"),
    "must be a stage's journey field: {allowed}": ("必须是旅程字段之一：{allowed}", "must be a stage's journey field: {allowed}"),
    "{value} is in the past: a new asset would be expired at once; give a later date or none":
        ("{value} 已是过去的日期：新素材会立即过期；请给出以后的日期或留空",
         "{value} is in the past: a new asset would be expired at once; give a later date or none"),
    "must be a whole number of days from 1 to 3660 (empty = the format's default), got {value!r}":
        ("必须是 1 到 3660 之间的整数天数（留空 = 按形式的默认值），实际为 {value!r}",
         "must be a whole number of days from 1 to 3660 (empty = the format's default), got {value!r}"),
    "must be at most {n} characters": ("最多 {n} 个字符", "must be at most {n} characters"),
    "must be true or false": ("必须是 true 或 false", "must be true or false"),
    "cannot read {name}: {reason}": ("无法读取 {name}：{reason}", "cannot read {name}: {reason}"),
    "the file is encrypted (password-protected)": ("文件已加密（有密码保护）", "the file is encrypted (password-protected)"),
    "the file is damaged or not a {kind} file": ("文件已损坏或不是 {kind} 文件", "the file is damaged or not a {kind} file"),
    "unknown opportunity {ref!r}": ("找不到商机 {ref!r}", "unknown opportunity {ref!r}"),
})
