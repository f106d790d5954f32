"""WeasyPrint loads its native libraries quickly (cold `valuekit pitch render`) and still
finds HarfBuzz's subsetting library when the system has it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes.util, json, subprocess
    spawned = []
    real_init = subprocess.Popen.__init__
    def counting(self, args, *a, **k):
        spawned.append(str(args if isinstance(args, str) else args[0]))
        real_init(self, args, *a, **k)
    subprocess.Popen.__init__ = counting
    before = ctypes.util.find_library
    from valuekit.documents.render import _ldconfig_cache, import_weasyprint
    import_weasyprint()
    from weasyprint.text.ffi import harfbuzz_subset
    during_import = list(spawned)
    cache = _ldconfig_cache() or ""
    print(json.dumps({"spawned": during_import, "restored": ctypes.util.find_library is before,
                      "subset_loaded": harfbuzz_subset is not None,
                      "subset_on_system": "libharfbuzz-subset.so" in cache}))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux-only")
def test_weasyprint_import_runs_one_ldconfig_not_one_per_library_name() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60, check=True)
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    # ctypes.util.find_library would run ldconfig, gcc and ld for each of ~20 names
    assert len(probe["spawned"]) <= 1, probe["spawned"]
    assert probe["restored"]
    assert probe["subset_loaded"] == probe["subset_on_system"]
