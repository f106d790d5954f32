"""A real PostgreSQL for the whole session (tests/pgcluster.py), a fresh database and
blob folder per test, and the team service running on 127.0.0.1 in a thread."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pgcluster import Cluster, pg_bin, start_cluster
from synchelpers import ServiceThread, Team, free_port

from valuekit.server.admin import add_user, init_database


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    if pg_bin() is None:
        pytest.fail("PostgreSQL is not installed: run scripts/setup.sh as root")
    c = start_cluster()
    yield c
    c.remove()


@pytest.fixture
def team_db(cluster: Cluster, tmp_path: Path) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = cluster.dsn.rsplit("/", 1)[0] + f"/{name}"
    init_database(dsn)
    return dsn


@pytest.fixture
def team(team_db: str, tmp_path: Path) -> Iterator[Team]:
    tokens = {name: add_user(team_db, name, role) for name, role in
              (("mia", "marketing"), ("sam", "sales"), ("pia", "presales"), ("sue", "sales"))}
    service = ServiceThread(team_db, tmp_path / "blobs", free_port()).start()
    yield Team(team_db, tmp_path / "blobs", service.url, tokens, tmp_path, service)
    service.stop()
