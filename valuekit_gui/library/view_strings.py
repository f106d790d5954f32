"""The library screen's own texts (zh, en), registered in the one message table."""

from __future__ import annotations

from valuekit_gui.common.i18n import add_strings

add_strings({
    "lib.search": ("搜索标题、摘要、正文…（中英文）", "Search titles, summaries, bodies… (Chinese or English)"),
    "lib.count": ("{n} 条素材", "{n} assets"),
    "lib.new": ("新建素材", "New asset"),
    "lib.edit_asset": ("编辑素材", "Edit asset"),
    "lib.bulk_tag": ("批量打标签", "Tag selected"),
    "lib.tag_manager": ("标签管理", "Tag manager"),
    "lib.export": ("导出结果…", "Export results…"),
    "lib.export_pack": ("打包分享…", "Share as pack…"),
    "lib.retire_selected": ("停用所选", "Retire selected"),
    "lib.retire_confirm": ("停用所选的 {n} 条素材？（历史记录保留，可恢复为草稿）",
                           "Retire the {n} selected assets? (History is kept; they can go back to draft.)"),
    "lib.retired": ("已停用 {n} 条素材", "Retired {n} assets"),
    "lib.dropped": ("已从文件创建 {n} 条素材", "Created {n} assets from files"),
    "lib.importing": ("正在添加文件… {done}/{total}", "Adding files… {done}/{total}"),
    "lib.exporting": ("正在导出… {done}/{total}", "Exporting… {done}/{total}"),
    "lib.exported": ("已导出 {n} 条素材到 {path}", "Exported {n} assets to {path}"),
    "lib.select_first": ("先在表格中选择素材。", "Select assets in the table first."),
})
