"""Shared fixtures: real library folders on disk and a CLI runner bound to one."""

from __future__ import annotations

import os

# Qt must never look for a display in tests, even when one UI test file runs on its own;
# this runs before any test module imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Sync tokens set up by tests must never reach the machine's keyring (sync/credentials.py):
# keyring's stand-in that stores nothing, so tokens go to the per-test file below.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from valuekit.db.store import Store


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's credentials file (sync tokens) in its own folder, never ~/.config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def store(library_path: Path) -> Iterator[Store]:
    s = Store.open(library_path)
    yield s
    s.close()


@pytest.fixture
def cli(library_path: Path) -> Callable[..., Result]:
    """Run ``valuekit --library <tmp library> ARGS…`` in-process and return the result."""
    from valuekit.cli import main

    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, ["--library", str(library_path), *args], input=input)

    return run
