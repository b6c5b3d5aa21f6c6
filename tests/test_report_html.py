"""The HTML report: self-contained, every data value escaped, large reports usable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

from orgarchive.domain import Change, Diff, Snapshot, SnapshotRef, Source, Unit
from orgarchive.report.html import render_diff_html, render_report_html
from orgarchive.report.period import Report, build_report
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import threads_of
from tests.report_samples import sample_threads, stored

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="alert(2)'


def sample() -> Report:
    return build_report(sample_threads())


def two(before: object, after: object, step: Diff) -> Report:
    record = AgencyRecord.of("ICE", [before, after])  # type: ignore[list-item]
    return build_report(threads_of(record, diff=lambda a, b: step))


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
    return two(before, after, step)


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
    # Start and end side by side; at the end OSLTC (a partial page that does not
    # say where it sits) is listed apart, under "Parent unknown".
    assert page.count("<h3>Start: 2008-11-01") == page.count("<h3>End: 2013-02-14") == 1
    assert page.count('class="tree"') == 3 and page.count("<b>Parent unknown</b>") == 1
    # Curated evidence with its source, as a link.
    assert '<a href="https://crsreports.congress.gov/R44269">CRS report R44269</a>' in page


def test_the_diagram_colours_agree_with_the_summary_counts() -> None:
    report = sample()
    svg = svg_of(render_report_html(report))
    groups = [g.get("class") or "" for g in svg.findall(f"{SVG}g")]
    summary = report.net.diff.summary()
    for kind in ("added", "removed", "renamed", "moved", "merged", "split"):
        assert groups.count(f"record {kind}") == summary[kind], kind
    # The merger is one record: its four units are rows of one group.
    [merger] = [g for g in svg.findall(f"{SVG}g") if g.get("class") == "record merged"]
    assert len(merger.findall(f"{SVG}g")) == 4
    # One row per unit of the period, each name written in full.
    rows = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "row"]
    names = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "name"]
    # oi, intel, oia, hsi, dro/ero, fps, policy, oslc, ma, hsi-intel
    assert len(rows) == len(names) == 10
    assert "Office of State and Local Coordination (OSLC) → Office of State, Local and " \
           "Tribal Coordination (OSLTC)" in names
    assert [t.text for t in svg.findall(f"{SVG}text")][:2] == ["2008-11-01", "2013-02-14"]


def test_no_label_is_cut_and_the_label_column_fits_the_longest() -> None:
    long_name = "Office of " + "Very " * 30 + "Long Names (OVLN)"
    unit = Unit("x", long_name)
    before = stored(1, Snapshot("ICE", date(2020, 1, 1), (unit,)))
    after = stored(2, Snapshot("ICE", date(2021, 1, 1), (unit,)))
    step = Diff("ICE", SnapshotRef.of(before.snapshot, 1), SnapshotRef.of(after.snapshot, 2), (),
                unchanged=((unit, unit),))
    svg = svg_of(render_report_html(two(before, after, step)))
    [name] = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "name"]
    assert name.text == long_name and "…" not in (name.text or "")
    bar = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar")
    # The time line starts after the label's room (at least 0.4 em a character).
    assert float(bar.get("x") or 0) >= 12 + len(long_name) * 0.4 * 12


def test_every_value_from_the_data_is_escaped() -> None:
    page = render_report_html(hostile_report())
    assert "<script" not in page and "<img" not in page and "<b>kind" not in page
    assert "<i>x</i>" not in page
    assert 'onload="alert' not in page
    assert "javascript:" not in page  # not a link, not even as text of one
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onload=&#34;alert(2)" in page
    assert 'href="http://example.org/&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in page
    svg = svg_of(page)
    rows = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "row"]
    tips = [g.find(f"{SVG}title") for g in rows]
    texts = [t.text for t in tips if t is not None and t.text and "onload" in t.text]
    # Parsed back, the SVG tooltip holds the name as plain text.
    assert texts == [f'{HOSTILE} ("><img src=x>) · added · added 2021-01-01']


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
    page = render_report_html(two(before, after, step))
    rows = [g for g in svg_of(page).iter(f"{SVG}g") if g.get("class") == "row"]
    assert len(rows) == 60
    assert (
        "the diagram leaves out the 200 unit(s) with no net change and shows 60 of the 100 "
        "that changed"
    ) in page


def test_diff_html() -> None:
    report = hostile_report()
    page = render_diff_html(report.steps[0])
    assert "<script" not in page
    assert '<li class="added"><b>1</b><span>added</span></li>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
