"""`valuekit sync …`: this library and the team server."""

from __future__ import annotations

import sys

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.sync_offline import fetch_cmd, offline
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.sync import records, state
from valuekit.sync.actions import resolve, revert, share, sync_now
from valuekit.sync.conflicts import describe_all, describe_refused
from valuekit.sync.credentials import forget_token, migrate_library_token, token_place
from valuekit.sync.engine import setup
from valuekit.sync.resolve import Choice, Edited
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
        lang = cli_language()
        raise click.ClickException(t("sync.out.offline", lang, problem=exc.localized(lang))) from exc
    if as_json:
        echo_json(report.as_dict())
        return
    lang = cli_language()
    click.echo(t("sync.out.report", lang, pulled=report.pulled, applied=report.applied,
                 merged=report.merged, pushed=report.pushed, sent=report.events_sent,
                 received=report.events_received))
    if report.blobs_downloaded:  # attachments kept offline (cli/sync_offline.py)
        click.echo(t("offline.downloaded", lang, n=report.blobs_downloaded))
    for name in report.conflicts:
        click.echo(t("sync.out.conflict", lang, name=name))
    for item in report.rejected:
        click.echo(t("sync.out.refused", lang, kind=item["kind"], id=item["id"], reason=item["reason"]))
    for problem in report.download_problems:
        click.echo(t("sync.out.download_problem", lang, name=problem["name"],
                     problem=problem["problem"][lang]))
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
        click.echo(t("sync.out.connected", cli_language(), server=info["server"], user=info["user"],
                     role=info["role"]))
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
    click.echo(t("sync.out.server", lang, server=s.server or t("sync.out.not_set_up", lang),
                 user=s.user, role=s.role))
    click.echo(t("sync.out.last", lang, when=s.last_sync or t("sync.out.never", lang), cursor=s.cursor))
    if s.server:
        click.echo(t("sync.token_kept", lang, place=place.describe(lang)) if place
                   else t("sync.token_missing", lang))
    if s.last_error:
        click.echo(t("sync.out.problem", lang, problem=s.last_error))
    click.echo(t("sync.out.waiting", lang, events=s.pending_events, conflicts=s.conflicts,
                 refused=s.rejected, shared=s.shared_accounts))
    for r in refused[:STATUS_REFUSED]:
        click.echo(t("sync.out.refused_line", lang, kind=r.kind, id=r.id, reason=r.reason))
    if len(refused) > STATUS_REFUSED:
        click.echo(t("sync.refused_more", lang, n=len(refused) - STATUS_REFUSED))


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
    found = state.rejected(store.conn, cli_language())
    if as_json:
        echo_json([r.as_dict() for r in found])
        return
    if not found:
        click.echo(t("sync.out.no_refused", cli_language()))
    for r in describe_refused(store, cli_language()):  # reason and change in the user's language
        click.echo(f"{r.kind} {r.id} ({r.title}): {r.change} — {r.reason} ({r.rejected_at})")


@sync.command("revert")
@KIND
@click.argument("row_id")
@pass_store
def revert_cmd(store: Store, kind: str, row_id: str) -> None:
    """Give up a refused change: the row returns to the team's version."""
    revert(store, kind, row_id)
    click.echo(t("sync.out.reverted", cli_language(), kind=kind, id=row_id))


@sync.command("share")
@click.argument("opportunity")
@click.option("--with", "members", default="", help="Comma-separated teammates (empty: only you).")
@pass_store
def share_cmd(store: Store, opportunity: str, members: str) -> None:
    """Share an opportunity and its SPIN answers, ROI cases and pitches with teammates."""
    names = share(store, opportunity, members.split(","))
    lang = cli_language()
    click.echo(t("sync.out.shared", lang, names=", ".join(names) or t("sync.out.only_you", lang)))


# attachments on demand and keep-offline: cli/sync_offline.py
sync.add_command(fetch_cmd)
sync.add_command(offline)
