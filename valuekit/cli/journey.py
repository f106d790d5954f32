"""`valuekit journey show | set | coverage`: the team's customer journey map and the
rule-of-three coverage check per stage and industry."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.library.journey import (
    FIELDS,
    TEXT_FIELDS,
    JourneyStage,
    coverage,
    get_journey,
    set_journey_stage,
)


@click.group("journey")
def journey() -> None:
    """The customer journey: per stage, cognition, content, channel and the action to prompt."""


def sentence(step: JourneyStage, lang: str) -> str:
    """One stage of the journey as the method's sentence."""
    blank = "—"
    return t("journey.sentence", lang, stage=step.stage, cognition="/".join(step.cognition) or blank,
             formats=", ".join(step.formats) or blank,
             **{f: getattr(step, f) or blank for f in TEXT_FIELDS})


@journey.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def show(store: Store, as_json: bool) -> None:
    """The journey map, one sentence per stage."""
    steps = get_journey(store.conn)
    if as_json:
        echo_json([s.as_dict() for s in steps])
        return
    for step in steps:
        click.echo(sentence(step, cli_language()))


@journey.command("set")
@click.argument("stage")
@click.option("--set", "changes", multiple=True, help=f"FIELD=VALUE; fields: {', '.join(FIELDS)} (lists comma-separated).")
@pass_store
def set_stage(store: Store, stage: str, changes: tuple[str, ...]) -> None:
    """Change fields of one stage's journey."""
    values: dict[str, str] = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep:
            raise click.UsageError(f"expected FIELD=VALUE, got {change!r}")
        values[key.strip()] = value
    step = set_journey_stage(store, stage, values)
    click.echo(sentence(step, cli_language()))


@journey.command("coverage")
@click.option("--gaps", is_flag=True, help="Only cells below the rule of three.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def coverage_cmd(store: Store, gaps: bool, as_json: bool) -> None:
    """Trustworthy pieces per stage and industry against the rule of three."""
    cells = [c for c in coverage(store) if c.gap or not gaps]
    if as_json:
        echo_json([c.as_dict() for c in cells])
        return
    lang = cli_language()
    for cell in cells:
        where = cell.industry or t("journey.general", lang)
        state = t("journey.coverage_gap", lang, n=cell.gap) if cell.gap else t("journey.coverage_ok", lang)
        click.echo(f"{cell.stage:<10} {where:<24} {cell.count}/{cell.needed}  {state}")
