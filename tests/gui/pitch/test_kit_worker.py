"""The kit renders in the worker process: the window's own interpreter never lays out a
document, and a runaway render is stopped by the time limit there (a thread could not be
stopped), reaching the user as one clear message."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.documents.render import RENDER_LIMIT_ENV
from valuekit.sales.opportunity import list_opportunities
from valuekit_gui.common import errors
from valuekit_gui.common.i18n import set_language
from valuekit_gui.common.worker_process import worker
from valuekit_gui.pitch.view import PitchesView


@pytest.fixture
def fresh_worker() -> Iterator[None]:
    worker().stop()  # the next job starts a process with this test's environment
    yield
    worker().stop()


@pytest.fixture
def view(qtbot, store: Store) -> Iterator[PitchesView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = PitchesView(store)
    qtbot.addWidget(widget)
    yield widget


def _draft(view: PitchesView, store: Store) -> None:
    opp = next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")
    view.draft(opp["id"], "zh")


def test_the_kit_is_rendered_by_the_worker_process(qtbot, view: PitchesView, store: Store,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path, fresh_worker: None) -> None:
    _draft(view, store)
    with qtbot.waitSignal(view.exported, timeout=120_000):
        view.export_kit(str(tmp_path / "kit"), ["onepager"], allow_incomplete=True)
    process = worker().process
    assert process is not None and process.is_alive() and process.pid != os.getpid()
    assert len(list((tmp_path / "kit").iterdir())) == 1


def test_a_runaway_render_is_stopped_by_the_time_limit(qtbot, view: PitchesView, store: Store,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      fresh_worker: None) -> None:
    shown: list[str] = []
    previous = errors.set_dialog_hook(lambda kind, title, message, details: shown.append(message))
    monkeypatch.setenv(RENDER_LIMIT_ENV, "0.1")  # far below any real render of the proposal
    try:
        _draft(view, store)
        view.export_kit(str(tmp_path / "kit"), ["pitch"], allow_incomplete=True)
        qtbot.waitUntil(lambda: bool(shown), timeout=120_000)
    finally:
        errors.set_dialog_hook(previous)
    assert "took longer than 0.1 s and was stopped" in shown[0]
    assert not (tmp_path / "kit").exists() or not list((tmp_path / "kit").iterdir())
    qtbot.waitUntil(lambda: view.export_task is None, timeout=5_000)
