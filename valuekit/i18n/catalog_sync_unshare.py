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
    "this computer has no sync token for {user} on {server} (a library copied from another"
    " computer does not bring it): run valuekit sync setup --server {server} --token T":
        "这台电脑上没有 {user} 在 {server} 的同步令牌（从别的电脑复制来的价值库不带令牌）："
        "请运行 valuekit sync setup --server {server} --token T",
    "{path} can be read by other users of this computer, so ValueKit will not use the sync token"
    " in it: run chmod 600 {path} (and ask for a new token if others may have read it)":
        "这台电脑的其他用户可以读取 {path}，因此 ValueKit 不会使用其中的同步令牌：请运行 chmod 600 {path}"
        "（如果别人可能已读过，请申请新令牌）",
    "cannot read {path}: {reason}": "无法读取 {path}：{reason}",
    "{path} is not a ValueKit credentials file; move it away and run valuekit sync setup again":
        "{path} 不是 ValueKit 凭据文件：请把它移走，然后重新运行 valuekit sync setup",
    "the system keyring ({where})": "系统钥匙串（{where}）",
    "{where}, readable only by you": "{where}（只有你能读取）",
}))

register({
    "sync.token_kept": ("令牌保存在 {place}，不在价值库中。", "The token is kept in {place} (not in the library)."),
    "sync.token_prompt": ("令牌", "Token"),
    "sync.token_empty": ("令牌为空：请粘贴 valuekit server user add 打印的令牌",
                         "the token is empty: paste the one valuekit server user add printed"),
    "sync.token_forgotten": ("已从这台电脑删除同步令牌；重新连接请运行 valuekit sync setup",
                             "The sync token was removed from this computer; valuekit sync setup"
                             " connects again."),
    "sync.token_none": ("这台电脑上没有这个价值库的同步令牌", "This computer holds no sync token for this library."),
    "sync.refused_more": ("  另有 {n} 项：valuekit sync rejected", "  … and {n} more: valuekit sync rejected"),
    "sync.token_missing": ("这台电脑上没有同步令牌：请运行 valuekit sync setup",
                           "No sync token on this computer: run valuekit sync setup."),
    "sync.revoked": ("{owner} 已停止与你共享客户 {customer}：已从这台电脑移除 {removed} 条记录",
                     "no longer shared with you: {customer} (by {owner}); {removed} row(s) removed"
                     " from this laptop"),
    "sync.revoked_kept": ("{kept} 项尚未同步的修改保留在被拒绝的修改中：valuekit sync rejected",
                          "{kept} change(s) not yet sent are kept: valuekit sync rejected"),
})
