#!/usr/bin/env bash
# Screenshots of every main view from a real window under Xvfb, into docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots.py
