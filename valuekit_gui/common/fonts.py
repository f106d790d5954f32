"""Register the bundled Chinese font with Qt so Chinese renders without boxes on a
machine that has no Chinese fonts installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from valuekit.resources import FONTS_DIR

_registered: list[str] = []


def register_fonts(app: QApplication) -> list[str]:
    """Load assets/fonts/*.otf once and make the bundled family the app's fallback."""
    if not _registered:
        for path in sorted(FONTS_DIR.glob("*.otf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    if _registered:
        font = QFont(app.font())
        # The UI's usual family first for Latin text, the bundled one for Chinese.
        font.setFamilies([font.family(), *dict.fromkeys(_registered)])
        app.setFont(font)
    return list(dict.fromkeys(_registered))
