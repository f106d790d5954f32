"""Where ValueKit finds its shipped files and the user's default library.

Shipped files live inside the package (``valuekit/documents/templates``,
``valuekit/documents/fonts``, ``valuekit/demo/data``) and are located through
``importlib.resources``, so an installed wheel finds them exactly as a checkout does.
WeasyPrint, Qt's font database and the URL fetcher need real file paths, so a
package imported from a zip file is refused with a clear message instead of failing
later with a missing file.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

from valuekit.errors import ValueKitError
from valuekit.i18n import msg


def _folder(package: str, name: str) -> Path:
    resource = files(package) / name
    if not isinstance(resource, Path):
        raise ValueKitError(msg("ValueKit must be installed as files, not inside a zip ({package}/{name})", package=package, name=name))
    return resource


TEMPLATES_DIR = _folder("valuekit.documents", "templates")
FONTS_DIR = _folder("valuekit.documents", "fonts")
DEMO_DIR = _folder("valuekit.demo", "data")

LIBRARY_ENV = "VALUEKIT_LIBRARY"


def default_library_path() -> Path:
    """The library used when neither ``--library`` nor ``VALUEKIT_LIBRARY`` is given."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("ValueKit", appauthor=False)) / "library"
