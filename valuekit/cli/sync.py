"""`valuekit sync …`: this library and the team server."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.sync_offline import fetch_cmd, offline
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.sync import records, state
from valuekit.sync.actions import resolve, revert, share, sync_now
from valuekit.sync.engine import setup
from valuekit.sync.merge import field_value
from valuekit.sync.transport import Offline

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
KIND = click.argument("kind", type=click.Choice(list(records.KINDS)))


@click.group(invoke_without_command=True)
@JSON
@click.pass_context
def sync(ctx: click.Context, as_json: bool) -> None:
    """Sync with the team server now (pull, merge, push); sub-commands below."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sync_cmd, as_json=as_json)


@pass_store
def sync_cmd(store: Store, as_json: bool) -> None:
    try:
        report = sync_now(store)
    except Offline as exc:
        raise click.ClickException(f"offline: {exc}. Your changes stay here and sync later.") from exc
    if as_json:
        echo_json(report.as_dict())
        return
    click.echo(f"Pulled {report.pulled} changes ({report.applied} applied, {report.merged} merged),"
               f" pushed {report.pushed}, usage sent {report.events_sent},"
               f" received {report.events_received}.")
    if report.blobs_downloaded:  # attachments kept offline (cli/sync_offline.py)
        click.echo(t("offline.downloaded", cli_language(), n=report.blobs_downloaded))
    for name in report.conflicts:
        click.echo(f"conflict: {name} — see valuekit sync conflicts")
    for item in report.rejected:
        click.echo(f"refused: {item['kind']} {item['id']}: {item['reason']}")


@sync.command("setup")
@click.option("--server", "url", required=True, help="The team server, e.g. https://valuekit.example.com")
@click.option("--token", required=True, help="Your token (from valuekit server user add).")
@JSON
@pass_store
def setup_cmd(store: Store, url: str, token: str, as_json: bool) -> None:
    """Connect this library to the team server (checks the token first)."""
    info = setup(store, url, token)
    if as_json:
        echo_json(info)
    else:
        click.echo(f"Connected to {info['server']} as {info['user']} ({info['role']}).")


@sync.command("status")
@JSON
@pass_store
def status_cmd(store: Store, as_json: bool) -> None:
    """Where this library syncs to, when it last did, and what waits."""
    s = state.status(store)
    if as_json:
        echo_json(s.as_dict())
        return
    click.echo(f"server: {s.server or '(not set up)'}  user: {s.user} ({s.role})")
    click.echo(f"last sync: {s.last_sync or 'never'}  version: {s.cursor}")
    if s.last_error:
        click.echo(f"last problem: {s.last_error}")
    click.echo(f"usage not yet sent: {s.pending_events}; conflicts: {s.conflicts};"
               f" refused changes: {s.rejected}; shared accounts: {s.shared_accounts}")


@sync.command("conflicts")
@JSON
@pass_store
def conflicts_cmd(store: Store, as_json: bool) -> None:
    """Rows changed here and on the server in the same field: base, mine and theirs."""
    found = state.conflicts(store.conn)
    if as_json:
        echo_json([c.as_dict() for c in found])
        return
    if not found:
        click.echo("No conflicts.")
    for c in found:
        click.echo(f"{c.kind} {c.id} (theirs by {c.theirs_by or '?'}):")
        for name in c.fields:
            click.echo(f"  {name}: base={field_value(c.base, name)!r}"
                       f" mine={field_value(c.mine, name)!r} theirs={field_value(c.theirs, name)!r}")


@sync.command("resolve")
@KIND
@click.argument("row_id")
@click.argument("choice", type=click.Choice(["mine", "theirs"]))
@pass_store
def resolve_cmd(store: Store, kind: str, row_id: str, choice: str) -> None:
    """Settle a conflict; the result is sent at the next sync."""
    resolve(store, kind, row_id, choice)
    click.echo(f"Kept {choice} for {kind} {row_id}.")


@sync.command("rejected")
@JSON
@pass_store
def rejected_cmd(store: Store, as_json: bool) -> None:
    """Changes the server refused (kept here until you edit or revert them)."""
    found = state.rejected(store.conn)
    if as_json:
        echo_json([r.as_dict() for r in found])
        return
    if not found:
        click.echo("No refused changes.")
    for r in found:
        click.echo(f"{r.kind} {r.id}: {r.reason} ({r.rejected_at})")


@sync.command("revert")
@KIND
@click.argument("row_id")
@pass_store
def revert_cmd(store: Store, kind: str, row_id: str) -> None:
    """Give up a refused change: the row returns to the team's version."""
    revert(store, kind, row_id)
    click.echo(f"{kind} {row_id} is back to the team's version.")


@sync.command("share")
@click.argument("opportunity")
@click.option("--with", "members", default="", help="Comma-separated teammates (empty: only you).")
@pass_store
def share_cmd(store: Store, opportunity: str, members: str) -> None:
    """Share an opportunity and its SPIN answers, ROI cases and pitches with teammates."""
    names = share(store, opportunity, members.split(","))
    click.echo(f"Shared with: {', '.join(names) or 'only you'} (sent at the next sync).")


# attachments on demand and keep-offline: cli/sync_offline.py
sync.add_command(fetch_cmd)
sync.add_command(offline)
