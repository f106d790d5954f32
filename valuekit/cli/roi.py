"""`valuekit roi …` commands: compute a case file, and keep cases in the library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from valuekit.cli.common import echo_json, pass_store, read_json_file, user_errors
from valuekit.db.store import Store
from valuekit.fileio import write_text_atomic
from valuekit.roi import cases as roi_store
from valuekit.roi.parse import parse_case
from valuekit.roi.result import compute_json
from valuekit.roi.text import human_report
from valuekit.roi.types import RoiResultJSON

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
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing.")
@pass_store
def export(store: Store, case_id: str, out: Path | None) -> None:
    """The case's input JSON, which `roi compute` and `roi save` read back."""
    text = json.dumps(roi_store.get_case(store, case_id)["data"], ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
    else:
        write_text_atomic(out, text + "\n")
        click.echo(f"Exported to {out}")


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
