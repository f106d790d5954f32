"""`valuekit funnel …`: decompose a target, forecast, review (docs/methods.md §8)."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.opp import amount
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.sales import funnel as fn

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
RATE = click.option("--rate", "rates", multiple=True, metavar="STEP=RATE",
                    help="A conversion rate, e.g. RL-MQL=0.2, MQL-SQL=0.3, SQL-Rev=0.25 (0 < rate ≤ 1). "
                         "Default: the team's measured rate once 20 transitions are recorded.")


def parse_pairs(values: tuple[str, ...], field: str) -> dict[str, float]:
    """``KEY=NUMBER`` options into a dict (the core checks the keys and ranges)."""
    pairs: dict[str, float] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValidationError(field, msg("{assignment!r} must look like field=value", assignment=item))
        value = amount(raw, f"{field}.{key}")
        pairs[key] = value if value is not None else 0.0
    return pairs


def parse_rates(values: tuple[str, ...]) -> dict[str, float]:
    for item in values:
        step = item.partition("=")[0].strip()
        if step not in fn.STEPS:
            raise ValidationError("rate", msg("{step!r} is not a funnel step; allowed: {allowed}",
                                              step=step, allowed=", ".join(fn.STEPS)))
    return parse_pairs(values, "rate")


def _money(values: dict[str, float]) -> str:
    return ", ".join(f"{v:,.0f} {cur}" for cur, v in sorted(values.items())) or "0"


@click.group()
def funnel() -> None:
    """The sales funnel: plan a target, forecast the next month and quarter, review a seller."""


@funnel.command()
@click.option("--target", required=True, help="New-revenue target for the year.")
@click.option("--avg-deal", required=True, help="Average deal size.")
@RATE
@click.option("--hours-per-week", default="40", show_default=True, help="Working hours per week (60:30:10 split).")
@JSON
@pass_store
def plan(store: Store, target: str, avg_deal: str, rates: tuple[str, ...], hours_per_week: str,
         as_json: bool) -> None:
    """Deals, SQLs, MQLs and raw leads the target needs (the R2R equation read backwards)."""
    result = fn.plan_funnel(store, amount(target, "target"), amount(avg_deal, "avg_deal"), parse_rates(rates))
    split = fn.time_split(amount(hours_per_week, "hours_per_week"))
    if as_json:
        echo_json({**result.as_dict(), "time_split_hours_per_week": split})
        return
    lang = cli_language()
    click.echo(t("funnel.plan_head", lang, target=f"{result.target:,.0f}", avg=f"{result.avg_deal:,.0f}"))
    for key in ("deals", "SQL", "MQL", "RL"):
        click.echo(f"  {t('funnel.need.' + key, lang):<14} {getattr(result, key):>8,}")
    for step, rate in result.rates.items():
        click.echo(f"  {step:<8} {rate:.2%}  ({t('funnel.rate.' + result.rate_sources[step], lang)})")
    click.echo(t("funnel.time_split", lang, **{k: f"{v:g}" for k, v in split.items()}))


@funnel.command()
@click.option("--owner", help="Only this seller's deals.")
@click.option("--as-of", help="Start of the forecast (YYYY-MM-DD, default today).")
@JSON
@pass_store
def forecast(store: Store, owner: str | None, as_of: str | None, as_json: bool) -> None:
    """Next month and next quarter: open deals closing then, weighted by win probability."""
    result = fn.forecast(store, owner=owner, as_of=as_of)
    if as_json:
        echo_json(result.as_dict())
        return
    lang = cli_language()
    for key, window in (("month", result.next_month), ("quarter", result.next_quarter)):
        click.echo(t("funnel.window." + key, lang, start=window.start, end=window.end,
                     weighted=_money(window.weighted), total=_money(window.unweighted), n=len(window.deals)))
        for d in window.deals:
            click.echo(f"  {d.close_date}  {d.stage:<4} {d.deal_size:>14,.0f} {d.currency} × {d.probability:.0%}"
                       f" = {d.weighted:>12,.0f}  {d.customer}")
    click.echo(t("funnel.not_forecast", lang, undated=result.undated, past=result.past_close))


@funnel.command("review")
@click.option("--owner", required=True, help="The seller to review.")
@click.option("--as-of", help="Review date (YYYY-MM-DD, default today).")
@click.option("--target", help="The seller's new-revenue target (to compare the funnel with).")
@click.option("--avg-deal", help="Average deal size (with --target).")
@RATE
@JSON
@pass_store
def review_(store: Store, owner: str, as_of: str | None, target: str | None, avg_deal: str | None,
            rates: tuple[str, ...], as_json: bool) -> None:
    """The monthly review: funnel against target, deals idle 30 days, deals past their close date."""
    if target is not None and avg_deal is None:
        raise ValidationError("avg_deal", msg("must be given with --target"))
    result = fn.review(store, owner, as_of=as_of, target=amount(target, "target"),
                       avg_deal=amount(avg_deal, "avg_deal"), rates=parse_rates(rates))
    if as_json:
        echo_json(result.as_dict())
        return
    lang = cli_language()
    click.echo(t("funnel.review_head", lang, owner=owner, as_of=result.as_of))
    for stage, n in result.by_stage.items():
        need = getattr(result.plan, stage) if result.plan else None
        gap = result.gaps.get(stage, 0)
        extra = "" if need is None else "  " + t("funnel.vs_plan", lang, need=need, gap=gap)
        click.echo(f"  {stage:<4} {n:>5}{extra}")
    click.echo(t("funnel.stale", lang, n=len(result.stale)))
    for r in result.stale:
        click.echo(f"  - {r.customer} ({r.stage}) · {r.days} d · {r.last_activity[:10]}")
    click.echo(t("funnel.past_close", lang, n=len(result.past_close)))
    for r in result.past_close:
        click.echo(f"  - {r.customer} ({r.stage}) · {r.close_date} · +{r.days} d")
