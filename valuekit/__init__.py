"""ValueKit core: the value library, value-selling builders and PDF export.

This package never imports Qt; the desktop app in ``ui/`` is a view over it.
"""

from __future__ import annotations

__version__ = "0.1.0"
