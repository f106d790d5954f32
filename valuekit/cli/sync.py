"""`valuekit sync …`: this library and the team server."""

from __future__ import annotations

import sys

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.sync_offline import fetch_cmd, offline
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.sync import records, state
from valuekit.sync.actions import resolve, revert, share, sync_now
from valuekit.sync.credentials import forget_token, migrate_library_token, token_place
from valuekit.sync.engine import setup
from valuekit.sync.merge import field_value
from valuekit.sync.transport import Offline

STATUS_REFUSED = 20  # refused changes listed by `sync status`; `sync rejected` lists all
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
    lang = cli_language()
    for gone in report.revoked:
        click.echo(t("sync.revoked", lang, customer=gone["customer"], owner=gone["revoked_by"],
                     removed=gone["removed"]))
        if gone["kept"]:
            click.echo(t("sync.revoked_kept", lang, kept=gone["kept"]))


@sync.command("setup")
@click.option("--server", "url", required=True, help="The team server, e.g. https://valuekit.example.com")
@click.option("--token", default=None,
              help="Your token (from valuekit server user add); '-' reads it from standard input."
                   " Left out, it is asked for without echo (and stays out of your shell history).")
@JSON
@pass_store
def setup_cmd(store: Store, url: str, token: str | None, as_json: bool) -> None:
    """Connect this library to the team server (checks the token first). The token is kept
    in the system keyring or a private file, never in the library."""
    if token == "-":
        token = sys.stdin.readline()
    elif token is None:
        token = click.prompt(t("sync.token_prompt", cli_language()), hide_input=True)
    token = token.strip()
    if not token:
        raise click.UsageError(t("sync.token_empty", cli_language()))
    info = setup(store, url, token)
    if as_json:
        echo_json(info)
    else:
        click.echo(f"Connected to {info['server']} as {info['user']} ({info['role']}).")
        place = token_place(info["server"], info["user"])
        if place is not None:
            click.echo(t("sync.token_kept", cli_language(), place=place.describe(cli_language())))


@sync.command("forget-token")
@pass_store
def forget_token_cmd(store: Store) -> None:
    """Remove this library's sync token from this computer (keyring or credentials file);
    `valuekit sync setup` connects again."""
    server, user = state.get_setting(store.conn, "server"), state.get_setting(store.conn, "user")
    if server and user:
        migrate_library_token(store, server, user)  # an older library's copy goes too
    gone = bool(server and user) and forget_token(server, user)
    click.echo(t("sync.token_forgotten" if gone else "sync.token_none", cli_language()))


@sync.command("status")
@JSON
@pass_store
def status_cmd(store: Store, as_json: bool) -> None:
    """Where this library syncs to, when it last did, and what waits."""
    s = state.status(store)
    if s.server and s.user:  # a token an older ValueKit kept in the library moves out now
        migrate_library_token(store, s.server, s.user)
    lang = cli_language()
    refused = state.rejected(store.conn, lang)
    place = token_place(s.server, s.user) if s.server and s.user else None
    if as_json:
        echo_json(s.as_dict() | {"refused_changes": [r.as_dict() for r in refused],
                                 "token_kept_in": place.kind if place else None,
                                 "token_place": place.where if place else None})
        return
    click.echo(f"server: {s.server or '(not set up)'}  user: {s.user} ({s.role})")
    click.echo(f"last sync: {s.last_sync or 'never'}  version: {s.cursor}")
    if s.server:
        click.echo(t("sync.token_kept", lang, place=place.describe(lang)) if place
                   else t("sync.token_missing", lang))
    if s.last_error:
        click.echo(f"last problem: {s.last_error}")
    click.echo(f"usage not yet sent: {s.pending_events}; conflicts: {s.conflicts};"
               f" refused changes: {s.rejected}; shared accounts: {s.shared_accounts}")
    for r in refused[:STATUS_REFUSED]:
        click.echo(f"  refused {r.kind} {r.id}: {r.reason}")
    if len(refused) > STATUS_REFUSED:
        click.echo(t("sync.refused_more", lang, n=len(refused) - STATUS_REFUSED))


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
    found = state.rejected(store.conn, cli_language())
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
