"""Where the sync token is kept: never in the library.

A library is copied around — ``library backup``, snapshots before a migration, a folder
synced to a cloud drive, a laptop handed on — so a bearer token in ``library.db`` would
hand the user's team credentials to whoever reads any of those copies. The token lives
instead, keyed by server address and user name:

1. in the operating system's keyring (Secret Service on Linux desktops, the macOS
   Keychain, the Windows Credential Locker) through the ``keyring`` package, when a real
   backend is available;
2. else in a per-user file outside every library, ``$XDG_CONFIG_HOME/valuekit/
   credentials.json`` (default ``~/.config/valuekit/credentials.json``), created 0600 in
   a 0700 folder and written atomically. A copy of it that others can read is refused
   with a message saying how to fix it, rather than used.

A token is never logged, printed or put in an error message. A library from before this
module kept the token in ``sync_settings``: the first use moves it here and wipes it from
the database file (``migrate_library_token``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from valuekit.db.store import DB_NAME, Store
from valuekit.errors import ValueKitError
from valuekit.fileio import parse_json, write_atomic
from valuekit.i18n import msg

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "valuekit-sync"
FILE_NAME = "credentials.json"
CHUNK = 1 << 20

# keyring backends that do not protect anything: no store at all, or plain files
_NOT_A_KEYRING = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class CredentialsError(ValueKitError):
    """The token cannot be kept or read safely (e.g. a credentials file others can read)."""


@dataclass(frozen=True)
class TokenPlace:
    """Where a token is kept, for the user to read (``sync setup`` says it)."""

    kind: Literal["keyring", "file"]
    where: str          # the keyring backend's name, or the file's path

    def describe(self, lang: str = "en") -> str:
        return (msg("the system keyring ({where})", where=self.where) if self.kind == "keyring"
                else msg("{where}, readable only by you", where=self.where)).render(lang)


def _account(server: str, user: str) -> str:
    return f"{user}@{server.rstrip('/')}"


def system_keyring() -> KeyringBackend | None:
    """The OS keyring if a real one is there (not keyring's 'fail' or plain-file stand-ins)."""
    # imported here, on first use: the desktop app imports the sync client at start-up, and
    # keyring with its backend discovery costs ~45 ms of it (python -X importtime)
    import keyring
    from keyring.backends import chainer, fail

    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation: use the file, never crash sync
        return None
    if type(backend).__module__.startswith(_NOT_A_KEYRING) or isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend):
        return backend if backend.backends else None
    return backend


def _ring_get(backend: KeyringBackend, key: str) -> str | None:
    from keyring.errors import KeyringError  # loaded with keyring by system_keyring

    try:
        return backend.get_password(SERVICE, key)
    except KeyringError:  # locked, or the user refused to unlock it
        return None


def _ring_set(backend: KeyringBackend, key: str, token: str) -> bool:
    from keyring.errors import KeyringError

    try:
        backend.set_password(SERVICE, key, token)
    except KeyringError:
        return False
    return True


def _ring_delete(backend: KeyringBackend, key: str) -> bool:
    from keyring.errors import KeyringError

    if not _ring_get(backend, key):
        return False
    try:
        backend.delete_password(SERVICE, key)
    except KeyringError:
        return False
    return True


def config_folder() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "valuekit"


def credentials_file() -> Path:
    return config_folder() / FILE_NAME


def _check_private(path: Path) -> None:
    if os.name == "nt":  # POSIX modes mean nothing there; the profile folder is private
        return
    mode = path.stat().st_mode
    if mode & 0o077:
        raise CredentialsError(msg(
            "{path} can be read by other users of this computer, so ValueKit will not use the"
            " sync token in it: run chmod 600 {path} (and ask for a new token if others may"
            " have read it)", path=path))


def _read_file() -> dict[str, str]:
    path = credentials_file()
    if not path.is_file():
        return {}
    _check_private(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CredentialsError(msg("cannot read {path}: {reason}", path=path, reason=exc)) from None
    try:
        found = parse_json(text, "credentials", path)
    except ValueError:
        found = None
    tokens = found.get("tokens") if isinstance(found, dict) else None
    if not isinstance(tokens, dict):
        raise CredentialsError(msg("{path} is not a ValueKit credentials file; move it away and run"
                                   " valuekit sync setup again", path=path))
    return {str(k): str(v) for k, v in tokens.items() if isinstance(v, str)}


def _write_file(tokens: dict[str, str]) -> Path:
    folder = config_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask, and it may pre-exist
    path = folder / FILE_NAME
    data = json.dumps({"version": 1, "tokens": tokens}, indent=2, sort_keys=True)
    return write_atomic(path, (data + "\n").encode("utf-8"), mode=0o600)


def save_token(server: str, user: str, token: str) -> TokenPlace:
    """Keep the token for (server, user), replacing any earlier one. Returns where."""
    key = _account(server, user)
    backend = system_keyring()
    if backend is not None and _ring_set(backend, key, token):  # else: the private file
        _drop_from_file(key)
        return TokenPlace("keyring", backend.name)
    tokens = _read_file()
    tokens[key] = token
    return TokenPlace("file", str(_write_file(tokens)))


def _drop_from_file(key: str) -> None:
    path = credentials_file()
    if not path.is_file():
        return
    try:
        tokens = _read_file()
    except CredentialsError:
        return  # not ours to repair here; the token now lives in the keyring
    if tokens.pop(key, None) is not None:
        _write_file(tokens)


def _find(server: str, user: str) -> tuple[str, TokenPlace] | None:
    key = _account(server, user)
    backend = system_keyring()
    found = _ring_get(backend, key) if backend is not None else None
    if backend is not None and found:
        return found, TokenPlace("keyring", backend.name)
    token = _read_file().get(key)
    return (token, TokenPlace("file", str(credentials_file()))) if token else None


def forget_token(server: str, user: str) -> bool:
    """Remove the token for (server, user) from the keyring and the file (signing this
    computer out); True when there was one."""
    key = _account(server, user)
    backend = system_keyring()
    found = backend is not None and _ring_delete(backend, key)
    path = credentials_file()
    if path.is_file():
        tokens = _read_file()
        if tokens.pop(key, None) is not None:
            _write_file(tokens)
            found = True
    return found


def load_token(server: str, user: str) -> str | None:
    """The token for (server, user), or None when this computer does not have it."""
    found = _find(server, user)
    return found[0] if found else None


def token_place(server: str, user: str) -> TokenPlace | None:
    """Where the token for (server, user) is kept, or None when it is not here."""
    found = _find(server, user)
    return found[1] if found else None


# ---- libraries from before: the token was a row of sync_settings --------------------

def _file_holds(path: Path, needle: bytes) -> bool:
    if not path.is_file():
        return False
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def wipe_library_token(store: Store) -> None:
    """Delete the token row so that its bytes are gone from the database file and its
    write-ahead log, not merely unlinked (SQLite would leave them in free space)."""
    row = store.conn.execute("SELECT value FROM sync_settings WHERE key = 'token'").fetchone()
    if row is None:
        return
    needle = str(row[0]).encode("utf-8")
    conn = store.conn
    # some SQLite builds (Debian's) overwrite deleted content by default, others do not
    before = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with store.transaction():
            conn.execute("DELETE FROM sync_settings WHERE key = 'token'")
    finally:
        conn.execute(f"PRAGMA secure_delete = {before}")
    db = store.path / DB_NAME
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if needle and _file_holds(db, needle):  # an older copy left in a page's free space
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def migrate_library_token(store: Store, server: str, user: str) -> bool:
    """Move a token an older ValueKit stored in the library into the credential store.
    Returns True when one was moved."""
    try:
        row = store.conn.execute("SELECT value FROM sync_settings WHERE key = 'token'").fetchone()
    except sqlite3.Error:
        return False
    if row is None or not row[0] or store.read_only is not None or not (server and user):
        return False  # (without a user to file it under, sync setup replaces it)
    if load_token(server, user) is None:
        save_token(server, user, str(row[0]))
    wipe_library_token(store)
    return True
