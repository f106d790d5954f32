"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl into a temp
folder, listening on 127.0.0.1 at a free port. initdb refuses to run as root, so as root
the cluster belongs to an unprivileged system user (``vkpg``, created when missing)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_CANDIDATES = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15", "14")]
PG_USER = "vkpg"


def pg_bin() -> Path | None:
    for folder in PG_BIN_CANDIDATES:
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", PG_USER, "--", *cmd]


def _ensure_user() -> None:
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(["useradd", "-r", "-M", "-s", "/usr/sbin/nologin", PG_USER], check=True)


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, name: str) -> str:
        subprocess.run(_as_owner([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p",
                                  str(self.port), "-U", "postgres", name]), check=True)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(_as_owner([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                                  "-m", mode, "-w", "stop"]),
                       check=False, capture_output=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(max_connections: int = 100) -> Cluster:
    """Create and start a cluster; the caller stops it (``remove``)."""
    binary = pg_bin()
    if binary is None:
        raise RuntimeError("PostgreSQL is not installed (scripts/setup.sh installs it)")
    _ensure_user()
    folder = Path(tempfile.mkdtemp(prefix="vk-pg-"))
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, PG_USER, PG_USER)
    data, port = folder / "data", _free_port()
    subprocess.run(_as_owner([str(binary / "initdb"), "-D", str(data), "-U", "postgres",
                              "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]),
                   check=True, capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
               f" -c max_connections={max_connections} -c fsync=off -c synchronous_commit=off"
               " -c full_page_writes=off")
    subprocess.run(_as_owner([str(binary / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(folder / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    return Cluster(folder, port, binary)
