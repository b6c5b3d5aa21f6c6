"""Bad requests get a page (or JSON) that names the problem, with the right status,
never a traceback: unknown agencies, units and pages, malformed or out-of-range
dates, injected text, methods that would write, a database that cannot be read,
and a bug in a page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.test import Client

from orgarchive.services import Archive
from orgarchive.store.database import make_engine
from orgarchive.web.app import WebApp
from tests.serve_support import ENGINES, client, command, new_database, text_of


@pytest.fixture(scope="module", params=ENGINES)
def web(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """The bundled ICE archive plus a snapshot with two units sharing an acronym."""
    folder = tmp_path_factory.mktemp("errors")
    for url in new_database(request.param, folder):
        Archive.init(url).close()
        extra = folder / "dup.json"
        extra.write_text(json.dumps({
            "format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2022-01-01",
            "coverage": "partial", "units": [
                {"key": "d1", "name": "Office of Data", "acronym": "DUP"},
                {"key": "d2", "name": "Office of Doors", "acronym": "DUP"}]}),
            encoding="utf-8")
        command(url, "load", str(extra))
        app, archive = client(url)
        yield app
        archive.close()


def problem(web: Client, path: str, status: int, message: str) -> None:
    """The page says the message, with the status; the JSON form says the same."""
    page = web.get(path)
    assert page.status_code == status, (path, page.status_code)
    assert page.mimetype == "text/html"
    text = text_of(page)
    assert message in text, text
    assert "Traceback" not in text
    base, _, query = path.partition("?")
    answer = web.get(base + ".json" + ("?" + query if query else ""))
    assert answer.status_code == status
    assert answer.mimetype == "application/json"
    error = answer.get_json()["error"]
    assert error["status"] == status and message in error["message"]


def test_unknown_agency(web: Client) -> None:
    problem(web, "/NOPE", 404, "no agency 'NOPE' in the archive (held: ICE)")
    problem(web, "/NOPE/diff?from=2009-01-01&to=2010-01-01", 404, "no agency 'NOPE'")
    problem(web, "/nope/units/oi", 404, "no agency 'nope'")


def test_unknown_unit(web: Client) -> None:
    problem(web, "/ICE/units/zzz", 404, "no unit of ICE has the key, acronym or name 'zzz'")


def test_a_name_that_fits_several_units_lists_them(web: Client) -> None:
    problem(web, "/ICE/units/DUP", 400, "'DUP' fits 2 units of ICE; name one by key")
    page = web.get("/ICE/units/DUP")
    assert "/ICE/units/d1" in page.get_data(as_text=True)
    assert len(web.get("/ICE/units/DUP.json").get_json()["error"]["candidates"]) == 2


def test_unknown_page(web: Client) -> None:
    problem(web, "/ICE/nothing", 404, "no page at /ICE/nothing")
    problem(web, "/ICE/units/oi/more", 404, "no page at /ICE/units/oi/more")
    assert web.get("/-/static/secret.txt").status_code == 404
    assert web.get("/-/static/..%2f..%2fsetup.py").status_code == 404


@pytest.mark.parametrize("value", ["2009-13-01", "2009-02-30", "yesterday", "2009-1-1",
                                   "20090101", "2009-01-01T00:00", "2009-01-01' OR '1'='1"])
def test_malformed_dates(web: Client, value: str) -> None:
    problem(web, f"/ICE?at={value}", 400,
            f"at: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def test_malformed_period_dates(web: Client) -> None:
    problem(web, "/ICE/diff?from=2009-01-01&to=soon", 400, "to: 'soon' is not a date")
    problem(web, "/ICE/report?from=2009-99-01", 400, "from: '2009-99-01' is not a date")
    problem(web, "/ICE/search?q=office&at=never", 400, "at: 'never' is not a date")


def test_a_very_long_bad_date_is_named_in_short(web: Client) -> None:
    page = web.get("/ICE?at=" + "9" * 5000)
    assert page.status_code == 400
    assert len(page.get_data()) < 20_000 and "9" * 61 not in text_of(page)


def test_a_date_before_the_first_snapshot(web: Client) -> None:
    problem(web, "/ICE?at=1990-01-01", 404,
            "no source places any ICE unit on 1990-01-01: the first is dated 2003-03-01")
    problem(web, "/ICE/diff?from=1990-01-01&to=2010-01-01", 404, "the first is as of 2008-09-01")


def test_a_period_backwards(web: Client) -> None:
    problem(web, "/ICE/report?from=2021-01-01&to=2009-01-01", 400,
            "from (2021-01-01) is after to (2009-01-01): the period is empty")


def test_a_report_of_a_period_without_snapshots(web: Client) -> None:
    problem(web, "/ICE/report?from=1990-01-01&to=1991-01-01", 404,
            "no source tells of ICE between 1990-01-01 and 1991-01-01")


def test_injected_text_is_only_ever_text(web: Client) -> None:
    for q in ("' OR 1=1 --", "%", "_", "\"; DROP TABLE units; --", "%' OR '%'='"):
        page = web.get("/ICE/search.json", query_string={"q": q})
        assert page.status_code == 200
        assert page.get_json()["total"] == 0, q
    problem(web, "/ICE' OR '1'='1", 404, "no agency \"ICE' OR '1'='1\"")
    problem(web, "/ICE/units/oi' OR '1'='1", 404, "no unit of ICE")
    assert web.get("/ICE/search.json?q=office").get_json()["total"] > 0  # tables intact


def test_search_limits(web: Client) -> None:
    problem(web, "/ICE/search?q=" + "a" * 201, 400, "q: the search is 201 characters long")
    problem(web, "/ICE/search?q=" + "+".join("abcdefghijklm"), 400,
            "q: the search has 13 words; at most 12")
    problem(web, "/ICE/search?q=a%00b", 400, "q: the search holds control characters")
    assert web.get("/ICE/search.json").status_code == 400  # JSON needs something to find
    problem(web, "/ICE/units/" + "x" * 301, 400, "at most 300 characters")


def test_methods_that_would_write_are_refused(web: Client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        page = web.open("/ICE", method=method)
        assert page.status_code == 405
        assert page.headers["Allow"] == "GET, HEAD"
        assert "the archive is read-only" in text_of(page)


def test_an_unreadable_database_is_a_503(tmp_path: Path) -> None:
    """A server whose database went away answers 503 naming the database."""
    archive = Archive(make_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone"))
    web = Client(WebApp(archive))
    page = web.get("/")
    assert page.status_code == 503
    text = text_of(page)
    assert ("the archive cannot be read: database "
            "postgresql+psycopg://postgres@127.0.0.1:1/gone") in text
    assert web.get("/.json").get_json()["error"]["status"] == 503
    archive.close()


def test_a_bug_is_a_500_without_a_traceback(
    web: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from orgarchive.web.routes import Routes

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Routes, "report", broken)
    page = web.get("/ICE/report")
    assert page.status_code == 500
    text = text_of(page)
    assert "the server failed to answer this request" in text
    assert "secret internals" not in text and "Traceback" not in text
    assert "secret internals" in caplog.text  # the server's log says why
    assert web.get("/ICE/report.json").get_json()["error"]["status"] == 500


def test_a_loopback_server_answers_only_local_names(tmp_path: Path) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 gets nothing."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    Archive.init(url).close()
    archive = Archive.open(url)
    web = Client(WebApp(archive, local_only=True))
    for host in ("localhost:8765", "127.0.0.1:8765", "[::1]:8765", "localhost"):
        assert web.get("/", headers={"Host": host}).status_code == 200, host
    page = web.get("/ICE/units/oi.json", headers={"Host": "attacker.example:8765"})
    assert page.status_code == 400
    assert page.get_json()["error"]["message"] == (
        "this server answers only addresses on this computer (localhost, 127.0.0.1), "
        "not 'attacker.example:8765'")
    assert Client(WebApp(archive)).get(
        "/", headers={"Host": "archive.example.org"}).status_code == 200  # --host 0.0.0.0
    archive.close()
