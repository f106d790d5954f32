"""The registry of main views shown in the window's navigation.

A view is any QWidget built by ``factory(store)``. It may offer, and the window uses
when present:

- ``actions() -> list[QAction]``   shown in the toolbar while the view is current
- ``focus_search()``, ``new_item()``, ``export()``, ``retire_selected()``
                                   the targets of Ctrl+F, Ctrl+N, Ctrl+E and Del
- ``show_asset(asset_id)``         (the library) open one asset
- ``retranslate()``                relabel after ``valuekit_gui.common.i18n`` switches language
- ``set_store(store)``             not needed: the window rebuilds views on a library switch

``factory`` may be a callable or a ``"module:attribute"`` string, imported only when the
view is first shown so start-up does not pay for screens nobody opened. A string whose
module does not exist (a view not built yet) is not registered: no placeholder screens.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from valuekit.db.store import Store
from valuekit_gui.library.view import LibraryView

ViewFactory = Callable[[Store], QWidget]
# The navigation order; views registered under other keys follow in registration order.
ORDER = ("library", "opportunities", "funnel", "pitches", "roi", "fab", "spin", "customers", "insights")


@dataclass
class ViewSpec:
    key: str
    factory: ViewFactory | str
    title_key: str  # a valuekit_gui.common.i18n key
    icon: str  # a QStyle standard pixmap name ("SP_DirIcon") or an image path

    def create(self, store: Store) -> QWidget:
        factory = self.factory
        if isinstance(factory, str):
            module, _, attr = factory.partition(":")
            factory = getattr(importlib.import_module(module), attr)
        return factory(store)


_views: dict[str, ViewSpec] = {}


def register_view(key: str, factory: ViewFactory | str, title_key: str, icon: str = "") -> bool:
    """Add (or replace) a main view; returns False when a string factory's module is absent."""
    if isinstance(factory, str):
        module = factory.partition(":")[0]
        if importlib.util.find_spec(module) is None:
            return False
    _views[key] = ViewSpec(key, factory, title_key, icon)
    return True


def unregister_view(key: str) -> None:
    _views.pop(key, None)


def registered_views() -> list[ViewSpec]:
    rank = {key: n for n, key in enumerate(ORDER)}
    return sorted(_views.values(), key=lambda s: rank.get(s.key, len(ORDER)))


def _library_view(store: Store) -> QWidget:
    return LibraryView(store)


def register_builtin_views() -> None:
    """The app's screens. Each GUI module adds its line here; absent modules are skipped."""
    register_view("library", _library_view, "nav.library", "SP_FileDialogDetailedView")
    register_view("opportunities", "valuekit_gui.sales.opportunities_view:OpportunitiesView", "nav.opportunities",
                  "SP_DirHomeIcon")
    register_view("pitches", "valuekit_gui.pitch.view:PitchesView", "nav.pitches", "SP_FileDialogContentsView")
    register_view("roi", "valuekit_gui.roi.view:RoiView", "nav.roi", "SP_ArrowUp")
    register_view("fab", "valuekit_gui.sales.fab_view:FabView", "nav.fab", "SP_FileDialogListView")
    register_view("spin", "valuekit_gui.sales.spin_view:SpinView", "nav.spin", "SP_MessageBoxQuestion")
    register_view("funnel", "valuekit_gui.funnel.view:FunnelView", "nav.funnel", "SP_ArrowDown")
    register_view("customers", "valuekit_gui.customers.view:CustomersView", "nav.customers", "SP_DialogYesButton")
    register_view("insights", "valuekit_gui.insights.view:InsightsView", "nav.insights",
                  "SP_FileDialogInfoView")
    register_view("sync", "valuekit_gui.sync.view:SyncView", "nav.sync", "SP_BrowserReload")
