"""`valuekit library vocab | facet-add | value-add | tag | untag | rename-tag | merge-tags |
delete-tag | untagged`: the vocabulary and the tags, curated from the command line.
Registered on the existing ``library`` group (cli/governance.py imports this module)."""

from __future__ import annotations

from collections.abc import Callable

import click

from valuekit.cli.common import echo_json, pass_store
from valuekit.cli.library import library_group, parse_facet_options, print_assets
from valuekit.db.store import Store
from valuekit.library import assets as assets_lib
from valuekit.library import curation
from valuekit.library.vocabulary import add_facet, add_value, list_facets, list_values

__all__ = ["library_group"]


@library_group.command("vocab")
@click.argument("facet", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def vocab(store: Store, facet: str | None, as_json: bool) -> None:
    """List facets, or the values of one facet with their zh/en labels."""
    if facet:
        values = [v.__dict__ for v in list_values(store.conn, facet)]
        if as_json:
            echo_json(values)
        else:
            for v in values:
                click.echo(f"{v['value']}: {v['label_zh']} / {v['label_en']}")
        return
    found = [f.__dict__ for f in list_facets(store.conn)]
    if as_json:
        echo_json(found)
    else:
        for f in found:
            kind = "closed" if f["closed"] else "open"
            click.echo(f"{f['name']}: {f['label_zh']} / {f['label_en']} ({kind}{', one value' if f['single'] else ''})")


@library_group.command("facet-add")
@click.argument("name")
@click.option("--zh", default="", help="Chinese label.")
@click.option("--en", default="", help="English label.")
@click.option("--closed", is_flag=True, help="Only values added with value-add are allowed.")
@pass_store
def facet_add(store: Store, name: str, zh: str, en: str, closed: bool) -> None:
    """Create a user-defined facet."""
    with store.transaction() as conn:
        add_facet(conn, name, label_zh=zh, label_en=en, closed=closed)
    click.echo(f"facet {name} added")


@library_group.command("value-add")
@click.argument("facet")
@click.argument("value")
@click.option("--zh", default="", help="Chinese label.")
@click.option("--en", default="", help="English label.")
@pass_store
def value_add(store: Store, facet: str, value: str, zh: str, en: str) -> None:
    """Add a value (or set its labels) in a facet's vocabulary, e.g. a new format."""
    with store.transaction() as conn:
        add_value(conn, facet, value, label_zh=zh, label_en=en)
    click.echo(f"{facet}={value} saved")


def _tag_command(remove: bool) -> Callable[..., None]:  # a click command factory
    @click.argument("facet_value")
    @click.argument("asset_ids", nargs=-1, required=True)
    @pass_store
    def command(store: Store, facet_value: str, asset_ids: tuple[str, ...]) -> None:
        parsed = parse_facet_options((facet_value,))
        (facet, values), = parsed.items()
        changed = assets_lib.tag_assets(store, list(asset_ids), facet, values, remove=remove)
        click.echo(f"{'removed' if remove else 'added'} {changed} tag links on {len(asset_ids)} assets")

    return command


library_group.command("tag", help="Tag assets: tag FACET=VALUE[,VALUE] ID…")(_tag_command(False))
library_group.command("untag", help="Remove tags: untag FACET=VALUE[,VALUE] ID…")(_tag_command(True))


@library_group.command("rename-tag")
@click.argument("facet")
@click.argument("old")
@click.argument("new")
@pass_store
def rename_tag(store: Store, facet: str, old: str, new: str) -> None:
    """Rename a tag value across the library (onto an existing value = merge)."""
    changed = curation.rename_value(store, facet, old, new)
    click.echo(f"{facet}: {old} → {new} on {changed} assets")


@library_group.command("merge-tags")
@click.argument("facet")
@click.argument("target")
@click.argument("sources", nargs=-1, required=True)
@pass_store
def merge_tags(store: Store, facet: str, target: str, sources: tuple[str, ...]) -> None:
    """Merge tag values SOURCES… into TARGET across the library."""
    changed = curation.merge_values(store, facet, list(sources), target)
    click.echo(f"{facet}: merged {', '.join(sources)} into {target} on {changed} assets")


@library_group.command("delete-tag")
@click.argument("facet")
@click.argument("value")
@pass_store
def delete_tag(store: Store, facet: str, value: str) -> None:
    """Remove a tag value from the vocabulary and from every asset."""
    changed = curation.delete_value(store, facet, value)
    click.echo(f"{facet}={value} deleted from {changed} assets")


@library_group.command("untagged")
@click.option("--missing", "missing", multiple=True, help="List assets missing this facet (repeatable); none = no tags at all.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def untagged(store: Store, missing: tuple[str, ...], as_json: bool) -> None:
    """Assets that need curation: untagged, or missing e.g. stage or industry."""
    ids = curation.assets_missing(store, list(missing))
    assets = assets_lib.load_assets(store.conn, [assets_lib.resolve_seq(store.conn, i) for i in ids], with_body=False)
    if as_json:
        echo_json([a.as_dict() | {"body": None} for a in assets])
    else:
        print_assets(assets, len(assets))
