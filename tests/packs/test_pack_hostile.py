"""Hostile and broken packs: each is refused with a reason, nothing lands outside the
staging folder, and the library is exactly as it was."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.library import assets as library
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack
from valuekit.packs.safety import PackError, safe_filename


def manifest_for(entries: dict[str, bytes], **overrides: object) -> bytes:
    manifest = {
        "format": "valuekit-pack", "format_version": 1, "valuekit_version": "0", "created_by": "x",
        "created_at": "2026-11-23T00:00:00Z",
        "entries": {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                    for n, b in entries.items()},
    }
    manifest.update(overrides)
    return json.dumps(manifest).encode()


def build(path: Path, entries: dict[str, bytes], *, manifest: bytes | None = None,
          extra: Callable[[zipfile.ZipFile], None] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest if manifest is not None else manifest_for(entries))
        for name, data in entries.items():
            zf.writestr(name, data)
        if extra:
            extra(zf)
    return path


ASSETS = json.dumps([{"id": "3f1c2d4e-0000-4000-8000-000000000001", "title": "t",
                      "format": "article", "language": "en"}]).encode()


def snapshot(store: Store) -> tuple:
    rows = store.conn.execute("SELECT id, title, updated_at FROM assets ORDER BY id").fetchall()
    files = sorted(p.relative_to(store.path).as_posix() for p in store.path.rglob("*")
                   if p.is_file() and not p.name.startswith("library.db"))
    return rows, files


@pytest.fixture
def lib(store: Store) -> Store:
    library.add_asset(store, {"title": "已有素材", "format": "article", "language": "zh"})
    return store


def refused(store: Store, pack: Path, reason: str) -> None:
    before = snapshot(store)
    with pytest.raises(ValueKitError, match=reason):
        import_pack(store, pack)
    assert snapshot(store) == before
    assert not any((store.path / ".staging").iterdir())  # staging cleaned up


def test_path_entries_are_refused(lib: Store, tmp_path: Path) -> None:
    for name, reason in (("../x", r"climbs out"), ("/x", "absolute"), ("C:\\x", "Windows path"),
                         ("files/../../evil", "climbs out"), ("notes.txt", "not part of")):
        pack = build(tmp_path / "p.vkpack", {"assets.json": ASSETS},
                     extra=lambda zf, n=name: zf.writestr(zipfile.ZipInfo(n), b"boom"))
        refused(lib, pack, reason)
    assert not (tmp_path / "x").exists() and not Path("/x").exists()


def test_symlink_entry_is_refused(lib: Store, tmp_path: Path) -> None:
    def link(zf: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("assets.json")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")

    refused(lib, build(tmp_path / "p.vkpack", {}, manifest=manifest_for({"assets.json": b""}),
                       extra=link), "symbolic link")


def test_zip_bomb_is_stopped(lib: Store, tmp_path: Path) -> None:
    bomb = b"\0" * (50 * 1024 * 1024)  # 50 MB of zeros deflates to ~50 kB
    refused(lib, build(tmp_path / "p.vkpack", {"assets.json": bomb}), "zip bomb")


def test_too_many_entries_is_refused(lib: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import valuekit.packs.safety as ps

    monkeypatch.setattr(ps, "MAX_ENTRIES", 3)
    files = {f"files/{hashlib.sha256(bytes([n])).hexdigest()}": bytes([n]) for n in range(5)}
    refused(lib, build(tmp_path / "p.vkpack", files), "entries")


def test_duplicate_entries_are_refused(lib: Store, tmp_path: Path) -> None:
    def dup(zf: zipfile.ZipFile) -> None:
        zf.writestr(zipfile.ZipInfo("assets.json"), b"[]")

    with pytest.warns(UserWarning, match="Duplicate name"):
        pack = build(tmp_path / "p.vkpack", {"assets.json": ASSETS}, extra=dup)
    refused(lib, pack, "twice")


def test_bad_crc_and_truncated_zip_are_refused(lib: Store, tmp_path: Path) -> None:
    good = build(tmp_path / "good.vkpack", {"assets.json": ASSETS})
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("assets.json")
    raw[info.header_offset + 14] ^= 0xFF  # flip the stored CRC-32 in the local header
    # (the central directory keeps the real CRC; damage the data instead so both differ)
    data_start = info.header_offset + 30 + len(info.filename)
    raw[data_start + 2] ^= 0xFF
    bad = tmp_path / "crc.vkpack"
    bad.write_bytes(bytes(raw))
    # the zip directory is intact, so the pack opens; the damaged entry is caught while
    # it is inflated and checked, and named
    refused(lib, bad, r"^pack refused: entry 'assets\.json' is damaged \(Bad CRC-32")
    truncated = tmp_path / "cut.vkpack"
    truncated.write_bytes(good.read_bytes()[: len(raw) // 2])
    refused(lib, truncated, r"^pack refused: cut\.vkpack is not a readable zip file \(")


@pytest.mark.parametrize(("manifest", "reason"), [
    (b'{"format": "valuekit-pack", "format_version": NaN, "entries": {}}', "not valid JSON"),
    (b'{"format": "valuekit-pack", "format_version": "1", "entries": {}}', "whole number"),
    (b'{"format": "valuekit-pack", "format_version": 99, "entries": {}}', "newer ValueKit"),
    (b'{"format": "valuekit-pack", "format_version": 1, "entries": []}', "entries must be"),
    (b'["not", "a", "manifest"]', "not a ValueKit pack manifest"),
])
def test_bad_manifests_are_refused(lib: Store, tmp_path: Path, manifest: bytes, reason: str) -> None:
    refused(lib, build(tmp_path / "p.vkpack", {}, manifest=manifest), reason)


def test_attachment_hash_mismatch_is_refused(lib: Store, tmp_path: Path) -> None:
    name = "files/" + hashlib.sha256(b"the real file").hexdigest()
    entries = {name: b"something else"}
    manifest = manifest_for({name: b"the real file"})
    refused(lib, build(tmp_path / "p.vkpack", entries, manifest=manifest), "does not match")


def test_text_stays_text(lib: Store, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>{{ 7*7 }}"
    src = Store.open(tmp_path / "src")
    asset = library.add_asset(src, {"title": hostile, "format": "article", "language": "en"})
    export_pack(src, tmp_path / "p.vkpack")
    import_pack(lib, tmp_path / "p.vkpack")
    assert library.get_asset(lib, asset.id).title == hostile
    src.close()


@pytest.mark.parametrize(("name", "safe"), [
    ("CON.pdf", "_CON.pdf"), ("report.", "report"), ("a/b/../c.pptx", "c.pptx"),
    ("x" * 300 + ".pdf", "x" * 146 + ".pdf"), ("lpt1", "_lpt1"), ('why?:"*.docx', "why____.docx"),
])
def test_file_names_are_normalised(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_a_pack_error_is_a_user_error() -> None:
    assert issubclass(PackError, ValueKitError)


def test_a_header_that_lies_about_its_size_is_caught_while_inflating(lib: Store, tmp_path: Path) -> None:
    # 20 MB of zeros declared as 10 bytes in both headers: the size limit passes on paper,
    # so only the running count while inflating (and then the CRC) can stop it
    bomb = b"\0" * (20 * 1024 * 1024)
    pack = build(tmp_path / "p.vkpack", {"assets.json": bomb})
    raw = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        info = zf.getinfo("assets.json")
    central = raw.rfind(b"PK\x01\x02")  # assets.json is written last: the last central record
    for offset in (info.header_offset + 22, central + 24):  # uncompressed size fields
        raw[offset:offset + 4] = (10).to_bytes(4, "little")
    lying = tmp_path / "lying.vkpack"
    lying.write_bytes(bytes(raw))
    refused(lib, lying, "damaged")


def test_staging_left_by_a_killed_import_is_swept_later(lib: Store, tmp_path: Path) -> None:
    import os
    import time

    old, running = lib.path / ".staging" / "old", lib.path / ".staging" / "running"
    for folder in (old, running):
        folder.mkdir(parents=True)
        (folder / "assets.json").write_text("[]", encoding="utf-8")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    src = Store.open(tmp_path / "src")
    export_pack(src, tmp_path / "p.vkpack")
    src.close()
    import_pack(lib, tmp_path / "p.vkpack")
    assert not old.exists() and running.exists()  # another window's import is left alone
