"""Attachments on demand and "keep offline" per asset and per stage, against a real
PostgreSQL and the running service: files stay on the server until opened or kept
offline, `library check` and `backup` tell "on the server" from "missing", a kept stage
brings down exactly its assets' files (also for an asset that gets the stage later), a
damaged download never takes its place, and offline the user is told what to do."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from synchelpers import Team

from valuekit import fileio
from valuekit.cli import main
from valuekit.cli.sync_offline import tty_progress
from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.library import remote_files
from valuekit.library.assets import add_asset, delete_asset, get_asset, tag_assets
from valuekit.library.attachments import attach_file, file_sha256, stored_path
from valuekit.library.backup import backup_library, restore_library
from valuekit.library.check import check_library
from valuekit.library.filetext import index_pending
from valuekit.sync.actions import sync_now
from valuekit.sync.offline import (
    ensure_local,
    fetch_kept,
    file_states,
    keep_offline,
    offline_summary,
    open_attachment,
    set_offline,
)
from valuekit.sync.transport import Offline, SyncError

# asset title -> (stages, file size); sizes differ so that byte totals identify files
SPEC = {"Payback story": (["SQL"], 120_000), "Discovery guide": (["MQL"], 80_000),
        "ROI sheet": (["SQL", "Rev"], 50_000), "Brand deck": ([], 30_000),
        "Renewal case": (["Retention"], 20_000)}


def _library_with_files(team: Team, tmp_path: Path) -> tuple[Store, dict[str, str], dict[str, str]]:
    """Marketing's library with one attached file per asset of SPEC, synced; returns it,
    title -> asset id and title -> sha256."""
    mia = team.library("mia")
    ids, shas = {}, {}
    for n, (title, (stages, size)) in enumerate(SPEC.items()):
        asset = add_asset(mia, {"title": title, "format": "case_study", "language": "en",
                                "tags": {"stage": stages} if stages else {}})
        source = tmp_path / f"file{n}.pdf"
        source.write_bytes(os.urandom(size))
        ids[title], shas[title] = asset.id, attach_file(mia, asset.id, source)
    assert sync_now(mia).blobs_uploaded == len(SPEC)
    return mia, ids, shas


def _here(store: Store, shas: dict[str, str]) -> set[str]:
    return {title for title, sha in shas.items() if stored_path(store, sha).is_file()}


def _lost_file(store: Store, tmp_path: Path) -> str:
    """A file attached here (never uploaded) whose copy in the library is then lost."""
    local = tmp_path / "mine.pdf"
    local.write_bytes(b"%PDF only on this laptop")
    mine = add_asset(store, {"title": "My draft", "format": "case_study", "language": "en"})
    sha = attach_file(store, mine.id, local)
    stored_path(store, sha).unlink()
    return sha


def _indexed(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT sha256 FROM file_text")}


def _cli(store: Store, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--library", str(store.path), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_synced_files_stay_on_the_server_and_check_and_backup_say_so(
        team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mia, ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    assert _here(sam, shas) == set()                      # rows came, files did not
    report = check_library(sam)
    assert report.ok and report.missing_files == []
    assert sorted(report.on_server_files) == sorted(shas.values())
    with monkeypatch.context() as patch:                   # the one-scan path for many files
        patch.setattr(remote_files, "SCAN_ABOVE", 0)
        assert check_library(sam).on_server_files == report.on_server_files
    code, out = _cli(sam, "library", "check")
    assert code == 0 and f"not downloaded: {len(SPEC)}" in out and "missing: 0" in out
    states = file_states(sam, ids["Brand deck"])
    assert [(s.here, s.on_server) for s in states] == [(False, True)]

    # a backup skips them and says so; restoring it is accepted (they download on demand)
    result = backup_library(sam, tmp_path)
    assert result.missing == [] and sorted(result.on_server) == sorted(shas.values())
    assert restore_library(tmp_path / "restored", result.path).ok
    code, out = _cli(sam, "library", "backup", str(tmp_path))
    assert code == 0 and f"skipped {len(SPEC)} attachments that were never downloaded" in out

    # a pack carries files: exporting one with files still on the server says what to do
    code, out = _cli(sam, "pack", "export", str(tmp_path / "out.vkpack"), "--facet", "stage=Rev")
    assert code == 1 and "Traceback" not in out and not (tmp_path / "out.vkpack").exists()
    assert "1 attachment files of ROI sheet are on the team server, not downloaded" in out
    open_attachment(sam, shas["ROI sheet"], "file2.pdf")
    code, out = _cli(sam, "pack", "export", str(tmp_path / "out.vkpack"), "--facet", "stage=Rev")
    assert code == 0 and (tmp_path / "out.vkpack").is_file()

    # a file that is truly lost is still a problem: one attached here, never uploaded
    sha = _lost_file(sam, tmp_path)
    report = check_library(sam)
    assert not report.ok and report.missing_files == [sha]
    assert len(report.on_server_files) == len(SPEC) - 1      # ROI sheet was downloaded above
    assert _cli(sam, "library", "check")[0] == 1


def test_a_library_not_set_up_for_sync_reports_absent_files_as_missing(store: Store, tmp_path: Path) -> None:
    sha = _lost_file(store, tmp_path)
    report = check_library(store)
    assert report.missing_files == [sha] and report.on_server_files == [] and not report.ok
    assert backup_library(store, tmp_path).missing == [sha]


def test_a_kept_stage_downloads_exactly_its_assets_files_also_for_assets_tagged_later(
        team: Team, tmp_path: Path) -> None:
    mia, ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    code, out = _cli(sam, "sync", "offline", "add", "--stage", "SQL")
    assert code == 0, out
    expected = {t for t in SPEC if "SQL" in get_asset(sam, ids[t]).tags.get("stage", [])}
    assert expected == {"Payback story", "ROI sheet"}
    code, out = _cli(sam, "sync")
    assert code == 0 and f"{len(expected)} file(s) downloaded." in out and _here(sam, shas) == expected
    for title in expected:  # each verified by its hash
        assert file_sha256(stored_path(sam, shas[title])) == shas[title]
    assert check_library(sam).on_server_files == sorted(shas[t] for t in SPEC if t not in expected)

    # marketing tags one more asset SQL: it comes down at the next sync
    tag_assets(mia, [ids["Brand deck"]], "stage", ["SQL"])
    sync_now(mia)
    assert sync_now(sam).blobs_downloaded == 1
    expected |= {"Brand deck"}
    assert _here(sam, shas) == expected

    # list: per stage and in all, files and bytes downloaded vs total
    summary = offline_summary(sam)
    total_bytes = sum(SPEC[t][1] for t in expected)
    assert (summary.total.files, summary.total.files_here) == (3, 3)
    assert (summary.total.bytes_total, summary.total.bytes_here) == (total_bytes, total_bytes)
    code, out = _cli(sam, "sync", "offline", "list", "--json")
    listed = json.loads(out)
    assert [(k["kind"], k["key"], k["assets"]) for k in listed["kept"]] == [("stage", "SQL", 3)]
    code, out = _cli(sam, "sync", "offline", "list")
    assert out.splitlines()[0] == (f"stage Sales-qualified (SQL): 3 asset(s), 3/3 files downloaded,"
                                   f" {total_bytes / 1000:.1f} kB of {total_bytes / 1000:.1f} kB")

    # a stage given by its label works; an unknown one names the field and what is allowed
    with pytest.raises(ValidationError) as refused:
        set_offline(sam, [], ["Closing"])
    assert refused.value.field == "stage" and "RL" in refused.value.localized("en")
    assert "不是销售阶段" in refused.value.localized("zh")
    code, out = _cli(sam, "--lang", "zh", "sync", "offline", "add", "--stage", "Closing")
    assert code == 1 and "Traceback" not in out and "可选：RL, MQL, SQL, Rev, Retention" in out
    code, out = _cli(sam, "sync", "offline", "add", "--stage", "sql")   # any case, or its label
    assert code == 0 and "stages: SQL" in out


def test_stopping_frees_only_downloaded_files_the_server_has(team: Team, tmp_path: Path) -> None:
    _mia, ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    set_offline(sam, [ids["Renewal case"]], ["SQL"])
    sync_now(sam)
    open_attachment(sam, shas["Discovery guide"], "file1.pdf")   # opened on demand, not kept
    assert _here(sam, shas) == {"Payback story", "ROI sheet", "Renewal case", "Discovery guide"}
    # sam's own draft in a kept stage: its file was attached here, never uploaded
    own = tmp_path / "own.pdf"
    own.write_bytes(b"%PDF sam's own notes")
    draft = add_asset(sam, {"title": "Sam's notes", "format": "case_study", "language": "en",
                            "tags": {"stage": ["SQL"]}})
    own_sha = attach_file(sam, draft.id, own)
    code, out = _cli(sam, "sync", "offline", "remove", "--stage", "SQL")
    freed = SPEC["Payback story"][1] + SPEC["ROI sheet"][1]
    assert code == 0 and "Freed 2 downloaded file(s)" in out and f"{freed / 1000:.1f} kB" in out
    assert _here(sam, shas) == {"Renewal case", "Discovery guide"}   # kept by id; opened
    assert stored_path(sam, own_sha).is_file()            # the only copy is never touched
    assert check_library(sam).ok
    gone = add_asset(sam, {"title": "Gone", "format": "case_study", "language": "en"})
    keep_offline(sam, [gone.id])
    delete_asset(sam, gone.id)
    assert _cli(sam, "sync", "offline", "remove", "--asset", gone.id)[0] == 0   # still removable
    assert [k.key for k in offline_summary(sam).kept] == [ids["Renewal case"]]
    freed = keep_offline(sam, [ids["Renewal case"]], keep=False)
    assert (freed.files, freed.bytes) == (1, SPEC["Renewal case"][1])
    assert _here(sam, shas) == {"Discovery guide"}
    assert check_library(sam).ok


def test_a_downloaded_file_no_asset_attaches_any_more_is_removed_at_the_next_sync(
        team: Team, tmp_path: Path) -> None:
    mia, ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    keep_offline(sam, [ids["Brand deck"]])
    sync_now(sam)
    assert _here(sam, shas) == {"Brand deck"}
    delete_asset(mia, ids["Brand deck"])                   # marketing deletes it for the team
    sync_now(mia)
    sync_now(sam)
    report = check_library(sam)
    assert _here(sam, shas) == set() and report.ok and report.extra_files == []


def test_a_damaged_download_is_refused_by_its_hash(team: Team, tmp_path: Path) -> None:
    _mia, ids, shas = _library_with_files(team, tmp_path)
    sha = shas["Discovery guide"]
    blob = team.blobs / sha[:2] / sha
    blob.write_bytes(blob.read_bytes()[:-1] + b"\0")     # bit rot on the server's disk
    sam = team.library("sam")
    sync_now(sam)
    set_offline(sam, [ids["Discovery guide"], ids["Brand deck"]], [])
    report = sync_now(sam)    # the sync itself goes through: rows, usage, the other file
    assert [p["sha256"] for p in report.download_problems] == [sha]
    assert "arrived damaged" in report.download_problems[0]["problem"]["en"]
    assert not stored_path(sam, sha).exists()
    assert _here(sam, shas) == {"Brand deck"}            # the other file still came down
    assert not [p for p in sam.files_dir.rglob("*") if p.is_file() and p.name != shas["Brand deck"]]
    code, out = _cli(sam, "--lang", "zh", "sync")        # said on every sync, in the user's language
    assert code == 0 and "未能下载离线文件" in out and "下次同步会再试" in out
    with pytest.raises(SyncError) as refused:            # asked for by name, it is an error
        fetch_kept(sam)
    assert "arrived damaged" in refused.value.localized("en")


def test_opening_downloads_on_demand_and_offline_says_what_to_do(team: Team, tmp_path: Path) -> None:
    _mia, ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    sha = shas["Payback story"]
    # the file-text index waits for files still on the server (not "unreadable" forever)
    assert index_pending(sam) == 0 and _indexed(sam) == set()
    copy = open_attachment(sam, sha, "file0.pdf")
    assert file_sha256(copy.path) == sha and stored_path(sam, sha).is_file()
    assert _indexed(sam) == {sha}                          # read once it arrived
    code, out = _cli(sam, "library", "open", ids["ROI sheet"], "--path-only")
    assert code == 0 and file_sha256(Path(out.strip())) == shas["ROI sheet"]
    code, out = _cli(sam, "library", "attachments", ids["Discovery guide"])
    assert "on the server, not downloaded" in out

    # the server out of reach: a clear sentence in the user's language, no traceback
    assert team.service is not None
    team.service.stop()
    with pytest.raises(Offline) as offline:
        open_attachment(sam, shas["Discovery guide"], "file1.pdf")
    assert "this file is on the team server; connect to download it" in offline.value.localized("en")
    code, out = _cli(sam, "--lang", "zh", "library", "open", ids["Discovery guide"], "--path-only")
    assert code == 1 and "该文件在团队服务器上" in out and "Traceback" not in out
    assert not stored_path(sam, shas["Discovery guide"]).exists()


class _Stop(Exception):
    pass


def test_a_download_stopped_half_way_leaves_nothing(team: Team, tmp_path: Path) -> None:
    mia = team.library("mia")
    video = tmp_path / "demo.mp4"
    size = 2_500_000  # three chunks of the transport's 1 MB
    video.write_bytes(os.urandom(size))
    asset = add_asset(mia, {"title": "Demo video", "format": "case_study", "language": "en"})
    sha = attach_file(mia, asset.id, video)
    sync_now(mia)
    sam = team.library("sam")
    sync_now(sam)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, _name: str) -> None:
        seen.append((done, total))
        raise _Stop  # what the GUI's Cancel does at the next chunk

    with pytest.raises(_Stop):
        ensure_local(sam, sha, "demo.mp4", progress=progress)
    assert seen == [(1 << 20, size)]                     # stopped after the first chunk
    assert not stored_path(sam, sha).exists()
    assert not [p for p in sam.files_dir.rglob("*") if p.is_file()]   # no temp file either
    assert ensure_local(sam, sha, "demo.mp4") and file_sha256(stored_path(sam, sha)) == sha


def test_keeping_more_than_the_disk_holds_is_said_before_the_first_byte(
        team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mia, _ids, shas = _library_with_files(team, tmp_path)
    sam = team.library("sam")
    sync_now(sam)
    set_offline(sam, [], ["SQL"])
    needed = sum(size for stages, size in SPEC.values() if "SQL" in stages)
    # one byte short of both files (each would fit alone): nothing is started
    monkeypatch.setattr(fileio, "free_bytes", lambda _folder: fileio.SPACE_MARGIN + needed - 1)
    with pytest.raises(ValueKitError) as full:
        sync_now(sam)
    assert "disk full" in full.value.localized("en") and _here(sam, shas) == set()
    monkeypatch.setattr(fileio, "free_bytes", lambda _folder: fileio.SPACE_MARGIN + needed)
    assert sync_now(sam).blobs_downloaded == 2


def test_downloads_show_one_progress_line_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("VALUEKIT_LANG", "en")
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert tty_progress() is None                        # a pipe or a log file: nothing
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = tty_progress()
    assert show is not None
    show(1_000_000, 3_000_000, "deck.pdf")
    show(3_000_000, 3_000_000, "deck.pdf")
    assert terminal.getvalue() == ("\rDownloading deck.pdf… 1.0 MB of 3.0 MB\033[K"
                                   "\rDownloading deck.pdf… 3.0 MB of 3.0 MB\033[K\n")
