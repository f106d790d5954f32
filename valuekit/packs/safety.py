"""Opening a pack someone sent us without trusting it.

A pack is a zip from a shared drive or an e-mail: every entry name, size, type and
byte is checked before anything reaches the library. Entries are streamed in chunks
into a staging folder inside the library with running limits (total size, entry count,
compression ratio), so a zip bomb is stopped while it inflates, not after.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

from valuekit.errors import ValueKitError
from valuekit.fileio import (
    parse_json,
    safe_filename,  # noqa: F401 - re-exported: packs name files with it
)
from valuekit.i18n import msg

MAX_ENTRIES = 100_000
MAX_TOTAL_BYTES = 4 * 1024**3  # uncompressed, all entries together
MAX_ENTRY_BYTES = 1024**3
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024
FILE_ENTRY = re.compile(r"files/[0-9a-f]{64}")
DATA_ENTRIES = ("manifest.json", "assets.json", "vocabulary.json", "spin.json", "fab.json",
                "roi.json")


class PackError(ValueKitError):
    """A pack that cannot be imported; the message says why."""


def _refuse(name: str, why: str) -> PackError:
    return PackError(msg("pack refused: entry {name!r} {why}", name=name, why=why))


def check_entry_name(name: str) -> None:
    """Only the entries a pack has by design; anything path-like is refused by name."""
    if "\\" in name or re.match(r"^[A-Za-z]:", name):
        raise _refuse(name, "is a Windows path (drive letter or backslash)")
    if name.startswith("/"):
        raise _refuse(name, "is an absolute path")
    if any(part == ".." for part in name.split("/")):
        raise _refuse(name, "climbs out of the pack with '..'")
    if name not in DATA_ENTRIES and not FILE_ENTRY.fullmatch(name):
        raise _refuse(name, "is not part of the pack format")


def check_members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Names, types, duplicates and declared sizes of every entry, before reading one."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackError(msg("pack refused: {value} entries (at most {max_entries})", value=len(infos), max_entries=MAX_ENTRIES))
    seen: set[str] = set()
    total = 0
    for info in infos:
        check_entry_name(info.filename)
        if info.filename in seen:
            raise _refuse(info.filename, "appears twice")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(info.filename, "is a symbolic link")
        if info.is_dir():
            raise _refuse(info.filename, "is a folder")
        if info.flag_bits & 0x1:
            raise _refuse(info.filename, "is encrypted (a damaged pack: ValueKit packs are never encrypted)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(info.filename, "uses a compression method ValueKit does not write (a damaged pack)")
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
            raise _refuse(info.filename, "is too large for a pack (size limit)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _refuse(info.filename, "is compressed suspiciously well (a zip bomb?)")
    if "manifest.json" not in seen:
        raise PackError("pack refused: it has no manifest.json (is it a ValueKit pack?)")
    return infos


def stream_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> str:
    """Copy one entry to ``dest`` in chunks, enforcing its declared size and ratio while
    inflating; returns its sha256. A bad CRC surfaces here as a refusal."""
    digest = hashlib.sha256()
    written = 0
    limit = min(info.file_size, MAX_ENTRY_BYTES)
    try:
        with zf.open(info) as src, dest.open("wb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > limit or (written > RATIO_FLOOR
                                       and written > MAX_RATIO * max(1, info.compress_size)):
                    raise _refuse(info.filename, "inflates beyond its declared size (a zip bomb?)")
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise _refuse(info.filename, f"is damaged ({exc})") from exc
    return digest.hexdigest()


def open_pack(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(msg("{path} does not exist", path=path)) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackError(msg("pack refused: {name} is not a readable zip file ({exc})", name=path.name, exc=exc)) from exc


def load_json(path: Path, name: str) -> Any:
    """JSON from a staged entry; NaN/Infinity are refused (they are not JSON)."""

    def no_constants(value: str) -> Any:
        raise ValueError(f"{value} is not allowed")

    try:
        return parse_json(path.read_text(encoding="utf-8"), "pack", name, parse_constant=no_constants)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(name, f"is not valid JSON ({exc})") from exc
