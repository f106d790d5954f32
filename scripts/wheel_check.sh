#!/usr/bin/env bash
# The package as users get it: build the wheel, check what it ships, install it into a
# FRESH virtualenv (not editable) and run it from a temporary folder, so nothing can be
# read from this checkout: load the demo library, render a pitch PDF from the CLI, open
# the main window offscreen. Called by scripts/test.sh (so .ci/run runs it). Reuses pip's
# cache, so after the first run it costs a few seconds of unpacking.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/valuekit-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# setuptools reuses build/lib: a module renamed or renumbered since the last build (a
# migration) would otherwise ship twice, so the wheel is built from a clean build/
rm -rf build
.venv/bin/python -m pip wheel -q --no-deps -w "$WORK/dist" .
WHEEL=$(ls "$WORK"/dist/valuekit-*.whl)
echo "wheel-check: built $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"

# What it ships: the two packages only (no generic top-level name such as ui), and the
# resources read through importlib.resources (valuekit/resources.py).
.venv/bin/python - "$WHEEL" <<'PY'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
assert top == {"valuekit", "valuekit_gui"}, f"unexpected top-level names: {sorted(top)}"
need = {
    "templates": [n for n in names if n.startswith("valuekit/documents/templates/") and n.endswith(".html")],
    "template styles": [n for n in names if n.startswith("valuekit/documents/templates/") and n.endswith(".css")],
    "fonts": [n for n in names if n.startswith("valuekit/documents/fonts/") and n.endswith(".otf")],
    "demo data": [n for n in names if n.startswith("valuekit/demo/data/") and n.endswith(".json")],
}
missing = [what for what, found in need.items() if not found]
assert not missing, f"the wheel lacks {missing}"
print("wheel-check: ships " + ", ".join(f"{len(v)} {k}" for k, v in need.items()))
PY

"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check "$WHEEL"

cd "$WORK"  # away from the checkout: only the installed package can be imported
export QT_QPA_PLATFORM=offscreen
VK="$WORK/venv/bin/valuekit"
"$WORK/venv/bin/python" - <<'PY'
import valuekit, valuekit_gui, sys
for mod in (valuekit, valuekit_gui):
    assert "site-packages" in mod.__file__, f"{mod.__name__} imported from {mod.__file__}"
print("wheel-check: imports from", valuekit.__file__.rsplit("/valuekit/", 1)[0])
PY
"$VK" --library "$WORK/lib" demo >/dev/null
OPP=$("$VK" --library "$WORK/lib" opp list --json | "$WORK/venv/bin/python" -c \
      "import json, sys; print(json.load(sys.stdin)[0]['id'])")
"$VK" --library "$WORK/lib" pitch draft "$OPP" --out "$WORK/pitch.json" >/dev/null
"$VK" --library "$WORK/lib" pitch render "$WORK/pitch.json" --out "$WORK/pitch.pdf" >/dev/null
head -c 5 "$WORK/pitch.pdf" | grep -q '%PDF-' || { echo "wheel-check: no PDF rendered" >&2; exit 1; }
echo "wheel-check: demo loaded, pitch PDF rendered ($(du -k "$WORK/pitch.pdf" | cut -f1) KiB)"
"$WORK/venv/bin/python" - "$WORK/lib" "$WORK/settings.ini" "$WORK/window.png" <<'PY'
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from valuekit_gui.app import start
from valuekit_gui.common.fonts import register_fonts
from valuekit_gui.shell.settings import AppSettings

library, settings, png = (Path(a) for a in sys.argv[1:4])
app = QApplication([])
window = start(app, library, AppSettings(settings))
assert window is not None, "the main window did not open"
assert register_fonts(app), "the bundled Chinese font did not load"
app.processEvents()
image = window.grab()
assert image.width() > 400 and image.height() > 300 and image.save(str(png))
print(f"wheel-check: main window opened offscreen ({image.width()}x{image.height()})")
window.close()
PY
# WHEEL_CHECK_SCREENSHOT=path keeps the grabbed window to look at
if [ -n "${WHEEL_CHECK_SCREENSHOT:-}" ]; then cp "$WORK/window.png" "$WHEEL_CHECK_SCREENSHOT"; fi
