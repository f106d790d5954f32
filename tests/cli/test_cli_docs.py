"""Every command explains itself, and the recommendation picks the proven case."""

from __future__ import annotations

import json

import click

from valuekit.cli import main


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_has_help_text() -> None:
    missing = [name for name, command in _commands(main) if not (command.help or "").strip()]
    assert missing == []


def test_recommend_puts_a_verified_same_industry_case_study_first(cli) -> None:
    cli("demo", "--quiet")
    result = cli("library", "recommend", "--stage", "SQL", "--industry", "logistics", "--json")
    picks = json.loads(result.output)
    first = picks[0]
    assert first["asset"]["format"] == "case_study" and first["asset"]["verified"]
    assert "logistics" in first["asset"]["tags"]["industry"]
    assert "Logistics" in first["reason"]
    retention = json.loads(cli("library", "recommend", "--stage", "Retention", "--json").output)
    assert retention[0]["asset"]["format"] == "success_story"


def test_export_then_import_round_trips(cli, tmp_path) -> None:
    cli("demo", "--quiet")
    out = tmp_path / "all.json"
    assert cli("library", "export", "--out", str(out)).exit_code == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    from click.testing import CliRunner

    other = tmp_path / "other"
    result = CliRunner().invoke(main, ["--library", str(other), "library", "import", str(out), "--json"])
    assert json.loads(result.output)["added"] == len(records)
    again = CliRunner().invoke(main, ["--library", str(other), "library", "export"])
    assert json.loads(again.output) == records
