"""Small typed helpers around Qt calls whose stubs return ``X | None``."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QTreeWidget, QTreeWidgetItem


def top_level_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tree's top-level items in order (``topLevelItem(i)`` is typed as optional)."""
    return [item for i in range(tree.topLevelItemCount())
            if (item := tree.topLevelItem(i)) is not None]


def select_first(tree: QTreeWidget) -> None:
    """Make the first top-level item current, if there is one."""
    first = tree.topLevelItem(0)
    if first is not None:
        tree.setCurrentItem(first)


def clear_layout(layout: QLayout) -> None:
    """Remove every item from ``layout``, deleting the widgets it held."""
    while layout.count():
        item = layout.takeAt(0)
        if item is not None and (widget := item.widget()) is not None:
            widget.deleteLater()
