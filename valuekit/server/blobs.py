"""The blob store: attachment files named by their SHA-256, written to a temporary file,
verified against their name, fsynced and renamed, so a cut-off upload never lands."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

SHA = re.compile(r"[0-9a-f]{64}")
MAX_BLOB = 512 * 1024 * 1024


class BlobRefused(Exception):
    """An upload whose bytes do not match its name or exceed the size limit."""


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / ".incoming").mkdir(parents=True, exist_ok=True)

    def path(self, sha: str) -> Path:
        if not SHA.fullmatch(sha):
            raise BlobRefused("a blob is named by its lower-case SHA-256")
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def begin(self, sha: str) -> Incoming:
        self.path(sha)
        return Incoming(self, sha)


class Incoming:
    """One upload in progress: feed it chunks, then ``finish`` (or ``abort``)."""

    def __init__(self, store: BlobStore, sha: str) -> None:
        self.store, self.sha = store, sha
        fd, name = tempfile.mkstemp(dir=store.root / ".incoming", prefix=sha[:12])
        self.file = os.fdopen(fd, "wb")
        self.tmp = Path(name)
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_BLOB:
            raise BlobRefused(f"a blob may be at most {MAX_BLOB} bytes")
        self.digest.update(chunk)
        self.file.write(chunk)

    def finish(self) -> int:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        if self.digest.hexdigest() != self.sha:
            self.abort()
            raise BlobRefused("the bytes received do not match the SHA-256 in the address"
                              " (upload cut off or corrupted): send it again")
        target = self.store.path(self.sha)
        target.parent.mkdir(exist_ok=True)
        os.replace(self.tmp, target)
        return self.size

    def abort(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.tmp.unlink(missing_ok=True)
