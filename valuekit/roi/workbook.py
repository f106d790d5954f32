"""The business case as an Excel workbook with live formulas (``roi export --format xlsx``).

A CFO changes an input and watches every figure recompute, so nothing below the
Inputs sheet is a typed number:

- **Inputs**: discount rate, ramp, scenario factors, every driver input with its source
  (customer / benchmark / assumption), note, reference and date, and every cost.
- **Drivers**: each driver's annual value as a formula over its inputs (docs/methods.md §6).
- **Cash flows**: per scenario, benefits ``= factor × ramp_t × Σ drivers``, cash flows,
  the cumulative flow, and ROI, NPV (Excel ``NPV`` over years 1..N plus period 0, since
  Excel's NPV discounts its first value), IRR (``IRR``) and payback months (each year's
  flow spread over its 12 months, as the model does).

The figures equal ``roi compute`` to the cent; tests recalculate the workbook with an
independent evaluator (the ``formulas`` package) and compare.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from valuekit.fileio import write_atomic
from valuekit.i18n import field_label, t
from valuekit.roi.model import RoiCase
from valuekit.roi.text import label, source_badge

MONEY = '#,##0.00'
PCT = '0.0%'
BOLD = Font(bold=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")  # the cells a reader may change
SOURCE_FILL = {"customer": "DDF2E3", "benchmark": "DCEBFA", "assumption": "FBE3D6"}


def _ref(sheet: str, col: int, row: int, absolute: bool = True) -> str:
    letter = get_column_letter(col)
    return f"'{sheet}'!${letter}${row}" if absolute else f"'{sheet}'!{letter}{row}"


class _Names:
    """Sheet names in the reader's language (kept short: Excel allows 31 characters)."""

    def __init__(self, lang: str) -> None:
        self.inputs = t("roi.xlsx.inputs", lang)
        self.drivers = t("roi.xlsx.drivers", lang)
        self.flows = t("roi.xlsx.flows", lang)


def _inputs_sheet(ws: Worksheet, case: RoiCase, lang: str) -> dict[str, object]:
    """Write the Inputs sheet; return where each input lives (for the formulas)."""
    ws["A1"] = case.name
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"], ws["B3"] = t("roi.xlsx.discount_rate", lang), case.discount_rate
    ws["B3"].number_format = PCT
    ws["A4"], ws["B4"] = t("roi.xlsx.years", lang), case.years
    ws["A5"] = t("roi.xlsx.ramp", lang)
    for year in range(case.years):
        cell = ws.cell(row=5, column=2 + year, value=case.ramp[year])
        cell.number_format = PCT
        cell.fill = INPUT_FILL
    ws["B3"].fill = INPUT_FILL
    row = 7
    ws.cell(row=row, column=1, value=label("scenario", lang)).font = BOLD
    ws.cell(row=row, column=2, value=t("roi.xlsx.factor", lang)).font = BOLD
    scenarios: dict[str, int] = {}
    for name, factor in case.scenarios:
        row += 1
        ws.cell(row=row, column=1, value=label(name, lang))
        ws.cell(row=row, column=2, value=factor).fill = INPUT_FILL
        scenarios[name] = row
    row += 2
    headers = ("driver", "kind", "input", "value", "source", "note", "ref", "date")
    for col, key in enumerate(headers, start=1):
        ws.cell(row=row, column=col, value=t(f"roi.xlsx.col.{key}", lang)).font = BOLD
    inputs: dict[tuple[int, str], int] = {}
    for i, driver in enumerate(case.drivers):
        for key, value in driver.inputs.items():
            row += 1
            src = driver.source_of(key)
            cells: tuple[str | float, ...] = (driver.name, t(f"roi.driver.{driver.kind}", lang), field_label(key, lang) or key,
                     value, source_badge(src.source, lang), src.note, src.ref, src.date)
            for col, v in enumerate(cells, start=1):
                ws.cell(row=row, column=col, value=v)
            value_cell = ws.cell(row=row, column=4)
            value_cell.fill = INPUT_FILL
            value_cell.number_format = PCT if key in {"uplift_pct", "margin_pct", "reduction_pct",
                                                      "annual_probability"} else MONEY
            ws.cell(row=row, column=5).fill = PatternFill("solid", fgColor=SOURCE_FILL[src.source])
            inputs[(i, key)] = row
    row += 2
    for col, key in enumerate(("cost_kind", "cost_name", "", "amount"), start=1):
        if key:
            ws.cell(row=row, column=col, value=t(f"roi.xlsx.col.{key}", lang)).font = BOLD
    one_time_rows: list[int] = []
    recurring_rows: list[int] = []
    for kind, items, rows in (("one_time", case.one_time, one_time_rows),
                              ("recurring", case.recurring, recurring_rows)):
        for item in items:
            row += 1
            ws.cell(row=row, column=1, value=t(f"roi.xlsx.{kind}", lang))
            ws.cell(row=row, column=2, value=item.name)
            cell = ws.cell(row=row, column=4, value=item.amount)
            cell.fill, cell.number_format = INPUT_FILL, MONEY
            rows.append(row)
    for letter, width in zip("ABCDEFGH", (26, 14, 16, 16, 10, 48, 20, 12), strict=True):
        ws.column_dimensions[letter].width = width
    return {"scenarios": scenarios, "inputs": inputs, "one_time": one_time_rows,
            "recurring": recurring_rows}


_FORMULAS = {
    "time_saved": ("people", "hours_per_week", "weeks_per_year", "hourly_cost"),
    "revenue_uplift": ("baseline_revenue", "uplift_pct", "margin_pct"),
    "cost_reduction": ("baseline_cost", "reduction_pct"),
    "risk_avoidance": ("annual_probability", "impact", "reduction_pct"),
    "custom": ("annual_value",),
}


def _sum(sheet: str, rows: list[int]) -> str:
    return "+".join(_ref(sheet, 4, r) for r in rows) if rows else "0"


def _drivers_sheet(ws: Worksheet, case: RoiCase, names: _Names, where: dict[str, object],
                   lang: str) -> dict[str, str]:
    inputs: dict[tuple[int, str], int] = where["inputs"]  # type: ignore[assignment]
    for col, key in enumerate(("driver", "kind", "annual_value"), start=1):
        ws.cell(row=1, column=col, value=t(f"roi.xlsx.col.{key}", lang)).font = BOLD
    for i, driver in enumerate(case.drivers):
        row = 2 + i
        ws.cell(row=row, column=1, value=driver.name)
        ws.cell(row=row, column=2, value=t(f"roi.driver.{driver.kind}", lang))
        factors = [_ref(names.inputs, 4, inputs[(i, key)]) for key in _FORMULAS[driver.kind]]
        cell = ws.cell(row=row, column=3, value="=" + "*".join(factors))
        cell.number_format = MONEY
    total_row = 2 + len(case.drivers)
    ws.cell(row=total_row, column=1, value=t("roi.xlsx.total", lang)).font = BOLD
    total = ws.cell(row=total_row, column=3, value=f"=SUM(C2:C{total_row - 1})")
    total.number_format, total.font = MONEY, BOLD
    one_time = ws.cell(row=total_row + 2, column=3,
                       value="=" + _sum(names.inputs, where["one_time"]))  # type: ignore[arg-type]
    ws.cell(row=total_row + 2, column=1, value=t("roi.xlsx.one_time_total", lang))
    recurring = ws.cell(row=total_row + 3, column=3,
                        value="=" + _sum(names.inputs, where["recurring"]))  # type: ignore[arg-type]
    ws.cell(row=total_row + 3, column=1, value=t("roi.xlsx.recurring_total", lang))
    for c in (one_time, recurring):
        c.number_format = MONEY
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 14
    ws.column_dimensions["C"].width = 18
    return {"annual": _ref(names.drivers, 3, total_row),
            "one_time": _ref(names.drivers, 3, total_row + 2),
            "recurring": _ref(names.drivers, 3, total_row + 3)}


# rows of one scenario block on the Cash flows sheet, relative to its first row
_ROWS = ("year", "benefit", "cost", "cash_flow", "cumulative", "payback_at", "total_benefit",
         "total_cost", "net_benefit", "roi", "npv", "irr", "payback_months")
BLOCK = len(_ROWS) + 2


def scenario_cells(case: RoiCase, lang: str = "zh") -> dict[str, dict[str, str]]:
    """Where each scenario's figures sit on the Cash flows sheet (``"B12"``), for readers
    of the workbook and for the tests that recalculate it."""
    out = {}
    for k, (name, _) in enumerate(case.scenarios):
        top = 1 + k * BLOCK
        out[name] = {key: f"B{top + 1 + _ROWS.index(key)}" for key in _ROWS[6:]}
        out[name]["cash_flows"] = f"B{top + 1 + _ROWS.index('cash_flow')}"
    return out


def _flows_sheet(ws: Worksheet, case: RoiCase, names: _Names, where: dict[str, object],
                 totals: dict[str, str], lang: str) -> None:
    scenarios: dict[str, int] = where["scenarios"]  # type: ignore[assignment]
    n = case.years
    last = get_column_letter(2 + n)
    for k, (name, _) in enumerate(case.scenarios):
        top = 1 + k * BLOCK
        r = {key: top + 1 + i for i, key in enumerate(_ROWS)}
        factor = _ref(names.inputs, 2, scenarios[name])
        ws.cell(row=top, column=1, value=label(name, lang)).font = Font(bold=True, size=12)
        for key in _ROWS:
            ws.cell(row=r[key], column=1, value=t(f"roi.xlsx.row.{key}", lang))
        for year in range(n + 1):
            col = 2 + year
            letter = get_column_letter(col)
            ws.cell(row=r["year"], column=col, value=year).font = BOLD
            if year == 0:
                ws.cell(row=r["benefit"], column=col, value=0)
                ws.cell(row=r["cost"], column=col, value=f"={totals['one_time']}")
                ws.cell(row=r["cumulative"], column=col, value=f"={letter}{r['cash_flow']}")
            else:
                ramp = _ref(names.inputs, 1 + year, 5)
                ws.cell(row=r["benefit"], column=col, value=f"={factor}*{ramp}*{totals['annual']}")
                ws.cell(row=r["cost"], column=col, value=f"={totals['recurring']}")
                prev = get_column_letter(col - 1)
                ws.cell(row=r["cumulative"], column=col,
                        value=f"={prev}{r['cumulative']}+{letter}{r['cash_flow']}")
                # the month the cumulative flow turns non-negative within this year, if it does
                ws.cell(row=r["payback_at"], column=col, value=(
                    f'=IF(AND({prev}{r["cumulative"]}<0,{letter}{r["cumulative"]}>=0,'
                    f'{letter}{r["cash_flow"]}>0),12*{year - 1}+12*MIN(1,-{prev}{r["cumulative"]}'
                    f'/{letter}{r["cash_flow"]}),"")'))
            ws.cell(row=r["cash_flow"], column=col,
                    value=f"={letter}{r['benefit']}-{letter}{r['cost']}")
            for key in ("benefit", "cost", "cash_flow", "cumulative"):
                ws.cell(row=r[key], column=col).number_format = MONEY
        flows = f"B{r['cash_flow']}:{last}{r['cash_flow']}"
        ws.cell(row=r["total_benefit"], column=2, value=f"=SUM(B{r['benefit']}:{last}{r['benefit']})")
        ws.cell(row=r["total_cost"], column=2, value=f"={totals['one_time']}+{n}*{totals['recurring']}")
        ws.cell(row=r["net_benefit"], column=2, value=f"=B{r['total_benefit']}-B{r['total_cost']}")
        ws.cell(row=r["roi"], column=2,
                value=f'=IF(B{r["total_cost"]}>0,B{r["net_benefit"]}/B{r["total_cost"]},"")')
        rate = _ref(names.inputs, 2, 3)
        ws.cell(row=r["npv"], column=2,
                value=f"=B{r['cash_flow']}+NPV({rate},C{r['cash_flow']}:{last}{r['cash_flow']})")
        # the model searches IRR on (-99 %, 1000 %] (docs/roi.md); beyond it there is no figure
        irr = f"IRR({flows})"
        ws.cell(row=r["irr"], column=2,
                value=f'=IFERROR(IF(AND({irr}>-0.99,{irr}<=10),{irr},""),"")')
        ws.cell(row=r["payback_months"], column=2, value=(
            f'=IF(B{r["cash_flow"]}>=0,0,IF(COUNT(C{r["payback_at"]}:{last}{r["payback_at"]})=0,"",'
            f'MIN(C{r["payback_at"]}:{last}{r["payback_at"]})))'))
        for key in ("total_benefit", "total_cost", "net_benefit", "npv"):
            ws.cell(row=r[key], column=2).number_format = MONEY
        for key in ("roi", "irr"):
            ws.cell(row=r[key], column=2).number_format = PCT
        ws.cell(row=r["payback_months"], column=2).number_format = "0.00"
    ws.column_dimensions["A"].width = 26
    for col in range(2, n + 3):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws["A1"].alignment = Alignment(vertical="top")


def build_workbook(case: RoiCase, lang: str = "zh") -> Workbook:
    names = _Names(lang)
    wb = Workbook()
    inputs = wb.active
    assert inputs is not None
    inputs.title = names.inputs
    where = _inputs_sheet(inputs, case, lang)
    totals = _drivers_sheet(wb.create_sheet(names.drivers), case, names, where, lang)
    _flows_sheet(wb.create_sheet(names.flows), case, names, where, totals, lang)
    return wb


def write_workbook(case: RoiCase, path: Path, lang: str = "zh") -> None:
    """Write the workbook atomically (a half-written file never replaces a good one)."""
    buffer = io.BytesIO()
    build_workbook(case, lang).save(buffer)
    write_atomic(path, buffer.getvalue())
