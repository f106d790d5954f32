"""Messages of attachments on demand and "keep offline" (issue 18): the core's errors,
``library check`` / ``backup`` lines about files the team server holds, and the
``valuekit sync offline`` and ``valuekit library open|files`` commands."""

from __future__ import annotations

from valuekit.i18n import register

register({
    # core errors (English text is the id)
    "{name}: this file is on the team server; connect to download it":
        ("{name}：该文件在团队服务器上；请联网后下载", "{name}: this file is on the team server; connect to download it"),
    "give --asset or --stage (or both)": ("请给出 --asset 或 --stage（或两者）", "give --asset or --stage (or both)"),
    "asset {ref} has no attachment named {name}": ("素材 {ref} 没有名为 {name} 的附件",
                                                   "asset {ref} has no attachment named {name}"),
    "asset {ref} has {n} attachments; name the one to open: {names}":
        ("素材 {ref} 有 {n} 个附件，请指定要打开的一个：{names}",
         "asset {ref} has {n} attachments; name the one to open: {names}"),
    "asset {ref} has no attachments": ("素材 {ref} 没有附件", "asset {ref} has no attachments"),
    "{n} attachment files of {names} are on the team server, not downloaded; download them first (valuekit sync fetch ASSET, or keep them offline)":
        ("{names} 的 {n} 个附件文件在团队服务器上，尚未下载；请先下载（valuekit sync fetch 素材，或设为保持离线）",
         "{n} attachment files of {names} are on the team server, not downloaded; download them first (valuekit sync fetch ASSET, or keep them offline)"),
    "{n} attachment files of {names} are missing from the library; run `valuekit library check`":
        ("价值库中缺少 {names} 的 {n} 个附件文件；请运行 `valuekit library check`",
         "{n} attachment files of {names} are missing from the library; run `valuekit library check`"),
    # library check / backup
    "check.on_server": ("在团队服务器上、尚未下载的附件：{n}（不是问题；打开时或保持离线时下载）",
                        "attachments on the team server, not downloaded: {n} (not a problem; they download"
                        " when opened or kept offline)"),
    "backup.on_server": ("跳过了 {n} 个尚未下载的附件：它们保存在团队服务器上",
                         "skipped {n} attachments that were never downloaded: the team server keeps them"),
    # valuekit sync offline
    "offline.kept": ("已设为保持离线：{assets} 条素材，阶段：{stages}。下次同步（valuekit sync）时下载其附件。",
                     "Kept offline: {assets} asset(s), stages: {stages}. Their files download at the next"
                     " sync (valuekit sync)."),
    "offline.removed": ("不再保持离线：{assets} 条素材，阶段：{stages}。",
                        "No longer kept offline: {assets} asset(s), stages: {stages}."),
    "offline.freed": ("释放了 {n} 个已下载文件（{size}），它们仍在团队服务器上。",
                      "Freed {n} downloaded file(s) ({size}); the team server still has them."),
    "offline.none": ("没有保持离线的素材或阶段。", "Nothing is kept offline."),
    "offline.not_synced": ("（此价值库尚未设置同步：valuekit sync setup）",
                           "(this library is not set up for sync: valuekit sync setup)"),
    "offline.stage_label": ("{label}（{value}）", "{label} ({value})"),
    "offline.kind.asset": ("素材", "asset"), "offline.kind.stage": ("阶段", "stage"),
    "offline.line": ("{kind} {label}：{assets} 条素材，文件 {here}/{files} 已下载，{bytes_here} / {bytes_total}",
                     "{kind} {label}: {assets} asset(s), {here}/{files} files downloaded, {bytes_here} of {bytes_total}"),
    "offline.total": ("合计：{assets} 条素材，文件 {here}/{files} 已下载，{bytes_here} / {bytes_total}",
                      "In all: {assets} asset(s), {here}/{files} files downloaded, {bytes_here} of {bytes_total}"),
    "offline.downloaded": ("已下载 {n} 个文件。", "{n} file(s) downloaded."),
    "offline.progress": ("正在下载 {name}… {done} / {total}", "Downloading {name}… {done} of {total}"),
    "offline.nothing": ("（无）", "(none)"),
    # valuekit library attachments / open
    "files.here": ("本地", "here"), "files.on_server": ("在服务器上，未下载", "on the server, not downloaded"),
    "files.missing": ("缺失", "MISSING"),
    "files.opened": ("已打开 {path}", "Opened {path}"),
    "files.revealed": ("该类型不会直接打开；文件在 {path}", "Not opened directly (file type); the file is at {path}"),
})
