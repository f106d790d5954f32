"""`valuekit sync offline add|remove|list` and `sync fetch`: which attachments stay
downloaded (per asset and per sales stage) and bringing files down now."""

from __future__ import annotations

import sys

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg, t
from valuekit.library.remote_files import sync_configured
from valuekit.library.vocabulary import value_labels
from valuekit.sync.engine import transport_for
from valuekit.sync.offline import (
    Progress,
    fetch_attachments,
    offline_summary,
    set_offline,
    size_text,
    stage_name,
    stage_values,
)

ASSETS = click.option("--asset", "assets", multiple=True, metavar="ID", help="An asset (id or prefix; repeatable).")
STAGES = click.option("--stage", "stages", multiple=True, metavar="STAGE", help="A sales stage, e.g. SQL (repeatable).")


def _say(key: str, **params: object) -> None:
    click.echo(t(key, cli_language(), **params))


def _require(assets: tuple[str, ...], stages: tuple[str, ...]) -> None:
    if not assets and not stages:
        raise ValidationError("--asset", msg("give --asset or --stage (or both)"))


def _stages_text(stages: tuple[str, ...]) -> str:
    return ", ".join(stages) or t("offline.nothing", cli_language())


@click.group("offline")
def offline() -> None:
    """Keep attachment files downloaded for chosen assets and sales stages."""


@offline.command("add")
@ASSETS
@STAGES
@pass_store
def add_cmd(store: Store, assets: tuple[str, ...], stages: tuple[str, ...]) -> None:
    """Keep these assets' files (and those of every asset with these stages, also assets
    that get the stage later) downloaded at every sync."""
    _require(assets, stages)
    values = tuple(stage_values(store.conn, list(stages)))
    set_offline(store, list(assets), list(values))
    _say("offline.kept", assets=len(assets), stages=_stages_text(values))
    if not sync_configured(store.conn):
        _say("offline.not_synced")


@offline.command("remove")
@ASSETS
@STAGES
@click.option("--keep-files", is_flag=True, help="Do not free the space of files no longer kept offline.")
@pass_store
def remove_cmd(store: Store, assets: tuple[str, ...], stages: tuple[str, ...], keep_files: bool) -> None:
    """Stop keeping them offline; downloaded files no longer needed offline are removed
    (only files the team server has — never a file attached here and not yet uploaded)."""
    _require(assets, stages)
    values = tuple(stage_values(store.conn, list(stages)))
    freed = set_offline(store, list(assets), list(values), keep=False, free=not keep_files)
    _say("offline.removed", assets=len(assets), stages=_stages_text(values))
    if freed.files:
        _say("offline.freed", n=freed.files, size=size_text(freed.bytes))


@offline.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def list_cmd(store: Store, as_json: bool) -> None:
    """What is kept offline: per asset and per stage, files and bytes downloaded vs total."""
    summary = offline_summary(store)
    if as_json:
        echo_json(summary.as_dict())
        return
    lang = cli_language()
    if not summary.synced:
        _say("offline.not_synced")
    if not summary.kept:
        _say("offline.none")
        return
    labels = value_labels(store.conn)
    for item in summary.kept:
        label = item.label or item.key
        if item.kind == "stage" and ("stage", item.key) in labels:
            label = stage_name(labels[("stage", item.key)].label(lang), item.key, lang)
        _say("offline.line", kind=t(f"offline.kind.{item.kind}", lang), label=label, assets=item.assets,
             here=item.files_here, files=item.files, bytes_here=size_text(item.bytes_here),
             bytes_total=size_text(item.bytes_total))
    total = summary.total
    _say("offline.total", assets=total.assets, here=total.files_here, files=total.files,
         bytes_here=size_text(total.bytes_here), bytes_total=size_text(total.bytes_total))


def tty_progress() -> Progress | None:
    """A one-line "Downloading deck.pdf… 12.0 MB of 50.0 MB" on stderr when it is a
    terminal (nothing in pipes and scripts)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, name: str) -> None:
        line = t("offline.progress", cli_language(), name=name, done=size_text(done), total=size_text(total))
        click.echo(f"\r{line}\033[K", nl=done >= total, err=True)

    return show


@click.command("fetch")
@click.argument("asset_id")
@pass_store
def fetch_cmd(store: Store, asset_id: str) -> None:
    """Download an asset's attachment files now."""
    _say("offline.downloaded", n=fetch_attachments(store, transport_for(store), asset_id,
                                                   progress=tty_progress()))
