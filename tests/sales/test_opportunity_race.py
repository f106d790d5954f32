"""Two real processes save the same opportunity at the same moment: exactly one wins."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from valuekit.db.store import Store
from valuekit.sales.opportunity import create_opportunity, get_opportunity

# Each process opens the library, reads revision 1, waits for the shared "go" file and saves.
_EDITOR = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from valuekit.errors import ConflictError
    from valuekit.sales.opportunity import get_opportunity, update_opportunity
    from valuekit.db.store import Store

    library, opp_id, owner, go = sys.argv[1:5]
    with Store.open(library) as store:
        seen = get_opportunity(store, opp_id)
        Path(go + "." + owner).touch()
        while not Path(go).exists():
            time.sleep(0.005)
        try:
            update_opportunity(store, opp_id, {"owner": owner}, expected_revision=seen["revision"])
            print("saved")
        except ConflictError as exc:
            print("conflict:", exc)
""")


def test_two_processes_saving_at_once_one_wins_the_other_gets_a_conflict(library_path: Path,
                                                                          tmp_path: Path) -> None:
    with Store.open(library_path) as store:
        opp_id = create_opportunity(store, {"customer": "并发测试", "industry": "ict"})["id"]
    go = tmp_path / "go"
    editors = [subprocess.Popen([sys.executable, "-c", _EDITOR, str(library_path), opp_id, owner, str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for owner in ("alice", "bob")]
    deadline = time.monotonic() + 30
    while not all(Path(f"{go}.{o}").exists() for o in ("alice", "bob")) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outputs = [e.communicate(timeout=30) for e in editors]
    assert all(e.returncode == 0 for e in editors), outputs
    results = sorted(out.strip().split(":")[0] for out, _ in outputs)
    assert results == ["conflict", "saved"], outputs
    winner = "alice" if outputs[0][0].startswith("saved") else "bob"
    with Store.open(library_path) as store:
        final = get_opportunity(store, opp_id)
    assert final["owner"] == winner and final["revision"] == 2
    assert "(revision 2, you had 1)" in next(out for out, _ in outputs if out.startswith("conflict"))
