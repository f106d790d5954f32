"""`valuekit library import|export|check|backup|restore|repair`: moving data in and out
of a library and keeping it safe.

Registered on the ``library`` group by ``valuekit.cli.library``. ``restore`` and
``repair`` work on the library folder without opening it first (the database may be
the very thing that is broken)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from valuekit.cli.common import AppContext, cli_language, echo_json, pass_store, user_errors
from valuekit.db.store import Store
from valuekit.fileio import write_text_atomic
from valuekit.i18n import t
from valuekit.library.backup import backup_library, restore_library
from valuekit.library.check import check_library
from valuekit.library.repair import repair_library
from valuekit.library.transfer import (
    export_csv,
    export_records,
    facet_names,
    import_records,
    read_records_with_encoding,
)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite assets whose id already exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_store
def import_(store: Store, file: Path, replace: bool, as_json: bool) -> None:
    """Import assets from a JSON list or a CSV file (all or nothing)."""
    records, encoding = read_records_with_encoding(file)
    result = import_records(store, records, replace=replace)
    if as_json:
        echo_json(result.as_dict() | {"encoding": encoding})
    else:
        _say("import.encoding", path=file, encoding=encoding)
        click.echo(f"imported {result.added} new, {result.replaced} replaced")


@click.command("export")
@click.option("--out", type=click.Path(path_type=Path), help="File to write (default: stdout).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSON.")
@click.option("--id", "ids", multiple=True, help="Only these assets (repeatable).")
@pass_store
def export(store: Store, out: Path | None, as_csv: bool, ids: tuple[str, ...]) -> None:
    """Export assets in the import format."""
    records = export_records(store, list(ids) or None)
    text = export_csv(records, facet_names(store)) if as_csv else \
        json.dumps(records, ensure_ascii=False, indent=2)
    if out:
        write_text_atomic(out, text)
        click.echo(f"exported {len(records)} assets to {out}")
    else:
        click.echo(text)


def _say(key: str, **params: object) -> None:
    click.echo(t(key, cli_language(), **params))


@click.command("check")
@click.option("--clean", is_flag=True, help="Remove leftovers of interrupted copies (.incoming-*, stale .staging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def check(store: Store, clean: bool, as_json: bool) -> None:
    """Check the database, the search index and the attachment files; exit 1 on problems."""
    report = check_library(store, clean=clean)
    if as_json:
        echo_json(report.as_dict())
    else:
        _say("check.database", state=t("check.ok" if report.sqlite_ok else "check.damaged", cli_language()))
        for message in report.sqlite_messages:
            click.echo(f"  {message}")
        _say("check.index", state=t("check.ok" if not report.fts_messages else "check.damaged", cli_language()))
        for message in report.fts_messages:
            click.echo(f"  {message}")
        _say("check.foreign_keys", n=report.foreign_key_problems)
        _say("check.files", missing=len(report.missing_files), corrupt=len(report.corrupt_files),
             extra=len(report.extra_files))
        for name in report.missing_files + report.corrupt_files + report.extra_files:
            click.echo(f"  {name}")
        if report.on_server_files:
            _say("check.on_server", n=len(report.on_server_files))
        if report.leftovers:
            _say("check.cleaned" if clean else "check.leftovers", n=len(report.leftovers))
            for name in report.leftovers:
                click.echo(f"  {name}")
        if report.damaged_copy:
            _say("check.kept_damaged", name=report.damaged_copy)
        _say("check.library_ok" if report.ok else "check.library_problems")
    if not report.ok:
        raise SystemExit(1)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def backup(store: Store, dest: Path, as_json: bool) -> None:
    """Back up the library: DEST an existing folder (database + the attachments it
    references, verified), or a new .db file (database only)."""
    result = backup_library(store, dest)
    if as_json:
        echo_json(result.as_dict())
        return
    _say("backup.done", path=result.path, n=result.attachments)
    if result.missing:
        _say("backup.missing", n=len(result.missing))
    if result.on_server:
        _say("backup.on_server", n=len(result.on_server))


@click.command("restore")
@click.argument("backup_path", metavar="BACKUP", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
@user_errors
def restore(app: AppContext, backup_path: Path, yes: bool, as_json: bool) -> None:
    """Replace the library by BACKUP (a backup folder or .db file); the current database
    is kept as library.db.before-restore-<time>. Close ValueKit windows first."""
    app.close()
    if not yes:
        click.confirm(t("restore.confirm", cli_language(), library=app.library_path, backup=backup_path),
                      abort=True)
    result = restore_library(app.library_path, backup_path)
    if as_json:
        echo_json(result.as_dict())
        return
    _say("restore.done", library=result.library, aside=result.kept_aside or "-", n=result.attachments_copied)


@click.command("repair")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
@user_errors
def repair(app: AppContext, as_json: bool) -> None:
    """Rebuild the search index; recover a damaged database into a fresh file, keeping
    the damaged one aside. Says what was recovered and what was lost."""
    app.close()
    result = repair_library(app.library_path)
    if as_json:
        echo_json(result.as_dict())
        return
    if result.kept_aside:
        _say("repair.kept", name=result.kept_aside)
    for table, n in sorted(result.recovered.items()):
        lost = result.lost.get(table, 0)
        _say("repair.table" if lost >= 0 else "repair.table_unknown", table=table, n=n, lost=lost)
    _say("repair.index")
    _say("check.library_ok" if result.ok else "check.library_problems")
    if not result.ok:
        raise SystemExit(1)


COMMANDS = (import_, export, check, backup, restore, repair)
