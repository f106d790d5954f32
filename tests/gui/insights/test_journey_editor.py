"""Marketing edits the journey map in place: values shown by their labels in the
interface language, typed back as labels, refused values explained and reverted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.library.journey import FIELDS, get_journey
from valuekit_gui.common.i18n import set_language
from valuekit_gui.insights.journey_editor import JourneyEditor


@pytest.fixture
def editor(qtbot, store: Store, release) -> Iterator[JourneyEditor]:  # type: ignore[no-untyped-def]
    load_demo(store)
    set_language("zh")
    widget = JourneyEditor(store)
    qtbot.addWidget(widget)
    yield widget
    release(widget)
    set_language("en")


def _cell(editor: JourneyEditor, stage: str, field: str) -> str:
    row = [s.stage for s in get_journey(editor.store.conn)].index(stage)
    item = editor.item(row, FIELDS.index(field))
    assert item is not None
    return item.text()


def test_formats_and_cognition_show_their_labels(editor: JourneyEditor) -> None:
    assert _cell(editor, "MQL", "formats") == "白皮书、第三方报告"
    assert _cell(editor, "RL", "cognition").startswith("了解")  # Aware, in Chinese
    set_language("en")
    editor.retranslate()  # what the Insights page does on language_changed
    assert _cell(editor, "MQL", "formats") == "Whitepaper, Analyst report"


def test_typed_labels_are_stored_as_values(editor: JourneyEditor, shown_errors: list[str]) -> None:
    row = [s.stage for s in get_journey(editor.store.conn)].index("SQL")
    item = editor.item(row, FIELDS.index("formats"))
    assert item is not None
    item.setText("客户案例、白皮书")
    stored = next(s for s in get_journey(editor.store.conn) if s.stage == "SQL")
    assert stored.formats == ["case_study", "whitepaper"] and not shown_errors
    item = editor.item(row, FIELDS.index("formats"))
    assert item is not None
    item.setText("传单")  # not a format of this library
    assert shown_errors and "传单" in shown_errors[0]
    assert _cell(editor, "SQL", "formats") == "客户案例、白皮书"  # the stored value again
