"""`valuekit roi …` commands: compute a case file, and keep cases in the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from valuekit.cli.common import cli_language, echo_json, pass_store, read_json_file, user_errors
from valuekit.db.store import Store
from valuekit.errors import ValidationError
from valuekit.fileio import write_text_atomic
from valuekit.i18n import field_label, t
from valuekit.roi import cases as roi_store
from valuekit.roi.flags import CODES
from valuekit.roi.parse import parse_case
from valuekit.roi.result import compute_json
from valuekit.roi.templates import list_templates, template_name, template_source
from valuekit.roi.text import human_report, plain
from valuekit.roi.types import RoiResultJSON
from valuekit.roi.workbook import write_workbook

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="Language of formulas and labels.")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@click.group()
def roi() -> None:
    """ROI cases: compute, save, list, show, export business cases."""


def read_case_file(path: str) -> Any:
    """The JSON of an ROI case file ('-' = stdin). NaN and Infinity are read as numbers so
    that validation refuses them naming their field (``discount_rate: … not NaN or
    infinity``) instead of a line and column."""
    return read_json_file(path, "ROI case", constants_as_numbers=True)


def _print_result(result: RoiResultJSON, as_json: bool, lang: str) -> None:
    if as_json:
        echo_json(result)
    else:
        click.echo(human_report(result, lang))


@roi.command()
@click.argument("case_file")
@JSON
@LANG
@user_errors
def compute(case_file: str, as_json: bool, lang: str) -> None:
    """Compute CASE_FILE (JSON; '-' reads stdin): drivers with formulas, every scenario's
    ROI, NPV, IRR and payback, and the ±20 % sensitivity. Nothing is stored."""
    _print_result(compute_json(read_case_file(case_file), lang), as_json, lang)


@roi.command()
@click.argument("case_file")
@click.option("--opportunity", help="Link the case to this opportunity id.")
@click.option("--customer", help="Customer name shown in lists.")
@click.option("--id", "case_id", help="Update the case with this id instead of adding one.")
@pass_store
def save(store: Store, case_file: str, opportunity: str | None, customer: str | None,
         case_id: str | None) -> None:
    """Validate CASE_FILE and save it in the library; prints the case id. With --id the
    case must exist (an id or a unique prefix of ≥ 4 characters)."""
    data = read_case_file(case_file)
    parse_case(data)  # refuse a bad document before looking anything up
    if case_id is not None:
        case_id = roi_store.get_case(store, case_id)["id"]
    click.echo(roi_store.save_case(store, data, opportunity_id=opportunity, customer=customer,
                                   case_id=case_id))


@roi.command("list")
@click.option("--opportunity", help="Only the cases of this opportunity.")
@JSON
@pass_store
def list_(store: Store, opportunity: str | None, as_json: bool) -> None:
    """Saved ROI cases, most recently changed first."""
    cases = roi_store.list_cases(store, opportunity_id=opportunity)
    if as_json:
        echo_json(cases)
        return
    if not cases:
        click.echo("No ROI cases yet: `valuekit roi save CASE.json` adds one.")
    for c in cases:
        click.echo(f"{c['id'][:8]}  {c['updated_at'][:10]}  {c['name']}"
                   + (f"  — {c['customer']}" if c["customer"] else ""))


@roi.command()
@click.argument("case_id")
@JSON
@LANG
@pass_store
def show(store: Store, case_id: str, as_json: bool, lang: str) -> None:
    """A saved case with its computed figures."""
    record = roi_store.get_case(store, case_id)
    result = compute_json(record["data"], lang)
    if as_json:
        echo_json({**{k: v for k, v in record.items() if k != "data"}, "input": record["data"],
                   "result": result})
        return
    click.echo(f"{record['id']}  {record['customer']}  (updated {record['updated_at']})")
    click.echo(human_report(result, lang))


@roi.command()
@click.argument("case_id")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json",
              show_default=True, help="json: the input document; xlsx: a workbook with live formulas.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing (required for xlsx).")
@LANG
@pass_store
def export(store: Store, case_id: str, fmt: str, out: Path | None, lang: str) -> None:
    """The case's input JSON, which `roi compute` and `roi save` read back, or (--format
    xlsx) an Excel workbook: inputs with their sources, per-driver formulas, per-scenario
    cash flows, ROI, NPV, IRR and payback as formulas a CFO can change and recompute."""
    data = roi_store.get_case(store, case_id)["data"]
    if fmt == "xlsx":
        if out is None:
            raise ValidationError("--out", "is required for --format xlsx (a workbook is not text)")
        write_workbook(parse_case(data), out, lang)
        click.echo(t("roi.cli.exported", cli_language(), path=str(out)))
        return
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
    else:
        write_text_atomic(out, text + "\n")
        click.echo(t("roi.cli.exported", cli_language(), path=str(out)))


@roi.command()
@click.argument("case_id")
@click.argument("opportunity", required=False)
@click.option("--unlink", is_flag=True, help="Detach the case from its opportunity.")
@pass_store
def link(store: Store, case_id: str, opportunity: str | None, unlink: bool) -> None:
    """Link a saved case to OPPORTUNITY (an id or a unique prefix): that deal's pitch draft
    then uses it and the pitch's ROI picker lists it first."""
    if not unlink and not opportunity:
        raise ValidationError("opportunity", "give the opportunity to link to, or --unlink")
    record = roi_store.link_case(store, case_id, None if unlink else opportunity)
    click.echo(t("roi.cli.linked" if record["opportunity_id"] else "roi.cli.unlinked",
                 cli_language(), case=record["name"], opportunity=record["opportunity_id"] or ""))


@roi.command()
@click.argument("case_id")
@click.argument("code", type=click.Choice(list(CODES)))
@click.option("--reason", required=True, help="Why the flag stands (stored with the case).")
@click.option("--field", "field_path", default="",
              help="The flagged field (e.g. drivers[1].margin_pct); default: every flag of CODE.")
@pass_store
def ack(store: Store, case_id: str, code: str, reason: str, field_path: str) -> None:
    """Acknowledge a red flag of a saved case with a reason; the pitch check then lets the
    ROI step pass (see `roi show CASE` for the flags)."""
    record = roi_store.acknowledge_flag(store, case_id, code, reason, field=field_path)
    click.echo(t("roi.cli.acknowledged", cli_language(), code=code, case=record["name"]))


@roi.command()
@click.option("--industry", help="Only this industry's templates (and those that fit any).")
@JSON
@user_errors
def templates(industry: str | None, as_json: bool) -> None:
    """The driver template library: typical drivers with default inputs, the low–high
    range seen in practice and where the range comes from."""
    found = list_templates(industry)
    if as_json:
        echo_json(found)
        return
    lang = cli_language()
    for tpl in found:
        click.echo(f"{tpl['id']}  [{tpl['industry'] or '*'}] {template_name(tpl, lang)}  ({tpl['kind']})")
        for key, r in tpl["inputs"].items():
            click.echo(f"    {field_label(key, lang) or key}: {plain(r['default'])}"
                       f"  ({plain(r['low'])}–{plain(r['high'])})")
        click.echo("    " + t("roi.cli.template_source", lang, source=template_source(tpl, lang)))


@roi.command()
@click.argument("case_id")
@click.option("--name", help="Name of the copy (default: '<name> (copy)').")
@pass_store
def duplicate(store: Store, case_id: str, name: str | None) -> None:
    """Copy a case to try other assumptions; prints the new id."""
    click.echo(roi_store.duplicate_case(store, case_id, name=name))


@roi.command()
@click.argument("case_id")
@pass_store
def delete(store: Store, case_id: str) -> None:
    """Delete a saved case."""
    roi_store.delete_case(store, case_id)
    click.echo("Deleted.")
