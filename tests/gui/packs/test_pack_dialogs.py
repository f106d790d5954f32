"""Pack dialogs: export from one library, preview and import into another, and decide a
conflict side by side — with the work done off the main thread."""

from __future__ import annotations

from pathlib import Path

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.packs.export import export_pack
from valuekit.packs.importer import import_pack
from valuekit_gui.common.i18n import tr
from valuekit_gui.packs.dialogs import ConflictDialog, PackExportDialog, PackImportDialog


def test_export_then_preview_then_import(qtbot, tmp_path: Path, store: Store, shown_errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    library.add_asset(store, {"title": "案例：华东精密", "format": "case_study", "language": "zh"})
    out = tmp_path / "team.vkpack"
    export = PackExportDialog(store)
    qtbot.addWidget(export)
    export.export_to(str(out))
    qtbot.waitUntil(lambda: export.task is None, timeout=10_000)
    assert shown_errors == []
    # the whole message, not a "1" that the tmp path alone could supply
    assert export.message.text() == tr("pack.exported", assets=1, attachments=0, path=str(out))
    assert out.exists()

    other = Store.open(tmp_path / "field")
    dialog = PackImportDialog(other)
    qtbot.addWidget(dialog)
    dialog.preview(str(out))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert dialog.report is not None and dialog.report["dry_run"]
    assert dialog.report["counts"] == {"added": 1, "updated": 0, "skipped": 0, "conflicts": 0}
    assert tr("pack.summary", added=1, updated=0, skipped=0, conflicts=0) in dialog.message.text()
    assert other.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.report["dry_run"],
                    timeout=10_000)
    assert other.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 1
    other.close()


def test_conflict_side_by_side_keep_theirs(qtbot, tmp_path: Path, store: Store) -> None:  # type: ignore[no-untyped-def]
    a = Store.open(tmp_path / "marketing")
    x = library.add_asset(a, {"title": "方案", "format": "article", "language": "zh"}).id
    export_pack(a, tmp_path / "v1.vkpack")
    import_pack(store, tmp_path / "v1.vkpack")
    library.update_asset(a, x, {"summary": "<b>marketing</b>"})
    library.update_asset(store, x, {"summary": "field"})
    export_pack(a, tmp_path / "v2.vkpack")
    import_pack(store, tmp_path / "v2.vkpack")
    dialog = ConflictDialog(store)
    qtbot.addWidget(dialog)
    assert "field" in dialog.mine.toPlainText()
    assert "<b>marketing</b>" in dialog.theirs.toPlainText()  # shown as text, not markup
    dialog.resolve("theirs")
    assert library.get_asset(store, x).summary == "<b>marketing</b>"
    assert dialog.list.count() == 0
    a.close()


def test_usage_reports_through_the_dialog(qtbot, tmp_path: Path, store: Store) -> None:  # type: ignore[no-untyped-def]
    from valuekit_gui.packs.dialogs import UsageReportDialog

    a = library.add_asset(store, {"title": "案例", "format": "case_study", "language": "zh"})
    library.record_usage(store, a.id, stage="SQL", customer="甲")
    marketing = Store.open(tmp_path / "marketing")
    export_pack(store, tmp_path / "p.vkpack")
    import_pack(marketing, tmp_path / "p.vkpack")
    field = UsageReportDialog(store)
    qtbot.addWidget(field)
    report = tmp_path / "wang.vkusage"
    field.export_to(str(report))
    qtbot.waitUntil(lambda: field.task is None and report.exists(), timeout=10_000)
    desk = UsageReportDialog(marketing)
    qtbot.addWidget(desk)
    for _ in range(2):  # the same report twice counts once
        desk.import_from([str(report)])
        qtbot.waitUntil(lambda: desk.task is None, timeout=10_000)
    assert library.get_asset(marketing, a.id).usage_count == 1
    assert "already" in desk.message.text()
    marketing.close()


def test_spin_bank_travels_through_the_dialogs(qtbot, tmp_path: Path, store: Store) -> None:  # type: ignore[no-untyped-def]
    from valuekit.sales import spin

    spin.add_question(store, {"kind": "situation", "text_zh": "<i>现在</i>怎么报价？"})
    out = tmp_path / "kit.vkpack"
    export = PackExportDialog(store)
    qtbot.addWidget(export)
    export.with_spin.setChecked(True)
    export.export_to(str(out))
    qtbot.waitUntil(lambda: export.task is None and out.exists(), timeout=10_000)
    other = Store.open(tmp_path / "field")
    dialog = PackImportDialog(other)
    qtbot.addWidget(dialog)
    dialog.preview(str(out))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "SPIN" in dialog.message.text() and spin.list_questions(other) == []
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.report["dry_run"],
                    timeout=10_000)
    assert [q["text_zh"] for q in spin.list_questions(other)] == ["<i>现在</i>怎么报价？"]
    other.close()
