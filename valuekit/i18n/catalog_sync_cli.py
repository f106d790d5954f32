"""What `valuekit sync` and its sub-commands print (the command line's own lines; the
messages of errors live with the core's catalogs)."""

from __future__ import annotations

from valuekit.i18n import register

register({
    "sync.out.offline": ("离线：{problem}。你的修改保存在本机，稍后同步。",
                         "offline: {problem}. Your changes stay here and sync later."),
    "sync.out.report": ("拉取 {pulled} 条变更（直接应用 {applied}，合并 {merged}），推送 {pushed} 条，"
                        "发送使用记录 {sent} 条，收到 {received} 条。",
                        "Pulled {pulled} changes ({applied} applied, {merged} merged), pushed {pushed},"
                        " usage sent {sent}, received {received}."),
    "sync.out.conflict": ("冲突：{name}——请看 valuekit sync conflicts",
                          "conflict: {name} — see valuekit sync conflicts"),
    "sync.out.download_problem": ("未能下载离线文件 {name}：{problem}（下次同步会再试）",
                                  "could not download the offline file {name}: {problem} (the next sync tries again)"),
    "sync.out.refused": ("被拒绝：{kind} {id}：{reason}", "refused: {kind} {id}: {reason}"),
    "sync.out.connected": ("已连接 {server}，用户 {user}（{role}）。",
                           "Connected to {server} as {user} ({role})."),
    "sync.out.server": ("服务器：{server}  用户：{user}（{role}）", "server: {server}  user: {user} ({role})"),
    "sync.out.not_set_up": ("（未设置）", "(not set up)"),
    "sync.out.last": ("上次同步：{when}  版本：{cursor}", "last sync: {when}  version: {cursor}"),
    "sync.out.never": ("从未", "never"),
    "sync.out.problem": ("上次的问题：{problem}", "last problem: {problem}"),
    "sync.out.waiting": ("待发送的使用记录：{events}；冲突：{conflicts}；被拒绝的修改：{refused}；共享的客户：{shared}",
                         "usage not yet sent: {events}; conflicts: {conflicts}; refused changes: {refused};"
                         " shared accounts: {shared}"),
    "sync.out.refused_line": ("  被拒绝 {kind} {id}：{reason}", "  refused {kind} {id}: {reason}"),
    "sync.out.no_refused": ("没有被拒绝的修改。", "No refused changes."),
    "sync.out.reverted": ("{kind} {id} 已恢复为团队的版本。", "{kind} {id} is back to the team's version."),
    "sync.out.shared": ("已共享给：{names}（下次同步时发送）。", "Shared with: {names} (sent at the next sync)."),
    "sync.out.only_you": ("仅你自己", "only you"),
})
