"""``valuekit-gui``: the ValueKit desktop window over a library folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from ui.fonts import register_fonts
from ui.library_view import LibraryView
from valuekit.demo import load_demo
from valuekit.errors import ValueKitError
from valuekit.paths import default_library_path
from valuekit.store import Store


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"ValueKit — {store.path}")
        self.library_view = LibraryView(store)
        self.setCentralWidget(self.library_view)
        self.resize(1280, 800)


def open_library(path: Path) -> Store:
    """Open the library, filling a brand-new default library with the demo content."""
    new = not (path / "library.db").exists()
    store = Store.open(path)
    if new:
        load_demo(store)
    return store


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    app = QApplication(argv)
    register_fonts(app)
    path = Path(argv[1]) if len(argv) > 1 else default_library_path()
    try:
        store = open_library(path)
    except ValueKitError as exc:
        QMessageBox.critical(None, "ValueKit", str(exc))
        return 1
    window = MainWindow(store)
    window.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
