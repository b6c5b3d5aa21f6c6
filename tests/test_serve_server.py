"""``orgarchive serve`` as a real server in its own process: it listens on
loopback, answers 50 clients at once without an error, keeps answering while
a ``load`` runs in another process (SQLite and PostgreSQL), and stops on
Ctrl-C. Every request goes to 127.0.0.1 only."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgarchive.cli import cli
from orgarchive.services import Archive
from orgarchive.web.server import is_loopback
from tests.serve_support import ENGINES, new_database

PAGES = ["/", "/.json", "/ICE?at=2009-01-01", "/ICE.json?at=2013-06-01",
         "/ICE/diff?from=2008-12-01&to=2021-12-01", "/ICE/diff.json?from=2009-01-01&to=2011-01-01",
         "/ICE/units/oi", "/ICE/units/dro.json", "/ICE/report", "/ICE/report.json",
         "/ICE/search?q=office", "/ICE/search.json?q=investigations", "/-/static/app.css"]


class Served:
    def __init__(self, url: str, process: subprocess.Popen[str], base: str) -> None:
        self.url, self.process, self.base = url, process, base

    def get(self, path: str, timeout: float = 60) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def start(url: str) -> Served:
    process = subprocess.Popen(
        [sys.executable, "-m", "orgarchive", "--db", url, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("Serving the archive on http://127.0.0.1:"):
        process.kill()
        errors = process.stderr.read() if process.stderr else ""
        pytest.fail(f"serve did not start: {line!r} {errors}")
    base = line.split(" on ", 1)[1].split(" ", 1)[0]
    return Served(url, process, base)


def stop(served: Served) -> tuple[int, str]:
    served.process.send_signal(signal.SIGINT)
    out, _ = served.process.communicate(timeout=30)
    return served.process.returncode, out


@pytest.fixture(params=ENGINES)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    for url in new_database(request.param, tmp_path):
        Archive.init(url).close()
        server = start(url)
        try:
            yield server
        finally:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait(timeout=30)


def test_it_listens_on_loopback_and_stops_on_ctrl_c(served: Served) -> None:
    assert served.base.startswith("http://127.0.0.1:")
    status, body = served.get("/")
    assert status == 200 and b"The agencies held" in body
    assert served.process.stdout is not None
    hint = served.process.stdout.readline()
    assert hint.startswith(f"Open {served.base} for the agencies held, or {served.base}ICE")
    code, out = stop(served)
    assert code == 0 and "stopped" in out


def test_fifty_clients_at_once_are_all_answered(served: Served) -> None:
    def client(n: int) -> list[int]:
        statuses = []
        for i in range(4):
            status, body = served.get(PAGES[(n + i) % len(PAGES)])
            if status == 200 and PAGES[(n + i) % len(PAGES)].split("?")[0].endswith(".json"):
                json.loads(body)
            statuses.append(status)
        return statuses

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = [s for statuses in pool.map(client, range(50)) for s in statuses]
    assert results == [200] * 200
    assert time.monotonic() - started < 120


def _big_snapshot(path: Path, n: int) -> None:
    units = [{"key": "hq", "name": "Headquarters"}] + [
        {"key": f"u{i}", "name": f"Office of Loaded Things {i}", "parent": "hq"}
        for i in range(n)]
    path.write_text(json.dumps({"format": "orgarchive.snapshot/1", "agency": "ICE",
                                "as_of": "2023-01-01", "units": units}), encoding="utf-8")


def test_pages_are_answered_while_a_load_runs(served: Served, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    _big_snapshot(big, 40_000)
    load = subprocess.Popen([sys.executable, "-m", "orgarchive", "--db", served.url, "load",
                             str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    statuses: list[int] = []
    rounds = 0
    while load.poll() is None or rounds < 2:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses += [s for s, _ in pool.map(served.get, PAGES)]
        rounds += 1
    out, err = load.communicate(timeout=300)
    assert load.returncode == 0, err
    assert set(statuses) == {200}
    # The new snapshot is there on the next request.
    status, body = served.get("/ICE.json?at=2023-06-01")
    assert status == 200 and len(json.loads(body)["units"]) == 40_001


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    Archive.init(url).close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--db", url, "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.output


def test_a_bad_port_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "70000 is not in the range 0<=x<=65535" in result.output


def test_which_hosts_are_loopback() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))
