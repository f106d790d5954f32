"""Benchmark the ROI case work: what provenance, red flags and the ranged headline add to
``roi compute`` (ours vs the raw model, side by side in one run), the Excel export, and an
independent recalculation of the workbook (the ``formulas`` package, as the test does).

Cases: the worked example (4 drivers) and a wide case of 30 drivers from the template
library, over 10 years.
Run: python bench/bench_roi.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import formulas  # noqa: E402  (the independent evaluator, a test dependency)
from timing import timed  # noqa: E402  (bench/timing.py)

from valuekit.resources import DEMO_DIR  # noqa: E402
from valuekit.roi.parse import parse_case  # noqa: E402
from valuekit.roi.result import compute, compute_json  # noqa: E402
from valuekit.roi.templates import all_templates, driver_from_template  # noqa: E402
from valuekit.roi.workbook import build_workbook, write_workbook  # noqa: E402


def wide_case() -> dict[str, object]:
    drivers = [driver_from_template(t["id"], "en") for t in all_templates()[:30]]
    return {"name": "wide", "years": 10, "discount_rate": 0.08, "ramp": [0.3, 0.6, 0.9, 1.0],
            "drivers": drivers, "costs": {"one_time": [{"name": "impl", "amount": 2_000_000}],
                                          "recurring": [{"name": "lic", "amount": 900_000}]}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs

    cases = {"worked example (4 drivers, 3 years)":
             json.loads((DEMO_DIR / "roi_example.json").read_text(encoding="utf-8")),
             "wide case (30 template drivers, 10 years)": wide_case()}
    rows = []
    for label, data in cases.items():
        case = parse_case(data)
        rows.append((label, "raw model: parse + compute", *timed(lambda d=data: compute(parse_case(d)), runs)))
        rows.append((label, "roi compute --json (+ provenance, flags, headline)",
                     *timed(lambda d=data: compute_json(d, "en"), runs)))
        rows.append((label, "xlsx build + save", *timed(lambda c=case: build_workbook(c).save(io.BytesIO()), runs)))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "case.xlsx"
            write_workbook(case, path)
            rows.append((label, "independent recalculation (formulas)",
                         *timed(lambda p=path: formulas.ExcelModel().loads(str(p)).finish().calculate(),
                                max(3, runs // 5))))
    print("| case | measure | median ms | max ms |\n| --- | --- | ---: | ---: |")
    for label, what, median, worst in rows:
        print(f"| {label} | {what} | {median:.2f} | {worst:.2f} |")


if __name__ == "__main__":
    main()
