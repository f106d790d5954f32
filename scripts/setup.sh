#!/usr/bin/env bash
# Shared set-up for the README's two commands: system packages (when root and apt
# is available), a virtualenv in .venv, and ValueKit installed into it.
#   libharfbuzz-subset0  WeasyPrint's fast font subsetting (~3.5x faster PDFs)
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint's text layout
#   libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3  Qt (PySide6) runtime
#   poppler-utils  pdftoppm, to look at rendered PDFs
#   postgresql  the team server's database; tests start a throwaway cluster (tests/pgcluster.py)
#   xvfb xauth libxcb-*  a real (virtual) X display for scripts/screenshots.sh and the GUI
#                        benchmark; Qt's xcb platform plugin needs these xcb libraries
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS="libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 poppler-utils xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxcb-cursor0 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 libxkbcommon-x11-0 postgresql"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "note: missing system packages:$missing (install them with apt-get as root)" >&2
  fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
