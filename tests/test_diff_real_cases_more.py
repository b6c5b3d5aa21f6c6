"""More real reorganisations, not in the development data, written from
public sources with names and parents only (no descriptions, the common real
case). Each builder cites its source; each test asserts what that source says
happened, never what the engine printed. Where the engine disagrees with the
record the test is a strict xfail whose reason is the engine's answer."""

from __future__ import annotations

from datetime import date

import pytest

from orgarchive.domain import Diff, Snapshot, Unit
from orgarchive.engine.diff import diff_snapshots
from tests.diff_helpers import brief

Rows = list[tuple[str, str, str | None]]
Record = tuple[tuple[str, ...], list[str], list[str]]


def pairing(d: Diff, before_key: str) -> tuple[tuple[str, ...], str] | None:
    """The types and after key of ``before_key``'s one-to-one pair (types ()
    when unchanged), or None when it is in no one-to-one pair."""
    for x, y in d.unchanged:
        if x.key == before_key:
            return (), y.key
    for c in d.changes:
        if [u.key for u in c.before] == [before_key] and len(c.after) == 1:
            return c.types, c.after[0].key
    return None


def record_of(d: Diff, key: str) -> Record | None:
    """The record that names ``key`` on either side."""
    return next((r for r in brief(d) if key in r[1] or key in r[2]), None)


def snap(agency: str, day: date, rows: Rows, acronyms: dict[str, str] | None = None) -> Snapshot:
    acr = acronyms or {}
    return Snapshot(agency=agency, as_of=day, units=tuple(
        Unit(key=k, name=n, parent=p, acronym=acr.get(k)) for k, n, p in rows))


# --- 1. DHS created, 2003 --------------------------------------------------
# Homeland Security Act of 2002 (P.L. 107-296): INS abolished (s. 471), its
# enforcement and service functions transferred (ss. 441, 451); the Customs
# Service, GSA's Federal Protective Service, the Coast Guard, the Secret
# Service, TSA and FEMA transferred to DHS, each whole. The
# Reorganization Plan as modified on 30 January 2003 made the Bureaus of
# Customs and Border Protection and of Immigration and Customs Enforcement
# (under the Border and Transportation Security Directorate) from INS and
# Customs; the Bureau of Citizenship and Immigration Services took INS's
# service functions, INS's service centres with them. FPS went to ICE
# (ICE-HISTORY.md, 2003-03-01). The Secret Service kept its own Office of
# Investigations (a near-miss for Customs' office of the same name).
def dhs_2003() -> tuple[Snapshot, Snapshot]:
    kept = [("doj", "Department of Justice", None), ("treas", "Department of the Treasury", None),
            ("dot", "Department of Transportation", None),
            ("gsa", "General Services Administration", None),
            ("fbi", "Federal Bureau of Investigation", "doj"),
            ("irs", "Internal Revenue Service", "treas"),
            ("faa", "Federal Aviation Administration", "dot"),
            ("pbs", "Public Buildings Service", "gsa")]
    before = kept + [
        ("ins", "Immigration and Naturalization Service", "doj"),
        ("usbp", "U.S. Border Patrol", "ins"),
        ("ins-dro", "Office of Detention and Removal", "ins"),
        ("vsc", "Vermont Service Center", "ins"), ("nsc", "Nebraska Service Center", "ins"),
        ("customs", "U.S. Customs Service", "treas"),
        ("cs-oi", "Office of Investigations", "customs"),
        ("cs-ofo", "Office of Field Operations", "customs"),
        ("fps", "Federal Protective Service", "gsa"),
        ("uscg", "United States Coast Guard", "dot"),
        ("tsa", "Transportation Security Administration", "dot"),
        ("usss", "United States Secret Service", "treas"),
        ("usss-oi", "Office of Investigations", "usss"),
        ("fema", "Federal Emergency Management Agency", None)]
    after = kept + [
        ("dhs", "Department of Homeland Security", None),
        ("bts", "Border and Transportation Security Directorate", "dhs"),
        ("epr", "Emergency Preparedness and Response Directorate", "dhs"),
        ("cbp", "Bureau of Customs and Border Protection", "bts"),
        ("cbp-obp", "Office of Border Patrol", "cbp"),
        ("cbp-ofo", "Office of Field Operations", "cbp"),
        ("ice", "Bureau of Immigration and Customs Enforcement", "bts"),
        ("ice-oi", "Office of Investigations", "ice"),
        ("ice-dro", "Office of Detention and Removal Operations", "ice"),
        ("fps", "Federal Protective Service", "ice"),
        ("bcis", "Bureau of Citizenship and Immigration Services", "dhs"),
        ("vsc", "Vermont Service Center", "bcis"), ("nsc", "Nebraska Service Center", "bcis"),
        ("uscg", "United States Coast Guard", "dhs"),
        ("tsa", "Transportation Security Administration", "bts"),
        ("usss", "United States Secret Service", "dhs"),
        ("usss-inv", "Office of Investigations", "usss"),
        ("fema", "Federal Emergency Management Agency", "epr")]
    return (snap("USFED", date(2002, 12, 1), before), snap("USFED", date(2003, 4, 1), after))


# --- 2. ATF split between Justice and Treasury, 2003 -----------------------
# Homeland Security Act of 2002, s. 1111: ATF's law enforcement functions
# transferred to the Department of Justice as the Bureau of Alcohol, Tobacco,
# Firearms and Explosives; the tax and trade functions stayed in the Treasury
# in a new Alcohol and Tobacco Tax and Trade Bureau (24 January 2003).
def atf_2003() -> tuple[Snapshot, Snapshot]:
    kept = [("doj", "Department of Justice", None), ("treas", "Department of the Treasury", None),
            ("fbi", "Federal Bureau of Investigation", "doj"),
            ("dea", "Drug Enforcement Administration", "doj"),
            ("usms", "United States Marshals Service", "doj"),
            ("bop", "Federal Bureau of Prisons", "doj"),
            ("irs", "Internal Revenue Service", "treas"),
            ("fincen", "Financial Crimes Enforcement Network", "treas"),
            ("mint", "United States Mint", "treas"),
            ("bep", "Bureau of Engraving and Printing", "treas")]
    before = kept + [("atf", "Bureau of Alcohol, Tobacco and Firearms", "treas")]
    after = kept + [("atfe", "Bureau of Alcohol, Tobacco, Firearms and Explosives", "doj"),
                    ("ttb", "Alcohol and Tobacco Tax and Trade Bureau", "treas")]
    return (snap("USFED", date(2002, 12, 1), before), snap("USFED", date(2003, 3, 1), after))


# --- 3. Sibling moves inside DHS, 2003-2004 --------------------------------
# ICE-HISTORY.md: Federal Air Marshal Service moved from TSA into ICE
# (DHS release, 2003-11-25); Office of Air and Marine Operations moved from
# ICE to CBP (DHS release, 2004-11-02). Rekeyed snapshots (a second
# transcriber's keys), names unchanged.
def dhs_sibling_moves() -> tuple[Snapshot, Snapshot]:
    def rows(pre: str, fams: str, amo: str) -> Rows:
        return [(f"{pre}dhs", "Department of Homeland Security", None),
                (f"{pre}bts", "Border and Transportation Security Directorate", f"{pre}dhs"),
                (f"{pre}cbp", "U.S. Customs and Border Protection", f"{pre}bts"),
                (f"{pre}obp", "Office of Border Patrol", f"{pre}cbp"),
                (f"{pre}ofo", "Office of Field Operations", f"{pre}cbp"),
                (f"{pre}ice", "U.S. Immigration and Customs Enforcement", f"{pre}bts"),
                (f"{pre}oi", "Office of Investigations", f"{pre}ice"),
                (f"{pre}dro", "Office of Detention and Removal Operations", f"{pre}ice"),
                (f"{pre}fps", "Federal Protective Service", f"{pre}ice"),
                (f"{pre}tsa", "Transportation Security Administration", f"{pre}bts"),
                (f"{pre}ole", "Office of Law Enforcement", f"{pre}tsa"),
                (f"{pre}fams", "Federal Air Marshal Service", fams),
                (f"{pre}amo", "Office of Air and Marine Operations", amo),
                (f"{pre}uscg", "U.S. Coast Guard", f"{pre}dhs")]
    return (snap("DHS", date(2003, 10, 1), rows("a-", "a-tsa", "a-ice")),
            snap("DHS", date(2004, 12, 1), rows("b-", "b-ice", "b-cbp")))


# --- 4. DHS Second Stage Review, 2005 --------------------------------------
# Secretary Chertoff's Second Stage Review (13 July 2005; CRS RL33042): the
# Border and Transportation Security Directorate is abolished and CBP, ICE
# and TSA report directly to the Secretary; the Information Analysis and
# Infrastructure Protection Directorate is dissolved: its Office of
# Information Analysis becomes the Office of Intelligence and Analysis,
# reporting to the Secretary, and the Office of Infrastructure Protection
# goes to a new Preparedness Directorate, which also takes the U.S. Fire
# Administration from FEMA; a new Office of Policy is created.
def dhs_2sr_2005() -> tuple[Snapshot, Snapshot]:
    kept = [("dhs", "Department of Homeland Security", None),
            ("uscg", "U.S. Coast Guard", "dhs"), ("usss", "U.S. Secret Service", "dhs"),
            ("uscis", "U.S. Citizenship and Immigration Services", "dhs"),
            ("st", "Science and Technology Directorate", "dhs")]
    before = kept + [
        ("bts", "Border and Transportation Security Directorate", "dhs"),
        ("cbp", "U.S. Customs and Border Protection", "bts"),
        ("ice", "U.S. Immigration and Customs Enforcement", "bts"),
        ("tsa", "Transportation Security Administration", "bts"),
        ("iaip", "Information Analysis and Infrastructure Protection Directorate", "dhs"),
        ("oia", "Office of Information Analysis", "iaip"),
        ("oip", "Office of Infrastructure Protection", "iaip"),
        ("fema", "Federal Emergency Management Agency", "dhs"),
        ("usfa", "U.S. Fire Administration", "fema")]
    after = kept + [
        ("cbp", "U.S. Customs and Border Protection", "dhs"),
        ("ice", "U.S. Immigration and Customs Enforcement", "dhs"),
        ("tsa", "Transportation Security Administration", "dhs"),
        ("ia", "Office of Intelligence and Analysis", "dhs"),
        ("prep", "Preparedness Directorate", "dhs"),
        ("oip", "Office of Infrastructure Protection", "prep"),
        ("usfa", "U.S. Fire Administration", "prep"),
        ("fema", "Federal Emergency Management Agency", "dhs"),
        ("plcy", "Office of Policy", "dhs")]
    return (snap("DHS", date(2005, 6, 1), before), snap("DHS", date(2006, 1, 1), after))


# --- 5. Post-Katrina reorganisation, 31 March 2007 -------------------------
# Post-Katrina Emergency Management Reform Act of 2006 (Title VI of P.L.
# 109-295) and the DHS notice of 18 January 2007: the Preparedness
# Directorate's Office of Grants and Training, U.S. Fire Administration and
# Office of National Capital Region Coordination go to FEMA (Grants and
# Training becoming FEMA's Grant Programs Directorate), FEMA gets a National
# Preparedness Directorate; what remains of the Preparedness Directorate
# (Infrastructure Protection, Cyber Security and Communications) is renamed
# the National Protection and Programs Directorate; the Chief Medical
# Officer's office becomes the Office of Health Affairs. Keys rekeyed.
def fema_2007() -> tuple[Snapshot, Snapshot]:
    kept = [("dhs", "Department of Homeland Security", None),
            ("uscg", "U.S. Coast Guard", "dhs"),
            ("tsa", "Transportation Security Administration", "dhs")]
    before = kept + [
        ("fema", "Federal Emergency Management Agency", "dhs"),
        ("fema-occ", "Office of Chief Counsel", "fema"),
        ("fema-cfo", "Office of the Chief Financial Officer", "fema"),
        ("pd", "Preparedness Directorate", "dhs"),
        ("pd-gt", "Office of Grants and Training", "pd"),
        ("pd-usfa", "U.S. Fire Administration", "pd"),
        ("pd-ncrc", "Office of National Capital Region Coordination", "pd"),
        ("pd-ip", "Office of Infrastructure Protection", "pd"),
        ("pd-csc", "Office of Cyber Security and Communications", "pd"),
        ("pd-cmo", "Office of the Chief Medical Officer", "pd")]
    after = kept + [
        ("fema", "Federal Emergency Management Agency", "dhs"),
        ("fema-occ", "Office of Chief Counsel", "fema"),
        ("fema-cfo", "Office of the Chief Financial Officer", "fema"),
        ("fema-gpd", "Grant Programs Directorate", "fema"),
        ("fema-usfa", "U.S. Fire Administration", "fema"),
        ("fema-ncrc", "Office of National Capital Region Coordination", "fema"),
        ("fema-npd", "National Preparedness Directorate", "fema"),
        ("nppd", "National Protection and Programs Directorate", "dhs"),
        ("nppd-ip", "Office of Infrastructure Protection", "nppd"),
        ("nppd-csc", "Office of Cyber Security and Communications", "nppd"),
        ("oha", "Office of Health Affairs", "dhs")]
    return (snap("DHS", date(2006, 12, 1), before), snap("DHS", date(2007, 6, 1), after))


# --- 6. ICE 2009: FPS leaves, a detention policy office is created ---------
# ICE-HISTORY.md: FPS transferred from ICE to NPPD (P.L. 111-83, 28 October
# 2009; NPPD is outside an ICE snapshot); Office of Detention Policy and
# Planning created, reporting to the Assistant Secretary (ICE release,
# 6 August 2009). Two unrelated units under one parent: no shared word.
def ice_2009() -> tuple[Snapshot, Snapshot]:
    kept = [("ice", "U.S. Immigration and Customs Enforcement", None),
            ("oi", "Office of Investigations", "ice"),
            ("dro", "Office of Detention and Removal Operations", "ice"),
            ("intel", "Office of Intelligence", "ice"),
            ("oia", "Office of International Affairs", "ice"),
            ("opla", "Office of the Principal Legal Advisor", "ice"),
            ("opr", "Office of Professional Responsibility", "ice")]
    before = kept + [("fps", "Federal Protective Service", "ice")]
    after = kept + [("odpp", "Office of Detention Policy and Planning", "ice")]
    return (snap("ICE", date(2009, 6, 1), before), snap("ICE", date(2010, 1, 1), after))


# --- 7. UK 2016: BIS and DECC make BEIS -------------------------------------
# GOV.UK, "Machinery of Government changes" (written statement, 18 July
# 2016) and the BEIS announcement of 14 July 2016: BIS and DECC merged into
# the Department for Business, Energy and Industrial Strategy; higher and
# further education and apprenticeships (HEFCE, the Student Loans Company,
# OFFA, the Skills Funding Agency) went to the Department for Education; UK
# Trade & Investment became part of the new Department for International
# Trade. The departments' other bodies followed to BEIS. The Department for
# Exiting the European Union was created the same day (new, not a successor).
def uk_2016() -> tuple[Snapshot, Snapshot]:
    kept = [("hmt", "HM Treasury", None), ("co", "Cabinet Office", None),
            ("dfe", "Department for Education", None), ("ofqual", "Ofqual", None),
            ("efa", "Education Funding Agency", "dfe"),
            ("sta", "Standards and Testing Agency", "dfe")]
    bis = ["companies-house", "insolvency-service", "uk-space-agency", "met-office",
           "land-registry", "ordnance-survey", "ipo"]
    decc = ["nda", "coal-authority", "oga", "ccc", "cnpa"]
    he = ["hefce", "slc", "offa", "sfa"]
    names = {"companies-house": "Companies House", "insolvency-service": "The Insolvency Service",
             "uk-space-agency": "UK Space Agency", "met-office": "Met Office",
             "land-registry": "HM Land Registry", "ordnance-survey": "Ordnance Survey",
             "ipo": "Intellectual Property Office", "nda": "Nuclear Decommissioning Authority",
             "coal-authority": "The Coal Authority", "oga": "Oil and Gas Authority",
             "ccc": "Committee on Climate Change", "cnpa": "Civil Nuclear Police Authority",
             "hefce": "Higher Education Funding Council for England",
             "slc": "Student Loans Company", "offa": "Office for Fair Access",
             "sfa": "Skills Funding Agency"}
    before = kept + [
        ("bis", "Department for Business, Innovation & Skills", None),
        ("decc", "Department of Energy & Climate Change", None),
        ("ukti", "UK Trade & Investment", "bis"),
        *[(k, names[k], "bis") for k in bis + he], *[(k, names[k], "decc") for k in decc]]
    after = kept + [
        ("beis", "Department for Business, Energy & Industrial Strategy", None),
        ("dit", "Department for International Trade", None),
        ("dexeu", "Department for Exiting the European Union", None),
        *[(k, names[k], "beis") for k in bis + decc], *[(k, names[k], "dfe") for k in he]]
    return (snap("UKGOV", date(2016, 7, 1), before), snap("UKGOV", date(2016, 9, 1), after))


# --- 8. UK 2020: FCO and DFID make the FCDO ---------------------------------
# Prime Minister's statement of 16 June 2020; GOV.UK, "Foreign, Commonwealth
# & Development Office launches" (2 September 2020): the FCO and DFID merged;
# their bodies went to the FCDO; FCO Services became FCDO Services (GOV.UK
# organisation page, new slug). The Department for International Trade is
# untouched.
def uk_2020() -> tuple[Snapshot, Snapshot]:
    kept = [("hmt", "HM Treasury", None), ("dit", "Department for International Trade", None),
            ("ukef", "UK Export Finance", None), ("bot", "Board of Trade", "dit")]
    fco = {"british-council": "British Council", "wilton-park": "Wilton Park",
           "gbcc": "Great Britain-China Centre",
           "wfd": "Westminster Foundation for Democracy",
           "macc": "Marshall Aid Commemoration Commission"}
    dfid = {"cdc": "CDC Group", "icai": "Independent Commission for Aid Impact",
            "csc": "Commonwealth Scholarship Commission in the UK"}
    before = kept + [
        ("fco", "Foreign & Commonwealth Office", None),
        ("dfid", "Department for International Development", None),
        ("fco-services", "FCO Services", "fco"),
        *[(k, n, "fco") for k, n in fco.items()], *[(k, n, "dfid") for k, n in dfid.items()]]
    after = kept + [
        ("fcdo", "Foreign, Commonwealth & Development Office", None),
        ("fcdo-services", "FCDO Services", "fcdo"),
        *[(k, n, "fcdo") for k, n in (fco | dfid).items()]]
    acr = {"fco": "FCO", "dfid": "DFID", "fcdo": "FCDO", "dit": "DIT", "hmt": "HMT",
           "ukef": "UKEF"}
    return (snap("UKGOV", date(2020, 8, 1), before, acr),
            snap("UKGOV", date(2020, 10, 1), after, acr))


# --- 9. UK 2017: the Education and Skills Funding Agency ---------------------
# GOV.UK, "Education and Skills Funding Agency" (launched 1 April 2017):
# the Education Funding Agency and the Skills Funding Agency merged into it.
def esfa_2017() -> tuple[Snapshot, Snapshot]:
    kept = [("dfe", "Department for Education", None), ("hmt", "HM Treasury", None),
            ("ofqual", "Ofqual", None), ("sta", "Standards and Testing Agency", "dfe"),
            ("nctl", "National College for Teaching and Leadership", "dfe"),
            ("slc", "Student Loans Company", "dfe"),
            ("ofsted", "Ofsted", None), ("dmo", "UK Debt Management Office", "hmt")]
    before = kept + [("efa", "Education Funding Agency", "dfe"),
                     ("sfa", "Skills Funding Agency", "dfe")]
    after = kept + [("esfa", "Education and Skills Funding Agency", "dfe")]
    return (snap("UKGOV", date(2017, 1, 1), before), snap("UKGOV", date(2017, 5, 1), after))


# --- 10. State 2019: the Bureau of Global Public Affairs ---------------------
# Department of State, "Creation of the Bureau of Global Public Affairs"
# (May 2019; 1 FAM 030 update): the Bureau of Public Affairs and the Bureau of
# International Information Programs merged into the new bureau, under the
# Under Secretary for Public Diplomacy and Public Affairs.
def state_2019() -> tuple[Snapshot, Snapshot]:
    kept = [("dos", "Department of State", None),
            ("r", "Under Secretary for Public Diplomacy and Public Affairs", "dos"),
            ("eca", "Bureau of Educational and Cultural Affairs", "r"),
            ("gec", "Global Engagement Center", "r"),
            ("e", "Under Secretary for Economic Growth, Energy, and the Environment", "dos"),
            ("eb", "Bureau of Economic and Business Affairs", "e"),
            ("enr", "Bureau of Energy Resources", "e"),
            ("oes", "Bureau of Oceans and International Environmental and Scientific Affairs",
             "e"),
            ("p", "Under Secretary for Political Affairs", "dos"),
            ("eur", "Bureau of European and Eurasian Affairs", "p"),
            ("wha", "Bureau of Western Hemisphere Affairs", "p")]
    before = kept + [("pa", "Bureau of Public Affairs", "r"),
                     ("iip", "Bureau of International Information Programs", "r")]
    after = kept + [("gpa", "Bureau of Global Public Affairs", "r")]
    return (snap("DOS", date(2019, 1, 1), before), snap("DOS", date(2019, 7, 1), after))


# --- 11. USDA 1994 reorganisation ----------------------------------------------
# Federal Crop Insurance Reform and Department of Agriculture Reorganization
# Act of 1994 (P.L. 103-354, 13 October 1994) and Secretary's Memorandum
# 1010-1 (20 October 1994): the Soil Conservation Service renamed the Natural
# Resources Conservation Service; the Assistant Secretary for Natural
# Resources and Environment became an Under Secretary (both keys new); the
# Assistant Secretaries for Science and Education and for Economics made one
# Under Secretary for Research, Education, and Economics; the Cooperative
# State Research Service and the Extension Service merged into the
# Cooperative State Research, Education, and Extension Service. Only these
# two mission areas are transcribed.
def usda_1994() -> tuple[Snapshot, Snapshot]:
    kept = [("usda", "Department of Agriculture", None),
            ("ogc", "Office of the General Counsel", "usda")]
    before = kept + [
        ("asnre", "Assistant Secretary for Natural Resources and Environment", "usda"),
        ("fs", "Forest Service", "asnre"),
        ("scs", "Soil Conservation Service", "asnre"),
        ("asse", "Assistant Secretary for Science and Education", "usda"),
        ("ars", "Agricultural Research Service", "asse"),
        ("csrs", "Cooperative State Research Service", "asse"),
        ("es", "Extension Service", "asse"),
        ("nal", "National Agricultural Library", "asse"),
        ("ase", "Assistant Secretary for Economics", "usda"),
        ("ers", "Economic Research Service", "ase"),
        ("nass", "National Agricultural Statistics Service", "ase")]
    after = kept + [
        ("usnre", "Under Secretary for Natural Resources and Environment", "usda"),
        ("fs", "Forest Service", "usnre"),
        ("nrcs", "Natural Resources Conservation Service", "usnre"),
        ("ree", "Under Secretary for Research, Education, and Economics", "usda"),
        ("ars", "Agricultural Research Service", "ree"),
        ("csrees", "Cooperative State Research, Education, and Extension Service", "ree"),
        ("nal", "National Agricultural Library", "ree"),
        ("ers", "Economic Research Service", "ree"),
        ("nass", "National Agricultural Statistics Service", "ree")]
    return (snap("USDA", date(1994, 9, 1), before), snap("USDA", date(1995, 3, 1), after))


# --- 12. Defra 2013: the Commission for Rural Communities abolished ----------
# Public Bodies Act 2011 and GOV.UK (Commission for Rural Communities, closed
# 31 March 2013): the Commission was abolished and its functions brought into
# Defra itself (a Rural Communities Policy Unit inside the department, not a
# body of its own). Nothing new under Defra.
def defra_2013() -> tuple[Snapshot, Snapshot]:
    kept = [("defra", "Department for Environment, Food & Rural Affairs", None),
            ("hmt", "HM Treasury", None),
            ("ea", "Environment Agency", "defra"), ("ne", "Natural England", "defra"),
            ("ahvla", "Animal Health and Veterinary Laboratories Agency", "defra"),
            ("fera", "Food and Environment Research Agency", "defra"),
            ("rpa", "Rural Payments Agency", "defra"),
            ("mmo", "Marine Management Organisation", "defra"),
            ("jncc", "Joint Nature Conservation Committee", "defra"),
            ("seafish", "Sea Fish Industry Authority", "defra"),
            ("awb", "Agricultural Wages Board for England and Wales", "defra")]
    before = kept + [("crc", "Commission for Rural Communities", "defra")]
    return (snap("UKGOV", date(2013, 1, 1), before), snap("UKGOV", date(2013, 6, 1), kept))


# ============================================================================
# The tests: what each source says.

def test_dhs_2003_the_transfers_are_moves_and_same_named_offices_stay_apart() -> None:
    d = diff_snapshots(*dhs_2003())
    records = brief(d)
    # bodies transferred whole keep their names: each moved (GSA's FPS under ICE)
    for k in ("fps", "uscg", "tsa", "usss", "fema"):
        assert (("moved",), [k], [k]) in records
    for k in ("dhs", "bts", "epr"):
        assert (("added",), [], [k]) in records
    # Customs' Office of Investigations is ICE's, its Field Operations CBP's;
    # the Secret Service's Office of Investigations (same name, another
    # parent) stays the Secret Service's, under its new key
    for b, a in (("cs-oi", "ice-oi"), ("cs-ofo", "cbp-ofo"), ("usss-oi", "usss-inv")):
        got = pairing(d, b)
        assert got is not None and got[1] == a and "renamed" not in got[0], (b, got)
    assert pairing(d, "usss-oi") == ((), "usss-inv")
    # the service centres went with INS's service functions to BCIS: the same
    # units (moved, or following INS where it went)
    assert pairing(d, "vsc") in (((), "vsc"), (("moved",), "vsc"))


def test_dhs_2003_customs_is_divided_between_cbp_and_ice() -> None:
    # P.L. 107-296 ss. 403, 411, 441: the Customs Service's inspectors went to
    # CBP, its investigators to ICE; each new bureau took one of its offices
    d = diff_snapshots(*dhs_2003())
    records = brief(d)
    assert any(set(t) & {"split"} and "customs" in b and {"cbp", "ice"} <= set(a)
               for t, b, a in records), records


def test_dhs_2003_ins_and_customs_are_one_reorganisation_into_cbp_ice_and_bcis() -> None:
    # P.L. 107-296 ss. 403, 441, 451, 471 and the Reorganization Plan as
    # modified 30 January 2003: INS and Customs were divided among the three.
    d = diff_snapshots(*dhs_2003())
    assert (("merged", "split"), ["customs", "ins"], ["bcis", "cbp", "ice"]) in brief(d)


def test_dhs_2003_the_border_patrol_goes_to_cbp() -> None:
    # (INS and CBP are one place once the reorganisation is known: the Border
    # Patrol is compared with CBP's new offices as a unit under its own parent)
    d = diff_snapshots(*dhs_2003())
    got = pairing(d, "usbp")
    assert got is not None and got[1] == "cbp-obp"


@pytest.mark.xfail(strict=True, reason=(
    "engine: ATF renamed -> Alcohol and Tobacco Tax and Trade Bureau (in place under "
    "the Treasury, p 0.268, accepted under 0.5); Bureau of Alcohol, Tobacco, Firearms "
    "and Explosives added (best candidate ATF, 0.163: a move, not taken under 0.5)"))
def test_atf_2003_goes_to_justice_with_its_name_and_the_tax_bureau_is_new() -> None:
    d = diff_snapshots(*atf_2003())
    rec = record_of(d, "atf")
    assert rec is not None
    # ATF continued in Justice (renamed and moved); TTB is new. A split
    # [atf] -> [atfe, ttb] is also the record's reading; ATF -> TTB alone is not.
    assert rec in ((("renamed", "moved"), ["atf"], ["atfe"]),
                   (("split",), ["atf"], ["atfe", "ttb"]))


def test_dhs_sibling_moves_2003_2004_are_moves_under_new_keys() -> None:
    d = diff_snapshots(*dhs_sibling_moves())
    assert brief(d) == [(("moved",), ["a-amo"], ["b-amo"]), (("moved",), ["a-fams"], ["b-fams"])]
    moves = {c.before[0].key: (c.fields["parent"].old, c.fields["parent"].new)
             for c in d.changes}
    assert moves == {"a-fams": ("a-tsa", "b-ice"), "a-amo": ("a-ice", "b-cbp")}
    assert len(d.unchanged) == 12  # every other unit, rekeyed, is itself


def test_dhs_2005_the_border_directorate_goes_and_its_bureaus_report_to_the_secretary() -> None:
    d = diff_snapshots(*dhs_2sr_2005())
    records = brief(d)
    # BTS was abolished, not renamed: it pairs with nothing. Removed (the
    # department named among its absorbers) or taken into the department
    # its three bureaus now report to (docs/diff.md section 4: most of its
    # children under the unit above it) are both that record.
    assert pairing(d, "bts") is None
    rec = record_of(d, "bts")
    if rec == (("removed",), ["bts"], []):
        bts = next(c for c in d.changes if c.before and c.before[0].key == "bts")
        assert {"key": "dhs", "relation": "parent"}.items() <= bts.evidence["absorbers"][0].items()
        for k in ("cbp", "ice", "tsa"):
            assert (("moved",), [k], [k]) in records
    else:
        assert rec is not None and "merged" in rec[0] and "bts" in rec[1] and rec[2] == ["dhs"]
    assert (("added",), [], ["plcy"]) in records
    assert (("moved",), ["usfa"], ["usfa"]) in records  # FEMA -> Preparedness


def test_dhs_2005_iaip_is_dissolved_and_infrastructure_protection_moves() -> None:
    d = diff_snapshots(*dhs_2sr_2005())
    assert pairing(d, "iaip") is None  # dissolved, not renamed
    assert pairing(d, "oip") == (("moved",), "oip")  # IAIP -> Preparedness


@pytest.mark.xfail(strict=True, reason=(
    "engine: Office of Information Analysis removed / Office of Intelligence and "
    "Analysis added (best candidates of each other, 0.063: a move, not taken under 0.5)"))
def test_dhs_2005_information_analysis_becomes_intelligence_and_analysis() -> None:
    d = diff_snapshots(*dhs_2sr_2005())
    assert pairing(d, "oia") == (("renamed", "moved"), "ia")


def test_fema_2007_preparedness_becomes_nppd_and_fema_takes_its_offices() -> None:
    d = diff_snapshots(*fema_2007())
    records = brief(d)
    assert (("renamed",), ["pd"], ["nppd"]) in records
    assert pairing(d, "pd-ip") == ((), "nppd-ip")  # followed their renamed parent
    assert pairing(d, "pd-csc") == ((), "nppd-csc")
    assert (("moved",), ["pd-usfa"], ["fema-usfa"]) in records
    assert (("moved",), ["pd-ncrc"], ["fema-ncrc"]) in records
    # FEMA's new National Preparedness Directorate is not the old
    # Preparedness Directorate (near-miss by name): it is new
    assert (("added",), [], ["fema-npd"]) in records
    # Not asserted: the Chief Medical Officer's office -> Office of Health
    # Affairs shares no word and nothing else; only a curated event says it.


@pytest.mark.xfail(strict=True, reason=(
    "engine: Office of Grants and Training removed / Grant Programs Directorate added, "
    "each the other's best candidate (0.100): a move, never taken under 0.5, though "
    "its siblings USFA and NCRC moved from the same parent to the same FEMA"))
def test_fema_2007_grants_and_training_becomes_fema_grant_programs() -> None:
    d = diff_snapshots(*fema_2007())
    assert pairing(d, "pd-gt") == (("renamed", "moved"), "fema-gpd")


def test_ice_2009_fps_leaving_and_a_new_office_with_no_word_in_common_stay_apart() -> None:
    d = diff_snapshots(*ice_2009())
    assert brief(d) == [(("added",), [], ["odpp"]), (("removed",), ["fps"], [])]
    fps = next(c for c in d.changes if c.before)
    assert fps.evidence["absorbers"][0]["key"] == "ice"


def test_uk_2016_bis_and_decc_merge_into_beis_and_education_moves_to_dfe() -> None:
    d = diff_snapshots(*uk_2016())
    records = brief(d)
    merged = [r for r in records if "merged" in r[0]]
    assert len(merged) == 1
    types, b, a = merged[0]
    assert b == ["bis", "decc"] and "beis" in a
    for k in ("hefce", "slc", "offa", "sfa"):
        assert (("moved",), [k], [k]) in records
    # the other bodies followed their departments into BEIS: none moved
    for k in ("companies-house", "met-office", "nda", "oga", "ccc"):
        assert pairing(d, k) == ((), k)
    # DExEU is new, not anything of BIS or DECC
    assert (("added",), [], ["dexeu"]) in records
    # UK Trade & Investment went into DIT (GOV.UK: replaced): paired with
    # nothing else
    ukti = pairing(d, "ukti")
    assert ukti is None or ukti[1] == "dit"


def test_uk_2020_fco_services_becomes_fcdo_services_and_dit_is_untouched() -> None:
    d = diff_snapshots(*uk_2020())
    # the body took its new parent's acronym: renamed, not moved
    fs = record_of(d, "fco-services")
    assert fs is not None and fs[1:] == (["fco-services"], ["fcdo-services"]) and \
        "renamed" in fs[0] and "moved" not in fs[0]
    for k in ("dit", "ukef", "bot", "british-council", "wilton-park"):
        assert pairing(d, k) == ((), k)


def test_uk_2020_fco_and_dfid_merge_into_the_fcdo() -> None:
    d = diff_snapshots(*uk_2020())
    rec = record_of(d, "dfid")
    assert rec is not None and "merged" in rec[0] and rec[1:] == (["dfid", "fco"], ["fcdo"])
    for k in ("cdc", "icai", "csc"):  # DFID's bodies followed it into the FCDO
        assert pairing(d, k) == ((), k)


@pytest.mark.xfail(strict=True, reason=(
    "engine: Skills Funding Agency renamed -> Education and Skills Funding Agency "
    "(0.708), Education Funding Agency removed (absorbers name the ESFA, overlap 1.0)"))
def test_uk_2017_efa_and_sfa_merge_into_the_esfa() -> None:
    d = diff_snapshots(*esfa_2017())
    assert (("merged",), ["efa", "sfa"], ["esfa"]) in brief(d)


@pytest.mark.xfail(strict=True, reason=(
    "engine: Bureau of Public Affairs renamed -> Bureau of Global Public Affairs "
    "(0.934), Bureau of International Information Programs removed (absorbers: R, "
    "then ECA and GPA at overlap 0.06)"))
def test_state_2019_pa_and_iip_merge_into_global_public_affairs() -> None:
    d = diff_snapshots(*state_2019())
    assert (("merged",), ["iip", "pa"], ["gpa"]) in brief(d)


def test_usda_1994_scs_renamed_nrcs_under_its_renamed_parent() -> None:
    d = diff_snapshots(*usda_1994())
    records = brief(d)
    assert (("renamed",), ["asnre"], ["usnre"]) in records
    assert (("renamed",), ["scs"], ["nrcs"]) in records  # not moved: its parent was renamed
    assert pairing(d, "fs") == ((), "fs")
    assert pairing(d, "ogc") == ((), "ogc")


def test_usda_1994_two_assistant_secretaries_merge_into_the_research_under_secretary() -> None:
    d = diff_snapshots(*usda_1994())
    assert (("merged",), ["ase", "asse"], ["ree"]) in brief(d)
    for k in ("ars", "nal", "ers", "nass"):  # followed their mission area
        assert pairing(d, k) == ((), k)


@pytest.mark.xfail(strict=True, reason=(
    "engine: Cooperative State Research Service renamed -> Cooperative State Research, "
    "Education, and Extension Service (0.934), Extension Service removed (no absorbers "
    "named at all)"))
def test_usda_1994_csrs_and_the_extension_service_merge_into_csrees() -> None:
    d = diff_snapshots(*usda_1994())
    assert (("merged",), ["csrs", "es"], ["csrees"]) in brief(d)


def test_defra_2013_a_body_taken_back_into_its_department_is_removed_naming_it() -> None:
    d = diff_snapshots(*defra_2013())
    assert brief(d) == [(("removed",), ["crc"], [])]
    absorbers = d.changes[0].evidence["absorbers"]
    assert {"key": "defra", "relation": "parent"}.items() <= absorbers[0].items()
