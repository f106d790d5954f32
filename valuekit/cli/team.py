"""`valuekit team …`: what marketing and sales agree for their team."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.funnel import parse_pairs
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.sales.settings import HUAWEI_MIN_CNY, get_settings, update_settings

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group()
def team() -> None:
    """Team settings: the SQL standard, win probabilities, the large-deal threshold."""


def _print(as_json: bool, store: Store) -> None:
    settings = get_settings(store)
    if as_json:
        echo_json(settings.as_dict())
        return
    lang = cli_language()
    click.echo(t("team.sql_bant_min", lang, n=settings.sql_bant_min))
    click.echo(t("team.win_probability", lang) + ", ".join(
        f"{s} {p:.0%}" for s, p in settings.win_probability.items()))
    click.echo(t("team.large_deal_min", lang) + ", ".join(
        f"{v:,.0f} {c}" for c, v in sorted({"CNY": HUAWEI_MIN_CNY, **settings.large_deal_min}.items())))


@team.command()
@JSON
@pass_store
def show(store: Store, as_json: bool) -> None:
    """The team's settings."""
    _print(as_json, store)


@team.command("set")
@click.option("--sql-bant-min", type=int, help="BANT items an SQL must meet (1–4; the seeds' usual 3).")
@click.option("--win-probability", "win", multiple=True, metavar="STAGE=P",
              help="Win probability of an open stage, e.g. SQL=0.3 (0 < P ≤ 1). Repeatable.")
@click.option("--large-deal-min", "large", multiple=True, metavar="CUR=AMOUNT",
              help="Deal size above which Huawei's five actions apply, e.g. USD=140000. Repeatable.")
@JSON
@pass_store
def set_(store: Store, sql_bant_min: int | None, win: tuple[str, ...], large: tuple[str, ...],
         as_json: bool) -> None:
    """Change team settings; every value is checked before any is stored."""
    update_settings(store, sql_bant_min=sql_bant_min, win_probability=parse_pairs(win, "win_probability"),
                    large_deal_min=parse_pairs(large, "large_deal_min"))
    _print(as_json, store)
