"""``valuekit-gui [LIBRARY]``: the ValueKit desktop window over a library folder.

Without an argument the library from Settings is opened (first run: the default
library, filled with the demo content). A library that cannot be opened (newer schema,
not a database, read-only) is explained and the user picks another folder.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from valuekit.db.store import Store
from valuekit.errors import ValueKitError
from valuekit.pitch.brand import get_brand
from valuekit.resources import default_library_path
from valuekit_gui.common import errors
from valuekit_gui.common.fonts import register_fonts
from valuekit_gui.common.i18n import set_language, tr
from valuekit_gui.shell.brand import BrandDialog
from valuekit_gui.shell.main_window import MainWindow, open_library
from valuekit_gui.shell.nav import register_builtin_views
from valuekit_gui.shell.settings import AppSettings

__all__ = ["main", "open_library", "start"]
# Set by bench/bench_gui.py: print when the window is on screen, then quit.
PROBE_ENV = "VALUEKIT_GUI_PROBE"


def _open_first_library(path: Path) -> Store | None:
    """Open ``path``; on failure explain and let the user pick another (None = gave up)."""
    while True:
        try:
            return open_library(path, demo_if_new=path == default_library_path())
        except ValueKitError as exc:
            errors.show_error("user", tr("error.user_title"), tr("error.open_failed", message=exc))
            folder = QFileDialog.getExistingDirectory(None, tr("settings.pick_library"),
                                                      str(path.parent))
            if not folder:
                return None
            path = Path(folder)


def start(app: QApplication, library: Path | None = None,
          settings: AppSettings | None = None) -> MainWindow | None:
    """Everything ``main`` does before the event loop; returns the shown window
    (scripts/screenshots.py and the benchmark drive the app through this)."""
    app.setOrganizationName("ValueKit")
    app.setApplicationName("ValueKit")
    register_fonts(app)
    errors.install()
    settings = settings or AppSettings()
    set_language(settings.language())
    register_builtin_views()
    store = _open_first_library(Path(library) if library else settings.library_path())
    if store is None:
        return None
    window = MainWindow(store, settings)
    window.show()
    ask_brand_once(window, settings)
    return window


def ask_brand_once(window: MainWindow, settings: AppSettings) -> BrandDialog | None:
    """On first run, ask for the brand and seller profile (customer documents carry them);
    once only, and never over a library that already has a seller profile."""
    if settings.qsettings.value("brand/asked", False) in (True, "true") or os.environ.get(PROBE_ENV):
        return None
    settings.qsettings.setValue("brand/asked", True)
    if get_brand(window.store).profile.complete:
        return None
    dialog = BrandDialog(window.store, parent=window)
    dialog.open()  # window-modal but not blocking: start() returns, the event loop runs
    return dialog


def _probe(window: MainWindow) -> None:
    """Report the moment the window has been painted, then quit (benchmark only)."""
    def report() -> None:
        print(f"shown {time.time():.6f}", flush=True)
        QApplication.quit()

    window.repaint()
    QTimer.singleShot(0, report)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    app = cast(QApplication, QApplication.instance()) or QApplication(argv)
    window = start(app, Path(argv[1]) if len(argv) > 1 else None)
    if window is None:
        return 1
    if os.environ.get(PROBE_ENV):
        _probe(window)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
