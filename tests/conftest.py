"""Shared fixtures.

``database_url`` runs a storage test twice: on a fresh SQLite file and on a
fresh PostgreSQL database created on the server named by
``ORGARCHIVE_TEST_DATABASE_URL`` (dropped afterwards). Without that variable
the PostgreSQL half is skipped locally, but fails under CI (CI=true), so CI can
never pass by skipping the real engine.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_SERVER_URL = os.environ.get("ORGARCHIVE_TEST_DATABASE_URL")
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def _need_postgres() -> str:
    if not PG_SERVER_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: ORGARCHIVE_TEST_DATABASE_URL is not set")
        pytest.skip("ORGARCHIVE_TEST_DATABASE_URL not set")
    return PG_SERVER_URL


def create_pg_database(server_url: str) -> str:
    """Create an empty database on the server; return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"orgarchive_t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(20):
            try:
                with engine.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                break
            except Exception as exc:
                # Another test run creating a database at the same moment holds
                # template1 ("is being accessed by other users"): try again.
                if "being accessed by other users" not in str(exc) or attempt == 19:
                    raise
                time.sleep(0.1 + 0.05 * attempt)
    except Exception as exc:  # the server is down or refuses us: fail loudly
        pytest.fail(f"cannot create a test database on {server_url}: {exc}")
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(server_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema yet) on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    server = _need_postgres()
    url = create_pg_database(server)
    try:
        yield url
    finally:
        drop_pg_database(server, url)


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Never touch the real user's data folder or database setting."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("ORGARCHIVE_DATABASE_URL", raising=False)
