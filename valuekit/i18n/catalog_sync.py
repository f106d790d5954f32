"""Messages of the team server and sync (issue 18)."""

from __future__ import annotations

from valuekit.i18n import register


def _en(pairs: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {en: (zh, en) for en, zh in pairs.items()}


register(_en({
    "must be 1-64 letters, digits or . _ @ -": "须为 1 到 64 个字母、数字或 . _ @ -",
    "the team database has schema version {found}; this ValueKit knows up to {known}: update ValueKit first":
        "团队数据库的结构版本为 {found}，本 ValueKit 最高只认识 {known}：请先升级 ValueKit",
    "no single opportunity matches {ref}": "没有唯一匹配 {ref} 的商机",
    "no sync conflict for {kind} {id}": "{kind} {id} 没有同步冲突",
    "no refused change for {kind} {id}": "{kind} {id} 没有被拒绝的修改",
    "the server refused the changes request ({status})": "服务器拒绝了变更请求（{status}）",
    "no asset {asset_id}": "没有素材 {asset_id}",
    "the server refused the file {sha} {n} times": "服务器已 {n} 次拒绝文件 {sha}",
    "the server refused the usage records ({status})": "服务器拒绝了使用记录（{status}）",
    "the server refused the push ({status}): {error}": "服务器拒绝了上传（{status}）：{error}",
    "the file {sha} arrived damaged; sync again": "文件 {sha} 下载后已损坏，请重新同步",
    "the server address must start with http:// or https://, got {server}":
        "服务器地址必须以 http:// 或 https:// 开头，收到的是 {server}",
    "the server answered {status}; try again later": "服务器返回 {status}，请稍后再试",
    "cannot reach the team server {server}: {reason}": "无法连接团队服务器 {server}：{reason}",
    "the server sent a broken answer: {exc}": "服务器返回的内容无法解析：{exc}",
    "the server does not have the file {sha}": "服务器上没有文件 {sha}",
    "this library is not set up for sync: run valuekit sync setup --server URL --token T":
        "本价值库尚未设置同步：请运行 valuekit sync setup --server URL --token T",
    "the server did not accept the token": "服务器不接受该令牌",
    "cannot reach the team database: {reason} (check --db and that PostgreSQL is running)":
        "无法连接团队数据库：{reason}（请检查 --db，并确认 PostgreSQL 正在运行）",
    "the server does not accept this token (ask for a new one)": "服务器不接受此令牌（请申请新令牌）",
}))
