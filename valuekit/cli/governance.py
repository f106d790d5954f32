"""`valuekit library review-due | trust | govern | toolkit | index-files | synonym-add`:
content governance, attachment indexing and the vocabulary's synonyms (issue 15). The
commands live here and are registered on the existing ``library`` group."""

from __future__ import annotations

import click

from valuekit.cli.common import cli_language, echo_json, pass_store
from valuekit.cli.library_vocab import library_group
from valuekit.db.store import Store
from valuekit.i18n import t
from valuekit.library.assets import get_asset, update_asset
from valuekit.library.filetext import index_pending
from valuekit.library.governance import asset_trust_problems, review_due
from valuekit.library.journey import toolkit
from valuekit.library.vocabulary import add_synonym


@library_group.command("review-due")
@click.option("--owner", default=None, help="Only this owner's assets.")
@click.option("--within", "within_days", type=click.IntRange(0, 3650), default=0, show_default=True,
              help="Also those due in the next N days.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def review_due_cmd(store: Store, owner: str | None, within_days: int, as_json: bool) -> None:
    """Assets due (or overdue) for review, most overdue first."""
    items = review_due(store, owner=owner, within_days=within_days)
    if as_json:
        echo_json([i.as_dict() for i in items])
        return
    lang = cli_language()
    if not items:
        click.echo(t("gov.none_due", lang))
        return
    click.echo(t("gov.due_header", lang, n=len(items)))
    for item in items:
        click.echo("  " + t("gov.due_line", lang, due=item.review_due,
                            owner=item.owner or t("gov.owner_none", lang), title=item.title)
                   + f"  [{item.id[:8]}]")


@library_group.command("trust")
@click.argument("asset_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def trust(store: Store, asset_id: str, as_json: bool) -> None:
    """What stops an asset from reaching a customer today (exit 2 when anything does)."""
    problems = asset_trust_problems(store, asset_id, lang=cli_language())
    if as_json:
        echo_json([p.as_dict() for p in problems])
    else:
        for problem in problems:
            click.echo(f"- {problem.message}")
    if problems:
        raise SystemExit(2)


@library_group.command("govern")
@click.argument("asset_id")
@click.option("--owner", default=None, help="Who keeps the asset true.")
@click.option("--review-interval", default=None, help="Days between reviews (empty = the format's default).")
@click.option("--expires", default=None, help="Expiry date YYYY-MM-DD (empty = none).")
@click.option("--internal/--customer-facing", "internal", default=None,
              help="Internal only (never in front of a customer) or customer-facing.")
@click.option("--json", "as_json", is_flag=True, help="Print the asset as JSON.")
@pass_store
def govern(store: Store, asset_id: str, owner: str | None, review_interval: str | None,
           expires: str | None, internal: bool | None, as_json: bool) -> None:
    """Set an asset's owner, review interval, expiry date or internal-only flag."""
    changes: dict[str, object] = {}
    if owner is not None:
        changes["owner"] = owner
    if review_interval is not None:
        changes["review_interval_days"] = review_interval
    if expires is not None:
        changes["expires_on"] = expires
    if internal is not None:
        changes["internal_only"] = internal
    asset = update_asset(store, asset_id, changes) if changes else get_asset(store, asset_id)
    if as_json:
        echo_json(asset.as_dict() | {"body": None})
        return
    click.echo(f"{asset.title}  owner {asset.owner or '-'}  review {asset.review_due or '-'}"
               f" (every {asset.review_interval_days or 'default'} d)  expires {asset.expires_on or '-'}"
               f"  {'internal only' if asset.internal_only else 'customer-facing'}")


@library_group.command("toolkit")
@click.option("--product", required=True, help="Product value or label, e.g. crm or 领航CRM.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def toolkit_cmd(store: Store, product: str, as_json: bool) -> None:
    """Which items of a product's sales toolkit exist and which are missing."""
    items = toolkit(store, product)
    if as_json:
        echo_json([i.as_dict() for i in items])
        return
    lang = cli_language()
    for item in items:
        state = "toolkit.present" if item.present else ("toolkit.draft_only" if item.assets else "toolkit.missing")
        click.echo(f"{'✓' if item.present else '✗'} {t('toolkit.' + item.item, lang)}: {t(state, lang)}")
        for asset in item.assets:
            click.echo(f"    {asset['title']}  [{asset['id'][:8]} {asset['status']}]")


@library_group.command("index-files")
@pass_store
def index_files(store: Store) -> None:
    """Read and index the text of every attachment not read yet."""
    count = index_pending(store)
    click.echo(f"indexed {count} file(s)")


@library_group.command("synonym-add")
@click.argument("facet")
@click.argument("synonym")
@click.argument("value")
@pass_store
def synonym_add(store: Store, facet: str, synonym: str, value: str) -> None:
    """Declare that SYNONYM means VALUE in FACET (e.g. persona promoter champion)."""
    with store.transaction() as conn:
        add_synonym(conn, facet, synonym, value)
    click.echo(f"{facet}: {synonym} → {value}")


library = library_group  # what the root's lazy "library" entry imports: the group with these commands
