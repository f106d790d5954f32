"""Commands that write where the user says, or reach a server the user names: a place that
cannot be used is a one-line message and exit 1, never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.model import save_pitch
from valuekit.sales.opportunity import list_opportunities


def _user_error(result: Result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.output.startswith("Error: ") and all(w in result.output for w in words), result.output


def test_a_kit_or_a_pack_into_an_impossible_folder(cli: Callable[..., Result], store: Store,
                                                  tmp_path: Path) -> None:
    load_demo(store)
    opp = next(o for o in list_opportunities(store) if o["industry"] == "manufacturing")
    pitch = save_pitch(draft_pitch(store, opp["id"], lang="zh"), tmp_path / "p.json")
    # /proc cannot hold new folders, whoever runs the test (root included)
    _user_error(cli("pitch", "kit", str(pitch), "--out", "/proc/valuekit-kit", "--allow-incomplete"),
                "/proc/valuekit-kit")
    _user_error(cli("pack", "export", "/proc/valuekit-x/team.vkpack"), "/proc/valuekit-x")
    assert not list(tmp_path.glob("*.part"))


def test_an_unreachable_team_database_is_named_not_a_traceback(cli: Callable[..., Result]) -> None:
    with socket.socket() as sock:  # a free local port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _user_error(cli("server", "user", "add", "chen", "--role", "sales",
                    "--db", f"postgresql://127.0.0.1:{port}/team"), "team database", "Connection refused")
    _user_error(cli("server", "user", "add", "chen", "--role", "sales", "--db", "not a dsn ==="),
                "team database", "--db")
