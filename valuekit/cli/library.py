"""`valuekit library …`: the value library from the command line."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

from valuekit.cli import maintenance
from valuekit.cli.common import BoundedInt, echo_json, pass_store
from valuekit.cli.search_text import search_note, snippet_line, usage_lines
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.i18n import msg
from valuekit.library import assets as assets_lib
from valuekit.library.attachments import attach_file
from valuekit.library.filetext import index_pending
from valuekit.library.forgiving import Snippet, snippets
from valuekit.library.governance import asset_trust_problems
from valuekit.library.page import forgiving_search
from valuekit.library.recommend import recommend as recommend_assets
from valuekit.library.search import SORTS, Query, facet_counts
from valuekit.library.usage_stats import usage_summary
from valuekit.pitch.brand import get_brand


def default_user(store: Store | None = None) -> str:
    """Who is acting (creator, verified_by, rated by…): VALUEKIT_USER, else the seller
    profile's name (``valuekit profile set --name``), else the login name — a name on an
    asset or a rating should be the person, not "root"."""
    env = os.environ.get("VALUEKIT_USER")
    if env:
        return env
    if store is not None:
        name = get_brand(store).profile.name
        if name:
            return name
    return getpass.getuser()


def parse_facet_options(options: tuple[str, ...]) -> dict[str, list[str]]:
    """``--facet stage=SQL --facet stage=Rev --facet industry=ict`` → {stage: [SQL, Rev], …}."""
    out: dict[str, list[str]] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValidationError("--facet", msg("expected NAME=VALUE, got {option!r}", option=option))
        out.setdefault(name.strip(), []).extend(v.strip() for v in value.split(",") if v.strip())
    return out


def print_assets(assets: list[assets_lib.Asset], total: int,
                  marks: dict[int, Snippet] | None = None) -> None:
    for a in assets:
        stages = ",".join(a.tags.get("stage", []))
        industry = ",".join(a.tags.get("industry", []))
        useful = f"{a.usefulness:.1f}" if a.usefulness is not None else "-"
        click.echo(f"{a.id[:8]}  {a.status:<8} {a.format or '-':<14} {stages:<12} {industry:<16}"
                   f" used {a.usage_count:>3}  ★{useful:<4} imp {a.importance}  {a.title}")
        if marks and a.seq in marks:
            click.echo(f"          {snippet_line(marks[a.seq])}")
    click.echo(f"— {len(assets)} of {total} assets")


@click.group()
def library_group() -> None:
    """The value library: add, import, search, tag, rate and curate assets."""


library_group.name = "library"
library = library_group  # the name the main CLI registers


@library_group.command("add")
@click.option("--title", required=True, help="Asset title.")
@click.option("--format", "format_", required=True, help="Format, e.g. case_study, whitepaper.")
@click.option("--language", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--summary", default="", help="One or two sentences.")
@click.option("--body", default="", help="Markdown body ('-' reads stdin).")
@click.option("--creator", default=None, help="Creator (default: you).")
@click.option("--importance", default="3", show_default=True, help="1 (low) to 5 (high).")
@click.option("--source-url", default=None, help="Where the original lives.")
@click.option("--review-due", default=None, help="Review date YYYY-MM-DD.")
@click.option("--tag", "tags", multiple=True, help="FACET=VALUE[,VALUE] (repeatable).")
@click.option("--attach", "attachments", multiple=True, type=click.Path(), help="File to attach (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the new asset as JSON.")
@pass_store
def add(store: Store, title: str, format_: str, language: str, summary: str, body: str,
        creator: str | None, importance: str, source_url: str | None, review_due: str | None,
        tags: tuple[str, ...], attachments: tuple[str, ...], as_json: bool) -> None:
    """Add one asset to the library."""
    for path in attachments:
        if not Path(path).is_file():
            raise ValidationError("--attach", msg("{path} does not exist or is not a file", path=path))
    if body == "-":
        body = click.get_text_stream("stdin").read()  # type: ignore[operator]  # click 8.2's annotation reads as "object"
    asset = assets_lib.add_asset(store, {
        "title": title, "format": format_, "language": language, "summary": summary, "body": body,
        "creator": creator or default_user(store), "importance": importance, "source_url": source_url,
        "review_due": review_due, "tags": parse_facet_options(tags)})
    for path in attachments:
        attach_file(store, asset.id, path)
    index_pending(store)
    asset = assets_lib.get_asset(store, asset.id)
    echo_json(asset.as_dict()) if as_json else click.echo(f"added {asset.id}  {asset.title}")


@library_group.command("edit")
@click.argument("asset_id")
@click.option("--set", "changes", multiple=True, help="FIELD=VALUE (title, summary, body, language, creator, importance, source_url, review_due).")
@pass_store
def edit(store: Store, asset_id: str, changes: tuple[str, ...]) -> None:
    """Change an asset's fields."""
    values = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep:
            raise ValidationError("--set", msg("expected FIELD=VALUE, got {change!r}", change=change))
        values[key.strip()] = value
    asset = assets_lib.update_asset(store, asset_id, values)
    click.echo(f"updated {asset.id}  {asset.title}")


@library_group.command("attach")
@click.argument("asset_id")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@pass_store
def attach(store: Store, asset_id: str, files: tuple[str, ...]) -> None:
    """Copy files into the library and attach them to an asset."""
    for path in files:
        sha = attach_file(store, asset_id, path)
        click.echo(f"attached {Path(path).name} ({sha[:12]})")
    index_pending(store)  # the files' text becomes searchable with the asset


@library_group.command("show")
@click.argument("asset_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def show(store: Store, asset_id: str, as_json: bool) -> None:
    """Show one asset with its tags, usage history and ratings."""
    asset = assets_lib.get_asset(store, asset_id)
    history = assets_lib.usage_history(store, asset.id)
    rates = assets_lib.ratings(store, asset.id)
    summary = usage_summary(store.conn, asset.seq)
    if as_json:
        echo_json(asset.as_dict() | {"usage": history, "ratings": rates,
                                     "usage_summary": summary.as_dict(), "trust_problems": [
                                         p.as_dict() for p in asset_trust_problems(store, asset.id)]})
        return
    click.echo(f"{asset.title}\n{asset.id}  {asset.language}  {asset.format}  importance {asset.importance}"
               f"  {asset.status}{' by ' + asset.status_by if asset.status_by else ''}")
    click.echo(f"creator {asset.creator}  created {asset.created_at}  updated {asset.updated_at}")
    for facet, values in asset.tags.items():
        click.echo(f"  {facet}: {', '.join(values)}")
    click.echo(f"used {asset.usage_count} times; usefulness "
               f"{asset.usefulness if asset.usefulness is not None else '-'} ({asset.rating_count} ratings)")
    click.echo(usage_lines(summary))
    if asset.summary:
        click.echo(f"\n{asset.summary}")
    if asset.body:
        click.echo(f"\n{asset.body}")
    for use in history:
        click.echo(f"  used {use['used_at']} at {use['stage']} with {use['customer'] or '-'}"
                   f" by {use['who'] or '-'} {use['outcome'] or ''}")


@library_group.command("search")
@click.argument("query", required=False, default="")
@click.option("--facet", "facets", multiple=True, help="NAME=VALUE filter; AND across facets, OR within one (repeatable). Also status, language, creator, importance.")
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance", show_default=True)
@click.option("--asc", is_flag=True, help="Ascending order.")
@click.option("--min-usage", type=BoundedInt(0, 10**9), help="Only assets used at least N times.")
@click.option("--min-usefulness", type=float, help="Only assets rated at least this on average.")
@click.option("--min-importance", type=BoundedInt(0, 5), help="Only assets at least this important.")
@click.option("--limit", type=BoundedInt(1, 10_000), default=20, show_default=True)
@click.option("--offset", type=BoundedInt(0, 10_000_000), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of assets.")
@pass_store
def search(store: Store, query: str, facets: tuple[str, ...], sort: str, asc: bool,
           min_usage: int | None, min_usefulness: float | None, min_importance: int | None,
           limit: int, offset: int, as_json: bool) -> None:
    """Full-text search (Chinese and English) with facet filters."""
    q = Query(text=query, facets=parse_facet_options(facets), sort=sort, descending=not asc,
              limit=limit, offset=offset, min_usage=min_usage, min_usefulness=min_usefulness,
              min_importance=min_importance)
    found = forgiving_search(store, q)
    if found.suggestion:  # on stderr, so --json output stays one document
        click.echo(search_note(found), err=True)
    assets, marks = assets_lib.load_assets(store.conn, found.seqs, with_body=False), \
        snippets(store.conn, found.query.text, found.seqs)
    if as_json:
        echo_json([a.as_dict() | {"body": None, "snippet": marks[a.seq].as_dict() if a.seq in marks
                                  else None} for a in assets])
    else:
        print_assets(assets, found.total, marks)


@library_group.command("facets")
@click.argument("query", required=False, default="")
@click.option("--facet", "facets", multiple=True, help="NAME=VALUE filter, as in search.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def facets_cmd(store: Store, query: str, facets: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Every facet with its values and counts for the current search."""
    counts = facet_counts(store, Query(text=query, facets=parse_facet_options(facets)), lang=lang)
    if as_json:
        echo_json(counts)
        return
    for facet, values in counts.items():
        shown = ", ".join(f"{v['label']} ({v['count']})" for v in values)
        click.echo(f"{facet}: {shown or '-'}")


@library_group.command("use")
@click.argument("asset_id")
@click.option("--stage", required=True, help="Sales stage: RL, MQL, SQL, Rev, Retention.")
@click.option("--customer", default="", help="Customer or opportunity (free text).")
@click.option("--opportunity", "opportunity_id", default=None, help="Opportunity id.")
@click.option("--outcome", default=None, help="won, advanced, stalled or lost.")
@click.option("--by", "who", default=None, help="Who used it (default: you).")
@pass_store
def use(store: Store, asset_id: str, stage: str, customer: str, opportunity_id: str | None,
        outcome: str | None, who: str | None) -> None:
    """Record that an asset was used with a customer."""
    assets_lib.record_usage(store, asset_id, stage=stage, customer=customer, who=who or default_user(store),
                         outcome=outcome, opportunity_id=opportunity_id)
    asset = assets_lib.get_asset(store, asset_id)
    click.echo(f"recorded; {asset.title} used {asset.usage_count} times")


@library_group.command("rate")
@click.argument("asset_id")
@click.argument("score")
@click.option("--comment", default="", help="Why.")
@click.option("--by", "who", default=None, help="Who rates (default: you).")
@pass_store
def rate(store: Store, asset_id: str, score: str, comment: str, who: str | None) -> None:
    """Rate an asset's usefulness from 1 to 5."""
    assets_lib.rate_asset(store, asset_id, score, by=who or default_user(store), comment=comment)
    asset = assets_lib.get_asset(store, asset_id)
    click.echo(f"rated; usefulness now {asset.usefulness:.2f} ({asset.rating_count} ratings)")


@library_group.command("verify")
@click.argument("asset_ids", nargs=-1, required=True)
@click.option("--retire", "status", flag_value="retired", help="Retire instead of verify.")
@click.option("--draft", "status", flag_value="draft", help="Send back to draft.")
@click.option("--by", "who", default=None, help="Who (default: you).")
@pass_store
def verify(store: Store, asset_ids: tuple[str, ...], status: str | None, who: str | None) -> None:
    """Mark assets verified (or retired / draft), recording who and when."""
    with store.transaction():
        for asset_id in asset_ids:
            asset = assets_lib.set_status(store, asset_id, status or "verified", by=who or default_user(store))
            click.echo(f"{asset.status}: {asset.title}")


@library_group.command("delete")
@click.argument("asset_id")
@click.option("--yes", is_flag=True, help="Do not ask.")
@pass_store
def delete(store: Store, asset_id: str, yes: bool) -> None:
    """Delete an asset with its history (prefer `verify --retire`)."""
    asset = assets_lib.get_asset(store, asset_id)
    if not yes:
        click.confirm(f"Delete {asset.title!r} with its {asset.usage_count} usage records?", abort=True)
    assets_lib.delete_asset(store, asset.id)
    click.echo(f"deleted {asset.title}")


@library_group.command("recommend")
@click.option("--stage", required=True, help="The customer's sales stage.")
@click.option("--industry", default=None, help="The customer's industry.")
@click.option("--persona", default=None, help="decision_maker, champion, gatekeeper or user.")
@click.option("--format", "formats", multiple=True, help="Only these formats (repeatable).")
@click.option("--limit", type=BoundedInt(1, 1000), default=5, show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_store
def recommend(store: Store, stage: str, industry: str | None, persona: str | None,
              formats: tuple[str, ...], limit: int, lang: str, as_json: bool) -> None:
    """The proven assets for a stage, industry and persona, each with its reason."""
    picks = recommend_assets(store, stage, industry, persona, limit=limit,
                             formats=list(formats) or None, lang=lang)
    if as_json:
        echo_json([p.as_dict() for p in picks])
        return
    for n, pick in enumerate(picks, start=1):
        click.echo(f"{n}. {pick.asset.title}  [{pick.asset.id[:8]}]\n   {pick.reason}")
    if not picks:
        click.echo("no verified asset fits; verify or tag one")


# import / export / check / backup / restore / repair: their own module (moving data safely)
for _command in maintenance.COMMANDS:
    library_group.add_command(_command)
