#!/usr/bin/env bash
# Install everything, create the demo library on first run, and run ValueKit's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
LIB="$(.venv/bin/python -c 'from valuekit.paths import default_library_path; print(default_library_path())')"
if [ ! -f "$LIB/library.db" ]; then .venv/bin/valuekit demo; fi
.venv/bin/valuekit library recommend --stage SQL --industry manufacturing --persona decision_maker
.venv/bin/valuekit library search 报价 --facet stage=SQL,Rev --sort usage
