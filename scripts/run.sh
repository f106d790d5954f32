#!/usr/bin/env bash
# Install everything, create the demo library on first run, and open ValueKit on it.
# Without a display (a server, CI) it says so and shows the same library from the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
LIB="$(.venv/bin/python -c 'from valuekit.resources import default_library_path; print(default_library_path())')"
if [ ! -f "$LIB/library.db" ]; then .venv/bin/valuekit demo; fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/valuekit-gui "$LIB"
fi
echo "No display found (DISPLAY/WAYLAND_DISPLAY unset): the desktop app needs one." >&2
echo "Try: xvfb-run -a bash scripts/run.sh   — showing the library from the command line instead." >&2
.venv/bin/valuekit library recommend --stage SQL --industry manufacturing --persona decision_maker
.venv/bin/valuekit library search 报价 --facet stage=SQL,Rev --sort usage
