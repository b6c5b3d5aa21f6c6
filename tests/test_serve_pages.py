"""Every page of ``orgarchive serve`` over HTTP, on the bundled ICE archive, on
SQLite and PostgreSQL: what a reader sees, where the links go, and each page's
JSON, which must be byte for byte what the matching command prints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.test import Client

from orgarchive.services import Archive
from tests.serve_support import ENGINES, client, command, links, new_database, text_of


@pytest.fixture(scope="module", params=ENGINES)
def ice(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, str]]:
    """The bundled ICE archive (five pages 2008-2021, sixteen curated events)."""
    for url in new_database(request.param, tmp_path_factory.mktemp("ice")):
        Archive.init(url).close()
        web, archive = client(url)
        yield web, url
        archive.close()


def test_home_lists_the_agencies_with_their_dates(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    text = text_of(page)
    assert "ICE" in text and "U.S. Immigration and Customs Enforcement" in text
    assert "2008-09-01" in text and "2021-07-06" in text
    assert "/ICE" in links(page) and "/ICE/report" in links(page)


def test_home_as_json(ice: tuple[Client, str]) -> None:
    web, _ = ice
    doc = web.get("/.json").get_json()
    assert doc == {
        "format": "orgarchive.agencies/1",
        "agencies": [{
            "agency": "ICE", "agency_name": "U.S. Immigration and Customs Enforcement",
            "first": "2008-09-01", "last": "2021-07-06", "snapshots": 5, "superseded": 0,
            "events": 16, "latest_unit_count": 5,  # the 2021 overview names 5 units
        }],
    }


def test_structure_without_a_date_goes_to_the_latest_date(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE")
    assert page.status_code == 302
    assert page.headers["Location"] == "/ICE?at=2021-07-06"
    assert web.get("/ICE.json").headers["Location"] == "/ICE.json?at=2021-07-06"


def test_structure_on_a_date_is_the_best_known_structure(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE?at=2009-01-01")
    assert page.status_code == 200
    text = text_of(page)
    assert "ICE on 2009-01-01: best-known structure, assembled from 2 snapshot(s)" in text
    assert "Office of Investigations (OI)" in text
    assert "Homeland Security Investigations" not in text  # not yet (2010)
    # Each unit links to its history; the sources are cited with their addresses.
    assert "/ICE/units/oi" in links(page) and "/ICE/units/dro" in links(page)
    assert "snapshot 2, ICE Operations, as of 2008-11-05 (partial coverage)" in text
    assert "http://www.ice.gov/about/operations.htm" in links(page)
    # No page says where the 2008 offices sit: they are listed apart.
    assert "Parent not known" in text
    # The slider steps through snapshot and event dates; plain links do too.
    html = page.get_data(as_text=True)
    assert 'type="range"' in html and "2010-06-01" in html  # the realignment event
    assert "/ICE?at=2008-11-05" in links(page)  # previous stop
    assert "/ICE?at=2009-08-06" in links(page)  # next stop (an event)


def test_structure_json_is_what_show_prints(ice: tuple[Client, str]) -> None:
    web, url = ice
    page = web.get("/ICE.json?at=2009-01-01")
    assert page.mimetype == "application/json"
    assert page.get_data(as_text=True) == command(
        url, "show", "--at", "2009-01-01", "--agency", "ICE", "--format", "json")


def test_structure_applies_the_curated_events_up_to_the_date(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE?at=2010-06-01")
    tree = text_of(page).split("Structure ")[-1]
    # The realignment of that day: OI is HSI, M&A is there with Policy in it;
    # FPS left ICE in 2009.
    assert "Homeland Security Investigations (HSI)" in tree
    assert "Office of Investigations" not in tree
    assert "Management and Administration (M&A)" in tree and "Office of Policy" in tree
    assert "Federal Protective Service" not in tree
    assert "curated event: renamed oi → hsi, as of 2010-06-01" in text_of(page)


def test_diff_without_dates_goes_to_the_whole_span(ice: tuple[Client, str]) -> None:
    web, _ = ice
    assert web.get("/ICE/diff").headers["Location"] == "/ICE/diff?from=2008-09-01&to=2021-07-06"
    assert (web.get("/ICE/diff?from=2010-01-01").headers["Location"]
            == "/ICE/diff?from=2010-01-01&to=2021-07-06")


def test_diff_page_shows_changes_with_evidence(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE/diff?from=2008-12-01&to=2021-12-01")
    assert page.status_code == 200
    text = text_of(page)
    assert "what changed from 2008-12-01 to 2021-12-01" in text
    assert "snapshot 2 (as of 2008-11-05, partial) → snapshot 5 (as of 2021-07-06, partial)" in text
    assert "renamed" in text and "curated event 2010-06-01" in text
    assert "Enforcement and Removal Operations (ERO)" in text
    assert "confidence" in text and "1.00" in text
    assert "/ICE/units/ero" in links(page)


def test_diff_json_is_what_diff_prints(ice: tuple[Client, str]) -> None:
    web, url = ice
    for query, extra in (("", ()), ("&all=1", ("--all",))):
        page = web.get(f"/ICE/diff.json?from=2008-12-01&to=2021-12-01{query}")
        assert page.get_data(as_text=True) == command(
            url, "diff", "2008-12-01", "2021-12-01", "--agency", "ICE", "--format", "json",
            *extra)


def test_a_diff_backwards_is_the_story_told_backwards(ice: tuple[Client, str]) -> None:
    web, url = ice
    page = web.get("/ICE/diff.json?from=2021-12-01&to=2008-12-01")
    assert page.get_data(as_text=True) == command(
        url, "diff", "2021-12-01", "2008-12-01", "--agency", "ICE", "--format", "json")
    assert "the changes are told backwards in time" in text_of(
        web.get("/ICE/diff?from=2021-12-01&to=2008-12-01"))
    assert "told backwards" not in text_of(web.get("/ICE/diff?from=2008-12-01&to=2021-12-01"))


def test_months_and_years_are_dates_as_on_the_command_line(ice: tuple[Client, str]) -> None:
    web, url = ice
    assert web.get("/ICE.json?at=2009").get_data(as_text=True) == command(
        url, "show", "--at", "2009", "--agency", "ICE", "--format", "json")
    assert "ICE on 2009-12-31" in text_of(web.get("/ICE?at=2009"))
    assert web.get("/ICE/report.json?from=2010-06&to=2013").get_data(as_text=True) == command(
        url, "report", "--agency", "ICE", "--from", "2010-06", "--to", "2013", "--format", "json")
    assert web.get("/ICE/diff.json?from=2009&to=2013-03").get_data(as_text=True) == command(
        url, "diff", "2009", "2013-03", "--agency", "ICE", "--format", "json")


def test_an_agency_code_in_another_case_goes_to_its_page(ice: tuple[Client, str]) -> None:
    web, _ = ice
    assert web.get("/ice").headers["Location"] == "/ICE"
    page = web.get("/ice/units/Office%20of%20Investigations.json?x=1")
    assert page.status_code == 302
    assert page.headers["Location"] == "/ICE/units/Office%20of%20Investigations.json?x=1"


def test_unit_page_tells_its_life(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE/units/oi")
    assert page.status_code == 200
    text = text_of(page)
    assert text.count("Homeland Security Investigations (HSI)") >= 1
    assert "ICE unit oi, hsi" in text
    assert "Office of Investigations" in text and "2008-11-05" in text
    assert "June 2010 realignment" in text  # the curated event naming it
    html = page.get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="lineage"' in html
    assert "/ICE?at=2008-11-05#u-oi" in links(page)  # first seen, in the structure


def test_unit_found_by_acronym_or_name(ice: tuple[Client, str]) -> None:
    web, _ = ice
    for ask in ("HSI", "Office%20of%20Investigations"):
        assert "ICE unit oi, hsi" in text_of(web.get(f"/ICE/units/{ask}"))


def test_unit_json_is_what_history_prints(ice: tuple[Client, str]) -> None:
    web, url = ice
    page = web.get("/ICE/units/oi.json")
    assert page.get_data(as_text=True) == command(
        url, "history", "oi", "--agency", "ICE", "--format", "json")


def test_report_page_is_the_html_report_inside_the_site(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE/report?from=2008-01-01&to=2022-01-01")
    assert page.status_code == 200
    text = text_of(page)
    assert "ICE: organizational changes, 2008-01-01 to 2022-01-01" in text
    assert "Lineage diagram" in text and "Lineage chains" in text
    assert "/ICE/diff" in links(page)  # the site's navigation around it
    assert '<svg id="lineage"' in page.get_data(as_text=True)


def test_report_json_is_what_report_prints(ice: tuple[Client, str]) -> None:
    web, url = ice
    for query, args in (("", ()), ("?from=2010-01-01&to=2014-01-01",
                                   ("--from", "2010-01-01", "--to", "2014-01-01"))):
        page = web.get(f"/ICE/report.json{query}")
        assert page.get_data(as_text=True) == command(
            url, "report", "--agency", "ICE", "--format", "json", *args)


def test_search_finds_units_by_any_word_at_any_date(ice: tuple[Client, str]) -> None:
    web, _ = ice
    doc = web.get("/ICE/search.json?q=investigations").get_json()
    assert doc["format"] == "orgarchive.search/1"
    assert doc["words"] == ["investigations"]
    keys = {r["key"] for r in doc["results"]}
    assert {"oi", "hsi"} <= keys  # the old name and the new
    hsi = next(r for r in doc["results"] if r["key"] == "hsi")
    assert hsi["name"] == "Homeland Security Investigations"
    assert hsi["last_seen"] == "2021-07-06" and "name" in hsi["matched"]
    assert doc["total"] == len(doc["results"])


def test_search_words_may_match_different_fields(ice: tuple[Client, str]) -> None:
    web, _ = ice
    doc = web.get("/ICE/search.json?q=DRO+removal").get_json()
    dro = next(r for r in doc["results"] if r["key"] == "dro")
    assert dro["matched"] == ["name", "acronym"]
    assert web.get("/ICE/search.json?q=DRO+zebra").get_json()["total"] == 0


def test_search_on_a_date_looks_at_that_structure(ice: tuple[Client, str]) -> None:
    web, _ = ice
    doc = web.get("/ICE/search.json?q=investigations&at=2009-01-01").get_json()
    # The best-known structure of that date, assembled from the 2008 pages: no
    # one snapshot answers alone.
    assert doc["at"] == "2009-01-01" and doc["snapshot"] is None
    # By name first (OI, the Protective Investigations Program of the 2008 programs
    # page), then by description (IBFU's "investigations and prosecutions", OIA's
    # "investigations of immigration and customs violations").
    assert [(r["key"], r["matched"]) for r in doc["results"]] == [
        ("oi", ["name"]), ("protective-investigations", ["name"]),
        ("ibfu", ["description"]), ("oia", ["description"])]
    assert doc["results"][0]["first_seen"] is None  # one date: no span


def test_search_page(ice: tuple[Client, str]) -> None:
    web, _ = ice
    empty = web.get("/ICE/search")
    assert empty.status_code == 200 and 'name="q"' in empty.get_data(as_text=True)
    page = web.get("/ICE/search?q=legal")
    text = text_of(page)
    assert "match “legal”" in text and "Principal Legal Advisor" in text
    assert "/ICE/units/opla" in links(page)


def test_every_page_links_its_json(ice: tuple[Client, str]) -> None:
    web, _ = ice
    for path in ("/", "/ICE?at=2009-01-01", "/ICE/diff?from=2009-01-01&to=2012-01-01",
                 "/ICE/units/oi", "/ICE/report", "/ICE/search?q=office"):
        page = web.get(path)
        json_links = [h for h in links(page) if ".json" in h]
        assert len(json_links) == 1, path
        answer = web.get(json_links[0].replace("&amp;", "&"))
        assert answer.status_code == 200, json_links
        json.loads(answer.get_data(as_text=True))


def test_static_files_and_head_requests(ice: tuple[Client, str]) -> None:
    web, _ = ice
    css = web.get("/-/static/app.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    js = web.get("/-/static/app.js")
    assert js.status_code == 200 and "slider" in js.get_data(as_text=True)
    head = web.head("/ICE?at=2009-01-01")
    assert head.status_code == 200 and head.get_data() == b""


def test_a_trailing_slash_goes_to_the_page(ice: tuple[Client, str]) -> None:
    web, _ = ice
    page = web.get("/ICE/report/?from=2010-01-01")
    assert page.status_code == 308
    assert page.headers["Location"] == "/ICE/report?from=2010-01-01"


def test_pages_see_a_load_made_while_serving(tmp_path: Path) -> None:
    """A snapshot stored after the server started shows on the next request."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    Archive.init(url).close()
    web, archive = client(url)
    assert web.get("/ICE/search.json?q=zebra").get_json()["total"] == 0
    extra = tmp_path / "late.json"
    extra.write_text(json.dumps({
        "format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2024-01-01",
        "coverage": "partial", "units": [{"key": "zeb", "name": "Office of Zebra Affairs"}],
    }), encoding="utf-8")
    command(url, "load", str(extra))
    assert [r["key"] for r in web.get("/ICE/search.json?q=zebra").get_json()["results"]] == [
        "zeb"]
    assert web.get("/ICE").headers["Location"] == "/ICE?at=2024-01-01"
    assert "Office of Zebra Affairs" in text_of(web.get("/ICE?at=2024-06-01"))
    archive.close()


def test_warm_up_builds_the_search_index_and_the_consecutive_diffs(tmp_path: Path) -> None:
    from orgarchive.web.reader import Reader

    url = f"sqlite:///{tmp_path / 'a.db'}"
    Archive.init(url).close()
    archive = Archive.open(url)
    reader = Reader(archive)
    reader.warm()
    state = reader.state("ICE")
    assert reader.search_index(state).covers(state.ids)
    assert len(reader._diffs) == len(state.ids) - 1  # 5 snapshots, 4 steps
    reader.history(state, "oi")  # follows units through the diffs already made
    assert len(reader._diffs) == len(state.ids) - 1
    archive.close()


def test_the_warm_up_answers_the_landing_page_ahead_and_changes_no_answer(
        tmp_path: Path) -> None:
    """``serve`` makes each agency's structure on its latest date before the first
    visitor (the page its link opens); the page is then the same bytes a cold
    server gives."""
    from orgarchive.web.app import WebApp

    url = f"sqlite:///{tmp_path / 'a.db'}"
    Archive.init(url).close()
    cold_archive, warm_archive = Archive.open(url), Archive.open(url)
    cold, warm = WebApp(cold_archive), WebApp(warm_archive)
    warm.warm()
    state = warm.reader.state("ICE")
    assert len(warm.reader._views) == 1 and not len(cold.reader._views)
    for path in ("/ICE?at=2021-07-06", "/ICE.json?at=2021-07-06", "/ICE?at=2010-01-01"):
        assert Client(warm).get(path).data == Client(cold).get(path).data
    assert state.snapshots[-1].as_of == date(2021, 7, 6)
    cold_archive.close()
    warm_archive.close()
