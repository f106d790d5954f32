"""What a pack may and may not do to local work (issue 12): no overwrite without a
common version, no future time stamps, verification kept as the sender's claim,
unsupported zip features refused as a damaged pack, file names that show what they are."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.errors import NotFoundError
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file
from valuekit.packs.export import export_pack
from valuekit.packs.importer import CLAIM_PREFIX, import_pack
from valuekit.packs.safety import PackError


def _edit_pack(path: Path, edit: dict[str, object]) -> Path:
    """Rewrite assets.json of ``path`` with ``edit`` applied to every asset (fixing the
    manifest hashes, as a hostile sender would)."""
    import hashlib

    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    assets = json.loads(entries["assets.json"])
    for a in assets:
        a.update(edit)
    entries["assets.json"] = json.dumps(assets).encode()
    manifest = json.loads(entries.pop("manifest.json"))
    manifest["entries"]["assets.json"] = {"sha256": hashlib.sha256(entries["assets.json"]).hexdigest(),
                                          "size": len(entries["assets.json"])}
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in entries.items():
            zf.writestr(name, data)
    return out


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Store]:
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    yield a, b
    a.close()
    b.close()


def test_local_edit_never_exchanged_is_not_replaced_by_a_pack_claiming_2099(
        pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    asset = library.add_asset(a, {"title": "报价模板", "format": "article"})
    # b got the same asset some other way (an export/import), never through a pack
    library.add_asset(b, {"id": asset.id, "title": "报价模板", "format": "article"})
    library.update_asset(b, asset.id, {"summary": "field's careful edit"})
    library.update_asset(a, asset.id, {"summary": "marketing's version"})
    export_pack(a, tmp_path / "p.vkpack")
    report = import_pack(b, tmp_path / "p.vkpack")
    assert [c["id"] for c in report.conflicts] == [asset.id]
    assert library.get_asset(b, asset.id).summary == "field's careful edit"


def test_future_timestamps_in_a_pack_are_refused(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    library.add_asset(a, {"title": "报价模板", "format": "article"})
    export_pack(a, tmp_path / "p.vkpack")
    hostile = _edit_pack(tmp_path / "p.vkpack", {"updated_at": "2099-01-01T00:00:00Z"})
    with pytest.raises(PackError, match="in the future"):
        import_pack(b, hostile)
    assert b.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0


def test_verified_by_from_a_pack_is_kept_as_the_senders_claim(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    asset = library.add_asset(a, {"title": "报价模板", "format": "article"})
    export_pack(a, tmp_path / "p.vkpack")
    hostile = _edit_pack(tmp_path / "p.vkpack", {"status": "verified", "verified_by": "CEO"})
    import_pack(b, hostile)
    got = library.get_asset(b, asset.id)
    assert got.status_by is not None and got.status_by.startswith(CLAIM_PREFIX)
    assert got.status_by.endswith(": CEO") and got.status_by != "CEO"
    assert import_pack(b, hostile).updated == []  # stable on re-import


def _zip_with(tmp_path: Path, name: str, flag_bits: int = 0, method: int | None = None) -> Path:
    pair_dir = tmp_path / "src"
    src = Store.open(pair_dir)
    library.add_asset(src, {"title": "t", "format": "article"})
    export_pack(src, tmp_path / "ok.vkpack")
    src.close()
    with zipfile.ZipFile(tmp_path / "ok.vkpack") as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    out = tmp_path / name
    with zipfile.ZipFile(out, "w") as zf:
        for entry, data in entries.items():
            info = zipfile.ZipInfo(entry)
            info.compress_type = zipfile.ZIP_BZIP2 if entry == "assets.json" and method else zipfile.ZIP_STORED
            zf.writestr(info, data)
    raw = bytearray(out.read_bytes())
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (pos := raw.find(signature, start)) >= 0:
            start = pos + 4
            if int.from_bytes(raw[pos + method_at:pos + method_at + 2], "little") == zipfile.ZIP_BZIP2 or (
                    flag_bits and raw.find(b"assets.json", pos) in range(pos, pos + 80)):
                if method:
                    raw[pos + method_at:pos + method_at + 2] = method.to_bytes(2, "little")
                if flag_bits:
                    raw[pos + flag_at] |= flag_bits
    out.write_bytes(bytes(raw))
    return out


def test_an_entry_flagged_encrypted_is_refused_as_a_damaged_pack(store: Store, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="encrypted"):
        import_pack(store, _zip_with(tmp_path, "enc.vkpack", flag_bits=0x1))


def test_an_unknown_compression_method_is_refused_as_a_damaged_pack(store: Store, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="compression method"):
        import_pack(store, _zip_with(tmp_path, "m99.vkpack", method=99))


def test_bidi_and_control_characters_are_removed_from_stored_file_names(
        pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    asset = library.add_asset(a, {"title": "t", "format": "article"})
    sneaky = tmp_path / "x\u202egpj.exe"
    sneaky.write_bytes(b"MZ not really")
    attach_file(a, asset.id, sneaky)
    assert library.get_asset(a, asset.id).attachments[0].filename == "xgpj.exe"
    export_pack(a, tmp_path / "p.vkpack")
    hostile = _edit_pack(tmp_path / "p.vkpack", {})
    with zipfile.ZipFile(hostile) as zf:
        assets = json.loads(zf.read("assets.json"))
    assert assets[0]["attachments"][0]["filename"] == "xgpj.exe"
    import_pack(b, tmp_path / "p.vkpack")
    assert library.get_asset(b, asset.id).attachments[0].filename == "xgpj.exe"


def test_attach_cleans_reserved_characters_tabs_and_newlines(store: Store, tmp_path: Path) -> None:
    asset = library.add_asset(store, {"title": "t", "format": "article"})
    for name, shown in (("a:b*c?.pdf", "a_b_c_.pdf"), ("tab\there\nnew.pdf", "tab_here_new.pdf")):
        path = tmp_path / name
        path.write_bytes(name.encode())
        attach_file(store, asset.id, path)
        assert shown in [f.filename for f in library.get_asset(store, asset.id).attachments]


def test_attach_to_an_unknown_asset_copies_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deck.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(NotFoundError):
        attach_file(store, "00000000-dead-beef-0000-000000000000", path)
    assert [p for p in store.files_dir.rglob("*") if p.is_file()] == []
    result = CliRunner().invoke(main, ["--library", str(store.path), "library", "attach", "nope", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
