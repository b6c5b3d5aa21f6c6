"""The period report over hand-written diffs (tests/report_samples.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from orgarchive.domain import (
    Change,
    Diff,
    LineageEvent,
    Snapshot,
    SnapshotRef,
    StoredSnapshot,
    Unit,
)
from orgarchive.errors import NotFoundError
from orgarchive.report.markdown_escape import md_escape
from orgarchive.report.period import Report, build_report
from orgarchive.report.period_json import render_json
from orgarchive.report.period_markdown import render_markdown
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import threads_of
from tests.report_samples import MERGER, STEP1, STEP2, sample_threads, stored


def report(start: date | None = None, end: date | None = None) -> Report:
    return build_report(sample_threads(), start, end)


def _net(r: Report) -> set[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return {(c.types, tuple(u.key for u in c.before), tuple(u.key for u in c.after))
            for c in r.net.diff.changes}


def test_the_net_change_is_told_from_the_threads() -> None:
    r = report()
    # 2008 → 2013, as report_samples.py's docstring tells it.
    assert _net(r) == {
        (("merged",), ("oi", "intel", "oia"), ("hsi",)),
        (("renamed",), ("dro",), ("ero",)),
        (("renamed",), ("oslc",), ("oslc",)),
        (("moved",), ("policy",), ("policy",)),
        (("added",), (), ("ma",)),
        (("added",), (), ("hsi-intel",)),
        (("removed",), ("fps",), ()),
    }
    merged = next(c for c in r.net.diff.changes if c.types == ("merged",))
    assert merged.curated and merged.event is MERGER
    # Only the merger is curated; the rest the sources and the engine tell.
    assert [c.curated for c in r.net.diff.changes].count(True) == 1


def test_the_period_defaults_to_the_sources_and_steps_are_the_snapshots_in_it() -> None:
    r = report()
    assert (r.start, r.end) == (date(2008, 11, 1), date(2013, 2, 14))
    assert r.steps == (STEP1, STEP2)
    assert r.events == (MERGER,)
    later = report(date(2011, 1, 1), None)
    assert later.steps == (STEP2,)  # the pair reaching back from 2013 to 2010
    # The 2008 snapshot is cited: units seen only then are still there in 2011.
    assert [s.info.id for s in later.snapshots][-1] == 3


def test_an_empty_period_is_a_clear_error() -> None:
    with pytest.raises(NotFoundError, match="no source tells of ICE between 1990-01-01 and "
                                            "1991-01-01"):
        report(date(1990, 1, 1), date(1991, 1, 1))
    with pytest.raises(NotFoundError, match="--from 2012-01-01 is after --to 2011-01-01"):
        report(date(2012, 1, 1), date(2011, 1, 1))


def test_chains_follow_renames_moves_and_mergers() -> None:
    lines = [line for line in render_markdown(report()).splitlines() if line.startswith("- ")]
    assert (
        "- Office of Detention and Removal Operations (DRO), as of 2008-11-01 → renamed "
        "Enforcement and Removal Operations (ERO), between 2008-11-01 and 2010-12-01"
    ) in lines
    assert (
        r"- formed by a merger of Office of Investigations (OI) \+ Office of Intelligence \+ "
        "Office of International Affairs (OIA): Homeland Security Investigations (HSI), "
        "2010-06-09 (curated)"
    ) in lines
    # Units merged away are told once, in the chain of the unit they formed.
    assert not any(line.startswith("- Office of Investigations (OI), 2008") for line in lines)
    # OSLC is unobserved nowhere: the partial 2013 snapshot shows its new name.
    assert (
        "- Office of State and Local Coordination (OSLC), as of 2008-11-01 → renamed "
        "Office of State, Local and Tribal Coordination (OSLTC), between 2010-12-01 and 2013-02-14"
    ) in lines
    assert ("- Office of Policy, as of 2008-11-01 → moved Office of Policy, under Management and "
            "Administration (M&A), between 2008-11-01 and 2010-12-01") in lines


def test_markdown_lists_snapshots_with_source_and_coverage() -> None:
    text = render_markdown(report())
    assert (
        "| 1 | 2008-11-01 | — | complete | 7 | "
        "[ICE Operations](<http://www.ice.gov/about/operations.htm>) |"
    ) in text
    assert "| 3 | 2013-02-14 | — | partial | 1 | not recorded |" in text
    assert "| 2010-06-09 | merged | oi, intel, oia | hsi |" in text
    assert "| net | 2 | 1 | 2 | 1 | 0 | 1 | 0 | 0 | 0 |" in text


def test_json_report_embeds_change_records() -> None:
    doc = json.loads(render_json(report(date(2008, 1, 1), date(2022, 1, 1))))
    assert doc["format"] == "orgarchive.report.period/2"
    assert doc["period"] == {"from": "2008-01-01", "to": "2022-01-01",
                             "start": "2008-01-01", "end": "2022-01-01"}
    assert [s["snapshot"] for s in doc["snapshots"]] == [1, 2, 3]
    assert [s["coverage"] for s in doc["snapshots"]] == ["complete", "complete", "partial"]
    net = doc["net"]
    assert net["format"] == "orgarchive.changes/1"
    assert net["from"] == {"snapshot": None, "as_of": "2008-01-01", "coverage": "partial"}
    assert net["summary"]["merged"] == 1 and net["came_and_went"] == []
    merged = [c for c in net["changes"] if c["types"] == ["merged"]][0]
    assert merged["curated"] is True
    assert merged["evidence"]["events"][0]["source"]["title"] == "CRS report R44269"
    first = doc["steps"][0]
    assert (first["from"]["snapshot"], first["to"]["snapshot"]) == (1, 2)
    hsi = [c for c in doc["chains"] if c["keys"] == ["hsi"]][0]
    assert hsi["steps"][0]["kind"] == "merged" and hsi["steps"][0]["at"] == {
        "on": "2010-06-09", "after": None, "curated": True}
    assert doc["events"][0]["source"]["title"] == "CRS report R44269"


HOSTILE = "<script>alert(1)</script> | *x* _y_ `z` [a](http://evil) ![i](x) &lt;"


def test_markdown_escapes_data() -> None:
    assert md_escape(HOSTILE) == (
        r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*x\* \_y\_ \`z\` "
        r"\[a\](http://evil) !\[i\](x) &amp;lt;"
    )
    assert md_escape("two\nlines") == "two lines"
    # Data never starts a heading or a list, even at the start of a bullet.
    assert [md_escape(t) for t in ("# h", "- x", "12. x", "a-b")] == [
        r"\# h",
        r"\- x",
        r"12\. x",
        "a-b",
    ]


def _two(before: Snapshot, after: Snapshot, step: Diff) -> Report:
    record = AgencyRecord.of("ICE", [stored(1, before), stored(2, after)])
    return build_report(threads_of(record, diff=lambda a, b: step))


def test_a_hostile_unit_name_cannot_break_the_markdown_report() -> None:
    bad = Unit("bad", HOSTILE, "A|B")
    before, after = Snapshot("ICE", date(2020, 1, 1), ()), Snapshot("ICE", date(2021, 1, 1), (bad,))
    step = Diff("ICE", SnapshotRef.of(before, 1), SnapshotRef.of(after, 2),
                (Change(("added",), (), (bad,), 0.9),))
    text = render_markdown(_two(before, after, step))
    assert "<script>" not in text and "[a](" not in text and "![i]" not in text
    assert r"- **added** &lt;script&gt;alert(1)&lt;/script&gt; \| " in text
    assert r"(A\|B) — between 2020-01-01 and 2021-01-01" in text


def test_a_period_with_one_source_has_no_change_to_tell() -> None:
    # The seven units of the 2008 snapshot, the only source up to 2009: unchanged.
    text = render_markdown(report(None, date(2009, 1, 1)))
    assert "| net | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 7 | 0 |" in text
    assert "No change." in text


def test_a_unit_unobserved_for_a_while_is_found_under_its_curated_new_key() -> None:
    """DRO, unobserved in a partial snapshot, reappears as ERO: a curated rename links them."""
    dro, other = Unit("dro", "Detention and Removal", "DRO"), Unit("opa", "Public Affairs")
    ero = Unit("ero", "Enforcement and Removal Operations", "ERO")
    s1 = stored(1, Snapshot("ICE", date(2008, 1, 1), (dro, other)))
    s2 = stored(2, Snapshot("ICE", date(2009, 1, 1), (other,), coverage="partial"))
    s3 = stored(3, Snapshot("ICE", date(2011, 1, 1), (ero, other), coverage="partial"))
    rename = LineageEvent(date(2010, 6, 1), "renamed", ("dro",), ("ero",), note="DRO became ERO.")

    def diff(a: StoredSnapshot, b: StoredSnapshot) -> Diff:
        left, right = a.snapshot.unit_map(), b.snapshot.unit_map()
        return Diff(
            "ICE",
            SnapshotRef.of(a.snapshot, a.info.id),
            SnapshotRef.of(b.snapshot, b.info.id),
            (),
            unchanged=tuple((left[k], right[k]) for k in left.keys() & right.keys()),
            unobserved=tuple([left[k] for k in left.keys() - right.keys()])
            + tuple([right[k] for k in right.keys() - left.keys()]),
        )

    r = build_report(threads_of(AgencyRecord.of("ICE", [s1, s2, s3], [rename]), diff=diff))
    chains = [line for line in render_markdown(r).splitlines()
              if line.startswith("- ") and "→" in line and "**" not in line]
    assert chains == [
        "- Detention and Removal (DRO), as of 2008-01-01 → renamed "
        "Enforcement and Removal Operations (ERO), 2010-06-01 (curated)"
    ]
