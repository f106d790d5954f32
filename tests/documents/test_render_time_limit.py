"""PDF rendering runs with a time limit (issue 12): a pathological document stops with
a clear error instead of hanging the command line."""

from __future__ import annotations

import time

import pytest

from valuekit.documents.render import RENDER_LIMIT_ENV, RenderTimeout, render_pdf, time_limit


def test_a_pathological_document_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RENDER_LIMIT_ENV, "0.5")
    # 40,000 table rows: minutes of layout, far beyond any real pitch
    rows = "".join(f"<tr><td>{n}</td><td>报价 {n}</td></tr>" for n in range(40_000))
    with pytest.raises(RenderTimeout, match="took longer than 0.5 s"):
        render_pdf(f"<table>{rows}</table>", meta={"title": "huge"})


def test_an_ordinary_document_renders_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RENDER_LIMIT_ENV, "60")
    assert render_pdf("<p>报价方案</p>", meta={"title": "ok"}).startswith(b"%PDF")


class _SlowToFree:
    """Frees itself slowly, as WeasyPrint's font configuration does: an alarm that lands
    in ``__del__`` raises there, and Python prints and swallows such exceptions."""

    def __del__(self) -> None:
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            pass


# the swallowed first alarm is the very case under test
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_limit_holds_even_when_the_first_alarm_lands_in_a_destructor() -> None:
    deadline = time.monotonic() + 30
    with pytest.raises(RenderTimeout), time_limit(0.1):
        _SlowToFree()  # freed at once: the alarm at 0.1 s fires inside its __del__
        while time.monotonic() < deadline:  # "the rest of the layout"
            pass
    assert time.monotonic() < deadline  # stopped by a later alarm, not by running out
