"""End to end: the real exports imported into an empty archive answer a user's questions.

Every expected name, date and key below was read off the raw files by hand
(../shared/real/raw/), not taken from orgarchive's output.
"""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from orgarchive.cli import cli
from tests.helpers.registries import CONGRESS_RAW, GOVUK_RAW


def run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result


def history(db: str, agency: str, unit: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        run(db, "history", unit, "--agency", agency, "--format", "json").stdout)
    return data


def span(name: dict[str, Any]) -> tuple[str, str, str]:
    """(since, last seen, name) of an entry of a history's "names"."""
    return name["from"]["on"], name["seen"][-1]["as_of"], name["name"]


def event(data: dict[str, Any], date: str) -> dict[str, Any]:
    (found,) = [e for e in data["events"] if e["date"] == date]
    return found


def test_govuk_export_answers_show_history_and_report(database_url: str) -> None:
    db = database_url
    run(db, "init", "--empty")
    run(db, "import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01", "--load")

    shown = json.loads(run(db, "show", "--at", "2023-12-01", "--format", "json").stdout)
    units = {u["key"]: u for u in shown["units"]}
    assert units["race-disparity-unit"]["name"] == "Race Disparity Unit"
    assert units["race-disparity-unit"]["parent"] == "cabinet-office"

    rdu = history(db, "UKGOV", "Race Disparity Unit")
    assert rdu["keys"] == ["race-disparity-unit"]
    assert rdu["parents"][0]["parent_name"] == "Cabinet Office"

    # A rename: Incubator for Automation and Innovation, changed_name on 2023-11-20.
    renamed = event(history(db, "UKGOV", "Incubator for Artificial Intelligence"), "2023-11-20")
    assert (renamed["type"], renamed["from"]) == (
        "renamed", ["incubator-for-automation-and-innovation"])
    assert renamed["source"]["title"] == "GOV.UK organisations API"

    # A merge: two commissioners merged into one on 2022-02-10.
    merged = event(history(db, "UKGOV", "BSCC"), "2022-02-10")
    assert (merged["type"], merged["from"], merged["to"]) == (
        "merged", ["biometrics-commissioner", "surveillance-camera-commissioner"],
        ["biometrics-and-surveillance-camera-commissioner"])

    # An absorption: BPDTS Ltd merged into the Department for Work and Pensions, 2021-07-01.
    absorbed = event(history(db, "UKGOV", "Department for Work and Pensions"), "2021-07-01")
    assert (absorbed["type"], absorbed["from"]) == (
        "merged", ["bpdts-ltd", "department-for-work-pensions"])
    assert absorbed["source"]["url"] == "https://www.gov.uk/government/organisations/bpdts-ltd"

    # The report tells the export's lineage: the closure of the Office of Tax
    # Simplification (no_longer_exists, 2023-01-13) is among its curated events.
    report = run(db, "report", "--agency", "UKGOV").stdout
    assert "| 2023-01-13 | removed | office-of-tax-simplification | — |" in report

    # A closure of a body no snapshot shows: the Commission on Race and Ethnic
    # Disparities (no_longer_exists, 2021-07-21) is stored by name, with its event.
    from orgarchive.services import Archive

    archive = Archive.open(db)
    try:
        named = {u.key: u for u in archive.lineage_units("UKGOV")}
        events = archive.lineage_events("UKGOV")
    finally:
        archive.close()
    crd = named["commission-on-race-and-ethnic-disparities"]
    assert crd.name == "Commission on Race and Ethnic Disparities"
    assert crd.description == "Closed 2021-07-21 (GOV.UK: no longer exists)."
    (closure,) = [e for e in events if "commission-on-race-and-ethnic-disparities" in e.from_keys]
    assert (closure.date.isoformat(), closure.type, closure.to_keys) == (
        "2021-07-21", "removed", ())
    assert closure.source is not None and closure.source.title == "GOV.UK organisations API"
    assert "all match their content hash" in run(db, "verify").stdout


def test_congress_committee_history_by_congress(database_url: str) -> None:
    db = database_url
    run(db, "init", "--empty")
    run(db, "import", "congress", str(CONGRESS_RAW), "--load")
    # Senate Labor and Public Welfare (93rd-94th), Human Resources (95th),
    # Labor and Human Resources (96th-105th), Health, Education, Labor, and
    # Pensions (106th): found by the file's name for the committee.
    sshr = history(db, "USCONGRESS", "Senate Committee on Labor and Public Welfare")
    assert sshr["keys"] == ["sshr"]
    assert [span(n) for n in sshr["names"]] == [
        ("1973-01-03", "1975-01-03", "Labor and Public Welfare"),
        ("1977-01-03", "1977-01-03", "Human Resources"),
        ("1979-01-03", "1997-01-03", "Labor and Human Resources"),
        ("1999-01-03", "1999-01-03", "Health, Education, Labor, and Pensions"),
    ]
    assert [e["date"] for e in sshr["events"]] == ["1977-01-03", "1979-01-03", "1999-01-03"]
    assert all(e["type"] == "renamed" for e in sshr["events"])
    # A House committee by the file's name for it; its later name alone is
    # also a Senate subcommittee's, so history asks which one is meant.
    hspw = history(db, "USCONGRESS", "House Committee on Public Works")
    assert [n["name"] for n in hspw["names"]] == [
        "Public Works", "Public Works and Transportation", "Transportation and Infrastructure"]
    diff = json.loads(run(db, "diff", "1993-01-03", "1995-01-03", "--agency", "USCONGRESS",
                          "--format", "json").stdout)
    (record,) = [c for c in diff["changes"] if c["after"] and c["after"][0]["key"] == "hspw"]
    assert record["types"] == ["renamed"] and record["curated"] is True


def test_several_exports_of_one_register_build_a_history(database_url: str, tmp_path: Any) -> None:
    """Three monthly exports: Alpha Agency is renamed Gamma Agency between the first
    two (GOV.UK: changed_name, 2023-03-01); the later exports repeat that closure,
    and the archive tells it once, curated, between the snapshots that straddle it."""
    from tests.helpers.registries import govuk_org, write_govuk

    dept = govuk_org("dept", "Department")
    old = govuk_org("x-body", "X Body", status="closed", closed_status="no_longer_exists",
                    closed_at="2020-03-31T00:00:00.000+01:00")
    alpha = govuk_org("alpha", "Alpha Agency", parents=["dept"])
    renamed = govuk_org("alpha", "Alpha Agency", parents=["dept"], status="closed",
                        closed_status="changed_name", closed_at="2023-03-01T00:00:00.000+00:00",
                        successors=["gamma"])
    gamma = govuk_org("gamma", "Gamma Agency", parents=["dept"])
    later = govuk_org("y-body", "Y Body", status="closed", closed_status="no_longer_exists",
                      closed_at="2023-08-01T00:00:00.000+01:00")
    exports = [("2023-01-01", [dept, alpha, old]), ("2023-06-01", [dept, renamed, gamma, old]),
               ("2023-09-01", [dept, renamed, gamma, old, later])]
    db = database_url
    run(db, "init", "--empty")
    for day, orgs in exports:
        path = write_govuk(tmp_path / f"{day}.json", orgs)
        run(db, "import", "govuk", str(path), "--as-of", day, "--load")
    diff = json.loads(run(db, "diff", "2023-01-01", "2023-06-01", "--format", "json").stdout)
    (change,) = diff["changes"]
    assert (change["types"], change["curated"]) == (["renamed"], True)
    assert ([u["key"] for u in change["before"]], [u["key"] for u in change["after"]]) == (
        ["alpha"], ["gamma"])
    assert json.loads(run(db, "diff", "2023-06-01", "2023-09-01", "--format", "json").stdout
                      )["changes"] == []
    gamma_history = history(db, "UKGOV", "Gamma Agency")
    assert [(e["date"], e["type"]) for e in gamma_history["events"]] == [("2023-03-01", "renamed")]
    assert [n["name"] for n in gamma_history["names"]] == ["Alpha Agency", "Gamma Agency"]


def test_bodies_no_snapshot_shows_are_found_by_name(database_url: str) -> None:
    """From the 2023-12-01 export alone: a closure, a rename found by the old name,
    an absorption, each with its date and GOV.UK as the source."""
    db = database_url
    run(db, "init", "--empty")
    run(db, "import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01", "--load")
    closed = history(db, "UKGOV", "Commission on Race and Ethnic Disparities")
    assert closed["keys"] == ["commission-on-race-and-ethnic-disparities"]
    gone = event(closed, "2021-07-21")
    assert gone["type"] == "removed" and gone["source"]["title"] == "GOV.UK organisations API"

    old_name = history(db, "UKGOV", "Incubator for Automation and Innovation")
    assert old_name["keys"] == ["incubator-for-automation-and-innovation",
                                "incubator-for-artificial-intelligence"]
    assert [n["name"] for n in old_name["names"]] == [
        "Incubator for Automation and Innovation", "Incubator for Artificial Intelligence"]
    assert event(old_name, "2023-11-20")["type"] == "renamed"

    absorbed = history(db, "UKGOV", "BPDTS Ltd")
    merge = event(absorbed, "2021-07-01")
    assert (merge["type"], merge["to"]) == ("merged", ["department-for-work-pensions"])
    assert [s["unit"]["key"] for s in absorbed["successors"]] == ["department-for-work-pensions"]


def test_the_export_on_top_of_the_month_before(database_url: str) -> None:
    """The real register of 2023-11-01 (the diff pair's before.json, built from
    that month's export) under the 2023-12-01 import: GOV.UK listed the
    Government People Group before Civil Service HR was replaced by it
    (2023-11-16), so the diff tells a curated merge into a body on both sides,
    and the Incubator's change of name (2023-11-20) a curated rename."""
    from tests.conftest import REPO

    month_before = (REPO.parent / "shared" / "real" / "diff" / "govuk-monthly"
                    / "2023-11-01_2023-12-01" / "before.json")
    db = database_url
    run(db, "init", "--empty")
    run(db, "load", str(month_before))
    run(db, "import", "govuk", str(GOVUK_RAW), "--as-of", "2023-12-01", "--load")
    diff = json.loads(run(db, "diff", "2023-11-01", "2023-12-01", "--format", "json").stdout)
    told = {(tuple(c["types"]), tuple(u["key"] for u in c["before"]),
             tuple(u["key"] for u in c["after"]), c["curated"]) for c in diff["changes"]}
    assert (("merged",), ("civil-service-hr", "government-people-group"),
            ("government-people-group",), True) in told
    assert (("renamed",), ("incubator-for-automation-and-innovation",),
            ("incubator-for-artificial-intelligence",), True) in told
    run(db, "report")  # the whole story across both snapshots and the lineage
