"""`valuekit spin …` commands."""

from __future__ import annotations

from typing import Any

import click

from valuekit.cli.common import echo_json, pass_store, read_json_file
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.i18n.numbers import parse_number
from valuekit.roi.parse import FRACTION_INPUTS
from valuekit.sales import spin as spins
from valuekit.sales.types import SpinPlan

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of the questions (default: the opportunity's).")


@click.group()
def spin() -> None:
    """SPIN question bank, call plans and captured answers."""


def _print_plan(plan: SpinPlan) -> None:
    kind = None
    for n, item in enumerate(plan["items"], start=1):
        if item["kind"] != kind:
            kind = item["kind"]
            click.echo(f"— {item['kind_label']}")
        click.echo(f"{n:>2}. [{item['question_id'][:8]}] {item['text']}")
        answer = item["answer"]
        if answer:
            click.echo(f"    → {answer['text']}")
            if answer["pain_layer"]:
                click.echo(f"      pain ({answer['pain_layer']}): {answer['pain']}")
            for number in answer["numbers"]:
                click.echo(f"      {number['driver_kind']}.{number['input']} = {number['value']:,.10g}")
    for warning in plan["warnings"]:
        click.echo(f"! {warning}")


@spin.command()
@click.option("--kind", type=click.Choice(list(spins.KINDS)), help="Only this kind.")
@click.option("--industry", help="Only questions for this industry (and generic ones).")
@click.option("--persona", help="Only questions for this persona (and generic ones).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the text output.")
@JSON
@pass_store
def bank(store: Store, kind: str | None, industry: str | None, persona: str | None, lang: str,
         as_json: bool) -> None:
    """The question bank in S → P → I → N order."""
    found = spins.list_questions(store, kind=kind, industry=industry, persona=persona)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No questions match (the demo library ships a bank: `valuekit demo`).")
    for q in found:
        click.echo(f"{q['id'][:8]}  {q['kind']:<11} {spins.question_text(q, lang)}")


@spin.command("question-add")
@click.argument("file")
@JSON
@pass_store
def question_add(store: Store, file: str, as_json: bool) -> None:
    """Add a question to the bank from FILE: {kind, text_zh, text_en, industries, personas,
    pain, driver_hint}; prints its id."""
    added = spins.add_question(store, read_json_file(file, "question"))
    echo_json(added) if as_json else click.echo(added["id"])


@spin.command()
@click.argument("opp_id")
@click.argument("question_ids", nargs=-1)
@click.option("--suggest", is_flag=True, help="Suggest questions from the bank (with --set: save them).")
@click.option("--set", "replace", is_flag=True, help="Replace the plan with QUESTION_IDS (or the suggestion).")
@click.option("--limit", type=int, default=8, show_default=True, help="How many questions to suggest.")
@LANG
@JSON
@pass_store
def plan(store: Store, opp_id: str, question_ids: tuple[str, ...], suggest: bool, replace: bool,
         limit: int, lang: str | None, as_json: bool) -> None:
    """Show the call plan of an opportunity; --suggest proposes one, --set QID… saves one."""
    if question_ids and not replace:
        raise ValidationError("--set", "give --set to replace the plan with these questions")
    if replace and not question_ids and not suggest:
        raise ValidationError("--set", "give the question ids (or --suggest) to put in the plan")
    if suggest:
        suggested = spins.suggest_plan(store, opp_id, limit=limit)
        if not replace:
            if as_json:
                echo_json(suggested)
                return
            for q in suggested:
                click.echo(f"{q['id'][:8]}  {q['kind']:<11} {spins.question_text(q, lang or 'zh')}")
            return
        question_ids = tuple(q["id"] for q in suggested)
    result = (spins.set_plan(store, opp_id, list(question_ids)) if replace else None)
    result = spins.get_plan(store, opp_id, lang=lang) if lang or result is None else result
    echo_json(result) if as_json else _print_plan(result)


def _parse_numbers(items: tuple[str, ...]) -> list[dict[str, Any]]:
    numbers = []
    for i, item in enumerate(items):
        path, sep, raw = item.partition("=")
        kind, dot, name = path.partition(".")
        if not sep or not dot:
            raise ValidationError(f"--number[{i}]", msg("{item!r} must look like kind.input=value, e.g. time_saved.people=12", item=item))
        # as people write it: 12, ¥150, 45万, 10% for a share (uplift, margin, …)
        value = parse_number(raw, f"numbers[{i}].value", percent=name in FRACTION_INPUTS)
        numbers.append({"driver_kind": kind, "input": name, "value": value})
    return numbers


@spin.command()
@click.argument("opp_id")
@click.argument("question_id")
@click.option("--text", "answer", required=True, help="What the customer said.")
@click.option("--pain-layer", type=click.Choice(list(spins.PAIN_LAYERS)),
              help="Mark the answer as a pain at this layer.")
@click.option("--pain", help="The pain in the customer's words (default: the answer).")
@click.option("--pain-key", help="The pain it is filed under (default: the question's).")
@click.option("--number", "numbers", multiple=True, metavar="KIND.INPUT=VALUE",
              help="A number for an ROI driver input, e.g. time_saved.people=12. Repeatable.")
@JSON
@pass_store
def answer(store: Store, opp_id: str, question_id: str, answer: str, pain_layer: str | None,
           pain: str | None, pain_key: str | None, numbers: tuple[str, ...], as_json: bool) -> None:
    """Capture the answer to a plan question, optionally as a pain and with ROI numbers."""
    recorded = spins.record_answer(store, opp_id, question_id, text=answer, pain_layer=pain_layer,
                                   pain=pain, numbers=_parse_numbers(numbers), pain_key=pain_key)
    echo_json(recorded) if as_json else click.echo("Answer saved.")


@spin.command()
@click.argument("opp_id")
@LANG
@JSON
@pass_store
def show(store: Store, opp_id: str, lang: str | None, as_json: bool) -> None:
    """The call plan with its answers, pains and numbers."""
    result = spins.get_plan(store, opp_id, lang=lang)
    echo_json(result) if as_json else _print_plan(result)
