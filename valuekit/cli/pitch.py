"""`valuekit pitch …` commands: draft, check, preflight, kit, save, list, show, render and
export."""

from __future__ import annotations

from pathlib import Path

import click

from valuekit.cli.common import (
    AppContext,
    cli_language,
    echo_json,
    pass_store,
    read_json_file,
    user_errors,
)
from valuekit.db.store import Store
from valuekit.fileio import write_atomic
from valuekit.i18n import t
from valuekit.pitch import store as pitch_store
from valuekit.pitch.check import check_pitch, summary_lines
from valuekit.pitch.documents import CUSTOMER_DOCS, DOCS, render_document, resolve_case
from valuekit.pitch.draft import draft_pitch
from valuekit.pitch.kit import (
    KIT_DOCS,
    check_allowed,
    export_document,
    parse_docs,
    prepare_kit,
    render_kit,
    write_kit,
)
from valuekit.pitch.model import load_pitch, normalize, to_json
from valuekit.pitch.preflight import blocking, preflight, problem_line
from valuekit.pitch.types import Pitch

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language (default: the pitch's or the opportunity's).")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group()
def pitch() -> None:
    """Seven-step pitches: draft, check, export PDFs for customer meetings."""


def _load(store: Store, ref: str) -> tuple[Pitch, str | None]:
    """A pitch from a .json file or a saved pitch's id (prefix); returns (pitch, saved id)."""
    if ref.lower().endswith(".json") or Path(ref).is_file():
        return load_pitch(ref), None
    saved = pitch_store.get_pitch(store, ref)
    return normalize(saved["data"]), saved["id"]


def _industry(store: Store, pitch_doc: Pitch) -> str | None:
    opp = pitch_store.opportunity_of(store, pitch_doc.get("opportunity_id"))
    return opp.get("industry") if opp else None


def _warn_incomplete(store: Store | None, pitch_doc: Pitch, industry: str | None) -> None:
    lang = pitch_doc["language"]
    for line in summary_lines(check_pitch(pitch_doc, store=store, industry=industry), lang):
        click.echo(t("cli.warning", lang, line=line), err=True)


@pitch.command()
@click.argument("pitch_file", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="PDF file to write.")
@click.option("--doc", type=click.Choice([d for d in CUSTOMER_DOCS if d != "spin"]), default="pitch",
              show_default=True, help="Which document to render.")
@click.pass_obj
@user_errors
def render(app: AppContext, pitch_file: str, out: str, doc: str) -> None:
    """Render a pitch document file (JSON) to PDF; no library needed unless its case is a
    library asset."""
    pitch_doc = load_pitch(pitch_file)
    needs_library = bool(pitch_doc["case"] and "asset_id" in pitch_doc["case"])
    store = app.store() if needs_library else None
    _warn_incomplete(store, pitch_doc, None)
    case = resolve_case(store, pitch_doc["case"], pitch_doc["language"])
    data = render_document(doc, pitch_doc, case=case,
                           library_files=store.files_dir if store else None)
    write_atomic(out, data)
    click.echo(out)


@pitch.command()
@click.argument("opportunity")
@LANG
@JSON
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the pitch document here.")
@pass_store
def draft(store: Store, opportunity: str, lang: str | None, as_json: bool, out: str | None) -> None:
    """Draft a pitch from an opportunity, save it in the library and print its id."""
    doc = draft_pitch(store, opportunity, lang=lang)
    pitch_id = pitch_store.save_pitch(store, doc)
    if out:
        write_atomic(out, to_json(normalize(doc)).encode("utf-8"))
    if as_json:
        echo_json({"id": pitch_id, "pitch": normalize(doc)})
    else:
        click.echo(pitch_id)


@pitch.command()
@click.argument("pitch_ref", metavar="PITCH")
@LANG
@JSON
@pass_store
def check(store: Store, pitch_ref: str, lang: str | None, as_json: bool) -> None:
    """Check each of the seven steps: complete, thin or missing, with the fix."""
    pitch_doc, _ = _load(store, pitch_ref)
    results = check_pitch(pitch_doc, store=store, industry=_industry(store, pitch_doc), lang=lang)
    if as_json:
        echo_json(results)
        return
    for r in results:
        line = f"{r['step']}. {r['name']}: {t('check.' + r['status'], lang or pitch_doc['language'])}"
        if r["status"] != "complete":
            line += f" — {r['reason']} → {r['fix']}"
        click.echo(line)


@pitch.command()
@click.argument("pitch_ref", metavar="PITCH")
@click.option("--doc", type=click.Choice([*DOCS, "deck", "onepager-png"]), default="pitch",
              show_default=True, help="Which document to export (deck: .pptx; onepager-png: "
              "a 1080-px-wide picture).")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option("--who", default="", help="Who exports it (recorded with the usage).")
@JSON
@pass_store
def export(store: Store, pitch_ref: str, doc: str, out: str, who: str, as_json: bool) -> None:
    """Export a saved pitch (id) or a pitch file as PDF; keeps the exported version and
    records the usage of the library assets it includes."""
    pitch_doc, pitch_id = _load(store, pitch_ref)
    _warn_incomplete(store, pitch_doc, _industry(store, pitch_doc))
    report = export_document(store, pitch_id, pitch_doc, doc, out, who=who)
    if as_json:
        echo_json(report)
    else:
        click.echo(out)


@pitch.command("list")
@click.option("--opportunity", help="Only pitches of this opportunity (id).")
@JSON
@pass_store
def list_(store: Store, opportunity: str | None, as_json: bool) -> None:
    """List saved pitches, newest first."""
    rows = pitch_store.list_pitches(store, opportunity_id=opportunity)
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id'][:8]}  {r['updated_at'][:10]}  {r['customer']}  {r['title']}")


@pitch.command()
@click.argument("pitch_ref", metavar="PITCH")
@click.option("--version", type=int, help="Show the content of this exported version.")
@pass_store
def show(store: Store, pitch_ref: str, version: int | None) -> None:
    """Print a saved pitch (its pitch document and export versions) as JSON."""
    if version is not None:
        echo_json(pitch_store.get_version(store, pitch_ref, version))
    else:
        echo_json(pitch_store.get_pitch(store, pitch_ref))


@pitch.command()
@click.argument("pitch_file", type=click.Path(dir_okay=False))
@click.option("--opportunity", help="Link the pitch to this opportunity (id).")
@click.option("--id", "pitch_id", help="Update this saved pitch instead of adding one.")
@pass_store
def save(store: Store, pitch_file: str, opportunity: str | None, pitch_id: str | None) -> None:
    """Save a pitch document file in the library and print its id."""
    data = read_json_file(pitch_file, "pitch")
    click.echo(pitch_store.save_pitch(store, data, pitch_id=pitch_id, opportunity_id=opportunity))


@pitch.command("preflight")
@click.argument("pitch_ref", metavar="PITCH")
@LANG
@JSON
@pass_store
def preflight_cmd(store: Store, pitch_ref: str, lang: str | None, as_json: bool) -> None:
    """Check a pitch before it goes to a customer: each problem with its code, step and fix.
    Exits 2 when a problem blocks the export."""
    pitch_doc, _ = _load(store, pitch_ref)
    lang = lang or cli_language()
    problems = preflight(pitch_doc, store=store, industry=_industry(store, pitch_doc), lang=lang)
    if as_json:
        echo_json({"ready": not blocking(problems), "problems": [p.as_dict() for p in problems]})
    else:
        for p in problems:
            click.echo(problem_line(p, lang))
        if not problems:
            click.echo(t("preflight.none", lang))
    if blocking(problems):
        raise SystemExit(2)


@pitch.command()
@click.argument("pitch_ref", metavar="PITCH")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write the documents into.")
@click.option("--docs", default="", help=f"Comma-separated, any of {','.join(KIT_DOCS)} "
              "(default: pitch,onepager,roi,notes,deck).")
@click.option("--allow-incomplete", is_flag=True,
              help="Export even when the pre-flight check finds blocking problems.")
@click.option("--who", default="", help="Who exports it (recorded with the usage).")
@JSON
@pass_store
def kit(store: Store, pitch_ref: str, out_dir: str, docs: str, allow_incomplete: bool, who: str,
        as_json: bool) -> None:
    """Write the customer kit: the chosen documents as <customer>-<doc>-<date> files, after
    the pre-flight check; records one use per included library asset."""
    pitch_doc, pitch_id = _load(store, pitch_ref)
    chosen = parse_docs(docs)
    if "roi" in chosen and pitch_doc["roi"] is None and not docs:
        chosen = tuple(d for d in chosen if d != "roi")  # the default kit skips a missing ROI sheet
    lang = cli_language()
    prepared = prepare_kit(store, pitch_doc, pitch_id, chosen, lang=lang)
    if blocking(prepared.problems) and not allow_incomplete:
        for p in blocking(prepared.problems):
            click.echo(problem_line(p, lang), err=True)
    check_allowed(prepared, allow_incomplete)
    report = write_kit(store, prepared, render_kit(prepared), out_dir, who=who)
    if as_json:
        echo_json(report)
        return
    for p in report["problems"]:
        if not p["blocking"]:
            click.echo(t("cli.warning", lang, line=f"[{p['code']}] {p['message']} → {p['fix']}"), err=True)
    for f in report["files"]:
        click.echo(f["path"])
