"""Jobs for tests/gui/common/test_worker_process.py, importable by the worker process (it
unpickles a job's function by its module and name)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from valuekit.errors import ValidationError
from valuekit.i18n import msg


def add(a: int, b: int, progress: Callable[..., None]) -> tuple[int, int]:
    progress(1, 2, "half")
    return a + b, os.getpid()


def refuse(progress: Callable[..., None]) -> None:
    raise ValidationError("docs", msg("must be one of {allowed}, got {doc!r}", allowed="pitch", doc="x"))


def spin(flag: str, progress: Callable[..., None]) -> None:
    """Run until killed, after saying so through a file (the test waits on it)."""
    with open(flag, "w") as out:
        out.write(str(os.getpid()))
    while True:
        time.sleep(0.05)


def die(progress: Callable[..., None]) -> Any:
    os._exit(3)


def bug(progress: Callable[..., None]) -> None:
    raise KeyError("no such step")
