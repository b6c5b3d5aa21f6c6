"""The period report over hand-written diffs (tests/report_samples.py)."""

from __future__ import annotations

import json
from dataclasses import replace
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
from orgarchive.report.period import build_report, select_snapshots
from orgarchive.report.period_json import render_json
from orgarchive.report.period_markdown import render_markdown
from tests.report_samples import ALL, MERGER, S2008, S2010, S2013, STEP1, fake_diff, stored


def report(start: date | None = None, end: date | None = None):  # type: ignore[no-untyped-def]
    return build_report(ALL, [MERGER], fake_diff, agency="ICE", start=start, end=end)


def test_period_takes_the_snapshot_in_effect_on_the_start_date() -> None:
    infos = [s.info for s in ALL]
    assert [i.id for i in select_snapshots(infos, date(2009, 1, 1), None)] == [1, 2, 3]
    assert [i.id for i in select_snapshots(infos, date(2010, 12, 1), None)] == [2, 3]
    assert [i.id for i in select_snapshots(infos, None, date(2010, 12, 1))] == [1, 2]
    assert [i.id for i in select_snapshots(infos, date(2000, 1, 1), date(2001, 1, 1))] == []


def test_superseded_revisions_are_left_out() -> None:
    old = replace(S2010.info, superseded_by=9)
    assert [i.id for i in select_snapshots([S2008.info, old, S2013.info], None, None)] == [1, 3]


def test_report_diffs_each_consecutive_pair_and_first_to_last() -> None:
    r = report()
    assert [(d.before.id, d.after.id) for d in r.steps] == [(1, 2), (2, 3)]
    assert r.net is not None and (r.net.before.id, r.net.after.id) == (1, 3)
    assert r.events == (MERGER,)


def test_an_empty_period_is_a_clear_error() -> None:
    with pytest.raises(NotFoundError, match="no snapshot of ICE between 1990-01-01 and 1991-01-01"):
        report(date(1990, 1, 1), date(1991, 1, 1))
    with pytest.raises(NotFoundError, match="--from 2012-01-01 is after --to 2011-01-01"):
        report(date(2012, 1, 1), date(2011, 1, 1))


def test_chains_follow_renames_moves_and_mergers() -> None:
    lines = [line for line in render_markdown(report()).splitlines() if line.startswith("- ")]
    assert (
        "- merger of Office of Investigations (OI) + Office of Intelligence + Office of "
        "International Affairs (OIA) → Homeland Security Investigations (HSI), "
        "2010-06-09 (curated) → last seen 2010-12-01"
    ) in lines
    assert (
        "- Office of Detention and Removal Operations (DRO), 2008-11-01 → renamed: "
        "Enforcement and Removal Operations (ERO), 2010-12-01 → last seen 2010-12-01"
    ) in lines
    # OSLC is unobserved nowhere: the partial 2013 snapshot shows its new name.
    assert (
        "- Office of State and Local Coordination (OSLC), 2008-11-01 → renamed: "
        "Office of State, Local and Tribal Coordination (OSLTC), 2013-02-14"
    ) in lines
    # Units merged away are told once, in the chain of the unit they formed.
    assert not any(line.startswith("- Office of Investigations (OI), 2008") for line in lines)


def test_markdown_lists_snapshots_with_source_and_coverage() -> None:
    text = render_markdown(report())
    assert (
        "| 1 | 2008-11-01 | — | complete | 7 | "
        "[ICE Operations](<http://www.ice.gov/about/operations.htm>) |"
    ) in text
    assert "| 3 | 2013-02-14 | — | partial | 1 | not recorded |" in text
    assert "| 2010-06-09 | merged | oi, intel, oia | hsi |" in text


def test_json_report_embeds_change_records() -> None:
    doc = json.loads(render_json(report(date(2008, 1, 1), date(2022, 1, 1))))
    assert doc["format"] == "orgarchive.report.period/1"
    assert doc["period"] == {"from": "2008-01-01", "to": "2022-01-01"}
    assert [s["snapshot"] for s in doc["snapshots"]] == [1, 2, 3]
    assert [s["coverage"] for s in doc["snapshots"]] == ["complete", "complete", "partial"]
    first = doc["steps"][0]
    assert first["format"] == "orgarchive.changes/1"
    assert (first["from"]["snapshot"], first["to"]["snapshot"]) == (1, 2)
    assert first["summary"]["merged"] == 1 and first["summary"]["unchanged"] == 1
    merged = first["changes"][0]
    assert merged["types"] == ["merged"] and merged["curated"] is True
    assert [u["key"] for u in merged["before"]] == ["oi", "intel", "oia"]
    hsi = [c for c in doc["chains"] if c["keys"] == ["hsi"]][0]
    assert hsi["origin"] == "merged" and hsi["stages"][0]["effective"] == "2010-06-09"
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


def test_a_hostile_unit_name_cannot_break_the_markdown_report() -> None:
    bad = Unit("bad", HOSTILE, "A|B")
    before = stored(1, Snapshot("ICE", date(2020, 1, 1), ()))
    after = stored(2, Snapshot("ICE", date(2021, 1, 1), (bad,)))
    step = Diff(
        "ICE",
        SnapshotRef.of(before.snapshot, 1),
        SnapshotRef.of(after.snapshot, 2),
        (Change(("added",), (), (bad,), 0.9),),
    )
    text = render_markdown(build_report([before, after], [], lambda a, b: step, agency="ICE"))
    assert "<script>" not in text and "[a](" not in text and "![i]" not in text
    assert r"- **added** &lt;script&gt;alert(1)&lt;/script&gt; \| " in text
    assert r"(A\|B) — confidence 0.90" in text


def test_single_snapshot_report_says_there_is_nothing_to_compare() -> None:
    text = render_markdown(report(None, date(2009, 1, 1)))
    assert "Only one snapshot falls in this period: there is nothing to compare." in text


def test_step_diff_records_keep_their_order() -> None:
    assert report().steps[0] is STEP1


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

    r = build_report([s1, s2, s3], [rename], diff, agency="ICE")
    chains = [line for line in render_markdown(r).splitlines() if line.startswith("- ")]
    assert chains == [
        "- Detention and Removal (DRO), 2008-01-01 → renamed: "
        "Enforcement and Removal Operations (ERO), 2010-06-01 (curated)"
    ]
