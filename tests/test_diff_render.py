"""The SPEC §3 JSON and the text, Markdown and CSV renderings of a diff."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from orgarchive.domain import SnapshotRef
from orgarchive.engine.diff import diff_snapshots
from orgarchive.report.changes import (
    CSV_COLUMNS,
    changes_csv,
    changes_document,
    changes_json,
    changes_markdown,
    changes_text,
    md_escape,
)
from tests.diff_helpers import AFTER, BEFORE, ROOT, later, snap, u

TEXT = "Promotes public safety by ensuring the departure of all removable aliens."


def _diff():  # type: ignore[no-untyped-def]
    before = snap(ROOT, u("dro", "Office of Detention and Removal Operations", acronym="DRO",
                          kind="office", parent="root", description=TEXT),
                  u("fps", "Federal Protective Service", parent="root"))
    after = later(ROOT, u("ero", "Enforcement and Removal Operations", acronym="ERO",
                          kind="office", parent="root", description=TEXT), coverage="partial")
    return diff_snapshots(before, after, before_ref=SnapshotRef(3, BEFORE, "complete"),
                          after_ref=SnapshotRef(7, AFTER, "partial"))


def test_json_follows_the_spec_layout() -> None:
    doc = json.loads(changes_json(_diff()))
    assert list(doc) == ["format", "agency", "from", "to", "summary", "changes"]
    assert doc["format"] == "orgarchive.changes/1"
    assert doc["from"] == {"snapshot": 3, "as_of": "2008-01-01", "coverage": "complete"}
    assert doc["to"] == {"snapshot": 7, "as_of": "2012-01-01", "coverage": "partial"}
    assert doc["summary"] == {"added": 0, "removed": 0, "renamed": 1, "moved": 0,
                              "modified": 0, "merged": 0, "split": 0, "unchanged": 1,
                              "unobserved": 1}
    [rec] = doc["changes"]
    assert list(rec) == ["types", "before", "after", "confidence", "curated", "evidence",
                         "fields"]
    assert rec["types"] == ["renamed"]
    assert rec["before"] == [{"key": "dro", "name": "Office of Detention and Removal Operations",
                              "acronym": "DRO", "kind": "office", "parent": "root"}]
    assert rec["after"] == [{"key": "ero", "name": "Enforcement and Removal Operations",
                             "acronym": "ERO", "kind": "office", "parent": "root"}]
    assert rec["curated"] is False
    assert rec["fields"] == {
        "name": {"old": "Office of Detention and Removal Operations",
                 "new": "Enforcement and Removal Operations"},
        "acronym": {"old": "DRO", "new": "ERO"},
    }


def test_json_is_byte_for_byte_deterministic() -> None:
    assert changes_json(_diff()) == changes_json(_diff())


def test_all_lists_unchanged_pairs_with_empty_types_and_unobserved_units() -> None:
    doc = json.loads(changes_json(_diff(), include_unchanged=True))
    assert doc["changes"][-1]["types"] == []
    assert doc["changes"][-1]["before"][0]["key"] == "root"
    assert [x["key"] for x in doc["unobserved"]] == ["fps"]


def test_text_names_the_snapshots_and_groups_by_type() -> None:
    text = changes_text(_diff())
    assert text.splitlines()[:4] == [
        "X: snapshot 3 (2008-01-01, complete) → snapshot 7 (2012-01-01, partial)",
        "1 renamed, 1 unchanged, 1 unobserved",
        "",
        "Renamed (1)",
    ]
    assert ("  Office of Detention and Removal Operations (DRO) [dro] → "
            "Enforcement and Removal Operations (ERO) [ero]") in text
    assert "Unobserved (1): outside a partial snapshot" in text


def test_markdown_escapes_names_from_the_data() -> None:
    assert md_escape("A | B *bold* <script>") == r"A \| B \*bold\* \<script\>"
    before = snap(ROOT, u("x", "Office | of *Stars*", parent="root"))
    after = later(ROOT, u("x", "Office | of <b>Stars</b>", parent="root"))
    md = changes_markdown(diff_snapshots(before, after))
    assert r"Office \| of \<b\>Stars\</b\>" in md
    assert "<b>" not in md


def test_csv_has_one_row_per_record_with_documented_columns() -> None:
    rows = list(csv.reader(io.StringIO(changes_csv(_diff()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["types"] == "renamed"
    assert row["before_keys"] == "dro" and row["after_keys"] == "ero"
    assert row["curated"] == "false"
    assert row["fields"] == "name;acronym"
    assert json.loads(row["evidence"])["stage"] in ("similarity", "content")


def test_a_move_to_or_from_the_top_level_reads_top_level_not_unknown() -> None:
    from orgarchive.report.period_markdown import change_line

    before = snap(ROOT, u("a", "Office of Policy", parent="root"), u("b", "Office of Budget"))
    after = later(ROOT, u("a", "Office of Policy"), u("b", "Office of Budget", parent="root"))
    d = diff_snapshots(before, after)
    text = changes_text(d)
    assert "      parent: root → (top level)" in text.splitlines()
    assert "      parent: (top level) → root" in text.splitlines()
    lines = [change_line(c) for c in d.changes]
    assert any("parent: root → (top level)" in line for line in lines)
    assert any("parent: (top level) → root" in line for line in lines)
    assert not any("unknown" in line for line in lines)


def test_json_is_the_standard_librarys_indented_json_byte_for_byte() -> None:
    # the fast writer must not change a byte: non-ASCII text as is, control
    # characters escaped, floats as Python writes them (1e-05, not 1e-5)
    diff = _diff()
    odd = replace(diff.changes[0], evidence={**diff.changes[0].evidence, "tiny": 1e-05,
                                              "text": "Qu\u00e9bec \u2028\t\"x\"\x01"})
    for d in (diff, replace(diff, changes=(odd,))):
        expected = json.dumps(changes_document(d, True), indent=2, ensure_ascii=False) + "\n"
        assert changes_json(d, True) == expected
    assert '"tiny": 1e-05' in changes_json(replace(diff, changes=(odd,)))
