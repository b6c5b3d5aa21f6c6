"""Real reorganisations written from public knowledge, names and parents only
(no descriptions), as a careful reader of the sources would record them."""

from __future__ import annotations

from datetime import date

from orgarchive.domain import Snapshot, Unit
from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import brief


def _snap(day: date, units: list[tuple[str, str, str | None]]) -> Snapshot:
    return Snapshot(agency="UKGOV", as_of=day, units=tuple(
        Unit(key=k, name=n, kind="ministerial department" if p is None else "agency", parent=p)
        for k, n, p in units))


KEPT = [("hmt", "HM Treasury", None), ("ho", "Home Office", None),
        ("hmrc", "HM Revenue & Customs", "hmt"), ("ukvi", "UK Visas and Immigration", "ho")]
BEIS_CHILDREN = {
    "desnz": ["ukaea", "nda", "coal"], "dsit": ["ukri", "uksa", "ipo"],
    "dbt": ["companies-house", "insolvency"],
}
NAMES = {"ukaea": "UK Atomic Energy Authority", "nda": "Nuclear Decommissioning Authority",
         "coal": "The Coal Authority", "ukri": "UK Research and Innovation",
         "uksa": "UK Space Agency", "ipo": "Intellectual Property Office",
         "companies-house": "Companies House", "insolvency": "The Insolvency Service",
         "tra": "Trade Remedies Authority", "bot": "Board of Trade"}


def test_uk_2023_beis_and_dit_into_desnz_dsit_and_dbt_is_one_reorganisation() -> None:
    # February 2023: BEIS and DIT closed; their bodies went to three new departments.
    before = _snap(date(2023, 1, 1), KEPT + [
        ("beis", "Department for Business, Energy & Industrial Strategy", None),
        ("dit", "Department for International Trade", None),
        *[(k, NAMES[k], "beis") for ks in BEIS_CHILDREN.values() for k in ks],
        ("tra", NAMES["tra"], "dit"), ("bot", NAMES["bot"], "dit")])
    after = _snap(date(2023, 3, 1), KEPT + [
        ("desnz", "Department for Energy Security and Net Zero", None),
        ("dsit", "Department for Science, Innovation and Technology", None),
        ("dbt", "Department for Business and Trade", None),
        *[(k, NAMES[k], dept) for dept, ks in BEIS_CHILDREN.items() for k in ks],
        ("tra", NAMES["tra"], "dbt"), ("bot", NAMES["bot"], "dbt")])
    d = diff_snapshots(before, after)
    assert brief(d) == [(("merged", "split"), ["beis", "dit"], ["dbt", "desnz", "dsit"])]
    # the bodies followed their departments: none of them moved
    assert len(d.unchanged) == len(KEPT) + 10


def _dhs(day: date, units: list[tuple[str, str, str | None]]) -> Snapshot:
    return Snapshot(agency="DHS", as_of=day, units=tuple(
        Unit(key=k, name=n, parent=p) for k, n, p in units))


def test_nppd_becomes_cisa_with_its_divisions_and_fps_stays_put() -> None:
    # CISA Act, November 2018: NPPD renamed CISA, its offices became divisions.
    # Names and parents only; FPS and OBIM keep their keys, the rest are rekeyed.
    common = [("dhs", "Department of Homeland Security", None),
              ("tsa", "Transportation Security Administration", "dhs"),
              ("uscg", "U.S. Coast Guard", "dhs"), ("fema", "Federal Emergency Management Agency",
                                                     "dhs")]
    before = _dhs(date(2018, 1, 1), common + [
        ("nppd", "National Protection and Programs Directorate", "dhs"),
        ("fps", "Federal Protective Service", "nppd"),
        ("obim", "Office of Biometric Identity Management", "nppd"),
        ("csc", "Office of Cybersecurity and Communications", "nppd"),
        ("ip", "Office of Infrastructure Protection", "nppd"),
        ("oec", "Office of Emergency Communications", "nppd")])
    after = _dhs(date(2019, 1, 1), common + [
        ("cisa", "Cybersecurity and Infrastructure Security Agency", "dhs"),
        ("fps", "Federal Protective Service", "cisa"),
        ("obim", "Office of Biometric Identity Management", "cisa"),
        ("cyber-division", "Cybersecurity Division", "cisa"),
        ("isd", "Infrastructure Security Division", "cisa"),
        ("ecd", "Emergency Communications Division", "cisa"),
        ("nrmc", "National Risk Management Center", "cisa")])
    d = diff_snapshots(before, after)
    records = brief(d)
    assert (("renamed",), ["nppd"], ["cisa"]) in records  # found by its children
    unchanged = {(x.key, y.key) for x, y in d.unchanged}
    assert {("fps", "fps"), ("obim", "obim")} <= unchanged  # only their parent was renamed
    # The offices became divisions: each is paired with its own division or left
    # removed/added (with that division as best candidate), never with another's.
    right = {"csc": "cyber-division", "ip": "isd", "oec": "ecd"}
    for types, b, a in records:
        if b and a and b[0] in right:
            assert a == [right[b[0]]], (types, b, a)
    for c in d.changes:
        if c.types == ("removed",) and c.before[0].key in right:
            assert c.evidence["best_candidate"] == right[c.before[0].key]
    assert (("added",), [], ["nrmc"]) in records
