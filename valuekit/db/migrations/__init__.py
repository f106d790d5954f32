"""Numbered schema migrations, applied in order by ``Store.open``.

Each module ``mNNN_name.py`` defines ``up(conn)``; its number is its schema version
(``PRAGMA user_version``). Modules are discovered by name so that each feature
owns its migration file. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from types import ModuleType
from typing import Protocol


class Migration(Protocol):
    def up(self, conn: sqlite3.Connection) -> None: ...


def _discover() -> list[ModuleType]:
    found: dict[int, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        match = re.fullmatch(r"m(\d{3})_\w+", info.name)
        if not match:
            continue
        number = int(match.group(1))
        if number in found:
            raise RuntimeError(f"two migrations numbered {number}")
        found[number] = importlib.import_module(f"{__name__}.{info.name}")
    numbers = sorted(found)
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration numbers must run 1..N without gaps, got {numbers}")
    return [found[n] for n in numbers]


MIGRATIONS: list[ModuleType] = _discover()
