"""`valuekit fab …` commands."""

from __future__ import annotations

import click

from valuekit.cli.common import echo_json, pass_store, read_json_file
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.sales import fab as fabs
from valuekit.sales.types import Fab

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@click.group()
def fab() -> None:
    """FAB statements: feature, advantage, benefit per audience."""


def _print_fab(f: Fab, lang: str | None = None) -> None:
    click.echo(f"{f['id'][:8]}  [{f['product']}] {f['feature']}  ({f['language']}; "
               f"{', '.join(f['personas']) or 'all personas'}; {', '.join(f['industries']) or 'all industries'})")
    click.echo(f"    F {f['feature_description'] or f['feature']}")
    click.echo(f"    A {f['advantage'] or '—'}" + (f"  (vs {f['competitor']})" if f["competitor"] else ""))
    click.echo(f"    B {f['benefit']}")
    for hint in fabs.fab_hints(f, lang=lang or f["language"]):
        click.echo(f"    ? {hint}")


@fab.command("product-add")
@click.argument("key")
@click.option("--name", help="Display name (default: the product facet's label).")
@JSON
@pass_store
def product_add(store: Store, key: str, name: str | None, as_json: bool) -> None:
    """Add a product (KEY joins the `product` facet) or rename one."""
    product = fabs.add_product(store, key, name)
    echo_json(product) if as_json else click.echo(f"Product {product['key']}: {product['name']}")


@fab.command("product-delete")
@click.argument("key")
@click.option("--cascade", is_flag=True, help="Also delete the FAB statements and features using it.")
@JSON
@pass_store
def product_delete(store: Store, key: str, cascade: bool, as_json: bool) -> None:
    """Delete a product; refused while FAB statements use it, unless --cascade."""
    deleted = fabs.delete_product(store, key, cascade=cascade)
    if as_json:
        echo_json({"product": key, "deleted": deleted})
    else:
        click.echo(f"Deleted product {key} with {deleted['features']} feature(s) and "
                   f"{deleted['fabs']} FAB statement(s).")


@fab.command("products")
@JSON
@pass_store
def products(store: Store, as_json: bool) -> None:
    """Products with their feature and FAB counts."""
    found = fabs.list_products(store)
    if as_json:
        echo_json(found)
        return
    for p in found:
        click.echo(f"{p['key']:<16} {p['name']}  ({p['features']} features, {p['fabs']} FABs)")


@fab.command("feature-add")
@click.argument("product")
@click.argument("name")
@click.option("--description", default="", help="What the feature is.")
@JSON
@pass_store
def feature_add(store: Store, product: str, name: str, description: str, as_json: bool) -> None:
    """Add a feature NAME to PRODUCT (or update its description)."""
    feature = fabs.add_feature(store, product, name, description)
    echo_json(feature) if as_json else click.echo(feature["id"])


@fab.command()
@click.argument("file")
@JSON
@pass_store
def add(store: Store, file: str, as_json: bool) -> None:
    """Add FAB statements from FILE (one JSON object or a list; '-' = stdin); prints their ids.
    Nothing is added when one of them is refused."""
    data = read_json_file(file, "FAB")
    items = data if isinstance(data, list) else [data]
    added = []
    with store.transaction():
        for i, item in enumerate(items):
            try:
                added.append(fabs.add_fab(store, item))
            except ValidationError as exc:
                if len(items) == 1:
                    raise
                raise ValidationError(f"[{i}].{exc.field}", exc.text) from None
    if as_json:
        echo_json(added if isinstance(data, list) else added[0])
    else:
        for f in added:
            click.echo(f["id"])


@fab.command()
@click.argument("fab_id")
@click.argument("file")
@JSON
@pass_store
def update(store: Store, fab_id: str, file: str, as_json: bool) -> None:
    """Change a FAB statement with the fields in FILE (JSON object)."""
    updated = fabs.update_fab(store, fab_id, read_json_file(file, "changes"))
    echo_json(updated) if as_json else _print_fab(updated)


@fab.command()
@click.argument("fab_id")
@pass_store
def delete(store: Store, fab_id: str) -> None:
    """Delete a FAB statement."""
    fabs.delete_fab(store, fab_id)
    click.echo("Deleted.")


@fab.command("list")
@click.option("--product", help="Only this product.")
@click.option("--persona", help="Only statements for this persona.")
@click.option("--industry", help="Only statements for this industry.")
@click.option("--language", type=click.Choice(["zh", "en"]), help="Only this language.")
@JSON
@pass_store
def list_(store: Store, product: str | None, persona: str | None, industry: str | None,
          language: str | None, as_json: bool) -> None:
    """FAB statements, by product and feature."""
    found = fabs.list_fabs(store, product=product, persona=persona, industry=industry,
                           language=language)
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No FAB statements match.")
    for f in found:
        _print_fab(f)


@fab.command()
@click.argument("fab_id")
@JSON
@pass_store
def show(store: Store, fab_id: str, as_json: bool) -> None:
    """One FAB statement with its review hints."""
    found = fabs.get_fab(store, fab_id)
    if as_json:
        echo_json({**found, "hints": fabs.fab_hints(found, lang=found["language"])})
    else:
        _print_fab(found)


@fab.command()
@click.argument("fab_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the hints (default: the statement's).")
@JSON
@pass_store
def hints(store: Store, fab_id: str, lang: str | None, as_json: bool) -> None:
    """What a reviewer would point out in a FAB statement (hints, not errors)."""
    found = fabs.get_fab(store, fab_id)
    result = fabs.fab_hints(found, lang=lang or found["language"])
    if as_json:
        echo_json(result)
    else:
        click.echo("\n".join(result) or "No hints: the statement reads well.")


@fab.command()
@click.argument("opp_id")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the statements (default: the opportunity's).")
@JSON
@pass_store
def sheet(store: Store, opp_id: str, lang: str | None, as_json: bool) -> None:
    """The FAB sheet for an opportunity: per decision-chain persona, Feature → Advantage →
    Benefit, and the personas no statement speaks to."""
    result = fabs.fab_sheet(store, opp_id, lang=lang)
    if as_json:
        echo_json(result)
        return
    click.echo(f"FAB sheet — {result['opportunity']['customer']}")
    for row in result["rows"]:
        click.echo(f"[{row['persona']}] {row['feature']} → {row['advantage']} → {row['benefit']}")
        for hint in row["hints"]:
            click.echo(f"    ? {hint}")
    if result["missing_personas"]:
        click.echo("No FAB yet for: " + ", ".join(result["missing_personas"]))
