"""`valuekit opp …` commands."""

from __future__ import annotations

import json
from typing import Any

import click

from valuekit.cli.common import AMOUNT, cli_language, echo_json, pass_store, read_json_file
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.i18n.numbers import parse_number
from valuekit.sales import nine_moves as nm
from valuekit.sales import opportunity as opps
from valuekit.sales.context import opportunity_context
from valuekit.sales.next_steps import next_steps as seed_next_steps
from valuekit.sales.spin import PAIN_LAYERS
from valuekit.sales.types import Opportunity, OpportunityContext
from valuekit.value.model import TIERS
from valuekit.value.plan import set_tier
from valuekit.value.report import tier_view

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of warnings and questions (default: the opportunity's).")
# Fields whose --set value is read as JSON (numbers, true/false, null, objects, lists).
_JSON_VALUED = {"size", "deal_size", "bant", "decision_chain", "checklist", "known", "coach"}


@click.group()
def opp() -> None:
    """Opportunities: the customer context every builder hangs on."""


def _parse_set(assignments: tuple[str, ...]) -> dict[str, Any]:
    """``field=value`` and dotted ``bant.budget.known=true`` into a nested changes dict."""
    changes: dict[str, Any] = {}
    for assignment in assignments:
        path, sep, raw = assignment.partition("=")
        if not sep or not path.strip():
            raise ValidationError("--set", msg("{assignment!r} must look like field=value", assignment=assignment))
        keys = path.strip().split(".")
        value: Any = raw
        if keys == ["deal_size"] and raw.strip() not in ("", "null"):
            value = parse_number(raw, "deal_size")  # 45万, ¥1,200,000, 2.5M
        elif keys[-1] in _JSON_VALUED or keys[0] in ("size", "deal_size") or raw == "null":
            try:
                value = json.loads(raw) if raw != "" else None
            except ValueError:
                raise ValidationError(path, msg("{raw!r} is not a number, true/false, null or JSON", raw=raw)) from None
        target = changes
        for key in keys[:-1]:
            target = target.setdefault(key, {})
            if not isinstance(target, dict):
                raise ValidationError(path, "sets a part of a field that is set as a whole too")
        target[keys[-1]] = value
    return changes


def amount(value: str | float | None, field: str) -> float | None:
    """An amount as people write it (450000, 45万, ¥450,000, 450k), read by the one parser
    (``valuekit.i18n.numbers``); the options already pass it through ``AMOUNT``."""
    return None if value is None else parse_number(value, field)


def _print_opp(o: Opportunity) -> None:
    known = sum(1 for v in o["bant"].values() if v["known"])
    gm = o["growth_model"]
    deal = f"{o['deal_size']:,.0f} {o['currency']}" if o["deal_size"] is not None else "—"
    click.echo(f"{o['id']}  {o['customer']}" + ("  [archived]" if o["archived"] else ""))
    click.echo(f"  {o['industry']} · {o['segment'] or '—'} · {o['region'] or '—'} · "
               f"{o['size'] if o['size'] is not None else '—'} employees · owner {o['owner'] or '—'}")
    click.echo(f"  stage {o['stage']} · cognition {o['cognition'] or '—'} · BANT {known}/4 · deal {deal}"
               f" · close {o['close_date'] or '—'} · revision {o['revision']}")
    click.echo(f"  growth model: {gm['name']} · {gm['cycle']}")
    for person in o["decision_chain"]:
        coach = " [coach]" if person.get("coach") else ""
        click.echo(f"  - {person['role']}: {person['name']} {person['title']}".rstrip() + coach)
    for warning in o["warnings"]:
        click.echo(f"  ! {warning}")


@opp.command()
@click.argument("file", required=False)
@click.option("--customer", help="Customer name (when no FILE is given).")
@click.option("--industry", help="Industry facet value, e.g. manufacturing.")
@click.option("--stage", default="RL", show_default=True, help="RL, MQL, SQL, Rev or Retention.")
@click.option("--language", "lang", default="zh", show_default=True, help="zh or en (notes language).")
@click.option("--deal-size", type=AMOUNT, help="Yearly contract value (45万, ¥1,200,000, 2.5M).")
@click.option("--currency", default="CNY", show_default=True, help="Currency code of the deal size.")
@click.option("--owner", default="", help="Salesperson.")
@click.option("--cognition", help="The customer's 5A step: Aware, Appeal, Ask, Act or Advocate.")
@click.option("--close-date", help="Expected close date (YYYY-MM-DD); for Retention the renewal date.")
@JSON
@pass_store
def create(store: Store, file: str | None, customer: str | None, industry: str | None, stage: str,
           lang: str, deal_size: float | None, currency: str, owner: str, cognition: str | None,
           close_date: str | None, as_json: bool) -> None:
    """Create an opportunity from FILE (JSON; '-' = stdin) or from the options; prints its id."""
    if file:
        data = read_json_file(file, "opportunity")
    else:
        data = {"customer": customer, "industry": industry, "stage": stage, "language": lang,
                "deal_size": amount(deal_size, "deal_size"), "currency": currency, "owner": owner,
                "cognition": cognition, "close_date": close_date}
    created = opps.create_opportunity(store, data)
    echo_json(created) if as_json else click.echo(created["id"])


@opp.command()
@click.argument("opp_id")
@click.argument("file", required=False)
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Change a field; dotted paths for parts (bant.budget.known=true). Repeatable.")
@click.option("--revision", type=int, help="The revision you read; refused if it changed since.")
@click.option("--cognition", help="The customer's 5A step: Aware, Appeal, Ask, Act or Advocate.")
@click.option("--stage", help="RL, MQL, SQL, Rev or Retention (the change is kept in the stage history).")
@click.option("--deal-size", type=AMOUNT, help="Yearly contract value (45万, ¥1,200,000, 2.5M).")
@click.option("--close-date", help="Expected close date (YYYY-MM-DD); for Retention the renewal date.")
@click.option("--coach", help="Mark this person of the decision chain (by name) as the coach (教练).")
@click.option("--tier", type=click.Choice(TIERS),
              help="Customer tier after the sale: benchmark (标杆), value_added (增值) or ordinary (普通).")
@JSON
@pass_store
def edit(store: Store, opp_id: str, file: str | None, assignments: tuple[str, ...],
         revision: int | None, cognition: str | None, stage: str | None, deal_size: float | None,
         close_date: str | None, coach: str | None, tier: str | None, as_json: bool) -> None:
    """Change an opportunity with options, --set FIELD=VALUE or a JSON FILE of changes, or its --tier."""
    changes = read_json_file(file, "changes") if file else {}
    if not isinstance(changes, dict):
        raise ValidationError("changes", "must be a JSON object {field: value}")
    changes.update(_parse_set(assignments))
    for key, value in (("cognition", cognition), ("stage", stage), ("close_date", close_date),
                       ("deal_size", amount(deal_size, "deal_size"))):
        if value is not None:
            changes[key] = value
    current = opps.get_opportunity(store, opp_id)
    if coach is not None:
        chain = [dict(p) for p in changes.get("decision_chain", current["decision_chain"])]
        found = [p for p in chain if str(p.get("name", "")).strip() == coach.strip()]
        if not found:
            raise ValidationError("coach", msg("no one named {name!r} in the decision chain", name=coach))
        for person in found:
            person["coach"] = True
        changes["decision_chain"] = chain
    if tier:
        _set_tier(store, opp_id, tier, quiet=as_json or bool(changes))
        if not changes:
            if as_json:
                echo_json(opps.get_opportunity(store, opp_id) | {"tier": tier})
            return
    if not changes:
        raise ValidationError("changes", "nothing to change: give --set FIELD=VALUE or a FILE")
    expected = revision if revision is not None else current["revision"]
    updated = opps.update_opportunity(store, current["id"], changes, expected_revision=expected)
    if as_json:
        echo_json(updated)
    else:
        _print_opp(updated)


def _set_tier(store: Store, opp_id: str, tier: str, *, quiet: bool) -> None:
    """Set the account's tier and show what it means (strategy, star metrics; domain.md §7)."""
    shown = tier_view(set_tier(store, opp_id, tier), cli_language())
    if not quiet:
        click.echo(f"{shown['label']}: {shown['strategy']}")
        for line in shown["metrics"]:
            click.echo(f"  {line}")


@opp.command("list")
@click.option("--all", "include_archived", is_flag=True, help="Include archived opportunities.")
@click.option("--stage", help="Only this stage.")
@click.option("--owner", help="Only this salesperson's opportunities.")
@JSON
@pass_store
def list_(store: Store, include_archived: bool, stage: str | None, owner: str | None,
          as_json: bool) -> None:
    """Opportunities, most recently changed first."""
    found = opps.list_opportunities(store, include_archived=include_archived, stage=stage,
                                    owner=owner)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No opportunities yet: `valuekit opp create --customer … --industry …` adds one.")
    for o in found:
        deal = f"{o['deal_size']:,.0f} {o['currency']}" if o["deal_size"] is not None else "—"
        flag = " !" if o["warnings"] else ""
        click.echo(f"{o['id'][:8]}  {o['stage']:<9} {deal:>16}  {o['customer']} ({o['industry']}){flag}")


def _summary(ctx: OpportunityContext) -> dict[str, Any]:
    return {"pains": {layer: len(ctx["pains"][layer]) for layer in PAIN_LAYERS},
            "fabs": len(ctx["fabs"]),
            "fabs_addressing_pains": sum(1 for f in ctx["fabs"] if f["addresses"]),
            "plan_questions": len(ctx["plan"]["items"]),
            "answered": sum(1 for i in ctx["plan"]["items"] if i["answer"]),
            "roi_inputs": len(ctx["roi_inputs"]), "roi_proposal": ctx["roi_proposal"] is not None,
            "roi_cases": len(ctx["roi_cases"]),
            "checklist_answered": sum(1 for c in ctx["checklist"] if c["answer"]),
            "warnings": ctx["warnings"]}


@opp.command()
@click.argument("opp_id")
@LANG
@JSON
@pass_store
def show(store: Store, opp_id: str, lang: str | None, as_json: bool) -> None:
    """One opportunity with its warnings, growth model and a summary of its context."""
    ctx = opportunity_context(store, opp_id, lang=lang)
    summary = _summary(ctx)
    if as_json:
        echo_json({**ctx["opportunity"], "stage_history": opps.stage_history(store, opp_id),
                   "context_summary": summary})
        return
    _print_opp(ctx["opportunity"])
    click.echo("  pains: " + ", ".join(f"{k} {v}" for k, v in summary["pains"].items())
               + f" · FABs {summary['fabs']} ({summary['fabs_addressing_pains']} address pains)"
               + f" · plan {summary['answered']}/{summary['plan_questions']} answered"
               + f" · ROI cases {summary['roi_cases']}"
               + f" · checklist {summary['checklist_answered']}/10")
    for warning in ctx["warnings"][len(ctx["opportunity"]["warnings"]):]:
        click.echo(f"  ! {warning}")


@opp.command()
@click.argument("opp_id")
@JSON
@pass_store
def archive(store: Store, opp_id: str, as_json: bool) -> None:
    """Archive an opportunity (kept, hidden from lists unless --all)."""
    archived = opps.archive_opportunity(store, opp_id)
    echo_json(archived) if as_json else click.echo(f"Archived {archived['customer']} ({archived['id']}).")


@opp.command()
@click.argument("opp_id")
@click.option("--answer", "answers", nargs=2, multiple=True, metavar="KEY TEXT",
              help="Store the answer to one question (empty TEXT clears it). Repeatable.")
@LANG
@JSON
@pass_store
def checklist(store: Store, opp_id: str, answers: tuple[tuple[str, str], ...], lang: str | None,
              as_json: bool) -> None:
    """The six value questions and four success-ladder questions, with their answers."""
    current = opps.get_opportunity(store, opp_id)
    for key, answer in answers:
        current = opps.set_checklist_answer(store, current["id"], key, answer)
    items = opps.checklist_items(current, lang or current["language"])
    if as_json:
        echo_json(items)
        return
    for item in items:
        click.echo(f"[{item['key']}] {item['question']}\n    {item['answer'] or '—'}")


@opp.command()
@click.argument("opp_id")
@LANG
@JSON
@pass_store
def context(store: Store, opp_id: str, lang: str | None, as_json: bool) -> None:
    """Pains by layer, the FABs that address them and the ROI inputs from the answers."""
    ctx = opportunity_context(store, opp_id, lang=lang)
    if as_json:
        echo_json(ctx)
        return
    click.echo(f"{ctx['opportunity']['customer']} ({ctx['opportunity']['id'][:8]})")
    for layer in PAIN_LAYERS:
        click.echo(f"{layer}:")
        for pain in ctx["pains"][layer]:
            click.echo(f"  - {pain['text']}  [{pain['pain'] or '—'}]")
    click.echo("FABs:")
    for f in ctx["fabs"]:
        click.echo(f"  - {f['feature']} → {f['benefit']}"
                   + (f"  (addresses {len(f['addresses'])})" if f["addresses"] else ""))
    click.echo("ROI inputs:")
    for item in ctx["roi_inputs"]:
        click.echo(f"  - {item['driver_kind']}.{item['input']} = {item['value']:,.10g}")
    if ctx["roi_proposal"]:
        click.echo("ROI proposal: " + ", ".join(d["name"] for d in ctx["roi_proposal"]["drivers"]))
    for case in ctx["roi_cases"]:
        click.echo(f"ROI case: {case['id'][:8]} {case['name']}")
    for warning in ctx["warnings"]:
        click.echo(f"! {warning}")


@opp.command("next-steps")
@click.argument("opp_id")
@LANG
@JSON
@pass_store
def next_steps(store: Store, opp_id: str, lang: str | None, as_json: bool) -> None:
    """The next steps the seeds' rules suggest for this deal, each with its rule and why."""
    steps = seed_next_steps(store, opp_id, lang=lang)
    if as_json:
        echo_json([s.as_dict() for s in steps])
        return
    if not steps:
        click.echo(t("step.none", cli_language()))
    for s in steps:
        mark = "✓" if s.done else "-"
        click.echo(f"{mark} {s.label}  [{s.source}]\n    {s.why}")


@opp.command()
@click.argument("opp_id")
@click.option("--link", "links", nargs=2, multiple=True, metavar="MOVE ASSET",
              help="Link a library asset to a move (e.g. competitor_analysis 1a2b3c4d). Repeatable.")
@click.option("--note", "notes", nargs=2, multiple=True, metavar="MOVE TEXT",
              help="Record a note that fulfils a move (e.g. relationship_care 'monthly dinner'). Repeatable.")
@click.option("--unlink", "unlinks", nargs=2, multiple=True, metavar="MOVE ASSET|TEXT",
              help="Remove a linked asset or note from a move. Repeatable.")
@LANG
@JSON
@pass_store
def moves(store: Store, opp_id: str, links: tuple[tuple[str, str], ...], notes: tuple[tuple[str, str], ...],
          unlinks: tuple[tuple[str, str], ...], lang: str | None, as_json: bool) -> None:
    """The nine winning moves (九招制胜) of a missile-model deal: what fulfils each, what is missing."""
    for move, asset in links:
        nm.link(store, opp_id, move, asset=asset)
    for move, note in notes:
        nm.link(store, opp_id, move, note=note)
    for move, ref in unlinks:
        nm.unlink(store, opp_id, move, ref)
    result = nm.nine_moves(store, opp_id, lang=lang)
    if as_json:
        echo_json(result.as_dict())
        return
    shown = lang or opps.get_opportunity(store, opp_id)["language"]
    if not result.applies:
        click.echo(t("moves.not_missile", shown))
    click.echo(f"{result.done}/9")
    for m in result.moves:
        click.echo(f"{'✓' if m.evidence else '·'} {m.label}")
        for e in m.evidence:
            click.echo(f"    [{e.kind}] {e.title}" + (f" ({e.ref[:8]})" if e.kind == "asset" else ""))
        if m.missing:
            click.echo(f"    → {m.missing}")
