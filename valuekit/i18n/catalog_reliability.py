"""Chinese for the reliability messages: disk full, environment problems, backup,
restore, check and repair, pack refusals, bounded input (issue 12)."""

from __future__ import annotations

from valuekit.i18n import register

# English-text ids (raised by the core) → Chinese
ZH: dict[str, str] = {
    "disk full: {needed} MB needed, {free} MB free in {folder}": "磁盘已满：需要 {needed} MB，{folder} 中只剩 {free} MB",
    "cannot write {path}: it is on a read-only filesystem; choose another place": "无法写入 {path}：它位于只读文件系统上；请换一个位置",
    "cannot write {path}: permission denied; choose a folder you may write to": "无法写入 {path}：没有权限；请选择你可以写入的文件夹",
    "cannot write {path}: {reason}": "无法写入 {path}：{reason}",
    "{path} is a folder; give a file name inside it": "{path} 是文件夹；请给出其中的文件名",
    "{path} is not a regular file (a pipe or a device); give a file name": "{path} 不是普通文件（是管道或设备）；请给出文件名",
    "folder {folder} does not exist": "文件夹 {folder} 不存在",
    "{path} changed while it was copied (its hash differs); nothing was written": "{path} 在复制过程中发生了变化（哈希不一致）；未写入任何内容",
    "library folder {folder} is on a read-only filesystem (a locked USB stick, a read-only mount): copy the library somewhere writable": "价值库文件夹 {folder} 位于只读文件系统上（被锁定的 U 盘或只读挂载）：请把价值库复制到可写的位置",
    "{db_path} is a read-only file: ValueKit needs to write to it (fix its permissions, e.g. chmod u+w)": "{db_path} 是只读文件：ValueKit 需要写入它（请修改权限，例如 chmod u+w）",
    "{db_path} is locked by another program (another ValueKit window, a sync tool or a backup): close it and try again": "{db_path} 被其他程序锁定（另一个 ValueKit 窗口、同步工具或备份程序）：请关闭后重试",
    "permission denied reading {db_path}: ask its owner or fix its permissions": "没有权限读取 {db_path}：请联系其所有者或修改权限",
    "{db_path} is an empty file (0 bytes), not a library: restore it with `valuekit library restore BACKUP`, or delete it to start a new library": "{db_path} 是空文件（0 字节），不是价值库：请用 `valuekit library restore 备份` 恢复，或删除它以新建价值库",
    "{db_path} records schema version {version} but holds a library's tables: its version number was damaged; restore the latest backup with `valuekit library restore` (automatic ones are library.db.*.bak beside it)": "{db_path} 记录的结构版本是 {version}，却包含价值库的表：版本号已损坏；请用 `valuekit library restore` 恢复最近的备份（自动备份是旁边的 library.db.*.bak）",
    "{db_path} records schema version {version} but has no library tables: it is not a ValueKit library or it was damaged": "{db_path} 记录的结构版本是 {version}，却没有价值库的表：它不是 ValueKit 价值库，或已损坏",
    "cannot write to the library in {folder}: the database or its folder is read-only (fix the permissions or copy the library somewhere writable)": "无法写入 {folder} 中的价值库：数据库或其文件夹只读（请修改权限，或把价值库复制到可写的位置）",
    "the library in {folder} is locked by another program (another ValueKit window, a sync tool or a backup): close it and try again": "{folder} 中的价值库被其他程序锁定（另一个 ValueKit 窗口、同步工具或备份程序）：请关闭后重试",
    "upgrading the library to schema {number} failed ({exc}); it was left at schema {version}, and a backup was taken first": "把价值库升级到结构版本 {number} 失败（{exc}）；它保持在结构版本 {version}，升级前已做了备份",
    "{name} must be a whole number of backups to keep, got {value!r}": "{name} 必须是要保留的备份份数（整数），实际为 {value!r}",
    "the backup {target} did not verify; it was removed": "备份 {target} 未通过校验，已删除",
    "backing up to {target} failed: {exc}": "备份到 {target} 失败：{exc}",
    "cannot back up into the library itself ({dest}); choose a folder outside {library}": "不能备份到价值库自身内部（{dest}）；请选择 {library} 之外的文件夹",
    "{backup} is not a ValueKit backup (no {name} in it)": "{backup} 不是 ValueKit 备份（其中没有 {name}）",
    "the backup {backup} is damaged ({finding}); it was not used": "备份 {backup} 已损坏（{finding}）；未使用它",
    "{backup} does not exist": "{backup} 不存在",
    "{backup} is inside the library; restore from a backup kept elsewhere": "{backup} 位于价值库内部；请从保存在别处的备份恢复",
    "the backup {backup} lacks {n} attachment files (or they are damaged); it was not used": "备份 {backup} 缺少 {n} 个附件文件（或已损坏）；未使用它",
    "the restored library does not pass its check; your previous database is kept as {aside}": "恢复后的价值库未通过检查；原数据库已保存为 {aside}",
    "{db_path} does not exist: there is no library to repair": "{db_path} 不存在：没有可修复的价值库",
    "the recovered database did not pass its check; the damaged one was left in place and kept as {aside}": "恢复出的数据库未通过检查；已损坏的数据库保持原样，并另存为 {aside}",
    "pack refused: assets.json[{n}].{key} {value!r} is in the future (the sender's clock is wrong, or the pack was tampered with)": "拒绝导入资料包：assets.json[{n}].{key} {value!r} 是未来的时间（发送方的时钟有误，或资料包被篡改）",
    "import file {path} is not text in UTF-8, UTF-16 or GB18030; save it as UTF-8 (in Excel: Save As → CSV UTF-8)": "导入文件 {path} 不是 UTF-8、UTF-16 或 GB18030 文本；请另存为 UTF-8（Excel 中：另存为 → CSV UTF-8）",
    "{what} file {path} is nested more than {depth} levels deep; ValueKit reads at most {depth}": "{what} 文件 {path} 的嵌套超过 {depth} 层；ValueKit 最多读取 {depth} 层",
    "{what} file {path} is {size} MB; ValueKit reads at most {limit} MB": "{what} 文件 {path} 大小为 {size} MB；ValueKit 最多读取 {limit} MB",
    "is {size} characters long; at most {limit} are allowed": "长度为 {size} 个字符；最多允许 {limit} 个",
    "nests lists or quotes more than {depth} levels deep; flatten it": "列表或引用嵌套超过 {depth} 层；请减少嵌套",
    "the attachment file {name} is missing from the library; run `valuekit library check`": "价值库中缺少附件文件 {name}；请运行 `valuekit library check`",
    "the attachment file {name} in the library is not a regular file (a link?); it was not opened": "价值库中的附件文件 {name} 不是普通文件（可能是链接）；未打开",
    "rendering the document took longer than {seconds} s and was stopped; shorten the longest texts or lists (limit: {env})": "文档渲染超过 {seconds} 秒，已停止；请缩短最长的文字或列表（上限设置：{env}）",
    "has {n} items; at most {limit} are allowed": "有 {n} 项；最多允许 {limit} 项",
}

# Dotted keys for CLI output: (中文, English)
LABELS: dict[str, tuple[str, str]] = {
    "check.database": ("数据库完整性：{state}", "database integrity: {state}"),
    "check.index": ("搜索索引：{state}", "search index: {state}"),
    "check.ok": ("正常", "ok"),
    "check.damaged": ("已损坏", "DAMAGED"),
    "check.foreign_keys": ("外键问题：{n}", "foreign key problems: {n}"),
    "check.files": ("附件缺失：{missing}，损坏：{corrupt}，多余文件：{extra}",
                    "attachments missing: {missing}, corrupt: {corrupt}, extra files: {extra}"),
    "check.leftovers": ("中断的复制留下的残余文件：{n}（用 --clean 清除）",
                        "leftovers of interrupted copies: {n} (remove them with --clean)"),
    "check.cleaned": ("已清除中断的复制留下的残余文件：{n}", "removed leftovers of interrupted copies: {n}"),
    "check.kept_damaged": ("已损坏的数据库已另存为 {name}；可运行 `valuekit library repair` 或恢复备份",
                           "the damaged database was copied aside as {name}; run `valuekit library repair` or restore a backup"),
    "check.library_ok": ("价值库正常", "library ok"),
    "check.library_problems": ("价值库有问题", "library has problems"),
    "backup.done": ("已备份到 {path}（{n} 个附件，已校验）", "backed up to {path} ({n} attachments, verified)"),
    "backup.missing": ("注意：价值库中有 {n} 个附件缺失或已损坏，未能备份；运行 `valuekit library check` 查看",
                       "note: {n} attachments are missing or damaged in the library and were not backed up; run `valuekit library check`"),
    "restore.confirm": ("用 {backup} 替换 {library} 中的价值库？当前数据库会另存一份。",
                        "Replace the library in {library} with {backup}? The current database is kept aside."),
    "restore.done": ("已恢复 {library}；原数据库另存为 {aside}；复制了 {n} 个附件",
                     "restored {library}; the previous database is kept as {aside}; {n} attachments copied"),
    "repair.kept": ("已损坏的数据库另存为 {name}", "the damaged database is kept as {name}"),
    "repair.table": ("{table}：恢复 {n} 行，丢失 {lost} 行", "{table}: {n} rows recovered, {lost} lost"),
    "repair.index": ("搜索索引已重建", "search index rebuilt"),
    "option.whole_number": ("必须是 {low} 到 {high} 之间的整数，实际为 {value}",
                            "must be a whole number from {low} to {high}, got {value}"),
    "import.encoding": ("已按 {encoding} 编码读取 {path}", "read {path} as {encoding}"),
}

register({key: (zh, key) for key, zh in ZH.items()})
register(LABELS)
