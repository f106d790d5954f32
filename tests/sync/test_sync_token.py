"""The sync token never sits in the library: not in library.db (nor its write-ahead log),
not in a `library backup`. It lives in the OS keyring when one is there, else in a private
per-user file (0600 in a 0700 folder). An older library's plain token moves out on first
use; a library copied to a computer without the token says to run `sync setup` again.

Tests run against the real team service and PostgreSQL (the ``team`` fixture).
tests/conftest.py gives every test its own XDG_CONFIG_HOME and sets keyring's "fail"
backend (stores nothing), so no test touches the machine's real keyring or ~/.config.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from click.testing import CliRunner
from synchelpers import Team

from valuekit.cli import main as cli
from valuekit.db.store import DB_NAME, Store
from valuekit.library.assets import add_asset
from valuekit.sync import credentials, state
from valuekit.sync.actions import sync_now
from valuekit.sync.credentials import CredentialsError
from valuekit.sync.engine import setup
from valuekit.sync.transport import SyncError


def _bytes_of(folder: Path) -> dict[str, bytes]:
    """Every file of a library or backup folder (database, -wal, -shm, attachments)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _holders(folder: Path, token: str) -> list[str]:
    return [name for name, data in _bytes_of(folder).items() if token.encode() in data]


def _asset(store: Store, title: str = "Bank case") -> None:
    add_asset(store, {"title": title, "format": "case_study", "language": "en"})


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend class, registered through keyring.set_keyring, holding its
    secrets in memory: no Secret Service (D-Bus session, gnome-keyring) runs on this
    headless machine, and the macOS and Windows backends need their systems. ValueKit
    talks to it exactly as to those, through keyring's backend interface."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def test_after_setup_the_token_is_nowhere_in_the_library_or_its_backup(team: Team, tmp_path: Path) -> None:
    token = team.tokens["sam"]
    store = Store.open(tmp_path / "sam-lib")
    info = setup(store, team.url, token)
    assert info["token_kept_in"] == "file" and token not in json.dumps(info)
    _asset(store)
    assert sync_now(store).pushed == 1             # the token is found where it is kept
    store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    assert (tmp_path / "sam-lib" / (DB_NAME + "-wal")).exists()   # the log is checked too
    assert _holders(tmp_path / "sam-lib", token) == []
    store.close()

    (tmp_path / "backups").mkdir()
    out = CliRunner().invoke(cli, ["--library", str(tmp_path / "sam-lib"), "library", "backup",
                                   str(tmp_path / "backups")])
    assert out.exit_code == 0, out.output
    [backup] = list((tmp_path / "backups").iterdir())
    assert DB_NAME in _bytes_of(backup) and _holders(backup, token) == []

    # the private file: 0600 in a 0700 folder, keyed by server and user
    path = credentials.credentials_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["tokens"] == {f"sam@{team.url}": token}


def test_sync_setup_says_where_the_token_is_kept_and_never_prints_it(team: Team, tmp_path: Path) -> None:
    token = team.tokens["sue"]
    lib = str(tmp_path / "sue-lib")
    runner = CliRunner()
    out = runner.invoke(cli, ["--library", lib, "sync", "setup", "--server", team.url, "--token", token])
    assert out.exit_code == 0, out.output
    assert str(credentials.credentials_file()) in out.output and "readable only by you" in out.output
    assert token not in out.output
    out = runner.invoke(cli, ["--library", lib, "--lang", "zh", "sync", "setup", "--server", team.url,
                              "--token", token])
    assert "只有你能读取" in out.output and token not in out.output
    out = runner.invoke(cli, ["--library", lib, "sync", "setup", "--server", team.url, "--token", token,
                              "--json"])
    assert json.loads(out.output)["token_kept_in"] == "file" and token not in out.output
    for args in (["sync"], ["sync", "status", "--json"], ["sync", "--json"]):
        out = runner.invoke(cli, ["--library", lib, *args])
        assert out.exit_code == 0 and token not in out.output
    # the token need not be typed on the command line (shell history): asked, or from stdin
    out = runner.invoke(cli, ["--library", lib, "sync", "setup", "--server", team.url], input=token + "\n")
    assert out.exit_code == 0 and "Connected to" in out.output and token not in out.output
    out = runner.invoke(cli, ["--library", lib, "sync", "setup", "--server", team.url, "--token", "-"],
                        input=token + "\n")
    assert out.exit_code == 0 and token not in out.output
    out = runner.invoke(cli, ["--library", lib, "sync", "setup", "--server", team.url, "--token", "-"],
                        input="\n")
    assert out.exit_code == 2 and "the token is empty" in out.output


def test_an_older_librarys_plain_token_moves_out_on_first_use(team: Team, tmp_path: Path) -> None:
    """A library set up by an earlier ValueKit: the token is a row of sync_settings and
    nothing is in the credential store."""
    token = team.tokens["mia"]
    store = Store.open(tmp_path / "old-lib")
    setup(store, team.url, token)
    credentials.credentials_file().unlink()
    with store.transaction() as conn:
        state.set_setting(conn, "token", token)
        for n in range(50):  # the settings page is rewritten many times, as by real syncs
            state.set_setting(conn, "cursor", str(n))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _holders(tmp_path / "old-lib", token) == [DB_NAME]
    store.close()

    store = Store.open(tmp_path / "old-lib")
    # as with SQLite builds that do not overwrite deleted content by default (macOS,
    # Windows; Debian's does): a plain DELETE would leave the token's bytes in the file
    store.conn.execute("PRAGMA secure_delete = OFF")
    _asset(store, "Moved token")
    assert sync_now(store).pushed == 1
    assert store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 0   # left as it was
    assert state.get_setting(store.conn, "token") == ""
    assert credentials.load_token(team.url, "mia") == token
    assert _holders(tmp_path / "old-lib", token) == []
    assert stat.S_IMODE(credentials.credentials_file().stat().st_mode) == 0o600
    store.close()


def test_a_library_copied_to_another_computer_asks_for_setup_again(team: Team, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "lib"
    store = Store.open(lib)
    setup(store, team.url, team.tokens["pia"])
    store.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "new-laptop-config"))
    out = CliRunner().invoke(cli, ["--library", str(lib), "sync"])
    assert out.exit_code == 1
    [line] = out.output.strip().splitlines()
    assert "no sync token for pia" in line and "valuekit sync setup" in line
    assert "Traceback" not in out.output and out.exception is not None
    with Store.open(lib) as again, pytest.raises(SyncError):
        sync_now(again)
    status = CliRunner().invoke(cli, ["--library", str(lib), "sync", "status"])
    assert status.exit_code == 0 and "No sync token on this computer" in status.output
    # setting up again on the new computer is all it takes
    out = CliRunner().invoke(cli, ["--library", str(lib), "sync", "setup", "--server", team.url,
                                   "--token", team.tokens["pia"]])
    assert out.exit_code == 0
    assert CliRunner().invoke(cli, ["--library", str(lib), "sync"]).exit_code == 0
    status = CliRunner().invoke(cli, ["--library", str(lib), "sync", "status", "--json"])
    assert json.loads(status.output)["token_place"] == str(credentials.credentials_file())


def test_a_credentials_file_others_can_read_is_refused(team: Team, tmp_path: Path) -> None:
    store = team.library("sam")
    path = credentials.credentials_file()
    path.chmod(0o644)
    with pytest.raises(CredentialsError) as err:
        sync_now(store)
    assert "chmod 600" in str(err.value) and team.tokens["sam"] not in str(err.value)
    out = CliRunner().invoke(cli, ["--library", str(store.path), "sync"])
    assert out.exit_code == 1 and "chmod 600" in out.output and "Traceback" not in out.output
    path.chmod(0o600)
    assert sync_now(store).resynced is False


def test_with_a_system_keyring_the_token_goes_there(team: Team, tmp_path: Path,
                                                    memory_keyring: MemoryKeyring) -> None:
    token = team.tokens["sue"]
    store = Store.open(tmp_path / "sue-lib")
    info = setup(store, team.url, token)
    assert info["token_kept_in"] == "keyring" and "MemoryKeyring" in info["token_place"]
    assert memory_keyring.secrets == {(credentials.SERVICE, f"sue@{team.url}"): token}
    assert not credentials.credentials_file().exists()     # no second copy on disk
    _asset(store)
    assert sync_now(store).pushed == 1
    assert _holders(tmp_path / "sue-lib", token) == []
    # an older library's token moves into the keyring too
    with store.transaction() as conn:
        state.set_setting(conn, "token", token)
    memory_keyring.secrets.clear()
    sync_now(store)
    assert memory_keyring.secrets == {(credentials.SERVICE, f"sue@{team.url}"): token}
    assert state.get_setting(store.conn, "token") == ""
    store.close()


def test_a_token_once_in_the_file_moves_to_the_keyring_at_the_next_setup(team: Team, tmp_path: Path) -> None:
    token = team.tokens["pia"]
    store = Store.open(tmp_path / "pia-lib")
    setup(store, team.url, token)
    assert f"pia@{team.url}" in credentials.credentials_file().read_text()
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        assert setup(store, team.url, token)["token_kept_in"] == "keyring"
        assert token not in credentials.credentials_file().read_text()
        assert sync_now(store).pushed == 0
    finally:
        keyring.set_keyring(before)
    store.close()


def test_forget_token_signs_this_computer_out(team: Team, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    lib = tmp_path / "lib"
    store = Store.open(lib)
    setup(store, team.url, team.tokens["sam"])
    store.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["--library", str(lib), "sync", "forget-token"])
    assert out.exit_code == 0 and "removed from this computer" in out.output
    assert memory_keyring.secrets == {}
    out = runner.invoke(cli, ["--library", str(lib), "sync"])
    assert out.exit_code == 1 and "valuekit sync setup" in out.output
    out = runner.invoke(cli, ["--library", str(lib), "sync", "forget-token"])
    assert out.exit_code == 0 and "holds no sync token" in out.output
