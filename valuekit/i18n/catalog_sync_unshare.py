"""Messages of unsharing an account and of keeping the sync token out of the library
(issue 18)."""

from __future__ import annotations

from valuekit.i18n import register


def _en(pairs: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {en: (zh, en) for en, zh in pairs.items()}


register(_en({
    "{owner} stopped sharing the account {customer} with you: it was removed from this laptop;"
    " this change had not reached the team and is kept here for you to read or copy":
        "{owner} 已停止与你共享客户 {customer}：它已从这台电脑上移除；这项修改尚未同步到团队，"
        "保留在这里供你查看或复制",
}))

register({
    "sync.revoked": ("{owner} 已停止与你共享客户 {customer}：已从这台电脑移除 {removed} 条记录",
                     "no longer shared with you: {customer} (by {owner}); {removed} row(s) removed"
                     " from this laptop"),
    "sync.revoked_kept": ("{kept} 项尚未同步的修改保留在被拒绝的修改中：valuekit sync rejected",
                          "{kept} change(s) not yet sent are kept: valuekit sync rejected"),
})
