"""Disk full (a 4 MB tmpfs as the library or output folder): every write reports the
real cause and leaves nothing half-written under a real name (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.fileio import is_temp_leftover, write_atomic
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file, file_sha256, stored_path
from valuekit.library.backup import backup_library
from valuekit.library.check import check_library
from valuekit.library.transfer import import_records
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (CI runs as root); skipped only where mounting is impossible. (An empty
    library with the search tables of schema 8 takes ~1 MB of it.)"""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the filesystem of ``folder`` until only ``leave`` bytes are free."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if is_temp_leftover(p)]


def test_disk_full_during_import_names_the_disk_not_a_rollback_error(small_disk: Path) -> None:
    lib = small_disk / "lib"
    Store.open(lib).close()
    data = small_disk.parent / "big.json"
    data.write_text(json.dumps([{"title": f"资产 {n} " + "报价" * 200, "format": "article", "language": "zh"}
                                for n in range(3000)], ensure_ascii=False), encoding="utf-8")
    filler = _fill(small_disk, 200_000)
    result = CliRunner().invoke(main, ["--library", str(lib), "library", "import", str(data)])
    assert result.exit_code == 1, result.output
    assert "disk full" in result.output and "rollback" not in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or \
        isinstance(result.exception, SystemExit)
    filler.unlink()
    with Store.open(lib) as store:
        assert store.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0  # all or nothing
        assert check_library(store).ok


def test_disk_full_transaction_error_is_not_masked(small_disk: Path) -> None:
    store = Store.open(small_disk / "lib")
    _fill(small_disk, 100_000)
    records = [{"title": f"x{n}", "body": "x" * 5000, "format": "article"} for n in range(2000)]
    with pytest.raises(ValueKitError, match="disk full"):
        import_records(store, records)
    store.close()


def test_disk_full_attach_leaves_no_incoming_file(small_disk: Path, tmp_path: Path) -> None:
    store = Store.open(small_disk / "lib")
    asset = library.add_asset(store, {"title": "deck", "format": "article"})
    big = tmp_path / "deck.pdf"
    big.write_bytes(os.urandom(2_000_000))
    _fill(small_disk, 1_000_000)
    with pytest.raises(ValueKitError, match=r"disk full: 2\.\d MB needed, \d\.\d MB free in"):
        attach_file(store, asset.id, big)
    assert _leftovers(store.path) == []
    assert not list(store.files_dir.rglob("*")) or all(p.is_dir() for p in store.files_dir.rglob("*"))
    store.close()


def test_disk_full_mid_write_removes_the_temp_file(small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the space check is fooled (another program filled the disk meanwhile): the write
    # itself fails with ENOSPC, and still nothing is left behind
    monkeypatch.setattr("valuekit.fileio.free_bytes", lambda folder: 10**12)
    _fill(small_disk, 300_000)
    with pytest.raises(ValueKitError, match="disk full"):
        write_atomic(small_disk / "export.json", b"x" * 1_000_000)
    assert not (small_disk / "export.json").exists()
    assert _leftovers(small_disk) == []


def test_disk_full_backup_leaves_no_zero_byte_db(small_disk: Path, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib")
    for n in range(200):
        library.add_asset(store, {"title": f"资产 {n}", "format": "article", "body": "正文 " * 400})
    _fill(small_disk, 100_000)
    with pytest.raises(ValueKitError, match="disk full"):
        backup_library(store, small_disk / "backup.db")
    assert not (small_disk / "backup.db").exists()
    assert _leftovers(small_disk) == []
    store.close()


def test_disk_full_export_out_leaves_no_truncated_file(small_disk: Path, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    with Store.open(lib) as store:
        for n in range(300):
            library.add_asset(store, {"title": f"资产 {n}", "format": "article", "body": "正文 " * 1000})
    _fill(small_disk, 100_000)
    out = small_disk / "export.json"
    result = CliRunner().invoke(main, ["--library", str(lib), "library", "export", "--out", str(out)])
    assert result.exit_code == 1 and "disk full" in result.output and "Traceback" not in result.output
    assert not out.exists() and _leftovers(small_disk) == []


def _pack_with_attachment(tmp_path: Path, size: int) -> tuple[str, str, Path]:
    """``tmp_path/p.vkpack`` with one asset and one random attachment of ``size`` bytes;
    returns (asset id, attachment sha256, the attachment's source file)."""
    with Store.open(tmp_path / "src") as src:
        asset = library.add_asset(src, {"title": "deck", "format": "article"})
        payload = tmp_path / "deck.pdf"
        payload.write_bytes(os.urandom(size))
        sha = attach_file(src, asset.id, payload)
        export_pack(src, tmp_path / "p.vkpack")
    return asset.id, sha, payload


def test_disk_full_pack_import_never_leaves_a_truncated_attachment(small_disk: Path, tmp_path: Path) -> None:
    asset_id, sha, _ = _pack_with_attachment(tmp_path, 1_200_000)
    dst = Store.open(small_disk / "lib")
    _fill(small_disk, 1_500_000)  # room to stage the pack, not to copy it in as well
    with pytest.raises(ValueKitError, match="disk full"):
        import_pack(dst, tmp_path / "p.vkpack")
    assert not stored_path(dst, sha).exists()
    (small_disk / "filler.bin").unlink()
    report = import_pack(dst, tmp_path / "p.vkpack")
    assert report.added == [asset_id]
    assert file_sha256(stored_path(dst, sha)) == sha and check_library(dst).ok
    dst.close()


def test_truncated_attachment_under_its_hash_is_replaced_not_trusted(tmp_path: Path) -> None:
    """Killed during a pack import's attachment copy (the old code wrote straight to
    the hash name): check says so, and re-import repairs the file."""
    _, sha, payload = _pack_with_attachment(tmp_path, 500_000)
    dst = Store.open(tmp_path / "dst")
    import_pack(dst, tmp_path / "p.vkpack")
    target = stored_path(dst, sha)
    target.write_bytes(payload.read_bytes()[:24_000])  # what a kill -9 left behind
    stale = dst.path / ".staging" / str(uuid.uuid4())
    stale.mkdir(parents=True)
    (stale / "files_x").write_bytes(b"x" * 1000)
    old = 1_000_000_000
    os.utime(stale, (old, old))
    report = check_library(dst)
    assert not report.ok and report.corrupt_files == [sha]
    assert any(".staging" in name for name in report.leftovers)
    assert check_library(dst, clean=True).cleaned and not stale.exists()
    again = import_pack(dst, tmp_path / "p.vkpack")
    assert again.attachments_added == 1
    assert check_library(dst).ok
    dst.close()


def test_zip_written_for_the_tests_is_readable(tmp_path: Path) -> None:
    # guard for the helpers above: a pack written by export_pack is a plain zip
    src = Store.open(tmp_path / "src")
    library.add_asset(src, {"title": "a", "format": "article"})
    export_pack(src, tmp_path / "p.vkpack")
    assert zipfile.is_zipfile(tmp_path / "p.vkpack")
    src.close()
