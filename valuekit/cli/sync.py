"""`valuekit sync …`: this library and the team server."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.sync import records, state
from valuekit.sync.actions import resolve, revert, share, sync_now
from valuekit.sync.conflicts import describe_all, describe_refused
from valuekit.sync.engine import setup, transport_for
from valuekit.sync.push import fetch_attachments, keep_offline
from valuekit.sync.resolve import Choice, Edited
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
    """Rows changed here and on the server in the same field: per field base, mine, theirs."""
    lang = cli_language()
    found = describe_all(store, lang)
    if as_json:
        echo_json([c.as_dict() for c in found])
        return
    if not found:
        click.echo(t("sync.cli.none", lang))
    for c in found:
        click.echo(t("sync.cli.conflict", lang, kind=c.kind_label, title=c.title, id=c.id,
                     by=c.theirs_by or "?"))
        for f in c.fields:
            click.echo(t("sync.cli.field", lang, label=f.label, path=f.path, base=f.base_text,
                         mine=f.mine_text, theirs=f.theirs_text))
        for f in c.decided:
            click.echo(t("sync.cli.decided", lang, label=f.label, path=f.path, value=f.mine_text,
                         choice=t(f"sync.choice.{f.choice}", lang)))
        click.echo(t("sync.cli.hint", lang, kind=c.kind, id=c.id))


def _pairs(option: str, items: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise ValidationError(option, msg(
                "give each disputed field as PATH=mine or PATH=theirs, got {value!r}", value=item)
                if option == "--field" else
                msg("give the edited value as PATH=VALUE, got {value!r}", value=item))
        out.append((path.strip(), value))
    return out


@sync.command("resolve")
@KIND
@click.argument("row_id")
@click.argument("choice", required=False, type=click.Choice(["mine", "theirs"]))
@click.option("--field", "fields", multiple=True, metavar="PATH=mine|theirs",
              help="Settle one disputed field (repeat for more), e.g. --field tags.industry=theirs.")
@click.option("--set", "edits", multiple=True, metavar="PATH=VALUE",
              help="Write a value of your own for a disputed field (lists comma-separated).")
@pass_store
def resolve_cmd(store: Store, kind: str, row_id: str, choice: str | None,
                fields: tuple[str, ...], edits: tuple[str, ...]) -> None:
    """Settle a conflict per field, or every open field with mine|theirs; the fields not
    named stay open. The result is sent at the next sync once all are decided."""
    lang = cli_language()
    picked: dict[str, Choice] = {}
    for path, value in _pairs("--field", fields) + [
            (p, Edited(v)) for p, v in _pairs("--set", edits)]:
        if path in picked:
            raise ValidationError(path, msg("is named twice"))
        picked[path] = value if isinstance(value, Edited) else value.strip()
    if choice is None and not picked:
        raise ValidationError("choice", msg("say how to settle it: mine, theirs, --field PATH=mine|theirs or --set PATH=VALUE"))
    if choice is not None:  # the named fields as said, every other open field as CHOICE
        conflict = state.open_conflict(store.conn, kind, row_id)
        for path in conflict.fields if conflict else []:
            picked.setdefault(path, choice)
    done = resolve(store, kind, row_id, picked or (choice or ""))
    if done.closed:
        click.echo(t("sync.cli.closed", lang, kind=kind, id=row_id, fields=", ".join(done.decided)))
    else:
        click.echo(t("sync.cli.partial", lang, fields=", ".join(done.decided),
                     remaining=", ".join(done.remaining)))


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
    for r in describe_refused(store, cli_language()):  # reason and change in the user's language
        click.echo(f"{r.kind} {r.id} ({r.title}): {r.change} — {r.reason} ({r.rejected_at})")


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


@sync.command("fetch")
@click.argument("asset_id")
@pass_store
def fetch_cmd(store: Store, asset_id: str) -> None:
    """Download an asset's attachment files now."""
    n = fetch_attachments(store, transport_for(store), asset_id)
    click.echo(f"{n} file(s) downloaded.")


@sync.command("offline")
@click.argument("asset_ids", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Stop keeping them offline.")
@pass_store
def offline_cmd(store: Store, asset_ids: tuple[str, ...], off: bool) -> None:
    """Keep these assets' attachments downloaded at every sync."""
    keep_offline(store, list(asset_ids), keep=not off)
    click.echo(("No longer kept" if off else "Kept") + f" offline: {len(asset_ids)} asset(s).")
