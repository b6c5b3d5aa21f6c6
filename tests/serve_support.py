"""What the ``serve`` tests share: archives on both engines, a client, page reading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.test import Client, TestResponse

from orgarchive.cli import cli
from orgarchive.services import Archive
from orgarchive.web.app import WebApp
from tests.conftest import _need_postgres, create_pg_database, drop_pg_database

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def new_database(engine: str, folder: Path) -> Iterator[str]:
    """An empty database URL on ``engine``, dropped afterwards (PostgreSQL)."""
    if engine == "sqlite":
        yield f"sqlite:///{folder / 'archive.db'}"
        return
    server = _need_postgres()
    url = create_pg_database(server)
    try:
        yield url
    finally:
        drop_pg_database(server, url)


def client(url: str) -> tuple[Client, Archive]:
    archive = Archive.open(url)
    return Client(WebApp(archive)), archive


def command(url: str, *args: str) -> str:
    """What ``orgarchive --db URL ARGS`` prints on standard output (it must succeed)."""
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def text_of(response: TestResponse) -> str:
    """The page's visible text, white space folded (what a reader sees)."""
    parser = _Text()
    parser.feed(response.get_data(as_text=True))
    return " ".join(" ".join(parser.parts).split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def links(response: TestResponse) -> list[str]:
    return re.findall(r'href="([^"]*)"', response.get_data(as_text=True))
