"""Recognising units in page text: acronym forms, kinds, parents, furniture, keys.

Each case is a small page written here, so the expected units are read off the
page text in the test itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from orgarchive.extract.draft import Draft, extract_file
from orgarchive.extract.words import acronym_fits, normalise_name, sentences


def draft(tmp_path: Path, text: str, name: str = "page.txt") -> Draft:
    page = tmp_path / name
    page.write_text(text)
    return extract_file(str(page), agency="ICE", as_of=date(2010, 1, 1))


def table(d: Draft) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(u.key, u.name, u.acronym, u.kind, u.parent) for u in d.snapshot.units]


def test_acronym_forms(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of Investigations (OI)

OI investigates immigration crime and human smuggling.

## Management and Administration

The M&A directorate provides the infrastructure necessary for ICE operations.

Homeland Security Investigations Office of Intelligence (HSI-Intel)

This office supports the enforcement needs of ICE's executive leadership.

Cyber Crimes Center (C3)

C3 investigates criminal activities facilitated by the Internet.
""")
    assert table(d) == [
        ("oi", "Office of Investigations", "OI", "office", None),
        ("m-a", "Management and Administration", "M&A", "directorate", None),
        ("hsi-intel", "Homeland Security Investigations Office of Intelligence", "HSI-Intel",
         "office", None),
        ("c3", "Cyber Crimes Center", "C3", "center", None),
    ]


def test_kind_from_the_text_when_the_name_has_none(tmp_path: Path) -> None:
    d = draft(tmp_path, """Enforcement and Removal (DRO)

This division handles primary enforcement matters to do with non-citizens in the U.S.

Forensic Document Laboratory (FDL)

FDL is the only federal crime laboratory dedicated to detecting document fraud.

Detention Management (DM)

DM keeps custody of one of the most transient populations of any detention system.
""")
    assert [(u.name, u.kind) for u in d.snapshot.units] == [
        ("Enforcement and Removal", "division"), ("Forensic Document Laboratory", "laboratory"),
        ("Detention Management", None)]
    assert d.unit_comments == {"dm": ["kind not stated on the page"]}


def test_furniture_is_left_out(tmp_path: Path) -> None:
    d = draft(tmp_path, """Advanced Search

National Threat Advisory

Contact Information

Office of Policy

The mission of the Office of Policy is to communicate ICE's priorities and policies. Read more

How We Work

The Office of Policy offers research services including policy analysis and evaluation.

Talk to a Lawyer

Need a lawyer? Start here.

How it Works

  1. Briefly tell us about your case
  2. Provide your contact information
""")
    assert [u.name for u in d.snapshot.units] == ["Office of Policy"]
    assert d.snapshot.units[0].description == (
        "The mission of the Office of Policy is to communicate ICE's priorities and policies.")


def test_parent_from_a_within_statement_and_from_a_responsibility_statement(
        tmp_path: Path) -> None:
    d = draft(tmp_path, """The following leadership offices are located within the \
Director's Office:

Office of Public Affairs (OPA)

OPA is the agency's public face. (read more)
""")
    # A parent seen only in the text comes just before its first child.
    assert table(d) == [
        ("directors-office", "Director's Office", None, "office", None),
        ("opa", "Office of Public Affairs", "OPA", "office", "directors-office"),
    ]
    d = draft(tmp_path, """Alternatives to Detention

The Office of Detention and Removal Operations (DRO) is responsible for developing and \
implementing programs that enhance the supervision of aliens released from custody. Read More

Criminal Alien Program (CAP)

The Criminal Alien Program (CAP) focuses on identifying criminal aliens. Read More
""")
    assert table(d) == [
        ("dro", "Office of Detention and Removal Operations", "DRO", "office", None),
        ("alternatives-to-detention", "Alternatives to Detention", None, None, "dro"),
        ("cap", "Criminal Alien Program", "CAP", "program", None),
    ]
    assert d.unit_comments["alternatives-to-detention"][-1].startswith(
        "parent guessed from 'The Office of Detention and Removal Operations (DRO) is "
        "responsible for developing")


def test_a_unit_the_text_names_and_describes_is_a_child(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of Intelligence (OI)

OI also handles the National Incident Response Unit (NIRU), which assists in \
coordinating responses to emergencies. It works with the Federal Bureau of Investigation (FBI).
""")
    assert table(d) == [
        ("oi", "Office of Intelligence", "OI", "office", None),
        ("niru", "National Incident Response Unit", "NIRU", "unit", "oi"),
    ]


def test_keys_are_unique_and_fall_back_to_a_slug(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of Policy (OP)

The Office of Policy (OP) develops policy for the agency.

Office of Planning (OP)

The Office of Planning plans the agency's future work and its budget.

Air Transportation Unit

ICE manages alien transportation and repatriation flights.
""")
    assert [u.key for u in d.snapshot.units] == ["op", "air-transportation-unit"]
    assert d.unit_comments["op"] == ["also described at line 5"]


def test_words() -> None:
    assert sentences("OPR works for the U.S. government. It has staff. And more") == [
        "OPR works for the U.S. government.", "It has staff.", "And more"]
    assert acronym_fits("OPLA", "Office of the Principal Legal Advisor")
    assert acronym_fits("M&A", "Management and Administration")
    assert not acronym_fits("DHS", "Office of Policy")
    assert normalise_name("The Office of the Principal Legal Advisor (OPLA)") == \
        "office of principal legal advisor"


def test_guessed_parents_never_make_a_cycle(tmp_path: Path) -> None:
    d = draft(tmp_path, """Office of Intelligence

The Office of Intelligence Liaison Program (OILP) is responsible for developing products.

Office of Intelligence Liaison Program (OILP)

The Office of Intelligence collects and shares information on threats.
""")
    assert table(d) == [
        ("office-of-intelligence", "Office of Intelligence", None, "office", "oilp"),
        ("oilp", "Office of Intelligence Liaison Program", "OILP", "program", None),
    ]
    assert d.unit_comments["oilp"][-1] == (
        "parent 'Office of Intelligence' dropped: it would make a cycle")


def test_bold_name_leading_a_list_item_or_paragraph(tmp_path: Path) -> None:
    expected = [
        ("opa", "Office of Public Affairs", "OPA", "office", None),
        ("ocr", "Office of Congressional Relations", "OCR", "office", None),
    ]
    html = draft(tmp_path, """<html><body><h1>Offices</h1><ul>
<li><strong>Office of Public Affairs (OPA)</strong>: OPA tells the story of ICE to the public.</li>
<li><b>Office of Congressional Relations</b> &ndash; OCR handles outreach to the U.S. Congress.</li>
<li><a href="/contact">Contact us</a></li></ul></body></html>""", "offices.html")
    assert table(html) == expected
    markdown = draft(tmp_path, """# Offices

**The .gov means it's official.** Federal government websites often end in .gov or .mil.

**Office of Public Affairs (OPA)**: OPA tells the story of ICE to the public.

- **Office of Congressional Relations** – OCR handles outreach to the U.S. Congress.
""", "offices.md")
    assert table(markdown) == expected
