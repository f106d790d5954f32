"""A library someone else owns, or whose file the user may not read, is named as a
permission problem with what to do — not "not a database", not a traceback.

The CLI runs in a child process that the kernel holds to the file's permission bits. As
an ordinary user that is every process; as root (CI) the child drops the two capabilities
that let root ignore them (``setpriv --bounding-set``, util-linux), so root is then bound
by the owner bits like anyone else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from valuekit.db.store import Store

CLI = [sys.executable, "-c", "from valuekit.cli import main; main()"]


def _as_user_bound_by_permissions(args: list[str]) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("setpriv (util-linux) is needed to test permissions as root")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    return subprocess.run([*prefix, *CLI, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "VALUEKIT_LANG": "en"})


def test_an_unreadable_library_file_is_a_permission_problem(lib: Path) -> None:
    (lib / "library.db").chmod(0)
    try:
        result = _as_user_bound_by_permissions(["--library", str(lib), "library", "search"])
    finally:
        (lib / "library.db").chmod(0o644)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "permission denied reading" in out and "fix its permissions" in out
    assert "Traceback" not in out and "not an SQLite database" not in out
    with Store.open(lib) as store:  # nothing was created over it or changed
        assert store.conn.execute("SELECT title FROM assets").fetchone()[0] == "报价模板"


def test_an_export_into_a_folder_without_write_permission_names_the_folder(lib: Path, tmp_path: Path) -> None:
    target = tmp_path / "closed"
    target.mkdir()
    target.chmod(0o500)
    try:
        result = _as_user_bound_by_permissions(
            ["--library", str(lib), "library", "export", "--out", str(target / "all.json")])
    finally:
        target.chmod(0o755)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "permission denied" in out and "all.json" in out and "Traceback" not in out
    assert list(target.iterdir()) == []  # no half-written file or temp file left
