"""The user's settings (QSettings) and the Settings dialog.

``AppSettings`` is the only place that knows QSettings keys. Tests pass their own ini
file so they never touch the user's settings. The user's name is the ``creator`` tag of
new assets and the name on ratings and verifications; it is also exported as
``VALUEKIT_USER`` so core code that asks ``default_user()`` gets the same answer.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from valuekit.resources import default_library_path
from valuekit_gui.common.i18n import LANGUAGES, system_language, tr


class AppSettings:
    """Typed access to the persisted settings."""

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            self.qsettings = QSettings("ValueKit", "ValueKit")
        else:
            self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    # -- what the user chooses ---------------------------------------------------
    def library_path(self) -> Path:
        value = self.qsettings.value("library/path", "")
        return Path(str(value)) if value else default_library_path()

    def set_library_path(self, path: Path) -> None:
        self.qsettings.setValue("library/path", str(path))

    def language(self) -> str:
        value = self.qsettings.value("ui/language", "")
        return value if value in LANGUAGES else system_language()

    def set_language(self, lang: str) -> None:
        self.qsettings.setValue("ui/language", lang)

    def user_name(self) -> str:
        value = self.qsettings.value("user/name", "")
        # never the OS login ("root"): it would become the owner of new opportunities and
        # reach customer documents; the seller profile fills it in (shell/brand.py)
        return str(value or "") or os.environ.get("VALUEKIT_USER") or ""

    def set_user_name(self, name: str) -> None:
        self.qsettings.setValue("user/name", name.strip())
        apply_user_name(self)

    # -- what the window remembers -----------------------------------------------
    def window_bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"window/{key}", value)

    def last_view(self) -> str:
        return str(self.qsettings.value("window/last_view", "") or "")

    def set_last_view(self, key: str) -> None:
        self.qsettings.setValue("window/last_view", key)

    def sync(self) -> None:
        self.qsettings.sync()


_active: AppSettings | None = None


def app_settings() -> AppSettings:
    """The settings of the running app (views read the user's name from here)."""
    global _active
    if _active is None:
        _active = AppSettings()
    return _active


def active_settings() -> AppSettings | None:
    """The running window's settings, or None when no window set them (tests, tools)."""
    return _active


def use_settings(settings: AppSettings) -> None:
    """Make ``settings`` the running app's settings (the window calls this)."""
    global _active
    _active = settings
    apply_user_name(settings)


def current_user() -> str:
    return app_settings().user_name()


def apply_user_name(settings: AppSettings) -> None:
    os.environ["VALUEKIT_USER"] = settings.user_name()


class SettingsDialog(QDialog):
    """Library location, UI language and the user's name. ``values()`` gives the result;
    the main window applies it (switching library can fail and is handled there)."""

    def __init__(self, settings: AppSettings, library_path: Path, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("settings.title"))
        self.library_edit = QLineEdit(str(library_path))
        browse = QPushButton(tr("settings.browse"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.library_edit, 1)
        row.addWidget(browse)
        self.language_box = QComboBox()
        for code in LANGUAGES:
            self.language_box.addItem(tr(f"lang.{code}"), code)
        self.language_box.setCurrentIndex(LANGUAGES.index(lang))
        self.user_edit = QLineEdit(settings.user_name())
        hint = QLabel(tr("settings.user_hint"))
        hint.setEnabled(False)
        form = QFormLayout(self)
        form.addRow(tr("settings.library"), row)
        form.addRow(tr("settings.language"), self.language_box)
        form.addRow(tr("settings.user"), self.user_edit)
        form.addRow("", hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("settings.pick_library"),
                                                  self.library_edit.text())
        if folder:
            self.library_edit.setText(folder)

    def values(self) -> dict[str, str]:
        return {"library": self.library_edit.text().strip(),
                "language": self.language_box.currentData(),
                "user": self.user_edit.text().strip()}
