"""Data is escaped on every page, and no page loads anything from the network.

The archive here holds what a careless or hostile source could give: names
with markup and quotes, a 495-character name (files may give 500), a
``javascript:`` source address, an agency code with ``&``; every page and
every JSON answer is read for markup that escaped its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from werkzeug.test import Client

from tests.serve_support import ENGINES, client, command, new_database, text_of

SCRIPT = '<script>alert("pwned")</script>'
ATTR = '"><img src=x onerror=alert(1)>'
LONG = "Office of " + "Very " * 95 + "Long Names"  # 495 characters: the limit is 500
AGENCY = "A&B"


def hostile_snapshot(as_of: str, renamed: bool) -> dict[str, object]:
    return {
        "format": "orgarchive.snapshot/1", "agency": AGENCY, "as_of": as_of,
        "agency_name": f"Agency {SCRIPT}",
        "source": {"title": f"Source {SCRIPT}", "url": "javascript:alert(1)",
                   "archived_url": "https://example.org/archived"},
        "units": [
            {"key": "top", "name": f"Top {SCRIPT}", "acronym": ATTR, "kind": "o'clock \"kind\""},
            {"key": "long", "name": LONG, "parent": "top",
             "description": "</textarea><svg onload=alert(1)>"},
            {"key": "child", "name": ("Renamed " if renamed else "") + f"Child {ATTR}",
             "parent": "top"},
        ],
    }


@pytest.fixture(scope="module", params=ENGINES)
def web(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    folder = tmp_path_factory.mktemp("hostile")
    for url in new_database(request.param, folder):
        command(url, "init", "--empty")
        paths = []
        for i, (as_of, renamed) in enumerate((("2001-01-01", False), ("2002-01-01", True))):
            path = folder / f"s{i}.json"
            path.write_text(json.dumps(hostile_snapshot(as_of, renamed)), encoding="utf-8")
            paths.append(str(path))
        lineage = folder / "lineage.json"
        lineage.write_text(json.dumps({
            "format": "orgarchive.lineage/1", "agency": AGENCY,
            "events": [{"date": "2001-06-01", "type": "renamed", "from": ["child"],
                        "to": ["child"], "note": f"Note {SCRIPT}",
                        "source": {"title": f"T {ATTR}", "url": "javascript:alert(2)"}}]}),
            encoding="utf-8")
        command(url, "load", *paths, str(lineage))
        app, archive = client(url)
        yield app
        archive.close()


PAGES = [
    "/",
    "/A%26B?at=2001-06-01",
    "/A%26B?at=2002-01-01",
    "/A%26B/diff?from=2001-01-01&to=2002-01-01",
    "/A%26B/units/child",
    "/A%26B/units/long",
    "/A%26B/units/top",
    "/A%26B/report",
    "/A%26B/search?q=office",
    "/A%26B/search?q=child&at=2002-01-01",
    "/A%26B/units/%3Cscript%3Ealert(1)%3C%2Fscript%3E",  # an error page quoting the path
    "/A%26B?at=%3Cscript%3E",
]


@pytest.mark.parametrize("path", PAGES)
def test_data_is_escaped(web: Client, path: str) -> None:
    page = web.get(path)
    assert page.status_code in (200, 400, 404), path
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert "</textarea>" not in html
    assert 'href="javascript:' not in html.lower()
    if page.status_code == 200 and path != "/":
        # The hostile name is there, as text.
        assert "&lt;script&gt;alert(" in html or "&lt;img src=x" in html or "Very Very" in html


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_loaded_from_the_network(web: Client, path: str) -> None:
    page = web.get(path)
    html = page.get_data(as_text=True)
    # Scripts and styles come from this server only; no images, frames or fonts at all.
    assert re.findall(r'<script[^>]*src="([^"]*)"', html) in ([], ["/-/static/app.js"])
    assert all(h.startswith("/-/static/") for h in re.findall(r'<link[^>]*href="([^"]*)"', html))
    assert not re.search(r"<(img|iframe|object|embed|audio|video|source)\b", html)
    assert "@import" not in html and "url(http" not in html
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy


def test_long_names_are_whole_in_text_and_cut_only_inside_the_diagram(web: Client) -> None:
    page = web.get("/A%26B/units/long")
    assert LONG in text_of(page)  # in the names table, wrapped by CSS, never cut
    assert "Office of Very Very" in page.get_data(as_text=True)


def test_the_agency_code_with_an_ampersand_is_encoded_in_links(web: Client) -> None:
    html = web.get("/").get_data(as_text=True)
    assert 'href="/A%26B"' in html
    page = web.get("/A%26B?at=2002-01-01")
    assert page.status_code == 200 and "A&amp;B on 2002-01-01" in page.get_data(as_text=True)


def test_json_answers_keep_the_text_as_it_is(web: Client) -> None:
    doc = web.get("/A%26B.json?at=2002-01-01").get_json()
    names = {u["key"]: u["name"] for u in doc["units"]}
    assert names["top"] == f"Top {SCRIPT}" and names["long"] == LONG
    found = web.get("/A%26B/search.json?q=pwned").get_json()
    assert found["results"][0]["name"] == f"Top {SCRIPT}"


def test_json_is_served_as_json_not_html(web: Client) -> None:
    for path in ("/A%26B.json?at=2002-01-01", "/A%26B/units/top.json", "/.json"):
        page = web.get(path)
        assert page.mimetype == "application/json"
        assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_the_source_address_that_is_not_http_is_shown_as_text(web: Client) -> None:
    html = web.get("/A%26B?at=2002-01-01").get_data(as_text=True)
    assert 'href="https://example.org/archived"' in html
    assert "javascript:alert(1)" not in html  # the title stands in for a non-web address
    assert "Source &lt;script&gt;" in html


def test_unit_key_text_cannot_break_out_of_the_id_attribute(tmp_path: Path) -> None:
    from orgarchive.domain import Unit
    from orgarchive.web.structure import StructureView
    from orgarchive.web.tree_html import tree_html

    units = (Unit("a", 'A"><b>x</b>'), Unit('q"><i>', "Q", parent="a"))
    view = StructureView(("test",), "X", None, date(2000, 1, 1), "", units, (),
                         {u.key: () for u in units})
    tree, _ = tree_html(view, lambda k: f"/X/units/{k}")
    assert "<b>x</b>" not in tree and "<i>" not in tree
    assert 'id="u-q&#34;&gt;&lt;i&gt;"' in tree
