"""Files written for the user: ordinary permissions (0666 less the umask), not the
owner-only 0600 of the temporary file, and a file streamed in pieces appears whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from valuekit.fileio import atomic_text_file, write_atomic


def test_an_exported_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_atomic(tmp_path / "kit.pdf", b"%PDF-1.7 minimal")
        # 0o666 & ~0o022 = 0o644: readable by the seller's colleagues on a shared drive
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~0o022
        os.umask(0o077)
        private = write_atomic(tmp_path / "notes.pdf", b"%PDF-1.7 minimal")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600  # a strict umask is honoured
    finally:
        os.umask(old)


def test_a_text_file_written_in_pieces_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(target, newline="") as out:
        out.write("title,format\r\n")
        raise RuntimeError("cancelled half-way")
    assert target.read_text(encoding="utf-8") == "the previous export\n"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]  # no temp file left
    with atomic_text_file(target, newline="") as out:
        out.write("title,format\r\n报价案例,case_study\r\n")
    assert target.read_bytes() == "title,format\r\n报价案例,case_study\r\n".encode()
