"""The main window, offscreen: navigation and what it remembers, live relabelling,
settings, shortcuts dispatched to the current view, library switching that fails
politely, and an exception in a slot that is logged while the window keeps working."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QObject, Signal  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QWidget  # noqa: E402

from valuekit.db.store import Store  # noqa: E402
from valuekit.demo.library import load_demo  # noqa: E402
from valuekit_gui.common import errors  # noqa: E402
from valuekit_gui.common.i18n import set_language  # noqa: E402
from valuekit_gui.shell.main_window import MainWindow  # noqa: E402
from valuekit_gui.shell.nav import (  # noqa: E402
    register_builtin_views,
    register_view,
    registered_views,
    unregister_view,
)
from valuekit_gui.shell.settings import AppSettings, SettingsDialog  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    # Its own ini file: the tests never read or write the user's real settings.
    return AppSettings(tmp_path / "settings.ini")


@pytest.fixture
def shown_errors() -> Iterator[list[tuple[str, str, str]]]:
    seen: list[tuple[str, str, str]] = []
    previous = errors.set_dialog_hook(lambda kind, _title, message, details: seen.append(
        (kind, message, details)))
    yield seen
    errors.set_dialog_hook(previous)


_windows: list[MainWindow] = []


def make_window(qtbot, store: Store, settings: AppSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, settings)
    _windows.append(window)
    return window

@pytest.fixture
def window(qtbot, store: Store, settings: AppSettings, release) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    register_builtin_views()
    win = make_window(qtbot, store, settings)
    yield win
    set_language("en")
    while _windows:
        release(_windows.pop())


def test_navigation_shows_registered_views_and_remembers_the_last(qtbot, window, store, settings) -> None:  # type: ignore[no-untyped-def]
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    # Only views that exist are listed: no placeholder screens.
    assert len(titles) == len(registered_views()) and titles[0] == "Library"
    assert window.current_key() == "library"
    window.nav.setCurrentRow(titles.index("Insights"))
    assert window.current_key() == "insights"
    assert window.stack.currentWidget() is window.views["insights"]
    assert [a.text() for a in window.toolbar.actions()] == ["Refresh"]
    window.resize(720, 540)  # inside the 800×800 offscreen screen
    window.close()

    again = make_window(qtbot, store, settings)
    assert again.current_key() == "insights"
    assert (again.width(), again.height()) == (720, 540)
    assert "library" not in again.views  # views are built when first shown


def test_switching_language_relabels_the_open_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    insights = window.show_view("insights")
    set_language("zh")
    assert window.nav.item(0).text() == "价值库"
    assert window.file_menu.title() == "文件(&F)"
    assert "价值工具箱" in window.windowTitle()
    assert insights.heading.text() == "市场：素材表现"
    assert window.count_label.text().endswith("条素材")
    set_language("en")
    assert window.nav.item(0).text() == "Library" and window.file_menu.title() == "&File"


def test_settings_change_the_user_name_and_language(qtbot, window, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(settings, window.store.path, "en", window)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("林晓")
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh"))
    assert window.apply_settings(dialog.values())
    assert settings.user_name() == "林晓"
    assert AppSettings(tmp_path / "settings.ini").user_name() == "林晓"  # persisted
    assert AppSettings(tmp_path / "settings.ini").language() == "zh"
    assert window.nav.item(0).text() == "价值库"
    # The name is who "I" am elsewhere too: the core's default user, the Insights owner.
    from valuekit.cli.library import default_user

    assert default_user() == "林晓"
    insights = window.show_view("insights")
    qtbot.waitUntil(lambda: insights.sales is not None, timeout=5000)
    assert insights.sales.mine and insights.sales_page.note.text() == "负责人：林晓"


class Probe(QWidget):
    """A registered view that records which window commands reached it."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.search = QLineEdit(self)

    def focus_search(self) -> None:
        self.calls.append("find")

    def new_item(self) -> None:
        self.calls.append("new")


@pytest.fixture
def probe_view() -> Iterator[None]:
    register_view("probe", Probe, "nav.probe")
    yield
    unregister_view("probe")


def test_shortcuts_reach_the_current_view_when_it_supports_them(qtbot, window, store, settings,
                                                               probe_view) -> None:  # type: ignore[no-untyped-def]
    win = make_window(qtbot, store, settings)
    probe = win.show_view("probe")
    assert win.command_actions["find"].shortcut().toString() == "Ctrl+F"
    win.command_actions["find"].trigger()
    win.command_actions["new"].trigger()
    assert probe.calls == ["find", "new"]
    # Export and retire are switched off for a view that has neither.
    assert not win.command_actions["export"].isEnabled()
    assert not win.command_actions["retire"].isEnabled()
    library = win.show_view("library")
    assert win.command_actions["retire"].isEnabled() and callable(library.retire_selected)


def test_a_library_that_cannot_open_is_explained_and_the_current_one_stays(
        qtbot, window, store, tmp_path, shown_errors, settings) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "library.db").write_bytes(b"this is not sqlite " * 100)
    assert not window.switch_library(broken)
    assert shown_errors and "not an SQLite database" in shown_errors[-1][1]
    assert window.store is store and window.store.conn.execute("SELECT count(*) FROM assets").fetchone()[0] > 0
    assert not window.switch_library(tmp_path / "nothing-here")  # Open… needs a library
    assert "New library" in shown_errors[-1][1]

    fresh = tmp_path / "fresh"
    assert window.switch_library(fresh, create=True)
    assert window.store.path == fresh and window.count_label.text() == "0 assets"
    assert str(fresh) in window.path_label.text()
    assert settings.library_path() == fresh
    # The library left behind is closed once its views are gone.
    qtbot.waitUntil(lambda: _closed(store))


def _closed(store: Store) -> bool:
    import sqlite3

    try:
        store.conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


class Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_the_window_keeps_working(
        qtbot, window, store, shown_errors, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    errors.install()
    emitter = Emitter()

    def broken_slot() -> None:
        raise ZeroDivisionError("a bug in a slot")

    emitter.fired.connect(broken_slot)
    emitter.fired.emit()
    errors.flush_log()
    log = (store.path / "valuekit.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug in a slot" in log and "Traceback" in log
    kind, message, details = shown_errors[-1]
    assert kind == "bug" and "valuekit.log" in message and "broken_slot" in details
    # Still usable: navigation works and the status bar still counts.
    window.show_view("insights")
    demo_assets = store.conn.execute("SELECT count(*) FROM assets").fetchone()[0]
    assert window.current_key() == "insights" and window.count_label.text() == f"{demo_assets} assets"


def test_a_user_mistake_is_a_one_line_message_not_a_traceback(qtbot, window, store, shown_errors) -> None:  # type: ignore[no-untyped-def]
    from valuekit.errors import ValidationError

    errors.report_exception(ValidationError("importance", "must be a whole number from 1 to 5"))
    assert shown_errors[-1][:2] == ("user", "importance: must be a whole number from 1 to 5")
    errors.flush_log()
    assert "Traceback" not in (store.path / "valuekit.log").read_text(encoding="utf-8")


def test_closing_the_window_with_unsaved_edits_asks_first(qtbot, window, store, draft_questions) -> None:  # type: ignore[no-untyped-def]
    from valuekit_gui.sales.opportunities_view import OpportunitiesView

    view = window.view("opportunities")
    assert isinstance(view, OpportunitiesView)
    first = view.list.topLevelItem(0)
    view.list.setCurrentItem(first)
    view.form.edits["customer"].setText("Typed, never saved")
    draft_questions.answers.append(False)  # "Discard them?" → No: the window stays open
    assert window.close() is False  # the close was refused
    assert draft_questions.kinds() == ["leave"]
    assert view.form.edits["customer"].text() == "Typed, never saved"
