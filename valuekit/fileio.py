"""Writing user files safely: every file ValueKit writes for the user (exports, PDFs,
decks, workbooks, backups, attachments, pack staging) goes through here, so a crash or a
full disk mid-write never leaves half a file under the real name.

The recipe: check the destination is a place a file can go, check there is room for
what is about to be written, write to a temp file in the target folder, fsync, rename
into place, fsync the folder. Any failure removes the temp file and reports the real
cause ("disk full: 2.1 MB needed, 0.4 MB free in …", "read-only filesystem", …).

Part of the foundation: any subpackage may import it."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from valuekit.errors import ValueKitError
from valuekit.i18n import msg

CHUNK = 1 << 20
# Headroom kept free beyond the bytes a write needs: SQLite journals, fsync metadata.
SPACE_MARGIN = 256 * 1024
TEMP_PREFIX = ".vk-"
TEMP_SUFFIX = ".part"


WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                    *(f"LPT{n}" for n in range(1, 10))}


class CopyMismatch(ValueKitError):
    """The bytes copied are not the bytes expected (a damaged or changing source)."""


def safe_filename(name: str, fallback: str = "attachment") -> str:
    """A display file name that is safe on Windows, macOS and Linux and shows what it
    is: no folders, no reserved device names, no control, bidi or other invisible
    format characters (``x\u202egpj.exe`` would display as ``xexe.jpg``), no forbidden
    characters, no trailing dots or spaces, at most 150 characters (keeping the extension)."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    # Cc control, Cf format (bidi overrides, zero-width), Zl/Zp separators: all invisible
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Zl", "Zp", "Cs", "Co"))
    name = re.sub(r'[\x00-\x1f\x7f-\x9f<>:"|?*]', "_", name).strip().rstrip(". ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = "_" + stem
    ext = ext[:16]
    stem = stem[: 150 - len(ext) - 1] if ext else stem[:150]
    result = f"{stem}.{ext}" if ext else stem
    return result if result.strip(". _") else fallback


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f}"


def free_bytes(folder: Path) -> int:
    """Bytes a non-root user may still write in ``folder`` (statvfs f_bavail)."""
    try:
        usage = shutil.disk_usage(folder)
    except OSError:
        return -1  # unknown: let the write itself say what is wrong
    # pseudo filesystems (/proc, /sys) report no size at all: not "full", just unknown
    return usage.free if usage.total > 0 else -1


def disk_full(folder: Path, needed: int) -> ValueKitError:
    return ValueKitError(msg("disk full: {needed} MB needed, {free} MB free in {folder}",
                             needed=_mb(needed), free=_mb(max(0, free_bytes(folder))), folder=folder))


def ensure_space(folder: Path | str, needed: int) -> None:
    """Refuse before writing ``needed`` bytes into ``folder`` when they cannot fit."""
    folder = Path(folder)
    free = free_bytes(folder)
    if free >= 0 and needed + SPACE_MARGIN > free:
        raise disk_full(folder, needed + SPACE_MARGIN)


def os_error(exc: OSError, path: Path, needed: int = 0) -> ValueKitError:
    """The user's version of an OSError while writing ``path``: what it is and what to do."""
    folder = path if path.is_dir() else path.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return disk_full(folder, needed)
    if exc.errno == errno.EROFS:
        return ValueKitError(msg("cannot write {path}: it is on a read-only filesystem; choose another place", path=path))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ValueKitError(msg("cannot write {path}: permission denied; choose a folder you may write to", path=path))
    return ValueKitError(msg("cannot write {path}: {reason}", path=path, reason=exc.strerror or str(exc)))


def make_folder(folder: Path | str) -> Path:
    """The output folder the user named, created if missing (with its parents); a file in
    its place or a place that cannot hold folders is a clear error, not an OSError."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValueKitError(msg("{path} is a file, not a folder; give a folder", path=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, folder) from exc
    return folder


def check_target(target: Path | str) -> Path:
    """A place a regular file can be written: not a folder, a FIFO or a device, in a
    folder that exists. Returns the path."""
    target = Path(target).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ValueKitError(msg("{path} is a folder; give a file name inside it", path=target))
    if target.exists() or target.is_symlink():
        try:
            mode = target.stat().st_mode
        except OSError as exc:
            raise os_error(exc, target) from exc
        if not stat.S_ISREG(mode):
            raise ValueKitError(msg("{path} is not a regular file (a pipe or a device); give a file name", path=target))
    if not folder.is_dir():
        raise ValueKitError(msg("folder {folder} does not exist", folder=folder))
    return target


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders; rename is enough there
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process umask, read without changing it (os.umask would briefly set it for
    every thread); 0o022 where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


@contextmanager
def atomic_file(target: Path | str, expected_size: int = 0, *,
                mode: int | None = None) -> Iterator[BinaryIO]:
    """``with atomic_file(path, size) as out: out.write(…)`` — the file appears under
    ``path`` complete or not at all. ``mode``: permissions other than a new file's usual
    (0600 for a secret: it is never readable by others, not even for a moment)."""
    target = check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    ensure_space(folder, expected_size)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name[:80]}.", suffix=TEMP_SUFFIX,
                                        dir=folder)
    except OSError as exc:
        raise os_error(exc, target, expected_size) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            # mkstemp makes the file owner-only (0600); a document the user exports should
            # get the permissions any program's new file gets (0666 less the umask)
            os.fchmod(out.fileno(), 0o666 & ~_umask() if mode is None else mode)
            os.fsync(out.fileno())
        os.replace(tmp, target)
        _fsync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, target, expected_size) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_text_file(target: Path | str, expected_size: int = 0, *,
                     newline: str | None = None) -> Iterator[TextIO]:
    """``atomic_file`` for UTF-8 text written piece by piece (an export streamed in chunks);
    ``newline=""`` for CSV, whose writer chooses its own line ends."""
    with atomic_file(target, expected_size) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline=newline)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # atomic_file closes and fsyncs the underlying file


def write_atomic(target: Path | str, data: bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` to ``target`` via a temp file in the same folder + os.replace."""
    target = Path(target)
    with atomic_file(target, len(data), mode=mode) as out:
        out.write(data)
    return target


def write_text_atomic(target: Path | str, text: str) -> Path:
    return write_atomic(target, text.encode("utf-8"))


def copy_atomic(source: Path | str, target: Path | str, *, expect_sha256: str | None = None) -> str:
    """Stream ``source`` to ``target`` atomically; returns the sha256 of what was copied.
    With ``expect_sha256`` a copy whose bytes differ is thrown away, never renamed in."""
    source = Path(source)
    digest = hashlib.sha256()
    with atomic_file(target, source.stat().st_size) as out, source.open("rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        if expect_sha256 is not None and digest.hexdigest() != expect_sha256:
            raise CopyMismatch(msg("{path} changed while it was copied (its hash differs); nothing was written",
                                    path=source))
    return digest.hexdigest()


# Nesting no ValueKit file needs; a deeper file (100,000 brackets) would otherwise hit
# Python's recursion limit inside json.loads and end in a RecursionError traceback.
MAX_JSON_DEPTH = 100
MAX_JSON_BYTES = 256 * 1024 * 1024
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """The deepest nesting of arrays/objects in ``text`` (strings ignored)."""
    depth = deepest = 0
    for ch in _NOT_BRACKETS.sub("", _STRINGS.sub("", text)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_json(text: str, what: str, path: Path | str, **kwargs: object) -> object:
    """``json.loads`` with the nesting checked first, so hostile input gets a clear
    error instead of a RecursionError. Other errors (ValueError) are the caller's."""
    if len(text) > MAX_JSON_BYTES:
        raise ValueKitError(msg("{what} file {path} is {size} MB; ValueKit reads at most {limit} MB", what=what,
                                path=path, size=_mb(len(text)), limit=_mb(MAX_JSON_BYTES)))
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ValueKitError(msg("{what} file {path} is nested more than {depth} levels deep; ValueKit reads at most {depth}",
                                what=what, path=path, depth=MAX_JSON_DEPTH))
    return json.loads(text, **kwargs)  # type: ignore[arg-type]


def is_temp_leftover(path: Path) -> bool:
    """A temp file an interrupted ``atomic_file`` (or an older version) left behind."""
    name = path.name
    return (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)) or name.startswith(".incoming-")


def copy_locked_database(source: Path, target: Path) -> None:
    """Copy a database file that SQLite may hold open in this process, byte for byte.

    The copy runs in a child process: opening and closing the file here would drop every
    POSIX lock this process holds on it, including those of its open connections, and
    another process could then take itself for the last user and delete the -wal/-shm
    under them. A child's descriptors carry no locks of ours."""
    done = subprocess.run(
        [sys.executable, "-c", "import shutil, sys; shutil.copy2(sys.argv[1], sys.argv[2])",
         str(source), str(target)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["copy failed"])[-1]
        raise os_error(OSError(errno.EIO, last), target)
