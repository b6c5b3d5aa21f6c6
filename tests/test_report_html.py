"""The HTML report: self-contained, every data value escaped, large reports usable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

from orgarchive.domain import Change, Diff, Snapshot, SnapshotRef, Source, Unit
from orgarchive.report.html import render_diff_html, render_report_html
from orgarchive.report.period import Report, build_report
from tests.report_samples import ALL, MERGER, fake_diff, stored

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="alert(2)'


def sample() -> Report:
    return build_report(ALL, [MERGER], fake_diff, agency="ICE")


def hostile_report() -> Report:
    bad = Unit("bad", HOSTILE, '"><img src=x>', kind="<b>kind</b>")
    before = stored(
        1,
        Snapshot("ICE", date(2020, 1, 1), (Unit("a", "Alpha"),)),
        Source(title=HOSTILE, url='http://example.org/"><script>alert(3)</script>'),
    )
    after = stored(
        2,
        Snapshot("ICE", date(2021, 1, 1), (Unit("a", "Alpha"), bad)),
        Source(title="evil link", url="javascript:alert(4)"),
    )
    step = Diff(
        "ICE",
        SnapshotRef.of(before.snapshot, 1),
        SnapshotRef.of(after.snapshot, 2),
        (Change(("added",), (), (bad,), 0.9, evidence={"note<": "<i>x</i>"}),),
        unchanged=((before.snapshot.units[0], after.snapshot.units[0]),),
    )
    return build_report([before, after], [], lambda a, b: step, agency="ICE")


def svg_of(page: str) -> ET.Element:
    match = re.search(r'<svg id="lineage".*?</svg>', page, re.S)
    assert match, "the page has no lineage diagram"
    return ET.fromstring(match.group(0))  # well-formed XML, or this raises


def test_the_page_is_self_contained() -> None:
    page = render_report_html(sample())
    assert page.startswith("<!DOCTYPE html>")
    for needle in ("<script", "<link", "<img", "@import", "url(", " src="):
        assert needle not in page, needle
    # The only addresses are links to sources, and the SVG namespace.
    addresses = re.findall(r"""(?:href=")?https?://[^\s"'<>]+""", page)
    assert sorted(set(addresses)) == [
        'href="http://www.ice.gov/about/operations.htm',
        'href="https://crsreports.congress.gov/R44269',
        "http://www.w3.org/2000/svg",
    ]


def test_the_page_has_the_sections_a_reader_expects() -> None:
    page = render_report_html(sample())
    for anchor in ("diagram", "trees", "chains", "net", "steps", "events", "snapshots"):
        assert f'id="{anchor}"' in page
    assert "@media print" in page
    assert page.count('class="tree"') == 2  # start and end side by side
    # Curated evidence with its source, as a link.
    assert '<a href="https://crsreports.congress.gov/R44269">CRS report R44269</a>' in page


def test_the_diagram_has_a_box_per_unit_per_snapshot_and_fans_in_the_merger() -> None:
    svg = svg_of(render_report_html(sample()))
    boxes = svg.findall(f"{SVG}g")
    # 7 units in 2008, 6 in 2010, 1 in the partial 2013 snapshot.
    assert len(boxes) == 14
    assert sorted(b.get("class") for b in boxes).count("unit merged") == 1
    merges = [p for p in svg.findall(f"{SVG}path") if p.get("class") == "link merged"]
    assert len(merges) == 3  # OI, Intelligence and OIA into HSI
    assert [t.text for t in svg.findall(f"{SVG}text")][:2] == [
        "2008-11-01",
        "snapshot 1 · complete",
    ]
    removed = [p for p in svg.findall(f"{SVG}path") if p.get("class") == "mark removed"]
    assert len(removed) == 1  # FPS


def test_every_value_from_the_data_is_escaped() -> None:
    page = render_report_html(hostile_report())
    assert "<script" not in page and "<img" not in page and "<b>kind" not in page
    assert "<i>x</i>" not in page
    assert 'onload="alert' not in page
    assert "javascript:" not in page  # not a link, not even as text of one
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onload=&#34;alert(2)" in page
    assert 'href="http://example.org/&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in page
    svg = svg_of(page)
    titles = [g.find(f"{SVG}title") for g in svg.findall(f"{SVG}g")]
    tips = [t.text for t in titles if t is not None and t.text and "bad" in t.text]
    # Parsed back, the SVG tooltip holds the name as plain text.
    assert tips == [f'{HOSTILE} ("><img src=x>) · key bad · 2021-01-01 · added']


def test_a_large_report_draws_changed_units_and_says_so() -> None:
    many = tuple(Unit(f"u{i}", f"Unit {i}") for i in range(300))
    renamed = tuple(replace(u, name=u.name + " renamed") for u in many[:100])
    before = stored(1, Snapshot("ICE", date(2020, 1, 1), many))
    after = stored(2, Snapshot("ICE", date(2021, 1, 1), renamed + many[100:]))
    step = Diff(
        "ICE",
        SnapshotRef.of(before.snapshot, 1),
        SnapshotRef.of(after.snapshot, 2),
        tuple(Change(("renamed",), (o,), (n,), 0.9) for o, n in zip(many, renamed, strict=False)),
        unchanged=tuple((u, u) for u in many[100:]),
    )
    page = render_report_html(build_report([before, after], [], lambda a, b: step, agency="ICE"))
    assert len(svg_of(page).findall(f"{SVG}g")) == 2 * 60
    assert (
        "the diagram leaves out the 200 unit(s) that never changed and shows 60 of the 100 that did"
    ) in page


def test_diff_html() -> None:
    report = hostile_report()
    page = render_diff_html(report.steps[0])
    assert "<script" not in page
    assert '<li class="added"><b>1</b><span>added</span></li>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
