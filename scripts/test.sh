#!/usr/bin/env bash
# Install everything and run the whole test suite (Qt offscreen). Any failing step fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m ruff check valuekit valuekit_gui tests bench scripts
# the core with disallow_untyped_defs (pyproject [tool.mypy]); the GUI in default mode
.venv/bin/python -m mypy valuekit
.venv/bin/python -m mypy valuekit_gui
# the built wheel, installed into a fresh virtualenv, runs outside this checkout
bash scripts/wheel_check.sh
# last, so that pytest's summary is the closing line of the run
.venv/bin/python -m pytest "$@"
