"""`valuekit value …` commands: after the sale (domain.md §7) — the realisation plan,
milestones, actuals, contacts, NPS, the report, the review PDF and the success story."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.pitch.value_review import export_value_review
from valuekit.roi.text import money
from valuekit.value import plan as plans
from valuekit.value.model import CONTACT_KINDS, SOURCES, parse_day
from valuekit.value.report import Report, compute_report, tier_view
from valuekit.value.story import draft_story

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group()
def value() -> None:
    """After the sale: realisation plans, actuals, health, the value review and stories."""


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def print_report(report: Report, lang: str) -> None:
    cur = report["currency"]
    tier = tier_view(report["tier"], lang)
    click.echo(f"{report['customer']} · {tier['label']} · {t('value.as_of', lang)} {report['as_of']}")
    click.echo(f"  {t('value.health', lang)}: {t('value.health.' + report['health'], lang)} — "
               + "; ".join(report["reasons"]))
    click.echo(f"  {t('value.quarters', lang)} {('1–' + str(report['quarters'])) if report['quarters'] else '—'}: "
               f"{t('value.promised', lang)} "
               f"{money(report['promised'], cur)} · {t('value.realised', lang)} {money(report['actual'], cur)} · "
               f"{t('value.realisation', lang)} {_pct(report['realisation'])}")
    click.echo(f"  {t('value.costs_to_date', lang)} {money(report['costs_to_date'], cur)} · "
               f"{t('value.realised_roi', lang)} {_pct(report['realised_roi'])}")
    for d in report["drivers"]:
        click.echo(f"  - {d['name']}: {money(d['actual'], cur)} / {money(d['promised'], cur)} "
                   f"({_pct(d['realisation'])}) {', '.join(t('value.source.' + s, lang) for s in d['sources'])}")
    for m in report["overdue_milestones"]:
        click.echo(f"  ! {m['title']} — {t('value.days_overdue', lang, days=m['days_overdue'])}")
    click.echo(f"  {t('value.next_contact_due', lang)}: {report['next_contact_due']}"
               + (f" ({t('value.contact_overdue', lang)})" if report["contact_overdue"] else ""))
    click.echo("  " + " · ".join(f"{t('value.phase.' + g['phase'], lang)} {g['year']}: {g['ramp']:.0%}, "
                                 f"{money(g['promised'], cur)}" for g in report["year_goals"]))
    click.echo(f"  {tier['strategy']}")
    for line in tier["metrics"]:
        click.echo(f"    {line}")


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--go-live", required=True, help="Go-live date YYYY-MM-DD (quarter 1 starts here).")
@click.option("--case", "case_ref", help="ROI case to freeze as the promise (default: the opportunity's latest).")
@click.option("--no-suggest", is_flag=True, help="Do not add the three suggested first-90-day milestones.")
@JSON
@pass_store
def plan(store: Store, opp_ref: str, go_live: str, case_ref: str | None, no_suggest: bool, as_json: bool) -> None:
    """Open the realisation plan of a won opportunity (stage Rev or Retention)."""
    created = plans.create_plan(store, opp_ref, go_live=go_live, case_ref=case_ref, suggest=not no_suggest)
    if as_json:
        echo_json({"opportunity_id": created.opportunity_id, "case_id": created.case_id,
                   "go_live": created.go_live.isoformat(),
                   "milestones": [{"id": m.id, "title": m.title, "due": m.due.isoformat(),
                                   "first_value": m.first_value} for m in created.milestones]})
        return
    lang = cli_language()
    click.echo(t("value.plan_opened", lang, customer=created.customer, go_live=created.go_live.isoformat()))
    for m in created.milestones:
        click.echo(f"  {m.id[:8]}  {m.due.isoformat()}  {m.title}" + ("  ★" if m.first_value else ""))


@value.group()
def milestone() -> None:
    """Milestones of a plan: stage goals of 1–3 months, the first is first value."""


@milestone.command("add")
@click.argument("opp_ref", metavar="OPP")
@click.option("--title", required=True)
@click.option("--due", required=True, help="YYYY-MM-DD, not before go-live.")
@click.option("--first-value", is_flag=True, help="This is the customer's first value.")
@pass_store
def milestone_add(store: Store, opp_ref: str, title: str, due: str, first_value: bool) -> None:
    """Add a milestone; prints its id."""
    click.echo(plans.add_milestone(store, opp_ref, title=title, due=due, first_value=first_value).id)


@milestone.command("done")
@click.argument("opp_ref", metavar="OPP")
@click.argument("milestone_id", metavar="ID")
@click.option("--on", "on", required=True, help="Date reached, YYYY-MM-DD.")
@pass_store
def milestone_done(store: Store, opp_ref: str, milestone_id: str, on: str) -> None:
    """Mark a milestone reached."""
    plans.complete_milestone(store, opp_ref, milestone_id, on=on)


@milestone.command("edit")
@click.argument("opp_ref", metavar="OPP")
@click.argument("milestone_id", metavar="ID")
@click.option("--title")
@click.option("--due")
@pass_store
def milestone_edit(store: Store, opp_ref: str, milestone_id: str, title: str | None, due: str | None) -> None:
    """Change a milestone's title or due date."""
    plans.edit_milestone(store, opp_ref, milestone_id, title=title, due=due)


@milestone.command("remove")
@click.argument("opp_ref", metavar="OPP")
@click.argument("milestone_id", metavar="ID")
@pass_store
def milestone_remove(store: Store, opp_ref: str, milestone_id: str) -> None:
    """Delete a milestone."""
    plans.remove_milestone(store, opp_ref, milestone_id)


@milestone.command("list")
@click.argument("opp_ref", metavar="OPP")
@JSON
@pass_store
def milestone_list(store: Store, opp_ref: str, as_json: bool) -> None:
    """The plan's milestones by due date."""
    found = plans.get_plan(store, opp_ref).milestones
    if as_json:
        echo_json([{"id": m.id, "title": m.title, "due": m.due.isoformat(), "first_value": m.first_value,
                    "done_on": m.done_on.isoformat() if m.done_on else None} for m in found])
        return
    for m in found:
        done = m.done_on.isoformat() if m.done_on else "—"
        click.echo(f"{m.id[:8]}  {m.due.isoformat()}  {done:<10}  {m.title}" + ("  ★" if m.first_value else ""))


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--driver", required=True, help="A driver name of the promise.")
@click.option("--quarter", required=True, help="Quarter from go-live, 1 … 4 × years.")
@click.option("--amount", required=True, help="Realised benefit in that quarter (a number ≥ 0).")
@click.option("--source", required=True, type=click.Choice(SOURCES))
@pass_store
def actual(store: Store, opp_ref: str, driver: str, quarter: str, amount: str, source: str) -> None:
    """Record a realised amount; the same driver and quarter again replaces it (history kept)."""
    plans.record_actual(store, opp_ref, driver=driver, quarter=quarter, amount=amount, source=source)


@value.command()
@click.argument("opp_ref", metavar="OPP")
@JSON
@pass_store
def history(store: Store, opp_ref: str, as_json: bool) -> None:
    """Every actual ever recorded, newest first; replaced figures are marked with when."""
    rows = plans.actual_history(store, opp_ref)
    if as_json:
        echo_json(rows)
        return
    lang = cli_language()
    for row in rows:
        replaced = f"  ({t('value.replaced', lang, when=row['superseded_at'])})" if row["superseded_at"] else ""
        click.echo(f"{row['recorded_at']}  Q{row['quarter']}  {row['driver']}: {row['amount']:,.2f} "
                   f"{t('value.source.' + row['source'], lang)}{replaced}")


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--on", "on", required=True, help="YYYY-MM-DD")
@click.option("--kind", required=True, type=click.Choice(CONTACT_KINDS))
@click.option("--note", default="")
@pass_store
def contact(store: Store, opp_ref: str, on: str, kind: str, note: str) -> None:
    """Record a contact with the customer."""
    plans.record_contact(store, opp_ref, on=on, kind=kind, note=note)


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--score", required=True, help="0 … 10")
@click.option("--on", "on", required=True, help="YYYY-MM-DD")
@pass_store
def nps(store: Store, opp_ref: str, score: str, on: str) -> None:
    """Record an NPS answer."""
    plans.record_nps(store, opp_ref, score=score, on=on)


def _as_of(value: str | None) -> date:
    return parse_day(value, "as_of") if value else date.today()


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--as-of", help="The day to report on (default: today).")
@JSON
@pass_store
def report(store: Store, opp_ref: str, as_of: str | None, as_json: bool) -> None:
    """Promised vs realised, realisation, realised ROI, health with reasons (domain.md §7)."""
    lang = cli_language()
    result = compute_report(plans.get_plan(store, opp_ref), _as_of(as_of), lang)
    echo_json(result) if as_json else print_report(result, lang)


@value.command("list")
@click.option("--as-of", help="The day to report on (default: today).")
@JSON
@pass_store
def list_(store: Store, as_of: str | None, as_json: bool) -> None:
    """Every account with a plan: tier, health, realisation, next contact due."""
    lang, day = cli_language(), _as_of(as_of)
    rows: list[dict[str, Any]] = []
    for opp_id in plans.plan_ids(store):
        r = compute_report(plans.get_plan(store, opp_id), day, lang)
        rows.append({k: r[k] for k in ("opportunity_id", "customer", "tier", "health", "realisation",
                                       "next_contact_due", "overdue_milestones")})
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['opportunity_id'][:8]}  {t('value.health.' + row['health'], lang):<6} "
                   f"{_pct(row['realisation']):>5}  {row['next_contact_due']}  {row['customer']}")


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="PDF file to write.")
@click.option("--lang", "doc_lang", type=click.Choice(["zh", "en"]), help="Document language (default: the account's).")
@click.option("--as-of", help="The day to report on (default: today).")
@pass_store
def review(store: Store, opp_ref: str, out: str, doc_lang: str | None, as_of: str | None) -> None:
    """Write the customer-safe quarterly value review (QBR) PDF."""
    click.echo(export_value_review(store, opp_ref, out, lang=doc_lang, as_of=_as_of(as_of)))


@value.command()
@click.argument("opp_ref", metavar="OPP")
@click.option("--as-of", help="The day to report on (default: today).")
@click.option("--lang", "doc_lang", type=click.Choice(["zh", "en"]), help="Language (default: the account's).")
@pass_store
def story(store: Store, opp_ref: str, as_of: str | None, doc_lang: str | None) -> None:
    """Draft a success-story asset from the realised value (status draft); prints its id."""
    click.echo(draft_story(store, opp_ref, as_of=_as_of(as_of), lang=doc_lang).id)
