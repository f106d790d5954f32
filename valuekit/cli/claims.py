"""`valuekit claim …`: FAB statements and SPIN questions as validated claims."""

from __future__ import annotations

import click

from valuekit.cli.common import echo_json, pass_store, read_json_file
from valuekit.db.store import Store
from valuekit.sales import claims as cl

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
KIND = click.argument("kind", type=click.Choice(sorted(cl.KINDS)))


def _show(stats: cl.ClaimStats, as_json: bool) -> None:
    if as_json:
        echo_json(stats.as_dict())
        return
    rating = f"{stats.rating:g}/5 ({stats.ratings})" if stats.rating is not None else "—"
    click.echo(f"{stats.kind} {stats.id}  {stats.status} · usefulness {rating} · used {stats.usage}×")


@click.group()
def claim() -> None:
    """Validated claims: status (draft/verified/retired), ratings and usage of FABs and SPIN questions."""


@claim.command()
@KIND
@click.argument("claim_id")
@JSON
@pass_store
def show(store: Store, kind: str, claim_id: str, as_json: bool) -> None:
    """A claim's status, mean usefulness and usage count."""
    _show(cl.claim_stats(store, kind, claim_id), as_json)


@claim.command("status")
@KIND
@click.argument("claim_id")
@click.argument("status", type=click.Choice(cl.STATUSES))
@JSON
@pass_store
def status_(store: Store, kind: str, claim_id: str, status: str, as_json: bool) -> None:
    """Verify, retire or reopen (draft) a claim."""
    _show(cl.set_status(store, kind, claim_id, status), as_json)


@claim.command()
@KIND
@click.argument("claim_id")
@click.option("--by", "rater", required=True, help="Who rates (one rating per person).")
@click.option("--usefulness", type=int, required=True, help="1–5.")
@JSON
@pass_store
def rate(store: Store, kind: str, claim_id: str, rater: str, usefulness: int, as_json: bool) -> None:
    """Rate how useful a claim was in front of customers."""
    _show(cl.rate(store, kind, claim_id, rater, usefulness), as_json)


@claim.command()
@KIND
@click.argument("claim_id")
@click.option("--opp", "opp_id", help="The opportunity it was used for.")
@JSON
@pass_store
def use(store: Store, kind: str, claim_id: str, opp_id: str | None, as_json: bool) -> None:
    """Count one use of a claim (with the opportunity's stage when given)."""
    _show(cl.record_use(store, kind, claim_id, opp_id), as_json)


@claim.command()
@click.argument("pitch_file")
@JSON
@pass_store
def unverified(store: Store, pitch_file: str, as_json: bool) -> None:
    """The claims a pitch document (JSON) relies on that nobody has verified yet."""
    found = cl.unverified_claims(store, read_json_file(pitch_file, "pitch"))
    if as_json:
        echo_json([vars(c) for c in found])
        return
    for c in found:
        click.echo(f"{c.kind} {c.id[:8]}  {c.status:<8} {c.where:<22} {c.text}")
