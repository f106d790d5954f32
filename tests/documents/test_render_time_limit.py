"""PDF rendering runs with a time limit (issue 12): a pathological document stops with
a clear error instead of hanging the command line."""

from __future__ import annotations

import pytest

from valuekit.documents.render import RENDER_LIMIT_ENV, RenderTimeout, render_pdf


def test_a_pathological_document_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RENDER_LIMIT_ENV, "0.5")
    # 40,000 table rows: minutes of layout, far beyond any real pitch
    rows = "".join(f"<tr><td>{n}</td><td>报价 {n}</td></tr>" for n in range(40_000))
    with pytest.raises(RenderTimeout, match="took longer than 0.5 s"):
        render_pdf(f"<table>{rows}</table>", meta={"title": "huge"})


def test_an_ordinary_document_renders_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RENDER_LIMIT_ENV, "60")
    assert render_pdf("<p>报价方案</p>", meta={"title": "ok"}).startswith(b"%PDF")
