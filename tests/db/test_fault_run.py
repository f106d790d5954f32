"""The fault run (issue 12): kill -9 at random points of an import, a pack import, a
backup and a restore; afterwards ``library check`` is ok (leftovers of the killed copy
are cleaned) and nothing is lost — the library is in the state before or the state
after the operation, never in between, and finishing the operation again succeeds.

CI runs 3 rounds of each; the full run is ``VALUEKIT_FAULT_ROUNDS=20`` (figures in
bench/README.md). The kill delay is random by design (it is the fault being injected,
not synchronisation); the child says when the operation starts."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from valuekit.db.store import Store
from valuekit.library import assets as library
from valuekit.library.attachments import attach_file, file_sha256, stored_path
from valuekit.library.backup import backup_library, verify_backup
from valuekit.library.check import check_library
from valuekit.packs.export import export_pack

ROUNDS = int(os.environ.get("VALUEKIT_FAULT_ROUNDS", "3"))
SEED = int(os.environ.get("VALUEKIT_FAULT_SEED", "12"))
N_IMPORT = 3000

CHILD = {
    "import": "from valuekit.library.transfer import import_records, read_records\n"
              "records = read_records(Path({data!r}))\nstore = Store.open({lib!r})\nprint('GO', flush=True)\n"
              "import_records(store, records)\n",
    "pack": "from valuekit.packs.importer import import_pack\nstore = Store.open({lib!r})\n"
            "print('GO', flush=True)\nimport_pack(store, Path({data!r}))\n",
    "backup": "from valuekit.library.backup import backup_library\nstore = Store.open({lib!r})\n"
              "print('GO', flush=True)\nbackup_library(store, Path({out!r}))\n",
    "restore": "from valuekit.library.backup import restore_library\nprint('GO', flush=True)\n"
               "restore_library(Path({lib!r}), Path({data!r}))\n",
}


def _state(folder: Path) -> tuple[int, list[str]]:
    with Store.open(folder) as store:
        report = check_library(store, clean=True)
        assert report.ok, report.as_dict()
        count = store.conn.execute("SELECT count(*) FROM assets").fetchone()[0]
        shas = sorted(r[0] for r in store.conn.execute("SELECT DISTINCT sha256 FROM attachments"))
        for sha in shas:
            assert file_sha256(stored_path(store, sha)) == sha
        return count, shas


def _run_child(kind: str, delay: float, **paths: str) -> tuple[bool, float]:
    """Run the operation in a child and SIGKILL it ``delay`` s after it starts; returns
    (killed, seconds it ran)."""
    script = "from pathlib import Path\nfrom valuekit.db.store import Store\n" + CHILD[kind].format(**paths)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().strip() == b"GO", proc.stderr.read()
        started = time.monotonic()
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        ran = time.monotonic() - started
        errors = proc.stderr.read().decode()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(errors)
    return proc.returncode == -signal.SIGKILL, ran


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A library with attachments, a pack of new assets with 3 MB attachments, an
    import file and a backup."""
    import json

    root = tmp_path_factory.mktemp("faults")
    base = root / "base"
    with Store.open(base) as store:
        for n in range(50):
            asset = library.add_asset(store, {"title": f"已有 {n}", "format": "article"})
            if n < 5:
                path = root / f"have{n}.pdf"
                path.write_bytes(hashlib.sha256(str(n).encode()).digest() * 20_000)
                attach_file(store, asset.id, path)
        out = root / "backups"
        out.mkdir()
        backup = backup_library(store, out).path
    with Store.open(root / "src") as src:
        for n in range(8):
            asset = library.add_asset(src, {"title": f"新 {n}", "format": "article"})
            path = root / f"big{n}.pdf"
            path.write_bytes(os.urandom(3_000_000))
            attach_file(src, asset.id, path)
        export_pack(src, root / "new.vkpack")
    data = root / "import.json"
    data.write_text(json.dumps([{"title": f"导入 {n} 报价", "format": "article", "language": "zh",
                                 "body": "正文 " * 50} for n in range(N_IMPORT)], ensure_ascii=False),
                    encoding="utf-8")
    return {"root": root, "base": base, "backup": backup, "pack": root / "new.vkpack", "import": data}


def _fresh(world: dict[str, Path], n: int) -> Path:
    lib = world["root"] / f"round-{n}-{random.random():.6f}"
    shutil.copytree(world["base"], lib)
    return lib


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["import", "pack", "backup", "restore"])
def test_kill_9_at_random_points_loses_nothing(world: dict[str, Path], kind: str) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    before = _state(world["base"])
    killed = 0
    duration = None
    for n in range(ROUNDS + 1):
        lib = _fresh(world, n)
        if kind == "restore":  # an edit after the backup, which the restore takes back
            with Store.open(lib) as store:
                library.add_asset(store, {"title": "after the backup", "format": "article"})
        start = _state(lib)
        out = world["root"] / f"out-{kind}-{n}"
        out.mkdir()
        data = {"import": world["import"], "pack": world["pack"], "restore": world["backup"],
                "backup": world["backup"]}[kind]
        paths = {"lib": str(lib), "data": str(data), "out": str(out)}
        # round 0 measures how long the operation takes; the others kill it somewhere in it
        delay = 600.0 if duration is None else rng.uniform(0.0, duration)
        was_killed, ran = _run_child(kind, delay, **paths)
        if duration is None:
            duration = ran
        killed += was_killed
        after_kill = _state(lib)  # check ok (leftovers cleaned), attachments match their hashes
        if kind == "import":
            assert after_kill[0] in (start[0], start[0] + N_IMPORT)  # all or nothing
        elif kind == "pack":
            assert after_kill[0] in (start[0], start[0] + 8)
            _run_child(kind, 600, **paths)  # finishing it again succeeds
            assert _state(lib)[0] == start[0] + 8
        elif kind == "backup":
            assert after_kill == start
            for made in out.iterdir():
                if not made.name.startswith("."):  # a backup under its name is complete
                    assert verify_backup(made) == []
        else:
            assert after_kill[0] in (start[0], before[0])
            _run_child(kind, 600, **paths)
            assert _state(lib) == before
        shutil.rmtree(lib)
    print(f"\n{kind}: {ROUNDS} rounds, {killed} killed mid-way (operation takes {duration:.2f} s)")
