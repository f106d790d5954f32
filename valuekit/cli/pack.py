"""`valuekit pack …`: library packs (.vkpack) and usage reports (.vkusage), the files a
team passes around to share the value library offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from valuekit.cli.common import echo_json, pass_store
from valuekit.cli.library import default_user, parse_facet_options
from valuekit.db.store import Store
from valuekit.packs import conflicts as pack_conflicts
from valuekit.packs import export as packs
from valuekit.packs.importer import import_pack
from valuekit.packs.usage_report import export_usage, import_usage

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
OUT = click.argument("out", type=click.Path(dir_okay=False, path_type=Path))


@click.group()
def pack() -> None:
    """Library packs (.vkpack) and usage reports (.vkusage) to share offline."""


@pack.command("export")
@OUT
@click.option("--facet", "facets", multiple=True, help="NAME=VALUE filter (repeatable), as in search.")
@click.option("--query", default="", help="Only assets matching this text.")
@click.option("--with-spin", is_flag=True, help="Include the SPIN question bank.")
@click.option("--with-fab", is_flag=True, help="Include the FAB statements.")
@click.option("--with-roi", is_flag=True, help="Include the saved ROI cases as templates.")
@JSON
@pass_store
def export_cmd(store: Store, out: Path, facets: tuple[str, ...], query: str, with_spin: bool,
               with_fab: bool, with_roi: bool, as_json: bool) -> None:
    """Write the selected assets (default: all), their tags, vocabulary and attachments to OUT."""
    filtered = bool(facets or query)
    ids = packs.select_ids(store, text=query, facets=parse_facet_options(facets)) if filtered else None
    summary = packs.export_pack(store, out, ids=ids, created_by=default_user(store), with_spin=with_spin,
                                with_fab=with_fab, with_roi=with_roi)
    if as_json:
        echo_json(summary)
    else:
        extras = "".join(f", {n} {kind}" for kind, n in summary["extras"].items())
        click.echo(f"Pack written to {out}: {summary['assets']} assets, "
                   f"{summary['attachments']} attachments{extras}.")


def _print_report(report: dict[str, Any]) -> None:
    c = report["counts"]
    head = "Dry run — nothing changed. Would be: " if report["dry_run"] else ""
    click.echo(f"{head}{c['added']} added, {c['updated']} updated, {c['skipped']} skipped, "
               f"{c['conflicts']} conflicts; {report['values_added']} tag values and "
               f"{report['facets_added']} facets new, {report['renames_applied']} renames applied, "
               f"{report['attachments_added']} attachment files.")
    for conflict in report["conflicts"]:
        click.echo(f"  conflict: {conflict['id']}  {conflict['title']}  "
                   "(changed here and in the pack; `valuekit pack resolve` decides)")
    for kind, c in report["extras"].items():
        click.echo(f"{kind}: {c['added']} added, {c['updated']} updated, {c['skipped']} skipped, "
                   f"{len(c['conflicts'])} conflicts (yours kept)")
        for conflict in c["conflicts"]:
            click.echo(f"  conflict ({kind}, yours kept): {conflict['id']}  {conflict['title']}")


@pack.command("import")
@click.argument("pack_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@JSON
@pass_store
def import_cmd(store: Store, pack_file: Path, dry_run: bool, as_json: bool) -> None:
    """Merge a pack: newer assets update, older are skipped, conflicts are kept aside."""
    report = import_pack(store, pack_file, dry_run=dry_run).as_dict()
    if as_json:
        echo_json(report)
    else:
        _print_report(report)


@pack.command()
@JSON
@pass_store
def conflicts(store: Store, as_json: bool) -> None:
    """Assets changed both here and in an imported pack, waiting for a decision."""
    found = pack_conflicts.list_conflicts(store)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No conflicts.")
    for c in found:
        mine = c["mine"]["title"] if c["mine"] else "(deleted here)"
        click.echo(f"{c['id']}  mine: {mine}  |  theirs: {c['theirs']['title']}  "
                   f"(from {c['pack']}, {c['from'] or 'unknown'})")


@pack.command()
@click.argument("asset_id")
@click.option("--keep", type=click.Choice(pack_conflicts.CHOICES), required=True,
              help="mine: keep this library's version; theirs: take the pack's; both: keep "
                   "mine and add theirs as a new asset.")
@pass_store
def resolve(store: Store, asset_id: str, keep: str) -> None:
    """Decide one conflict."""
    result = pack_conflicts.resolve_conflict(store, asset_id, keep)
    click.echo(f"Resolved ({keep}): {result}")


@pack.command("usage-export")
@OUT
@click.option("--all", "everything", is_flag=True, help="Everything, not only since the last report.")
@click.option("--since", metavar="DATE",
              help="Records made on or after DATE (YYYY-MM-DD); the last-report mark stays put.")
@JSON
@pass_store
def usage_export(store: Store, out: Path, everything: bool, since: str | None,
                 as_json: bool) -> None:
    """Write usage records and ratings since the last report to OUT (.vkusage)."""
    counts = export_usage(store, out, created_by=default_user(store), everything=everything,
                          since=since)
    if as_json:
        echo_json(counts)
    else:
        click.echo(f"Usage report written to {out}: {counts['usage']} uses, "
                   f"{counts['ratings']} ratings.")


@pack.command("usage-import")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@JSON
@pass_store
def usage_import(store: Store, reports: tuple[Path, ...], as_json: bool) -> None:
    """Merge usage reports; a record already imported is never counted twice."""
    result = import_usage(store, list(reports)).as_dict()
    if as_json:
        echo_json(result)
    else:
        click.echo(f"{result['usage_added']} uses and {result['ratings_added']} ratings added; "
                   f"{result['already_known']} already known, {result['unknown_assets']} for "
                   "assets this library does not have.")
