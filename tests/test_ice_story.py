"""The bundled ICE archive tells the true story (issue 3, point 6).

The 2008 snapshot is the ICE Operations page archived 2008-11-05 (seed 000)
and the 2021 one the ICE Overview page updated 2021-07-06 (seed 001). Both
pages list only part of ICE, so both snapshots are ``partial``: units a page
does not show are unobserved, and only curated events can say a unit was
removed or added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orgarchive.domain import Diff, Lineage, Snapshot
from orgarchive.engine.diff import diff_snapshots
from orgarchive.files.read import read_document
from tests.conftest import REPO

BUNDLED = REPO / "snapshots"


def _read_snapshot(name: str) -> Snapshot:
    doc = read_document(BUNDLED / name)
    assert isinstance(doc, Snapshot)
    return doc


@pytest.fixture(scope="module")
def sides() -> tuple[Snapshot, Snapshot]:
    return (_read_snapshot("ice-2008-11-05-operations.yaml"),
            _read_snapshot("ice-2021-07-06-overview.yaml"))


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    doc = read_document(BUNDLED / "ice-lineage.yaml")
    assert isinstance(doc, Lineage)
    return doc


def _by_types(d: Diff) -> dict[tuple[str, ...], set[tuple[tuple[str, ...], tuple[str, ...]]]]:
    out: dict[tuple[str, ...], set[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for c in d.changes:
        out.setdefault(c.types, set()).add(
            (tuple(u.key for u in c.before), tuple(u.key for u in c.after)))
    return out


def _opla_and_opr_kept(d: Diff) -> None:
    # OPLA and OPR keep their keys on both pages: matched to themselves, never
    # renamed, moved or removed. Each may be `modified`: the 2021 page describes
    # them in new words, calls OPLA a directorate, and writes "Office of *the*
    # Principal Legal Advisor" (an article only: wording, not a rename).
    for key in ("opla", "opr"):
        records = [c for c in d.changes if key in {u.key for u in (*c.before, *c.after)}]
        pairs = [(b.key, a.key) for b, a in d.unchanged]
        if records:
            [c] = records
            assert c.types == ("modified",)
            assert [u.key for u in c.before] == [key] == [u.key for u in c.after]
        else:
            assert (key, key) in pairs


def test_2008_to_2021_with_the_bundled_lineage(
    sides: tuple[Snapshot, Snapshot], lineage: Lineage
) -> None:
    d = diff_snapshots(*sides, lineage.events)
    found = _by_types(d)
    # The pages word OI/HSI and DRO/ERO differently (HSI, ERO became directorates),
    # hence `modified` next to `renamed`.
    assert found[("renamed", "modified")] == {(("oi",), ("hsi",)), (("dro",), ("ero",))}
    assert found[("removed",)] == {(("fps",), ())}
    assert found[("added",)] == {((), ("ma",))}
    for c in d.changes:
        if c.types[0] in ("renamed", "removed", "added"):
            assert c.curated and c.confidence == 1.0
    _opla_and_opr_kept(d)
    # Nothing else is claimed: the rest of the 2008 page is outside the 2021 page.
    assert sorted(found) == [("added",), ("modified",), ("removed",), ("renamed", "modified")]
    assert {u.key for u in d.unobserved} == {"ocr", "intel", "oia", "policy"}


def test_engine_alone_claims_no_false_rename_between_two_partial_pages(
    sides: tuple[Snapshot, Snapshot]
) -> None:
    # Without the lineage the pages alone show OI -> HSI (every core word of
    # "Investigations" kept, the only such pair) well enough to claim it; it is
    # true (CRS R44269). Whatever else is claimed must be true too, and nothing
    # is added or removed between two partial pages.
    d = diff_snapshots(*sides)
    renames = {(tuple(u.key for u in c.before), tuple(u.key for u in c.after))
               for c in d.changes if "renamed" in c.types}
    assert renames <= {(("oi",), ("hsi",)), (("dro",), ("ero",))}
    _opla_and_opr_kept(d)
    assert d.summary()["removed"] == d.summary()["added"] == 0


# -- the story of the whole bundled archive, as a user reads it ----------------
# Expected values come from ICE-HISTORY.md and issue 9: for 2008 to 2021, OI →
# HSI and DRO → ERO renamed (2010), the Office of Intelligence → HSI's Office of
# Intelligence under HSI, OIA moved under HSI, Policy into M&A, M&A and ODPP
# added, FPS left (2009), OSLC → OSLTC, VOICE opened and closed; OPLA, OPR, OCR
# and OPA unchanged.

STORY_RENAMED = {("oi", "hsi", "2010-06-01"), ("dro", "ero", "2010-06-01"),
                 ("intel", "hsi-intel", "2010-06-01"), ("oslc", "osltc", "2013-02-14")}
STORY_MOVED = {("oia", "hsi", "2010-06-01"), ("policy", "ma", "2010-06-01")}
STORY_ADDED = {("ma", "2010-06-01"), ("odpp", "2009-08-06")}
STORY_REMOVED = {("fps", "2009-10-28")}


@pytest.fixture
def bundled(database_url: str) -> str:
    from click.testing import CliRunner

    from orgarchive.cli import cli

    result = CliRunner().invoke(cli, ["--db", database_url, "init"])
    assert result.exit_code == 0, result.output
    return database_url


def _run(db: str, *args: str) -> str:
    from click.testing import CliRunner

    from orgarchive.cli import cli

    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_report_tells_the_2008_to_2021_story(bundled: str) -> None:
    import json

    doc = json.loads(_run(bundled, "report", "--from", "2008", "--to", "2021",
                          "--format", "json"))
    net = doc["net"]
    by_type: dict[str, list[dict[str, object]]] = {}
    for change in net["changes"]:
        by_type.setdefault("+".join(change["types"]), []).append(change)
    assert sorted(by_type) == ["added", "moved", "removed", "renamed"]

    def key(side: object) -> str:
        return side[0]["key"]  # type: ignore[index, no-any-return]

    assert {(key(c["before"]), key(c["after"]), c["evidence"]["effective"])
            for c in by_type["renamed"]} == STORY_RENAMED
    assert {(key(c["before"]), c["after"][0]["parent"], c["evidence"]["effective"])
            for c in by_type["moved"]} == STORY_MOVED
    assert {(key(c["after"]), c["evidence"]["effective"]) for c in by_type["added"]} == STORY_ADDED
    assert {(key(c["before"]), c["evidence"]["effective"])
            for c in by_type["removed"]} == STORY_REMOVED
    assert all(c["curated"] for c in net["changes"])  # each decided by a cited event
    hsi_intel = next(c for c in by_type["renamed"] if key(c["after"]) == "hsi-intel")
    assert hsi_intel["after"][0]["parent"] == "hsi"
    assert [(p["unit"]["key"], p["from"], p["to"]) for p in net["came_and_went"]] == [
        ("voice", "2017-04-26", "2021-06-11")]
    assert net["summary"]["merged"] == net["summary"]["split"] == net["summary"]["modified"] == 0
    # Partial pages never make a false move, addition or removal: OPLA, OPR,
    # OCR and OPA (and every other unit) are unchanged.
    changed = {u["key"] for c in net["changes"] for u in (*c["before"], *c["after"])}
    assert not changed & {"opla", "opr", "ocr", "opa", "director"}


def test_the_story_reads_the_same_in_markdown_and_html(bundled: str, tmp_path: Path) -> None:
    import re

    text = _run(bundled, "report", "--from", "2008-01-01", "--to", "2022-01-01")
    for line in (
        "- **renamed** Office of Investigations (OI) → Homeland Security Investigations (HSI) — "
        "2010-06-01, curated",
        "- **renamed** Office of Detention and Removal Operations (DRO) → Enforcement and "
        "Removal Operations (ERO) — 2010-06-01, curated",
        "- **renamed** Office of Intelligence → Homeland Security Investigations Office of "
        "Intelligence (HSI-Intel), under Homeland Security Investigations (HSI) — 2010-06-01, "
        "curated",
        "- **renamed** Office of State and Local Coordination (OSLC) → Office of State, Local "
        "and Tribal Coordination (OSLTC)",
        "- **moved** Office of International Affairs (OIA), under Homeland Security "
        "Investigations (HSI) (was: unknown) — 2010-06-01, curated",
        "- **moved** Office of Policy, under Management and Administration (M&A) (was: unknown)",
        "- **added** Management and Administration (M&A) — 2010-06-01, curated",
        "- **added** Office of Detention Policy and Planning (ODPP)",
        "- **removed** Federal Protective Service (FPS) — 2009-10-28, curated",
        "- **came and went** Victims of Immigration Crime Engagement Office (VOICE) — added "
        "2017-04-26 (curated), removed 2021-06-11 (curated)",
        "| net | 2 | 1 | 4 | 2 | 0 | 0 | 0 | 23 | 0 |",
    ):
        assert line in text, line
    # DRO was renamed once, not a second time by a secondary page's wording: the
    # story (net change and chains) never names ERO by the law firm's form.
    story = text.split("## Changes step by step")[0]
    assert "Enforcement and Removal (DRO)" not in story
    assert ("- Office of Detention and Removal Operations (DRO), first seen 2008-09-01 → renamed "
            "Enforcement and Removal Operations (ERO), 2010-06-01 (curated)\n") in story
    page = tmp_path / "ice.html"
    _run(bundled, "report", "--from", "2008", "--to", "2021", "--format", "html",
         "-o", str(page))
    html = page.read_text(encoding="utf-8")
    svg = re.search(r'<svg id="lineage".*?</svg>', html, re.S)
    assert svg is not None
    classes = re.findall(r'<g class="(record|unit) ([a-z]+)"', svg.group(0))
    counts = {kind: sum(1 for _, k in classes if k == kind) for _, kind in classes}
    assert counts == {"removed": 1, "added": 2, "renamed": 4, "moved": 2, "passing": 1,
                      "unchanged": 23}
    assert "Office of State and Local Coordination (OSLC) → Office of State, Local and Tribal " \
           "Coordination (OSLTC)</text>" in svg.group(0)


def test_diff_of_the_two_pages_tells_its_part_and_says_when_it_is_backwards(
    bundled: str,
) -> None:
    forward = _run(bundled, "diff", "2008", "2021")
    assert forward.splitlines()[0] == (
        "ICE: snapshot 2 (2008-11-05, partial) → snapshot 5 (2021-07-06, partial)")
    assert "Moved" not in forward  # a page that does not say where a unit sits moves nothing
    assert "  Office of Investigations (OI) [oi] → Homeland Security Investigations (HSI) [hsi]" \
        in forward
    back = _run(bundled, "diff", "2021", "2008")
    assert back.splitlines()[:2] == [
        "ICE: snapshot 5 (2021-07-06, partial) → snapshot 2 (2008-11-05, partial)",
        "Backwards: FROM (2021-07-06) is later than TO (2008-11-05): the changes are told "
        "backwards in time, from the later snapshot to the earlier, curated events applied "
        "in reverse.",
    ]
    # FPS left in 2009: told backwards, it comes (back) into ICE; M&A, formed in 2010, goes.
    assert "Added (1)\n  Office of Federal Protective Service (FPS) [fps]" in back
    assert "Removed (1)\n  Management and Administration (M&A) [ma]" in back
    assert "  Homeland Security Investigations (HSI) [hsi] → Office of Investigations (OI) [oi]" \
        in back


def test_show_and_history_on_the_bundled_archive(bundled: str) -> None:
    shown = _run(bundled, "show", "--at", "2011-06-01")
    # OPLA, OPR and OCR are there in 2011 (seen in 2008 and 2013), M&A (curated,
    # 2010) with Policy under it; FPS left in 2009; the 2010 page's five units too.
    for name in ("Office of Principal Legal Advisor (OPLA)", "Office of Professional "
                 "Responsibility (OPR)", "Office of Congressional Relations (OCR)",
                 "Management and Administration (M&A)", "Office of Policy",
                 "Homeland Security Investigations (HSI)"):
        assert name in shown, name
    assert "Federal Protective Service" not in shown
    assert "  Office of Policy [office]" in shown.split("Management and Administration")[1]
    voice = _run(bundled, "history", "VOICE")
    assert voice.splitlines()[0] == (
        "Victims of Immigration Crime Engagement Office (VOICE) — ICE unit voice")
    assert "  added 2017-04-26 (curated); removed 2021-06-11 (curated)" in voice
    ero = _run(bundled, "history", "Enforcement and Removal Operations")
    names = ero.split("Names\n")[1].split("Parents\n")[0].splitlines()
    assert [n.split(":")[0].strip() for n in names if not n.startswith("      ")] == [
        "2008-09-01", "2010-06-01 (curated)"]  # one rename, the curated one
