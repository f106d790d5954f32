"""Brand and seller profile in the desktop app: saved to the library, a bad colour is
refused on its field, and the dialog is asked once on first run."""

from __future__ import annotations

from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.pitch.brand import get_brand
from valuekit_gui.app import ask_brand_once
from valuekit_gui.common import errors
from valuekit_gui.shell.brand import BrandDialog
from valuekit_gui.shell.main_window import MainWindow
from valuekit_gui.shell.settings import AppSettings


def test_saves_brand_and_profile_and_refuses_a_bad_colour(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    shown: list[object] = []
    previous = errors.set_dialog_hook(lambda *a: shown.append(a))
    try:
        dialog = BrandDialog(store)
        qtbot.addWidget(dialog)
        dialog.company.setText("LinkSail")
        dialog.color.setText("red;background:url(file:///etc/passwd)")
        assert dialog.save() is False and shown
        assert dialog.color.toolTip()  # the field is marked with the reason
        assert get_brand(store).company == ""  # nothing stored while a value is refused
        dialog.color.setText("#7a1f5c")
        dialog.name.setText("Chen Siyuan")
        dialog.email.setText("chen@linksail.example")
        assert dialog.save() is True
    finally:
        errors.set_dialog_hook(previous)
    brand = get_brand(store)
    assert (brand.company, brand.color, brand.profile.email) == ("LinkSail", "#7A1F5C", "chen@linksail.example")


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_first_run_asks_once(qtbot, store: Store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VALUEKIT_USER", raising=False)  # an earlier test's name must not leak in
    settings = AppSettings(tmp_path / "s.ini")
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    first = ask_brand_once(window, settings)
    assert isinstance(first, BrandDialog)
    first.reject()
    assert ask_brand_once(window, settings) is None  # asked once, never again
    # the owner of new opportunities is the seller, never the OS login
    assert settings.user_name() == ""
    dialog = BrandDialog(store, parent=window)
    dialog.name.setText("Chen Siyuan")
    dialog.phone.setText("+86 138 0000 1234")
    assert dialog.save()
    assert settings.user_name() == "Chen Siyuan"
