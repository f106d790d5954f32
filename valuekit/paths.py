"""Where ValueKit finds its shipped files and the user's default library."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = PROJECT_ROOT / "assets"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
DEMO_DIR = ASSETS_DIR / "demo"
FONTS_DIR = ASSETS_DIR / "fonts"

LIBRARY_ENV = "VALUEKIT_LIBRARY"


def default_library_path() -> Path:
    """The library used when neither ``--library`` nor ``VALUEKIT_LIBRARY`` is given."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ValueKit", appauthor=False)) / "library"
