"""`valuekit server …`: run the team library server (PostgreSQL + a blob folder).
The CLI imports this group only when it runs (cli/root.py LAZY_GROUPS), so psycopg,
Starlette and uvicorn cost nothing to other commands."""

from __future__ import annotations

from pathlib import Path

import click

from valuekit.cli.common import echo_json, user_errors
from valuekit.fileio import make_folder
from valuekit.server.admin import add_user, compact, disable_user, init_database, mark_restored
from valuekit.server.app import serve

DB = click.option("--db", "dsn", envvar="VALUEKIT_SERVER_DB", required=True,
                  help="PostgreSQL address, e.g. postgresql://valuekit@localhost/valuekit"
                       " (env VALUEKIT_SERVER_DB).")
BLOBS = click.option("--blobs", type=click.Path(path_type=Path, file_okay=False),
                     envvar="VALUEKIT_SERVER_BLOBS", required=True,
                     help="Folder of attachment files (env VALUEKIT_SERVER_BLOBS).")


@click.group()
def server() -> None:
    """The team library server: schema, users and the HTTP service."""


@server.command("init")
@DB
@BLOBS
@user_errors
def init_cmd(dsn: str, blobs: Path) -> None:
    """Create or upgrade the schema and the database roles; create the blob folder."""
    report = init_database(dsn)
    make_folder(blobs)
    click.echo(f"Team database at schema version {report.to_version}"
               f" (was {report.from_version}); blobs in {blobs}")


@server.group("user")
def user() -> None:
    """Team members and their roles."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["marketing", "presales", "sales"]), required=True)
@DB
@user_errors
def user_add(name: str, role: str, dsn: str) -> None:
    """Add NAME (or give them a new token). The token is printed once and stored hashed."""
    token = add_user(dsn, name, role)
    click.echo(f"User {name} ({role}). Token, shown only now:")
    click.echo(token)


@user.command("disable")
@click.argument("name")
@DB
@user_errors
def user_disable(name: str, dsn: str) -> None:
    """Stop NAME's token from working."""
    if not disable_user(dsn, name):
        raise click.ClickException(f"no user {name}")
    click.echo(f"User {name} disabled.")


@server.command("compact")
@DB
@click.option("--keep", type=click.IntRange(min=0), default=1_000_000, show_default=True,
              help="Keep tombstones of the newest KEEP versions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_errors
def compact_cmd(dsn: str, keep: int, as_json: bool) -> None:
    """Drop old tombstones; clients further behind then resynchronise in full."""
    removed = compact(dsn, keep)
    if as_json:
        echo_json({"removed": removed})
    else:
        click.echo(f"{removed} old tombstones removed.")


@server.command("restored")
@DB
@user_errors
def restored_cmd(dsn: str) -> None:
    """After restoring a backup: every client resynchronises in full at its next sync."""
    mark_restored(dsn)
    click.echo("Every client will resynchronise in full at its next sync.")


@server.command("run")
@DB
@BLOBS
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8750, show_default=True)
@user_errors
def run_cmd(dsn: str, blobs: Path, host: str, port: int) -> None:
    """Serve the team library over HTTP until stopped (put TLS in front: docs/team-server.md)."""
    serve(dsn, blobs, host, port)
