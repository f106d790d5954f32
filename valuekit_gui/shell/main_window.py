"""The ValueKit window: navigation between the registered views, a toolbar with the
current view's actions, a status bar, menus and the window-wide shortcuts.

The window owns the one open ``Store``; switching library closes it, opens the new one
and rebuilds the views. Views are created the first time they are shown, so start-up
only pays for the view the user left open last time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from valuekit.db.store import DB_NAME, Store
from valuekit.demo.library import load_demo
from valuekit.errors import LibraryError, ValueKitError
from valuekit.reports.insights import count_assets
from valuekit_gui.common import errors
from valuekit_gui.common.drafts import DraftKeeper
from valuekit_gui.common.i18n import current_language, set_language, signals, tr
from valuekit_gui.packs.dialogs import (
    ConflictDialog,
    PackExportDialog,
    PackImportDialog,
    UsageReportDialog,
)
from valuekit_gui.shell.brand import BrandDialog
from valuekit_gui.shell.nav import ViewSpec, registered_views
from valuekit_gui.shell.settings import AppSettings, SettingsDialog, use_settings
from valuekit_gui.sync.status import SyncStatus

# A view's signal asking to open a record elsewhere: (target view, methods tried in order).
RECORD_SIGNALS = {"asset_requested": ("library", ("show_asset",)),
                  "opportunity_requested": ("opportunities", ("select", "open_opportunity")),
                  "pitch_requested": ("pitches", ("select", "open_pitch")),
                  "account_requested": ("customers", ("show_account",))}
# Window-wide shortcuts and the view method each one calls.
COMMANDS = (("find", "focus_search", QKeySequence.StandardKey.Find),
            ("new", "new_item", QKeySequence.StandardKey.New),
            ("export", "export", QKeySequence("Ctrl+E")),
            ("retire", "retire_selected", QKeySequence(Qt.Key.Key_Delete)))


def open_library(path: Path, *, demo_if_new: bool = False, must_exist: bool = False) -> Store:
    """Open a library folder; a brand-new one gets the demo content when ``demo_if_new``.

    With ``must_exist`` a folder without a library is refused instead of created, so
    "Open library…" on the wrong folder does not leave an empty library behind.
    """
    path = Path(path).expanduser()
    new = not (path / DB_NAME).exists()
    if must_exist and new:
        raise LibraryError(f"{path} is not a ValueKit library (it has no {DB_NAME}); "
                           "use New library… to create one")
    store = Store.open(path)
    if new and demo_if_new:
        load_demo(store)
    return store


def _icon(widget: QWidget, name: str) -> QIcon:
    pixmap = getattr(QStyle.StandardPixmap, name, None)
    if pixmap is not None:
        return widget.style().standardIcon(pixmap)
    return QIcon(name) if name else QIcon()


class MainWindow(QMainWindow):
    """The application window over one open library."""

    view_changed = Signal(str)

    def __init__(self, store: Store, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        use_settings(settings)
        errors.set_log_folder(store.path)
        self.specs: list[ViewSpec] = registered_views()
        self.views: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMinimumWidth(150)
        self.stack = QStackedWidget()
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1090])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        for spec in self.specs:
            self.nav.addItem(QListWidgetItem(_icon(self, spec.icon), ""))

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("view_actions")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.path_label = QLabel()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.path_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.sync_status = SyncStatus(store)
        self.sync_status.synced.connect(lambda _report: self.refresh_status())
        self.statusBar().addPermanentWidget(self.sync_status)
        self._build_menus()

        self.nav.currentRowChanged.connect(self._nav_changed)
        signals().language_changed.connect(self.retranslate)
        self.retranslate()
        self._restore()

    # -- menus and shortcuts ----------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = self.file_menu.addAction("", self.choose_library)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.new_library_action = self.file_menu.addAction("", self.create_library)
        self.file_menu.addSeparator()
        # sharing with the team: packs out and in, and the conflicts an import kept aside
        self.pack_actions = {
            "pack.export_title": self.file_menu.addAction("", lambda: self._dialog(PackExportDialog)),
            "pack.import_title": self.file_menu.addAction("", lambda: self._dialog(PackImportDialog)),
            "pack.conflicts_title": self.file_menu.addAction("", lambda: self._dialog(ConflictDialog)),
            "usage.import_title": self.file_menu.addAction("", lambda: self._dialog(UsageReportDialog)),
            "brandui.title": self.file_menu.addAction("", lambda: self._dialog(BrandDialog)),
        }
        self.file_menu.addSeparator()
        self.settings_action = self.file_menu.addAction("", self.open_settings)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.edit_menu = bar.addMenu("")
        self.command_actions: dict[str, QAction] = {}
        for name, method, keys in COMMANDS:
            action = self.edit_menu.addAction("")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, m=method: self.dispatch(m))
            self.command_actions[name] = action

        self.view_menu = bar.addMenu("")
        self.view_group = QActionGroup(self)
        self.view_actions: list[QAction] = []
        for n, spec in enumerate(self.specs):
            action = self.view_menu.addAction(_icon(self, spec.icon), "")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _checked=False, k=spec.key: self.show_view(k))
            self.view_group.addAction(action)
            self.view_actions.append(action)

        self.help_menu = bar.addMenu("")
        self.about_action = self.help_menu.addAction("", self._about)

    def _dialog(self, kind: type) -> None:
        kind(self.store, parent=self).exec()
        self.refresh_status()

    def retranslate(self, _lang: str = "") -> None:
        self.setWindowTitle(f"{tr('app.title')} — {self.store.path}")
        for n, spec in enumerate(self.specs):
            self.nav.item(n).setText(tr(spec.title_key))
            self.view_actions[n].setText(tr(spec.title_key))
        self.file_menu.setTitle(tr("menu.file"))
        self.edit_menu.setTitle(tr("menu.edit"))
        self.view_menu.setTitle(tr("menu.view"))
        self.help_menu.setTitle(tr("menu.help"))
        self.open_action.setText(tr("action.open_library"))
        for key, action in self.pack_actions.items():
            action.setText(tr(key) + "…")
        self.new_library_action.setText(tr("action.new_library"))
        self.settings_action.setText(tr("action.settings"))
        self.quit_action.setText(tr("action.quit"))
        self.about_action.setText(tr("action.about"))
        for name, action in self.command_actions.items():
            action.setText(tr(f"action.{name}"))
        for view in self.views.values():
            if hasattr(view, "retranslate"):
                view.retranslate()
        self.refresh_status()

    def dispatch(self, method: str) -> None:
        """Run a window shortcut on the current view, if it supports it."""
        target = getattr(self.current_view(), method, None)
        if callable(target):
            target()

    def _update_commands(self) -> None:
        view = self.current_view()
        for name, method, _keys in COMMANDS:
            self.command_actions[name].setEnabled(callable(getattr(view, method, None)))

    # -- views ------------------------------------------------------------------------
    def current_key(self) -> str:
        row = self.nav.currentRow()
        return self.specs[row].key if 0 <= row < len(self.specs) else ""

    def current_view(self) -> QWidget | None:
        return self.views.get(self.current_key())

    def view(self, key: str) -> QWidget:
        """The view for ``key``, created on first use."""
        if key not in self.views:
            spec = next(s for s in self.specs if s.key == key)
            widget = spec.create(self.store)
            self.views[key] = widget
            self.stack.addWidget(widget)
            for signal, (target, methods) in RECORD_SIGNALS.items():
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(
                        lambda record_id, t=target, m=methods: self.show_record(t, m, record_id))
            if hasattr(widget, "changed"):
                widget.changed.connect(self.refresh_status)
        return self.views[key]

    def show_view(self, key: str) -> QWidget:
        keys = [s.key for s in self.specs]
        if key not in keys:
            raise KeyError(f"no view {key!r}; registered: {', '.join(keys)}")
        if self.nav.currentRow() != keys.index(key):
            self.nav.setCurrentRow(keys.index(key))  # comes back through _nav_changed
        return self.views[key]

    def _nav_changed(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        key = self.specs[row].key
        view = self.view(key)
        self.stack.setCurrentWidget(view)
        self.view_actions[row].setChecked(True)
        self.toolbar.clear()
        actions = list(view.actions()) if hasattr(view, "actions") else []
        self.toolbar.addActions(actions)
        # A view without actions gets no empty strip above it.
        self.toolbar.setVisible(bool(actions))
        self._update_commands()
        self.settings.set_last_view(key)
        self.refresh_status()
        self.view_changed.emit(key)

    def show_asset(self, asset_id: str) -> None:
        """Jump to one asset in the library view (from Insights, an opportunity, …)."""
        self.show_record("library", ("show_asset",), asset_id)

    def show_record(self, key: str, methods: tuple[str, ...], record_id: str) -> None:
        """Show view ``key`` and open ``record_id`` there with the first method it has."""
        if not any(s.key == key for s in self.specs):
            return
        view = self.show_view(key)
        for name in methods:
            if callable(getattr(view, name, None)):
                getattr(view, name)(record_id)
                return

    # -- status -----------------------------------------------------------------------
    def refresh_status(self) -> None:
        self.path_label.setText(tr("status.library", path=self.store.path))
        self.count_label.setText(tr("status.assets", count=f"{count_assets(self.store):,}"))

    # -- library ----------------------------------------------------------------------
    def switch_library(self, path: Path | str, *, create: bool = False) -> bool:
        """Open another library in place of the current one. On failure the message is
        shown, the current library stays open, and False is returned."""
        try:
            store = open_library(Path(path), must_exist=not create)
        except ValueKitError as exc:
            errors.log.warning("cannot open library %s: %s", path, exc)
            errors.show_error("user", tr("error.user_title"), tr("error.open_failed", message=exc))
            return False
        self.set_store(store)
        return True

    def set_store(self, store: Store) -> None:
        key = self.current_key()
        old, self.store = self.store, store
        self._retire_views(old)
        self.sync_status.set_store(store)
        errors.set_log_folder(store.path)
        self.settings.set_library_path(store.path)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(-1)
        self.nav.blockSignals(False)
        if key:
            self.show_view(key)
        self.retranslate()
        self.statusBar().showMessage(tr("status.switched", path=store.path), 5000)

    def _retire_views(self, old: Store) -> None:
        """Delete the views of the library being left, and close it once they are gone:
        an answer a view's background task already queued is still delivered to a live
        view over an open library, never to a closed one."""
        views = list(self.views.values())
        self.views.clear()
        pending = {id(view) for view in views}

        def gone(view_id: int) -> None:
            pending.discard(view_id)
            if not pending:
                old.close()

        for view_id, view in ((id(v), v) for v in views):
            self.stack.removeWidget(view)
            view.destroyed.connect(lambda _obj=None, i=view_id: gone(i))
            view.deleteLater()
        if not views:
            old.close()

    def _pick_folder(self, title_key: str) -> str:
        return QFileDialog.getExistingDirectory(self, tr(title_key), str(self.store.path.parent))

    def choose_library(self) -> None:
        """File ▸ Open library: ask until a library opens or the user cancels."""
        while folder := self._pick_folder("settings.pick_library"):
            if self.switch_library(folder):
                return

    def create_library(self) -> None:
        while folder := self._pick_folder("settings.new_library"):
            if self.switch_library(folder, create=True):
                return

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self.store.path, current_language(), self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.values())

    def apply_settings(self, values: dict[str, str]) -> bool:
        """Apply the Settings dialog's values; False when the new library failed to open."""
        if values.get("user"):
            self.settings.set_user_name(values["user"])
        if values.get("language"):
            self.settings.set_language(values["language"])
            set_language(values["language"])
        library = values.get("library")
        if library and Path(library).expanduser().resolve() != self.store.path.resolve():
            return self.switch_library(library, create=True)
        return True

    def _about(self) -> None:
        QMessageBox.about(self, tr("action.about"), tr("about.text"))

    # -- remembering the layout -------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.window_bytes("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.settings.window_bytes("state")
        if state is not None:
            self.restoreState(state)
        split = self.settings.window_bytes("splitter")
        if split is not None:
            self.splitter.restoreState(split)
        keys = [s.key for s in self.specs]
        last = self.settings.last_view()
        if keys:
            self.show_view(last if last in keys else keys[0])

    def save_layout(self) -> None:
        self.settings.set_window_bytes("geometry", self.saveGeometry())
        self.settings.set_window_bytes("state", self.saveState())
        self.settings.set_window_bytes("splitter", self.splitter.saveState())
        self.settings.set_last_view(self.current_key())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # every editor's unsaved changes are only dropped when the user agrees
        if not all(keeper.confirm_leave() for keeper in self.findChildren(DraftKeeper)):
            event.ignore()
            return
        self.save_layout()
        super().closeEvent(event)
