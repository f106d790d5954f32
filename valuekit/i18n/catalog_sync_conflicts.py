"""Messages and labels of settling sync conflicts field by field (sync/conflicts.py,
sync/resolve.py, the `sync conflicts` / `sync resolve` commands)."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # errors of `resolve`
    "is not a disputed field of this conflict; disputed: {allowed}":
        ("不是这个冲突中有分歧的字段；有分歧的字段：{allowed}",
         "is not a disputed field of this conflict; disputed: {allowed}"),
    "was already decided; still open: {allowed}":
        ("已经决定过了；尚未决定：{allowed}", "was already decided; still open: {allowed}"),
    "must be mine, theirs or an edited value, got {value!r}":
        ("只能是 mine（我的）、theirs（对方的）或手工填写的值，收到的是 {value!r}",
         "must be mine, theirs or an edited value, got {value!r}"),
    "a value of your own cannot be checked for this kind of row; choose mine or theirs":
        ("这类条目无法校验手工填写的值；请选择 mine（我的）或 theirs（对方的）",
         "a value of your own cannot be checked for this kind of row; choose mine or theirs"),
    "must be yes or no": ("只能是 yes（是）或 no（否）", "must be yes or no"),
    "must be a number, got {value!r}": ("必须是数字，收到的是 {value!r}", "must be a number, got {value!r}"),
    "must be written as JSON like the other values":
        ("须按 JSON 格式填写，与两边的值格式相同", "must be written as JSON like the other values"),
    "give each disputed field as PATH=mine or PATH=theirs, got {value!r}":
        ("每个有分歧的字段须写作 字段=mine 或 字段=theirs，收到的是 {value!r}",
         "give each disputed field as PATH=mine or PATH=theirs, got {value!r}"),
    "give the edited value as PATH=VALUE, got {value!r}":
        ("手工填写的值须写作 字段=值，收到的是 {value!r}", "give the edited value as PATH=VALUE, got {value!r}"),
    "say how to settle it: mine, theirs, --field PATH=mine|theirs or --set PATH=VALUE":
        ("请说明如何解决：mine、theirs、--field 字段=mine|theirs 或 --set 字段=值",
         "say how to settle it: mine, theirs, --field PATH=mine|theirs or --set PATH=VALUE"),
    "is named twice": ("出现了两次", "is named twice"),
    # the server's reasons for refusing a change (server/rows.py), shown in the user's language
    "only marketing may verify or retire an asset":
        ("只有市场部可以验证或下架素材", "only marketing may verify or retire an asset"),
    "sales and presales may edit only their own drafts":
        ("销售和售前只能修改自己的草稿", "sales and presales may edit only their own drafts"),
    "only the owner may change whom an account is shared with":
        ("只有商机负责人可以更改共享对象", "only the owner may change whom an account is shared with"),
    "refused by the database: {diag}": ("被数据库拒绝：{diag}", "refused by the database: {diag}"),
    "sync.change.deleted": ("在本机删除", "deleted here"),
    "sync.change.new": ("在本机新建", "new here"),
    "sync.change.more": ("另有 {n} 处", "{n} more"),
    "sync.change.item": ("{field}：{before} → {after}", "{field}: {before} → {after}"),
    "sync.change.sep": ("；", "; "),
    "field:verified_by": ("状态更改人", "status set by"),
    # what is disputed, as the user reads it
    "sync.kind.asset": ("素材", "Asset"),
    "sync.kind.opportunity": ("商机", "Opportunity"),
    "sync.kind.roi_case": ("ROI 测算", "ROI case"),
    "sync.kind.pitch": ("提案", "Pitch"),
    "sync.kind.spin_answer": ("SPIN 回答", "SPIN answer"),
    # the kinds sync/records.py added for the rest of an account and the team vocabulary
    "sync.kind.facet": ("词表分面", "Vocabulary facet"),
    "sync.kind.fab": ("FAB 话术", "FAB statement"),
    "sync.kind.spin_plan_item": ("SPIN 通话计划条目", "SPIN plan item"),
    "sync.kind.opportunity_stage": ("商机阶段记录", "Stage change"),
    "sync.kind.opportunity_move": ("九招进展", "Winning move"),
    "sync.kind.account_tier": ("客户分级", "Account tier"),
    "sync.kind.value_plan": ("价值实现计划", "Value plan"),
    "sync.kind.value_milestone": ("价值里程碑", "Value milestone"),
    "sync.kind.value_actual": ("实际价值", "Realised value"),
    "sync.kind.value_contact": ("客户联系人", "Customer contact"),
    "sync.kind.value_nps": ("NPS 评分", "NPS score"),
    "sync.kind.value_story": ("客户成功故事", "Customer story"),
    "field:label_zh": ("中文名称", "Chinese label"),
    "field:label_en": ("英文名称", "English label"),
    "field:closed": ("封闭词表", "closed list"),
    "field:single": ("只取一个值", "single value"),
    "field:position": ("排序", "position"),
    "field:values": ("取值", "values"),
    "sync.value.empty": ("（空）", "(empty)"),
    "sync.value.sep": ("、", ", "),
    "sync.value.pair": ("{field}：{value}", "{field}: {value}"),
    "sync.value.yes": ("是", "yes"),
    "sync.value.no": ("否", "no"),
    "sync.value.language.zh": ("中文", "Chinese"),
    "sync.value.language.en": ("英文", "English"),
    "sync.value.status.draft": ("草稿", "draft"),
    "sync.value.status.verified": ("已验证", "verified"),
    "sync.value.status.retired": ("已下架", "retired"),
    "field:choice": ("解决方式", "choice"),
    "field:bant.budget": ("预算", "budget"),
    "field:bant.authority": ("决策权", "authority"),
    "field:bant.need": ("需求", "need"),
    "field:bant.timeline": ("时间表", "timeline"),
    "field:known": ("已确认", "known"),
    "field:decision_chain.name": ("姓名", "name"),
    "field:decision_chain.title": ("职务", "job title"),
    "field:decision_chain.role": ("决策角色", "role"),
    "field:interests": ("关注点", "interests"),
    "field:concerns": ("顾虑", "concerns"),
    "field:importance": ("重要度", "importance"),
    "field:creator": ("作者", "creator"),
    "field:source_url": ("来源链接", "source URL"),
    "field:review_due": ("复核日期", "review due"),
    "field:expires_on": ("到期日", "expires on"),
    "field:internal_only": ("仅限内部", "internal only"),
    "field:members": ("共享给", "shared with"),
    "field:segment": ("细分市场", "segment"),
    "field:region": ("地区", "region"),
    "field:size": ("规模", "size"),
    # `sync conflicts` / `sync resolve` output
    "sync.cli.none": ("没有冲突。", "No conflicts."),
    "sync.cli.conflict": ("{kind}「{title}」（{id}），对方：{by}", "{kind} “{title}” ({id}), theirs by {by}"),
    "sync.cli.field": ("  {label}（{path}）：原值 {base} ｜ 我的 {mine} ｜ 对方的 {theirs}",
                       "  {label} ({path}): base {base} | mine {mine} | theirs {theirs}"),
    "sync.cli.decided": ("  已决定 {label}（{path}）：{value}（{choice}）",
                         "  decided {label} ({path}): {value} ({choice})"),
    "sync.cli.hint": ("  解决：valuekit sync resolve {kind} {id} --field 字段=mine|theirs [--set 字段=值] 或 mine|theirs",
                      "  settle: valuekit sync resolve {kind} {id} --field PATH=mine|theirs [--set PATH=VALUE] or mine|theirs"),
    "sync.cli.closed": ("{kind} {id} 的冲突已解决（{fields}），下次同步时上传。",
                        "Conflict on {kind} {id} settled ({fields}); sent at the next sync."),
    "sync.cli.partial": ("已决定 {fields}；尚未决定：{remaining}（下次同步前不上传）。",
                         "Decided {fields}; still open: {remaining} (not sent until all are decided)."),
    "sync.choice.mine": ("我的", "mine"),
    "sync.choice.theirs": ("对方的", "theirs"),
    "sync.choice.edit": ("手工填写", "edited"),
})
