"""The library screen forgives and advises: a typo shows the suggestion's results with a
note, rows show where the words matched, an empty result leaves nothing stale behind, the
"recommended for" panel follows the method, and the detail pane tells whether to trust."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from valuekit.db.store import Store
from valuekit.library.attachments import attach_file
from valuekit.library.filetext import index_pending
from valuekit.library.search import Query, search
from valuekit_gui.library.snippets import SNIPPET_ROLE
from valuekit_gui.library.view import LibraryView


@pytest.fixture
def view(demo_view: LibraryView) -> LibraryView:
    return demo_view


def type_search(qtbot, view: LibraryView, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.results_shown, timeout=5000):
        view.search_box.setText(text)


@pytest.mark.parametrize(("typed", "meant"), [("qoute", "quote"), ("报介", "报价")])
def test_a_typo_shows_the_suggestions_results_with_a_note(qtbot, view: LibraryView, store: Store,
                                                         typed: str, meant: str) -> None:
    type_search(qtbot, view, typed)
    assert view.total == search(store, Query(text=meant)).total > 0
    assert view.note.isVisibleTo(view) and meant in view.note.text() and typed in view.note.text()
    assert view.sidebar.item("format", "case_study") is not None or view.sidebar.tree.topLevelItemCount()
    snippet = view.model.data(view.model.index(0, 0), SNIPPET_ROLE)
    assert snippet and "<b>" in snippet


def test_full_width_and_stemmed_words_find_the_same_rows(qtbot, view: LibraryView) -> None:
    totals = []
    for text in ("quote", "quoting", "ｑｕｏｔｅ"):
        type_search(qtbot, view, text)
        totals.append(view.total)
        assert not view.note.isVisibleTo(view)
    assert totals[0] == totals[1] == totals[2] > 0


def test_an_empty_result_clears_the_detail_pane_and_says_so(qtbot, view: LibraryView) -> None:
    view.table.selectRow(0)
    assert view.detail.asset_id is not None
    type_search(qtbot, view, "zzxqvw")
    assert view.total == 0 and view.model.rowCount() == 0
    assert view.detail.asset_id is None and view.detail.placeholder.isVisibleTo(view.detail)
    assert "zzxqvw" in view.note.text()
    assert view.sidebar.tree.topLevelItemCount() == 1  # "(no results to filter)", not a blank pane


def test_attachment_text_is_found_from_the_search_box(qtbot, view: LibraryView, store: Store,
                                                      tmp_path: Path) -> None:
    paper = tmp_path / "fleet.pdf"
    HTML(string="<h1>Fleet</h1><p>Reefer detention surcharge explained.</p>").write_pdf(paper)
    target = search(store, Query(text="报价")).assets[0]
    attach_file(store, target.id, paper)
    index_pending(store)
    type_search(qtbot, view, "reefer")
    assert view.total == 1 and view.model.asset(0).id == target.id
    assert "fleet.pdf" in view.model.data(view.model.index(0, 0), SNIPPET_ROLE)


def test_recommended_panel_follows_stage_and_opens_the_asset(qtbot, view: LibraryView) -> None:
    panel = view.recommended
    with qtbot.waitSignal(panel.shown, timeout=5000):
        panel.choose("Retention", "manufacturing")
    assert panel.results.count() > 0
    first = panel.results.item(0)
    assert "Retention" in first.text() and "same industry" in first.text()
    asset_id = first.data(256)
    panel.results.itemClicked.emit(first)
    qtbot.waitUntil(lambda: view.detail.asset_id == asset_id, timeout=5000)
    with qtbot.waitSignal(panel.shown, timeout=5000):
        panel.opportunity.setCurrentIndex(1)
        panel.opportunity.activated.emit(1)
    opp = panel.opportunity.currentData()
    assert panel.stage.currentData() == opp["stage"] and panel.industry.currentData() == opp["industry"]


def test_detail_pane_shows_trust_problems_and_usage_by_stage(qtbot, view: LibraryView,
                                                             store: Store) -> None:
    battlecard = search(store, Query(text="battlecard", facets={"format": ["battlecard"],
                                                                 "status": ["verified"]})).assets[0]
    view.detail.show_asset(battlecard.id)
    assert "internal only" in view.detail.trust.problems.text()
    assert "SQL:" in view.detail.usage_summary.text()
