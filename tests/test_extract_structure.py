"""Units and parents from a page's structure: lists, org charts, tables, prose, positions.

Each case is a small page written here in a layout agencies publish; the
expected units and parents are read off the page text in the test itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from orgarchive.extract.blocks import text_blocks
from orgarchive.extract.draft import Draft, extract_file
from orgarchive.extract.names import clean_name, judge
from orgarchive.extract.people import split_official, split_person_line

OWN = frozenset({"dea", "DEA"})


def draft(tmp_path: Path, text: str, name: str = "page.txt", agency: str = "DEA") -> Draft:
    page = tmp_path / name
    page.write_text(text)
    return extract_file(str(page), agency=agency, as_of=date(2019, 3, 25))


def tree(d: Draft) -> list[tuple[str, str | None]]:
    """(name, parent's name) of each drafted unit, in draft order."""
    names = {u.key: u.name for u in d.snapshot.units}
    return [(u.name, names.get(u.parent) if u.parent else None) for u in d.snapshot.units]


def test_nested_bullets_with_position_boxes(tmp_path: Path) -> None:
    d = draft(tmp_path, """Drug Enforcement Administration

  • Administrator
    • Office of Administrative Law Judges
    • Deputy Administrator
      • Human Resources Division, Assistant Administrator
      • Operations Division, Chief of Operations
        • Office of Special Intelligence
      • Office of Chief Counsel

Approved by: William P. Barr, Attorney General
""")
    # Administrator and Deputy Administrator are boxes: they group units, they are none.
    assert tree(d) == [
        ("Office of Administrative Law Judges", None),
        ("Human Resources Division", None),
        ("Operations Division", None),
        ("Office of Special Intelligence", "Operations Division"),
        ("Office of Chief Counsel", None),
    ]
    assert "name cut from 'Human Resources Division, Assistant Administrator'" in \
        d.unit_comments["human-resources-division"]


def test_bullets_whose_indentation_was_lost_nest_by_their_marker(tmp_path: Path) -> None:
    d = draft(tmp_path, """* Office of the Director
o Office of Public Affairs
o Security Division
* National Security Branch
o Counterterrorism Division
""", agency="FBI")
    assert tree(d) == [
        ("Office of the Director", None), ("Office of Public Affairs", "Office of the Director"),
        ("Security Division", "Office of the Director"), ("National Security Branch", None),
        ("Counterterrorism Division", "National Security Branch"),
    ]


def test_org_chart_lines_whose_layout_was_lost(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of the Administrator

Chief of Staff

Disaster Assistance
Disaster Operations
Office of Policy

Regional Operations
Region I (Connecticut, Maine, Vermont)
Region II (New Jersey, New York)

Last Modified: Friday, 26-Sep-2008 13:15:08 EDT
""", agency="FEMA")
    # Plain names among unit lines are units; a position is not; the first line of a
    # group whose other lines all open with another word heads them.
    assert tree(d) == [
        ("Office of the Administrator", None), ("Disaster Assistance", None),
        ("Disaster Operations", None), ("Office of Policy", None),
        ("Regional Operations", None), ("Region I", "Regional Operations"),
        ("Region II", "Regional Operations"),
    ]
    assert d.snapshot.units[-1].description == "New Jersey, New York"


def test_table_cells_that_ran_together_are_split_and_positions_left_out(tmp_path: Path) -> None:
    d = draft(tmp_path, """Department of Homeland Security

Chief of StaffJohn Gountanis, Acting

Office of the Secretary
Strategy, Policy, and PlansChad F. Wolf
Public AffairsAlexei Woltornist, Acting
Chief Privacy OfficerDena Kozanas

Operational and Support Components
Science and Technology(vacancy)
U.S. Secret ServiceJames M. Murray
""", agency="DHS")
    assert tree(d) == [
        ("Office of the Secretary", None),
        ("Strategy, Policy, and Plans", "Office of the Secretary"),
        ("Public Affairs", "Office of the Secretary"),
        ("Science and Technology", None), ("U.S. Secret Service", None),
    ]
    assert split_official("Chief Financial OfficerTroy D. Edgar") == (
        "Chief Financial Officer", "Troy D. Edgar")
    assert split_official("Military AdvisorRear Adm. Brendan C. McPherson") == (
        "Military Advisor", "Rear Adm. Brendan C. McPherson")
    assert split_official("FedRAMP Program Office") is None


def test_markdown_table_with_grouping_and_acronym_columns(tmp_path: Path) -> None:
    d = draft(tmp_path, """# Agencies

| Mission area | Agency | Acronym |
|---|---|---|
| Rural Development | Rural Housing Service | RHS |
| Rural Development | Rural Utilities Service | RUS |
| Rural Development | Rural Business-Cooperative Service | RBS |
| Food Safety | Food Safety and Inspection Service | FSIS |
""", name="page.md", agency="USDA")
    assert [(u.name, u.acronym) for u in d.snapshot.units if u.acronym] == [
        ("Rural Housing Service", "RHS"), ("Rural Utilities Service", "RUS"),
        ("Rural Business-Cooperative Service", "RBS"),
        ("Food Safety and Inspection Service", "FSIS")]
    assert ("Rural Utilities Service", "Rural Development") in tree(d)
    assert d.unit_comments["rural-development"] == [
        "a group of rows in a table; check that it is a unit", "kind not stated on the page"]


def test_html_list_of_links_is_navigation_unless_a_heading_names_units(tmp_path: Path) -> None:
    d = draft(tmp_path, """<html><body><main><h1>Our Organization</h1>
<h2>Staff Offices</h2><ul><li><a href="/ogc">Office of General Counsel</a></li>
<li><a href="/oe">Office of Education</a></li></ul>
<h2>Related Links</h2><ul><li><a href="/x">Office of Personnel Management</a></li>
<li><a href="/y">Department of Commerce</a></li></ul></main></body></html>""",
              name="page.html", agency="NOAA")
    assert tree(d) == [("Office of General Counsel", None), ("Office of Education", None)]


def test_prose_enumerations_and_what_they_introduce(tmp_path: Path) -> None:
    d = draft(tmp_path, """Organization

TTS is organized into two branches, the Office of Delivery and the Office of Operations.

18F is organized into three chapters: Design, Engineering, and Product. There are also \
two supporting practice areas: Acquisition, Client Services.

The Refugee Division is made up of two branches:

The Resettlement Branch provides resettlement opportunities to qualified refugees.

The Screening Branch, with officers around the world, checks applications abroad.
""", agency="TTS")
    assert tree(d) == [
        ("Office of Delivery", None), ("Office of Operations", None),
        ("18F", None), ("Design", "18F"), ("Engineering", "18F"), ("Product", "18F"),
        ("Acquisition", "18F"), ("Client Services", "18F"),
        ("Refugee Division", None), ("Resettlement Branch", "Refugee Division"),
        ("Screening Branch", "Refugee Division"),
    ]


def test_a_head_line_between_a_heading_and_its_text_is_passed_over(tmp_path: Path) -> None:
    d = draft(tmp_path, """Judicial Security Division

Assistant Director: Mark Greer

The Judicial Security Division (JSD) protects federal judges and jurors.

Office of General Counsel

General Counsel Ann Blackwell

The Office of General Counsel (OGC) gives legal advice to the Director.
""", agency="USMS")
    assert [(u.name, u.acronym, u.description) for u in d.snapshot.units] == [
        ("Judicial Security Division", "JSD",
         "The Judicial Security Division (JSD) protects federal judges and jurors."),
        ("Office of General Counsel", "OGC",
         "The Office of General Counsel (OGC) gives legal advice to the Director."),
    ]
    assert split_person_line("Acting Executive Assistant Commissioner Diane Sabatino") == (
        "Acting Executive Assistant Commissioner", "Diane Sabatino")
    assert split_person_line("Human Resources Division") is None


def test_front_matter_is_metadata_and_bold_labels_under_a_unit_are_its_teams(
        tmp_path: Path) -> None:
    d = draft(tmp_path, """---
title: TTS offices
subnav:
  - text: Office of Acquisition
---

### Office of Operations

The Office of Operations oversees several operational teams that support the work of TTS.

- **Business:** Manages finances and travel
- **Talent:** Drives recruitment
""", name="offices.md", agency="TTS")
    assert tree(d) == [("Office of Operations", None), ("Business", "Office of Operations"),
                       ("Talent", "Office of Operations")]
    assert d.snapshot.source is not None and d.snapshot.source.title == "TTS offices"


def test_what_a_name_is_before_its_context() -> None:
    def verdict(name: str) -> str:
        return judge(name, own=OWN, code="DEA")
    assert verdict("Human Resources Division") == "unit"
    assert verdict("Office of Chief Counsel") == "unit"
    assert verdict("Disaster Assistance") == "name"
    assert verdict("Deputy Administrator") == "position"
    assert verdict("Chief of Staff") == "position"
    assert verdict("Executive Assistant Director – Operations Group") == "position"
    assert verdict("Inspector General") == "position"
    assert verdict("Line Offices") == "class"
    assert verdict("Operational and Support Components") == "class"
    assert verdict("Drug Enforcement Administration") == "agency"
    assert verdict("DEA Org Chart") == "furniture"
    assert verdict("Contact Us") == "furniture"
    assert verdict("Contact Centers") == "unit"
    assert verdict("Homeland Security Act of 2002") == "text"
    assert verdict("provide simpler, clearer, faster access to services") == "text"
    assert clean_name("Office of Management / Chief Financial Officer").name == \
        "Office of Management"
    assert clean_name("Cyber Division (Assistant Director: Alan Price)").name == "Cyber Division"
    assert clean_name("Identity Assurance (IDA)").acronym == "IDA"


def test_short_capitalised_lines_stay_apart_and_wrapped_prose_is_joined() -> None:
    blocks = text_blocks("Disaster Assistance\nDisaster Operations\n\nTo begin searching within "
                         "the\nGovernment Manual simply type\nin a keyword.\n", markdown=False)
    assert [(b.kind, b.text) for b in blocks] == [
        ("line", "Disaster Assistance"), ("line", "Disaster Operations"),
        ("prose", "To begin searching within the Government Manual simply type in a keyword."),
    ]


def test_a_tree_drawn_in_text_nests_by_its_branches(tmp_path: Path) -> None:
    d = draft(tmp_path, """Agency structure

Administrator
├── Office of Communications
└── Deputy Administrator
    ├── Operations Directorate
    │   ├── Field Services Division
    │   └── Logistics Division
    └── Policy Directorate
        └── Research Division
""", agency="XA")
    assert tree(d) == [
        ("Office of Communications", None), ("Operations Directorate", None),
        ("Field Services Division", "Operations Directorate"),
        ("Logistics Division", "Operations Directorate"), ("Policy Directorate", None),
        ("Research Division", "Policy Directorate"),
    ]


def test_a_list_of_partners_is_no_list_of_units(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of Investigations (OI)

OI ran the operation with state and local partners.

Partners included:

- Chicago Police Department
- Cook County Sheriff's Office
- U.S. Marshals Service

Our regional offices work with partners on cases in their regions:

- Midwest Regional Office
- Southwest Regional Office
""", agency="ICE")
    assert [name for name, _ in tree(d)] == [
        "Office of Investigations", "Midwest Regional Office", "Southwest Regional Office"]


def test_link_lines_under_a_heading_that_names_units(tmp_path: Path) -> None:
    d = draft(tmp_path, """# Our offices

## Staff Offices

[Office of the General Counsel](/ogc)

[Office of Budget](/budget)

## Related links

[Department of Commerce](/doc)

[Office of Personnel Management](/opm)
""", name="offices.md", agency="XA")
    assert [name for name, _ in tree(d)] == ["Office of the General Counsel", "Office of Budget"]


def test_an_org_chart_drawn_as_a_table_gives_every_box(tmp_path: Path) -> None:
    d = draft(tmp_path, """<html><body><h1>Organization chart</h1><table>
<tr><td colspan="3">Office of the Director</td></tr>
<tr><td>Office of Policy</td><td>Office of Operations</td><td>Deputy Director</td></tr>
<tr><td>Research Division</td><td>Field Services Division</td><td></td></tr>
</table></body></html>""", name="chart.html", agency="XA")
    assert [name for name, _ in tree(d)] == [
        "Office of the Director", "Office of Policy", "Office of Operations",
        "Research Division", "Field Services Division"]


def test_aliases_statements_and_run_in_headings_among_units(tmp_path: Path) -> None:
    d = draft(tmp_path, """<html><body><h1>Region 9</h1>
<h3>Marine Fisheries</h3><p>Marine Fisheries, also known as the Fisheries Service, manages
living marine resources.</p>
<h3>Office of Coast Survey</h3><p>The Office of Coast Survey produces nautical charts.</p>
<h2>Regional Offices</h2>
<p><strong>Office of Regional Counsel</strong> &ndash; gives legal advice to the divisions.</p>
<p><strong>External Affairs</strong> &ndash; handles media relations and outreach.</p>
</body></html>""", name="region.html", agency="XA")
    assert tree(d) == [("Region 9", None), ("Marine Fisheries", "Region 9"),
                       ("Office of Coast Survey", "Region 9"),
                       ("Office of Regional Counsel", "Region 9"), ("External Affairs", "Region 9")]
    assert d.snapshot.units[1].aliases == ("Fisheries Service",)
    prose = draft(tmp_path, """Natural Resources Directorate

About Us

The Natural Resources Directorate (NRD) helps parks. The directorate consists of the \
following divisions:

The Biological Resources Division helps parks manage wildlife.

In addition, the Inventory Division, which reports to the Associate Director, runs monitoring.

The Compliance Group is made up of several directorates, including:

- Large Business
- Fraud Investigation Service
""", agency="NPS")
    assert tree(prose) == [
        ("Natural Resources Directorate", None),
        ("Biological Resources Division", "Natural Resources Directorate"),
        ("Inventory Division", "Natural Resources Directorate"),
        ("Compliance Group", "Natural Resources Directorate"),
        ("Large Business", "Compliance Group"), ("Fraud Investigation Service", "Compliance Group"),
    ]


def test_sections_a_statement_introduces_and_heads_named_in_bold(tmp_path: Path) -> None:
    d = draft(tmp_path, """# Office of Delivery teams

The Office of Delivery is organized into product teams.

## Login.gov

**Director:** Amos Stone

Login.gov provides a secure way for the public to sign in to government websites.

## Search.gov

**Director:** Dana Chavez

Search.gov is a hosted search service for federal websites.

## Office of the Director

The Office of the Director sets the strategy for the office.
""", name="teams.md", agency="TTS")
    assert tree(d) == [("Office of Delivery", None), ("Login.gov", "Office of Delivery"),
                       ("Search.gov", "Office of Delivery"),
                       ("Office of the Director", "Office of Delivery")]
    assert "kept because the page says it is made up of product teams; check that it is one " \
        "of them" in d.unit_comments["login-gov"]


def test_a_plural_title_with_a_generic_modifier_names_no_unit(tmp_path: Path) -> None:
    d = draft(tmp_path, """<html><body><h1>Headquarters Divisions</h1>
<h4>Intelligence Division</h4><p>Chief of Intelligence: Kathleen Noone</p>
<p>The Intelligence Division collects and shares drug intelligence.</p>
<h4>Operations Division</h4><p>The Operations Division directs enforcement operations.</p>
</body></html>""", name="divisions.html")
    assert tree(d) == [("Intelligence Division", None), ("Operations Division", None)]
