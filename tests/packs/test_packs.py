"""Two libraries exchanging packs and usage reports through the CLI, with the merge rules
a team relies on: newer updates, older is skipped, a double edit is a conflict."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.cli import main
from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file
from valuekit.library.check import check_library
from valuekit.library.curation import rename_value
from valuekit.library.vocabulary import add_facet
from valuekit.packs import conflicts as pack_conflicts
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack

Run = Callable[..., Result]


def runner_for(folder: Path) -> Run:
    runner = CliRunner()

    def run(*args: str) -> Result:
        result = runner.invoke(main, ["--library", str(folder), *args])
        assert "Traceback" not in result.output
        return result

    return run


def asset(title: str, **extra: object) -> dict:
    return {"title": title, "format": "case_study", "language": "zh",
            "tags": {"stage": ["SQL"], "industry": ["manufacturing"]}, **extra}


@pytest.fixture
def two(tmp_path: Path) -> tuple[Store, Store]:
    a, b = Store.open(tmp_path / "marketing"), Store.open(tmp_path / "field")
    yield a, b
    a.close()
    b.close()


def test_pack_and_usage_round_trip_through_the_cli(tmp_path: Path) -> None:
    marketing, field = runner_for(tmp_path / "m"), runner_for(tmp_path / "f")
    assert marketing("demo", "--quiet").exit_code == 0
    out = tmp_path / "q3.vkpack"
    assert marketing("pack", "export", str(out), "--facet", "stage=SQL").exit_code == 0
    report = json.loads(field("pack", "import", str(out), "--json").output)
    assert report["counts"]["added"] > 0 and report["counts"]["conflicts"] == 0
    again = json.loads(field("pack", "import", str(out), "--json").output)
    assert again["counts"]["added"] == 0 and again["counts"]["skipped"] == report["counts"]["added"]
    # the field uses an asset and rates it; marketing imports the report twice
    some_id = report["added"][0]
    assert field("library", "use", some_id, "--stage", "SQL", "--customer", "华东精密").exit_code == 0
    usage = tmp_path / "wang.vkusage"
    assert json.loads(field("pack", "usage-export", str(usage), "--json").output)["usage"] == 1
    first = json.loads(marketing("pack", "usage-import", str(usage), "--json").output)
    second = json.loads(marketing("pack", "usage-import", str(usage), "--json").output)
    assert first["usage_added"] == 1 and second["usage_added"] == 0
    # the next report carries only what happened since
    assert json.loads(field("pack", "usage-export", str(usage), "--json").output)["usage"] == 0


def test_newer_updates_older_skips_double_edit_conflicts(two: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = two
    one = library.add_asset(a, asset("报价模板")).id
    two_ = library.add_asset(a, asset("客户案例：华东精密")).id
    three = library.add_asset(a, asset("白皮书")).id
    export_pack(a, tmp_path / "v1.vkpack")
    import_pack(b, tmp_path / "v1.vkpack")
    library.update_asset(a, one, {"summary": "marketing edit"})       # only theirs changed
    library.update_asset(b, two_, {"summary": "field edit"})          # only ours changed
    library.update_asset(a, three, {"summary": "marketing's version"})  # both changed
    library.update_asset(b, three, {"summary": "field's version"})
    export_pack(a, tmp_path / "v2.vkpack")
    dry = import_pack(b, tmp_path / "v2.vkpack", dry_run=True)
    assert library.get_asset(b, one).summary == ""  # dry run changed nothing
    report = import_pack(b, tmp_path / "v2.vkpack")
    assert dry.updated == report.updated == [one]
    assert two_ in report.skipped
    assert [c["id"] for c in report.conflicts] == [three]
    assert library.get_asset(b, one).summary == "marketing edit"
    assert library.get_asset(b, two_).summary == "field edit"
    assert library.get_asset(b, three).summary == "field's version"  # never overwritten silently
    side_by_side = pack_conflicts.list_conflicts(b)[0]
    assert side_by_side["mine"]["summary"] == "field's version"
    assert side_by_side["theirs"]["summary"] == "marketing's version"
    copy_id = pack_conflicts.resolve_conflict(b, three, "both")
    assert library.get_asset(b, copy_id).summary == "marketing's version"
    assert library.get_asset(b, three).summary == "field's version"
    assert pack_conflicts.list_conflicts(b) == []
    assert import_pack(b, tmp_path / "v2.vkpack").conflicts == []  # decided once, not again


def test_take_theirs_and_reimport_is_stable(two: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = two
    x = library.add_asset(a, asset("方案")).id
    export_pack(a, tmp_path / "v1.vkpack")
    import_pack(b, tmp_path / "v1.vkpack")
    library.update_asset(a, x, {"title": "方案 v2"})
    library.update_asset(b, x, {"title": "方案（现场修改）"})
    export_pack(a, tmp_path / "v2.vkpack")
    import_pack(b, tmp_path / "v2.vkpack")
    pack_conflicts.resolve_conflict(b, x, "theirs")
    assert library.get_asset(b, x).title == "方案 v2"


def test_attachments_and_renamed_values_travel(two: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = two
    with a.transaction() as conn:  # a facet only marketing has, so it must travel
        add_facet(conn, "customer_tier", label_zh="客户分层", label_en="Customer tier")
    x = library.add_asset(a, asset("案例", tags={"stage": ["SQL"], "customer_tier": ["标杆客户"]})).id
    doc = tmp_path / "CON.pdf"
    doc.write_bytes(b"%PDF-1.4 demo")
    attach_file(a, x, doc)
    export_pack(a, tmp_path / "v1.vkpack")
    import_pack(b, tmp_path / "v1.vkpack")
    rename_value(a, "customer_tier", "标杆客户", "标杆")
    export_pack(a, tmp_path / "v2.vkpack")
    report = import_pack(b, tmp_path / "v2.vkpack")
    assert report.renames_applied == 1
    assert b.conn.execute("SELECT label_en FROM facets WHERE name='customer_tier'").fetchone()[0] \
        == "Customer tier"
    got = library.get_asset(b, x)
    assert got.tags["customer_tier"] == ["标杆"]
    assert [f.filename for f in got.attachments] == ["_CON.pdf"]  # safe on Windows too
    assert check_library(b).ok


def test_killed_midway_leaves_the_library_unchanged_and_reimport_gives_same(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a")
    records = [asset(f"资产 {n}") for n in range(3000)]
    from valuekit.library.transfer import import_records

    import_records(a, records)
    export_pack(a, tmp_path / "big.vkpack")
    a.close()
    folder = tmp_path / "b"
    Store.open(folder).close()
    script = textwrap.dedent(f"""
        import os, signal
        import valuekit.packs.importer as pi
        real = pi.write_assets
        def dying(conn, items, replace=False):
            def gen():
                for n, item in enumerate(items):
                    if n == 1500:
                        os.kill(os.getpid(), signal.SIGKILL)
                    yield item
            return real(conn, gen(), replace=replace)
        pi.write_assets = dying
        from valuekit.db.store import Store
        pi.import_pack(Store.open({str(folder)!r}), {str(tmp_path / "big.vkpack")!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], env=os.environ.copy())
    assert proc.returncode == -signal.SIGKILL
    b = Store.open(folder)
    assert b.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0
    first = import_pack(b, tmp_path / "big.vkpack")
    assert len(first.added) == 3000
    assert b.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 3000
    assert len(import_pack(b, tmp_path / "big.vkpack").skipped) == 3000
    b.close()
