"""`valuekit metrics …`: the growth figures of docs/methods.md §8 with the seeds' benchmarks."""

from __future__ import annotations

from collections.abc import Callable

import click

from valuekit.cli.common import cli_language, echo_json, user_errors
from valuekit.cli.opp import amount
from valuekit.i18n import t
from valuekit.sales import metrics as mt

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def _show(result: mt.MetricResult, as_json: bool) -> None:
    if as_json:
        echo_json(result.as_dict())
        return
    lang = cli_language()
    click.echo(f"{t('metric.' + result.metric, lang)} = {result.formula} = {mt.shown(result)}")
    if result.benchmark:
        click.echo(f"  {t('metric.' + result.verdict, lang)}: {result.benchmark}")


def _run(fn: Callable[..., mt.MetricResult], as_json: bool, **raw: str) -> None:
    values = {k: amount(v, k) for k, v in raw.items()}
    _show(fn(**values, lang=cli_language()), as_json)


@click.group()
def metrics() -> None:
    """Metric calculators: CLV, CAC, NPS, NRR, viral coefficient K."""


@metrics.command()
@click.option("--arr", required=True, help="Annual recurring revenue per customer.")
@click.option("--lifetime-years", required=True, help="Average customer lifetime in years.")
@JSON
@user_errors
def clv(arr: str, lifetime_years: str, as_json: bool) -> None:
    """CLV = ARR × average customer lifetime (years)."""
    _run(mt.clv, as_json, arr=arr, lifetime_years=lifetime_years)


@metrics.command()
@click.option("--marketing", required=True, help="Marketing spend.")
@click.option("--sales", required=True, help="Sales spend.")
@click.option("--new-customers", required=True, help="New customers won with that spend.")
@JSON
@user_errors
def cac(marketing: str, sales: str, new_customers: str, as_json: bool) -> None:
    """CAC = (marketing spend + sales spend) / new customers."""
    _run(mt.cac, as_json, marketing=marketing, sales=sales, new_customers=new_customers)


@metrics.command()
@click.option("--promoters", required=True, help="Respondents scoring 9–10.")
@click.option("--detractors", required=True, help="Respondents scoring 0–6.")
@click.option("--respondents", required=True, help="All respondents.")
@JSON
@user_errors
def nps(promoters: str, detractors: str, respondents: str, as_json: bool) -> None:
    """NPS = (promoters − detractors) / respondents × 100 (good SaaS > 10; software average 13)."""
    _run(mt.nps, as_json, promoters=promoters, detractors=detractors, respondents=respondents)


@metrics.command()
@click.option("--start-mrr", required=True, help="MRR at the start of the period.")
@click.option("--expansion", default="0", show_default=True, help="Expansion MRR.")
@click.option("--contraction", default="0", show_default=True, help="Contraction MRR.")
@click.option("--churn", default="0", show_default=True, help="Churned MRR.")
@JSON
@user_errors
def nrr(start_mrr: str, expansion: str, contraction: str, churn: str, as_json: bool) -> None:
    """NRR = (start MRR + expansion − contraction − churn) / start MRR (good SaaS > 120 %)."""
    _run(mt.nrr, as_json, start_mrr=start_mrr, expansion=expansion, contraction=contraction, churn=churn)


@metrics.command()
@click.option("--invites", required=True, help="Invites per user.")
@click.option("--conversion", required=True, help="Share of invites that convert (0–1).")
@click.option("--frequency", required=True, help="Invite frequency (rounds per period).")
@JSON
@user_errors
def viral(invites: str, conversion: str, frequency: str, as_json: bool) -> None:
    """K = invites per user × conversion rate × invite frequency (growth needs K > 1)."""
    _run(mt.viral, as_json, invites=invites, conversion=conversion, frequency=frequency)
