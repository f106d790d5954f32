"""Unbounded and foreign input (issue 12): limits checked before heavy work, with clear
messages; CSV as Excel writes it (UTF-8 with/without BOM, UTF-16, GB18030)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.errors import ValidationError, ValueKitError
from valuekit.library import assets as library
from valuekit.library.limits import MAX_MARKDOWN_DEPTH
from valuekit.library.transfer import read_records_with_encoding
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack

DEEP = "[" * 100_000 + "]" * 100_000


def _run(lib: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--library", str(lib), *args])
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_100000_nested_brackets_give_a_clear_error_in_library_import_and_roi_compute(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP, encoding="utf-8")
    for args in (("library", "import", str(deep)), ("roi", "compute", str(deep))):
        result = _run(tmp_path / "lib", *args)
        assert result.exit_code == 1 and "nested more than 100 levels" in result.output, args


def test_100000_nested_brackets_in_a_pack_give_a_clear_error(store: Store, tmp_path: Path) -> None:
    src = Store.open(tmp_path / "src")
    library.add_asset(src, {"title": "t", "format": "article"})
    export_pack(src, tmp_path / "ok.vkpack")
    src.close()
    import hashlib

    with zipfile.ZipFile(tmp_path / "ok.vkpack") as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["assets.json"] = DEEP.encode()
    manifest = json.loads(entries.pop("manifest.json"))
    manifest["entries"]["assets.json"] = {"sha256": hashlib.sha256(entries["assets.json"]).hexdigest(),
                                          "size": len(entries["assets.json"])}
    with zipfile.ZipFile(tmp_path / "deep.vkpack", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in entries.items():
            zf.writestr(name, data)
    with pytest.raises(ValueKitError, match="nested more than"):
        import_pack(store, tmp_path / "deep.vkpack")


@pytest.mark.parametrize("args", [
    ("--limit", str(10**20)), ("--offset", str(2**63)), ("--limit", "9" * 302), ("--limit", "-1"),
])
def test_huge_integer_options_are_refused_before_any_query(tmp_path: Path, args: tuple[str, str]) -> None:
    result = _run(tmp_path / "lib", "library", "search", "x", *args)
    assert result.exit_code == 2 and "must be a whole number from" in result.output
    assert "9" * 30 not in result.output and "OverflowError" not in result.output


def test_an_error_never_echoes_a_302_digit_number_in_full(tmp_path: Path) -> None:
    result = _run(tmp_path / "lib", "library", "add", "--title", "x", "--format", "article",
                  "--importance", "9" * 302)
    assert result.exit_code == 1 and "302 digits" in result.output and "9" * 30 not in result.output


def test_deeply_nested_markdown_body_is_refused_before_rendering(store: Store) -> None:
    body = "\n".join("    " * n + "- level" for n in range(600))
    with pytest.raises(ValidationError, match=f"more than {MAX_MARKDOWN_DEPTH} levels"):
        library.add_asset(store, {"title": "deep", "format": "article", "body": body})
    quoted = ">" * 2000 + " deep"
    with pytest.raises(ValidationError, match="levels deep"):
        library.add_asset(store, {"title": "deep", "format": "article", "body": quoted})
    fine = "\n".join("    " * n + "- level" for n in range(4))
    assert library.add_asset(store, {"title": "ok", "format": "article", "body": fine}).body == fine


def test_asset_body_and_fields_have_size_limits(store: Store) -> None:
    with pytest.raises(ValidationError, match="at most 1000000"):
        library.add_asset(store, {"title": "big", "format": "article", "body": "x" * 1_000_001})
    with pytest.raises(ValidationError, match="at most 500"):
        library.add_asset(store, {"title": "t" * 501, "format": "article"})


HEADER = "title,format,language\n"
ROW = "报价模板,article,zh\n"


@pytest.mark.parametrize(("data", "encoding"), [
    ((HEADER + ROW).encode("utf-8"), "UTF-8"),
    (b"\xef\xbb\xbf" + (HEADER + ROW).encode("utf-8"), "UTF-8 (BOM)"),
    ((HEADER + ROW).encode("utf-16"), "UTF-16"),
    ((HEADER + ROW).encode("gb18030"), "GB18030"),
])
def test_csv_from_excel_is_read_in_its_encoding_and_says_which(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "assets.csv"
    path.write_bytes(data)
    records, used = read_records_with_encoding(path)
    assert used == encoding and records[0]["title"] == "报价模板"
    result = _run(tmp_path / "lib", "library", "import", str(path))
    assert result.exit_code == 0 and f"as {encoding}" in result.output


def test_csv_that_no_encoding_decodes_is_refused_with_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "assets.csv"
    path.write_bytes(HEADER.encode() + b"Caf\xe9 \xff\xfe\x80,article,en\n")
    result = _run(tmp_path / "lib", "library", "import", str(path))
    assert result.exit_code == 1 and "save it as UTF-8" in result.output


def test_a_case_with_2000_drivers_is_refused_before_computing() -> None:
    from valuekit.roi.parse import MAX_ITEMS, parse_case

    driver = {"kind": "time_saved", "name": "d", "inputs": {"people": 1, "hours_per_week": 1,
                                                             "weeks_per_year": 1, "hourly_cost": 1}}
    doc = {"name": "big", "currency": "CNY", "years": 3, "discount_rate": 0.1, "drivers": [driver] * 2000,
           "costs": {"one_time": [], "recurring": []}}
    with pytest.raises(ValidationError, match=f"at most {MAX_ITEMS}") as err:
        parse_case(doc)
    assert err.value.field == "drivers"


def test_a_pitch_with_10000_pains_is_refused_before_validating_them() -> None:
    from valuekit.pitch.model import MAX_ITEMS, normalize

    pitch = {"title": "t", "customer": "c", "scenario": "s",
             "pains": {"enterprise": [{"text": "p"}] * 10_000}}
    with pytest.raises(ValidationError, match=f"at most {MAX_ITEMS}"):
        normalize(pitch)


def test_a_huge_amount_typed_as_text_is_not_echoed_in_full(tmp_path: Path) -> None:
    """The human-number options (--target, --deal-size …) quote what was typed: a number
    of 400 digits is shortened there too, by the message table itself."""
    result = _run(tmp_path / "lib", "funnel", "plan", "--target", "9" * 400, "--avg-deal", "45万")
    assert result.exit_code == 1 and "400 digits" in result.output and "9" * 30 not in result.output
