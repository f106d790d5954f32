"""The desktop app's sync screen against a real server (here rather than tests/gui/ so it
shares this folder's PostgreSQL): a conflict shows base, mine and theirs per field in the
user's language and is settled field by field with clicks; a refused change shows its
reason and is given up with a click; "Sync now" and the periodic sync run off the main
thread, and an unreachable server only says "offline"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit
from synchelpers import ServiceThread, Team, free_port, two_field_conflict

from valuekit.db.store import Store
from valuekit.library.assets import add_asset, get_asset, set_status, update_asset
from valuekit.sync import state
from valuekit.sync.actions import sync_now
from valuekit.sync.engine import setup
from valuekit_gui.common import drafts, errors
from valuekit_gui.common.fonts import register_fonts
from valuekit_gui.common.i18n import set_language
from valuekit_gui.shell.main_window import MainWindow
from valuekit_gui.shell.nav import register_builtin_views
from valuekit_gui.shell.settings import AppSettings
from valuekit_gui.sync.conflict_box import ConflictBox
from valuekit_gui.sync.status import SyncStatus, hub
from valuekit_gui.sync.view import SyncView

SHOTS = os.environ.get("VK_SHOT")


@pytest.fixture
def dialogs() -> Iterator[list[str]]:
    seen: list[str] = []
    previous = errors.set_dialog_hook(lambda kind, title, message, details: seen.append(message))
    yield seen
    errors.set_dialog_hook(previous)


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def _release(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    gone: list[bool] = []
    widget.destroyed.connect(lambda *_: gone.append(True))
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=5000)


def _view(qtbot, store: Store) -> SyncView:  # type: ignore[no-untyped-def]
    register_fonts(QApplication.instance())   # as the app does: Chinese needs its font
    view = SyncView(store)   # released by _release at the end of each test
    view.resize(1100, 640)
    return view


def _sync(qtbot, view: SyncView) -> None:  # type: ignore[no-untyped-def]
    view.status.button.click()
    assert hub().busy   # running in the background: the window is not waiting
    qtbot.waitUntil(lambda: not hub().busy, timeout=20000)


def _cells(box: ConflictBox) -> dict[str, list[str]]:
    return {box.table.item(r, 0).text(): [box.table.item(r, c).text() for c in (1, 2, 3)]
            for r in range(box.table.rowCount())}


def _pick(box: ConflictBox, path: str, choice: str) -> None:
    combo = box.picks[path]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(choice))   # what choosing in the list does


def test_a_two_field_conflict_settled_differently_per_field_reaches_the_other_laptop(
        team: Team, qtbot, tmp_path: Path, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    mia, mia2, asset_id = two_field_conflict(team, "Payback in 8 months", "Payback within a year", pull=False)
    view = _view(qtbot, mia2)
    _sync(qtbot, view)
    [box] = view.boxes
    assert _cells(box) == {
        "Title": ["Payback in 9 months", "Payback within a year", "Payback in 8 months"],
        "Industry": ["Manufacturing", "Manufacturing, Logistics", "Manufacturing, Energy"]}
    assert "Asset “Payback within a year”" in box.title() and "mia" in box.title()
    view.grab().save(str(tmp_path / "conflicts_en.png"))
    set_language("zh")
    [box] = view.boxes
    assert _cells(box)["行业"] == ["制造业", "制造业、物流", "制造业、能源电力"]
    assert view.conflicts_label.text().startswith("冲突")
    view.grab().save(str(tmp_path / "conflicts_zh.png"))
    if SHOTS:
        for lang in ("en", "zh"):
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            (tmp_path / f"conflicts_{lang}.png").replace(Path(SHOTS) / f"conflicts_{lang}.png")
    set_language("en")
    [box] = view.boxes
    assert not box.apply_button.isEnabled()     # nothing chosen, nothing to apply
    _pick(box, "title", "mine")
    _pick(box, "tags.industry", "theirs")
    box.apply_button.click()
    assert view.boxes == [] and not view.empty.isHidden() and dialogs == []
    _sync(qtbot, view)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert got.title == "Payback within a year"
    assert sorted(got.tags["industry"]) == ["energy", "manufacturing"]
    _release(qtbot, view)


def test_a_value_written_by_hand_is_checked_and_the_rest_can_wait(
        team: Team, qtbot, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    mia, mia2, asset_id = two_field_conflict(team, "Payback in 8 months", "Payback within a year", pull=False)
    view = _view(qtbot, mia2)
    _sync(qtbot, view)
    [box] = view.boxes
    _pick(box, "title", "edit")
    assert box.edits["title"].isEnabled() and box.edits["title"].text() == "Payback within a year"
    assert box.edits["tags.industry"].text() == "Manufacturing, Logistics"   # labels, not keys
    box.edits["title"].setText("   ")
    box.apply_button.click()
    assert len(dialogs) == 1 and dialogs[0].startswith("title:")   # names the field
    [box] = view.boxes                                  # nothing applied, choice still there
    assert box.picks["title"].currentData() == "edit"
    box.edits["title"].setText("Payback in 8–12 months")
    box.apply_button.click()                             # industry stays open
    [box] = view.boxes
    assert list(box.picks) == ["tags.industry"]
    assert "Payback in 8–12 months" in box.decided.text() and not box.decided.isHidden()
    if SHOTS:
        view.grab().save(str(Path(SHOTS) / "conflicts_partial_en.png"))
        set_language("zh")
        view.grab().save(str(Path(SHOTS) / "conflicts_partial_zh.png"))
        set_language("en")
        [box] = view.boxes   # rebuilt in each language
    # a half-made choice survives a sync that refreshes the view
    _pick(box, "tags.industry", "theirs")
    _sync(qtbot, view)
    [box] = view.boxes
    assert box.picks["tags.industry"].currentData() == "theirs"
    box.apply_button.click()
    _sync(qtbot, view)
    sync_now(mia)
    got = get_asset(mia, asset_id)
    assert (got.title, sorted(got.tags["industry"])) == ("Payback in 8–12 months", ["energy", "manufacturing"])
    _release(qtbot, view)


def test_a_refused_change_shows_its_reason_and_is_given_up(team: Team, qtbot, dialogs) -> None:  # type: ignore[no-untyped-def]
    mia, sam = team.library("mia"), team.library("sam")
    asset = add_asset(mia, {"title": "Payback in 9 months", "format": "case_study", "language": "en"})
    sync_now(mia)
    sync_now(sam)
    set_status(sam, asset.id, "retired", by="sam")
    set_language("zh")
    try:
        view = _view(qtbot, sam)
        _sync(qtbot, view)
        assert view.rejected.rowCount() == 1
        assert view.rejected.item(0, 0).text() == "素材「Payback in 9 months」"
        assert view.rejected.item(0, 1).text() == "状态：草稿 → 已下架；状态更改人：（空） → sam"
        assert view.rejected.item(0, 2).text() == "只有市场部可以验证或下架素材"
        if SHOTS:
            view.grab().save(str(Path(SHOTS) / "refused_zh.png"))
        view.revert_buttons[0].click()
        assert state.rejected(sam.conn) == [] and get_asset(sam, asset.id).status == "draft"
        assert view.rejected.isHidden() and dialogs == []
        _release(qtbot, view)
    finally:
        set_language("en")


def test_the_timer_syncs_and_an_unreachable_server_only_says_offline(
        team: Team, qtbot, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    mia, sam = team.library("mia"), team.library("sam")
    add_asset(mia, {"title": "Made by mia", "format": "case_study", "language": "en"})
    sync_now(mia)
    bar = SyncStatus(sam)            # the status bar's: syncs every few minutes
    assert bar.timer.isActive()
    bar.timer.setInterval(50)        # the same timer, made quick for the test
    qtbot.waitUntil(lambda: state.status(sam).last_sync != "", timeout=20000)
    bar.timer.stop()
    qtbot.waitUntil(lambda: not hub().busy, timeout=20000)
    assert sam.conn.execute("SELECT title FROM assets").fetchall() == [("Made by mia",)]
    assert bar.label.text().startswith("Synced")
    own = ServiceThread(team.dsn, team.blobs, free_port()).start()   # a second service...
    setup(sam, own.url, team.tokens["sam"])
    own.stop()                                                       # ...that goes away
    finished: list[object] = []
    hub().finished.connect(finished.append)
    bar.timer.start()
    qtbot.waitUntil(lambda: len(finished) >= 3, timeout=30000)   # three periodic attempts
    bar.timer.stop()
    qtbot.waitUntil(lambda: not hub().busy, timeout=20000)
    hub().finished.disconnect(finished.append)
    assert finished[:3] == [None, None, None]
    assert bar.label.text().startswith("Offline")
    assert dialogs == []             # never a dialog from a timer
    _release(qtbot, bar)


def test_a_long_text_is_rewritten_in_a_multi_line_box(team: Team, qtbot, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    mia, mia2 = team.library("mia"), team.library("mia")
    asset = add_asset(mia, {"title": "Bank case", "format": "case_study", "language": "en",
                            "body": "Payback came in month nine.\nThe CFO signed off."})
    sync_now(mia)
    sync_now(mia2)
    update_asset(mia, asset.id, {"body": "Payback came in month eight.\nThe CFO signed off."})
    update_asset(mia2, asset.id, {"body": "Payback came in month nine.\nThe CFO and CIO signed off."})
    sync_now(mia)
    view = _view(qtbot, mia2)
    _sync(qtbot, view)
    [box] = view.boxes
    editor = box.edits["body"]
    assert isinstance(editor, QPlainTextEdit)
    assert editor.toPlainText() == "Payback came in month nine.\nThe CFO and CIO signed off."
    _pick(box, "body", "edit")
    merged_by_hand = "Payback came in month eight.\nThe CFO and CIO signed off."
    editor.setPlainText(merged_by_hand)
    if SHOTS:
        view.grab().save(str(Path(SHOTS) / "conflicts_body_en.png"))
    box.apply_button.click()
    assert view.boxes == [] and dialogs == []
    _sync(qtbot, view)
    sync_now(mia)
    assert get_asset(mia, asset.id).body == merged_by_hand
    _release(qtbot, view)


def test_the_main_window_counts_the_conflict_and_opens_it_in_the_team_sync_view(
        team: Team, qtbot, tmp_path: Path, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    _mia, mia2, _asset_id = two_field_conflict(team)
    register_builtin_views()
    register_fonts(QApplication.instance())
    window = MainWindow(mia2, AppSettings(tmp_path / "settings.ini"))
    window.resize(1200, 700)
    assert "1 conflict" in window.sync_status.label.text()
    view = window.show_view("sync")
    assert isinstance(view, SyncView) and len(view.boxes) == 1
    window.sync_status.button.click()          # the status bar's button; the view follows
    qtbot.waitUntil(lambda: not hub().busy, timeout=20000)
    assert len(view.boxes) == 1 and view.status.label.text() == window.sync_status.label.text()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "main_window_sync.png"))
    view.boxes[0].all_theirs.click()
    assert "conflict" not in window.sync_status.label.text() and view.boxes == []
    _release(qtbot, window)


def test_an_unexpected_error_in_the_periodic_sync_opens_one_dialog_not_one_per_tick(
        team: Team, qtbot, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    sam = team.library("sam")
    with sam.transaction() as conn:   # a damaged library: the sync hits a missing table
        conn.execute("DROP TABLE sync_offline")
    bar = SyncStatus(sam)
    finished: list[object] = []
    hub().finished.connect(finished.append)
    bar.timer.setInterval(50)
    qtbot.waitUntil(lambda: len(finished) >= 3, timeout=30000)
    bar.timer.stop()
    qtbot.waitUntil(lambda: not hub().busy, timeout=20000)
    hub().finished.disconnect(finished.append)
    assert len(dialogs) == 1
    assert bar.label.text() == "Sync failed: an unexpected error; see the log"
    _release(qtbot, bar)


def test_many_conflicts_are_shown_a_page_at_a_time(qtbot, tmp_path: Path, english) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "lib")
    with store.transaction() as conn:   # 30 conflicts as a pull leaves them (no server needed)
        for i in range(30):
            asset = {"id": f"00000000-0000-4000-8000-{i:012d}", "title": f"Case {i}"}
            state.save_conflict(conn, "asset", asset["id"], asset, asset,
                                dict(asset, title=f"Case {i} (theirs)"), ["title"], "mia")
    view = _view(qtbot, store)
    assert len(view.boxes) == 25 and view.more.text() == "Show 5 more conflicts (5 not shown)"
    first = view.boxes[0]
    _pick(first, "title", "theirs")
    view.more.click()
    assert len(view.boxes) == 30 and view.more.isHidden()
    assert view.boxes[0] is first and first.picks["title"].currentData() == "theirs"  # kept as is
    _release(qtbot, view)
    store.close()


def test_giving_up_a_refused_new_row_asks_first_because_it_deletes_it(
        team: Team, qtbot, english, dialogs) -> None:  # type: ignore[no-untyped-def]
    sam = team.library("sam")
    asset = add_asset(sam, {"title": "My verified deck", "format": "case_study", "language": "en",
                            "status": "verified"})
    asked: list[str] = []
    answers = [False, True]
    previous = drafts.set_question_hook(lambda _kind, _title, text: asked.append(text) or answers.pop(0))
    try:
        view = _view(qtbot, sam)
        _sync(qtbot, view)
        assert view.rejected.item(0, 1).text() == "new here"
        view.revert_buttons[0].click()                    # "no": nothing happens
        assert "exists only on this computer" in asked[0]
        assert get_asset(sam, asset.id).title == "My verified deck" and view.rejected.rowCount() == 1
        view.revert_buttons[0].click()                    # "yes": gone, as the user agreed
        assert sam.conn.execute("SELECT count(*) FROM assets").fetchone()[0] == 0
        assert view.rejected.isHidden() and dialogs == []
        _release(qtbot, view)
    finally:
        drafts.set_question_hook(previous)
