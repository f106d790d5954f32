#!/usr/bin/env bash
# Install everything and run the whole test suite (Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m ruff check valuekit tests
.venv/bin/python -m pytest "$@"
