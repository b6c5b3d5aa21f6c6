"""Reading snapshot and lineage files: what loads, and the exact error a user sees."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from orgarchive.domain import Lineage, LineageEvent, Snapshot, Source, Unit
from orgarchive.errors import InputError
from orgarchive.files.canonical import snapshot_dict, unit_dict
from orgarchive.files.read import (
    expand_paths,
    parse_document,
    read_document,
    read_lineage,
    read_snapshot,
)

from .conftest import REPO
from .test_yaml_writer import snapshots

GOOD_YAML = """\
format: orgarchive.snapshot/1
agency: ICE
agency_name: U.S. Immigration and Customs Enforcement
as_of: 2008-11-01
observed: 2008-11-20
coverage: partial
source:
  title: ICE Operations
  url: http://www.ice.gov/about/operations.htm
  archived_url: null
units:
  - key: dro
    name: Office of Detention and Removal Operations
    acronym: DRO
    kind: office
    parent: null
    description: >-
      Promotes public safety
      by making certain that all removable aliens depart.
    aliases: []
  - key: oi
    name: Office of Investigations
    aliases: [OI, "Investigations: HQ"]
"""


def yaml_error(text: str, name: str = "bad.yaml") -> str:
    with pytest.raises(InputError) as caught:
        parse_document(textwrap.dedent(text).encode(), name)
    return str(caught.value)


def json_error(doc: Any, name: str = "bad.json") -> str:
    with pytest.raises(InputError) as caught:
        parse_document(json.dumps(doc).encode(), name)
    return str(caught.value)


def snapshot_doc(*units: dict[str, Any], **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "orgarchive.snapshot/1",
        "agency": "ICE",
        "as_of": "2010-01-01",
    }
    doc.update(top)
    doc.setdefault("units", list(units) or [{"key": "a", "name": "A"}])
    return doc


def test_reads_the_spec_example_yaml() -> None:
    snap = parse_document(GOOD_YAML.encode(), "good.yaml")
    assert snap == Snapshot(
        agency="ICE",
        agency_name="U.S. Immigration and Customs Enforcement",
        as_of=date(2008, 11, 1),
        observed=date(2008, 11, 20),
        coverage="partial",
        source=Source(title="ICE Operations", url="http://www.ice.gov/about/operations.htm"),
        units=(
            Unit(
                key="dro",
                name="Office of Detention and Removal Operations",
                acronym="DRO",
                kind="office",
                description=(
                    "Promotes public safety by making certain that all removable aliens depart."
                ),
                aliases=(),
            ),
            # A partial page that does not say where OI sits: unknown (SPEC §1).
            Unit(key="oi", name="Office of Investigations", aliases=("OI", "Investigations: HQ"),
                 parent_known=False),
        ),
    )


def test_json_and_yaml_of_the_same_content_read_the_same() -> None:
    doc = snapshot_doc(
        {"key": "hq", "name": "Headquarters"},
        {"key": "oi", "name": "Office of Investigations", "parent": "hq", "acronym": "OI"},
        coverage="complete",
        source={"title": "T"},
    )
    from_json = parse_document(json.dumps(doc).encode(), "x.json")
    from_yaml = parse_document(
        b"format: orgarchive.snapshot/1\nagency: ICE\nas_of: '2010-01-01'\ncoverage: complete\n"
        b"source: {title: T}\nunits:\n- {key: hq, name: Headquarters}\n"
        b"- {key: oi, name: Office of Investigations, parent: hq, acronym: OI}\n",
        "x.yaml",
    )
    assert from_json == from_yaml
    assert isinstance(from_json, Snapshot)
    assert from_json.unit_map()["oi"].parent == "hq"


def test_defaults_and_nulls_mean_unknown() -> None:
    doc = snapshot_doc({"key": "a", "name": "A", "acronym": None, "aliases": None, "kind": None})
    snap = parse_document(json.dumps(doc).encode(), "x.json")
    assert isinstance(snap, Snapshot)
    assert snap.coverage == "complete"
    assert snap.source is None and snap.observed is None and snap.agency_name is None
    assert snap.units == (Unit(key="a", name="A"),)


def test_nested_children_are_flattened_in_file_order() -> None:
    text = """\
        format: orgarchive.snapshot/1
        agency: ICE
        as_of: 2010-01-01
        units:
          - key: ero
            name: Enforcement and Removal Operations
            children:
              - key: fo
                name: Field Operations
                children:
                  - {key: fo-ny, name: New York Field Office, parent: fo}
              - key: ihsc
                name: ICE Health Service Corps
          - key: hsi
            name: Homeland Security Investigations
        """
    snap = parse_document(textwrap.dedent(text).encode(), "n.yaml")
    assert isinstance(snap, Snapshot)
    assert [(u.key, u.parent) for u in snap.units] == [
        ("ero", None),
        ("fo", "ero"),
        ("fo-ny", "fo"),
        ("ihsc", "ero"),
        ("hsi", None),
    ]


def test_a_child_stating_another_parent_is_an_error() -> None:
    text = """\
        format: orgarchive.snapshot/1
        agency: ICE
        as_of: 2010-01-01
        units:
          - key: ero
            name: ERO
          - key: hsi
            name: HSI
            children:
              - key: fo
                name: Field Operations
                parent: ero
        """
    assert yaml_error(text) == (
        "bad.yaml: line 12: unit 'fo': parent 'ero' differs from the enclosing unit 'hsi'"
    )


def test_reads_the_bundled_files() -> None:
    folder = REPO / "snapshots"
    paths = expand_paths([folder])
    assert paths and all(p.suffix in (".yaml", ".yml", ".json") for p in paths)
    docs = [read_document(p) for p in paths]
    assert any(isinstance(d, Snapshot) for d in docs)


def test_lineage_file() -> None:
    text = """\
        format: orgarchive.lineage/1
        agency: ICE
        events:
          - date: 2010-06-09
            type: renamed
            from: [oi]
            to: [hsi]
            note: Office of Investigations became Homeland Security Investigations.
            source: {title: ICE news, url: 'http://example.org/x'}
          - date: 2003-03-01
            type: added
            to: [ice]
        """
    lineage = parse_document(textwrap.dedent(text).encode(), "l.yaml")
    assert lineage == Lineage(
        agency="ICE",
        events=(
            LineageEvent(
                date=date(2010, 6, 9),
                type="renamed",
                from_keys=("oi",),
                to_keys=("hsi",),
                note="Office of Investigations became Homeland Security Investigations.",
                source=Source(title="ICE news", url="http://example.org/x"),
            ),
            LineageEvent(date=date(2003, 3, 1), type="added", from_keys=(), to_keys=("ice",)),
        ),
    )


def test_a_lineage_file_may_name_its_units() -> None:
    text = """\
        format: orgarchive.lineage/1
        agency: ICE
        events:
          - {date: 2017-04-26, type: added, to: [voice]}
        units:
          - key: voice
            name: Victims of Immigration Crime Engagement Office
            acronym: VOICE
            parent: ope
          - key: amo
            name: Office of Air and Marine Operations
          - {key: ice, name: U.S. Immigration and Customs Enforcement, parent: null}
        """
    lineage = parse_document(textwrap.dedent(text).encode(), "l.yaml")
    assert isinstance(lineage, Lineage)
    assert lineage.units == (
        # a parent may be a unit only snapshots hold
        Unit("voice", "Victims of Immigration Crime Engagement Office", acronym="VOICE",
             parent="ope"),
        Unit("amo", "Office of Air and Marine Operations", parent_known=False),  # not said
        Unit("ice", "U.S. Immigration and Customs Enforcement"),  # at the top
    )


@pytest.mark.parametrize(("units", "expected"), [
    ("  - {key: a}\n", "l.yaml: line 5: unit 'a': missing required field 'name'"),
    ("  - {key: a, name: A, parnet: b}\n",
     "l.yaml: line 5: unit 'a': unknown field 'parnet' (did you mean 'parent'?)"),
    ("  - {key: a, name: A}\n  - {key: a, name: B}\n",
     "l.yaml: line 6: duplicate unit key 'a' (first at line 5)"),
    ("  - {key: a, name: A, parent: b}\n  - {key: b, name: B, parent: a}\n",
     "l.yaml: line 5: parent cycle: a -> b -> a"),
    ("  {key: a, name: A}\n", "l.yaml: line 4: units must be a list of units, not a mapping"),
])
def test_named_units_of_a_lineage_file_follow_the_unit_rules(units: str, expected: str) -> None:
    text = "format: orgarchive.lineage/1\nagency: ICE\nevents: []\nunits:\n" + units
    assert yaml_error(text, "l.yaml") == expected


# ---------------------------------------------------------------- YAML errors, exact lines


def test_unknown_unit_field_names_line_and_suggests() -> None:
    text = """\
        format: orgarchive.snapshot/1
        agency: ICE
        as_of: 2008-11-01
        units:
          - key: oi
            name: Office of Investigations
            acroynm: OI
        """
    assert yaml_error(text) == (
        "bad.yaml: line 7: unit 'oi': unknown field 'acroynm' (did you mean 'acronym'?)"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "format: orgarchive.snapshot/2\n",
            "line 1: format 'orgarchive.snapshot/2' is not supported"
            " (expected orgarchive.snapshot/1 or orgarchive.lineage/1)",
        ),
        (
            "formt: x\n",
            "line 1: missing required field 'format'"
            " (expected orgarchive.snapshot/1 or orgarchive.lineage/1)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-13-01\nunits: "
            "[{key: a, name: A}]\n",
            "line 3: as_of: '2008-13-01' is not a valid date (YYYY-MM-DD)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-1-1\nunits: "
            "[{key: a, name: A}]\n",
            "line 3: as_of: '2008-1-1' is not a valid date (YYYY-MM-DD)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nunits: [{key: a, name: A}]\n",
            "line 1: missing required field 'as_of'",
        ),
        (
            "format: orgarchive.snapshot/1\nas_of: 2008-01-01\nunits: [{key: a, name: A}]\n",
            "line 1: missing required field 'agency'",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: I C E\nas_of: 2008-01-01\n"
            "units: [{key: a, name: A}]\n",
            "line 2: agency: 'I C E' is not a valid agency code (letters, digits, & . _ -)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\ncoverage: full\n"
            "units: [{key: a, name: A}]\n",
            "line 4: coverage: 'full' must be complete or partial",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nobserved: soon\n"
            "units: [{key: a, name: A}]\n",
            "line 4: observed: 'soon' is not a valid date (YYYY-MM-DD)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nunits: []\n",
            "line 4: units must be a non-empty list of units, not a list",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\n",
            "line 1: missing required field 'units'",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nunit: []\n",
            "line 4: unknown field 'unit' (did you mean 'units'?)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nagency_name: ''\n"
            "units: [{key: a, name: A}]\n",
            "line 4: agency_name is empty (leave the field out if unknown)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nsource: [x]\n"
            "units: [{key: a, name: A}]\n",
            "line 4: source must be a mapping (title, url, archived_url, note)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nsource:\n  titel: x\n"
            "units: [{key: a, name: A}]\n",
            "line 5: source: unknown field 'titel' (did you mean 'title'?)",
        ),
        (
            "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nsource:\n  url: [x]\n"
            "units: [{key: a, name: A}]\n",
            "line 5: source url must be text, not a list",
        ),
    ],
)
def test_top_level_rules(body: str, expected: str) -> None:
    assert yaml_error(body) == f"bad.yaml: {expected}"


UNITS_HEAD = "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\nunits:\n"


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        ("  - name: No Key\n", "line 5: unit without a 'key'"),
        (
            "  - key: OI\n    name: X\n",
            "line 5: unit key 'OI' is not valid (lower-case letters, digits, '.', '_', '-',"
            " starting with a letter or digit)",
        ),
        (
            "  - key: -oi\n    name: X\n",
            "line 5: unit key '-oi' is not valid (lower-case letters,"
            " digits, '.', '_', '-', starting with a letter or digit)",
        ),
        ("  - key: [a]\n    name: X\n", "line 5: unit key must be text, not a list"),
        ("  - key: oi\n", "line 5: unit 'oi': missing required field 'name'"),
        ("  - key: oi\n    name: ''\n", "line 6: unit 'oi': name must be non-empty text, not ''"),
        (
            "  - key: oi\n    name: '   '\n",
            "line 6: unit 'oi': name must be non-empty text, not '   '",
        ),
        (
            "  - key: oi\n    name: X\n    acronym: ''\n",
            "line 7: unit 'oi': acronym is empty (leave the field out if unknown)",
        ),
        (
            "  - key: oi\n    name: X\n    kind: {a: b}\n",
            "line 7: unit 'oi': kind must be text, not a mapping",
        ),
        (
            "  - key: oi\n    name: X\n    description: ' '\n",
            "line 7: unit 'oi': description is empty (leave the field out if unknown)",
        ),
        (
            "  - key: oi\n    name: X\n    aliases: OI\n",
            "line 7: unit 'oi': aliases must be a list of names, not 'OI'",
        ),
        (
            "  - key: oi\n    name: X\n    aliases:\n      - A\n      - ''\n",
            "line 9: unit 'oi': alias '' must be non-empty text",
        ),
        (
            "  - key: oi\n    name: X\n    parent: [a]\n",
            "line 7: unit 'oi': parent must be a unit key, not a list",
        ),
        (
            "  - key: dro\n    name: X\n    parent: xyz\n",
            "line 7: unit 'dro': parent 'xyz' is not a unit in this file",
        ),
        (
            "  - key: a\n    name: A\n  - key: oi\n    name: B\n  - key: oi\n    name: C\n",
            "line 9: duplicate unit key 'oi' (first at line 7)",
        ),
        (
            "  - key: a\n    name: A\n    parent: b\n  - key: b\n    name: B\n    parent: a\n",
            "line 7: parent cycle: a -> b -> a",
        ),
        ("  - key: a\n    name: A\n    parent: a\n", "line 7: parent cycle: a -> a"),
        (
            "  - key: r\n    name: R\n  - key: a\n    name: A\n    parent: c\n  - "
            "key: b\n    name: B\n"
            "    parent: a\n  - key: c\n    name: C\n    parent: b\n",
            "line 9: parent cycle: a -> c -> b -> a",
        ),
        ("  - just text\n", "line 5: a unit must be a mapping with key and name, not 'just text'"),
        (
            "  - key: a\n    name: A\n    children: x\n",
            "line 7: unit 'a': children must be a list of units",
        ),
        (
            "  - key: a\n    name: A\n    name: B\n",
            "line 7: duplicate field 'name' (first at line 6)",
        ),
    ],
)
def test_unit_rules(units: str, expected: str) -> None:
    assert yaml_error(UNITS_HEAD + units) == f"bad.yaml: {expected}"


def test_units_later_in_file_can_be_parents_without_a_cycle() -> None:
    body = (
        UNITS_HEAD + "  - {key: c, name: C, parent: b}\n  - {key: b, name: B, parent: a}\n  "
        "- {key: a, name: A}\n"
    )
    snap = parse_document(body.encode(), "ok.yaml")
    assert isinstance(snap, Snapshot)
    assert [u.parent for u in snap.units] == ["b", "a", None]


LINEAGE_HEAD = "format: orgarchive.lineage/1\nagency: ICE\nevents:\n"


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            "  - {type: renamed, from: [a], to: [b]}\n",
            "line 4: event 1: missing required field 'date'",
        ),
        (
            "  - {date: 2010-02-30, type: renamed, from: [a], to: [b]}\n",
            "line 4: event 1: date: '2010-02-30' is not a valid date (YYYY-MM-DD)",
        ),
        (
            "  - {date: 2010-01-01, type: renamed, from: [a], to: [b]}\n  - {date: "
            "2010-01-01, type: reorganized}\n",
            "line 5: event 2: type 'reorganized' is not one of renamed, moved, merged, "
            "split, added, removed",
        ),
        (
            "  - {date: 2010-01-01, type: renamed, from: [a, b], to: [c]}\n",
            "line 4: event 1: renamed needs one key in 'from' and one in 'to' (got 2 and 1)",
        ),
        (
            "  - {date: 2010-01-01, type: moved, from: [a]}\n",
            "line 4: event 1: moved needs one key in 'from' and one in 'to' (got 1 and 0)",
        ),
        (
            "  - {date: 2010-01-01, type: merged, from: [a], to: [c]}\n",
            "line 4: event 1: merged needs two or more keys in 'from' and one in "
            "'to' (got 1 and 1)",
        ),
        (
            "  - {date: 2010-01-01, type: split, from: [a], to: [c]}\n",
            "line 4: event 1: split needs one key in 'from' and two or more in 'to' (got 1 and 1)",
        ),
        (
            "  - {date: 2010-01-01, type: added, from: [a], to: [c]}\n",
            "line 4: event 1: added needs no key in 'from' and one or more in 'to' (got 1 and 1)",
        ),
        (
            "  - {date: 2010-01-01, type: removed, from: [], to: []}\n",
            "line 4: event 1: removed needs one or more keys in 'from' and none in "
            "'to' (got 0 and 0)",
        ),
        (
            "  - {date: 2010-01-01, type: removed, from: [Bad Key]}\n",
            "line 4: event 1: from: 'Bad Key' is not a valid unit key (lower-case "
            "letters, digits, '.',"
            " '_', '-', starting with a letter or digit)",
        ),
        (
            "  - {date: 2010-01-01, type: merged, from: [a, a], to: [b]}\n",
            "line 4: event 1: from: key 'a' is listed twice",
        ),
        (
            "  - {date: 2010-01-01, type: removed, from: a}\n",
            "line 4: event 1: from must be a list of unit keys, not 'a'",
        ),
        (
            "  - date: 2010-01-01\n    type: removed\n    from: [a]\n    notes: x\n",
            "line 7: event 1: unknown field 'notes' (did you mean 'note'?)",
        ),
        (
            "  - date: 2010-01-01\n    type: removed\n    from: [a]\n    note: ''\n",
            "line 7: event 1: note is empty (leave the field out if unknown)",
        ),
        (
            "  - date: 2010-01-01\n    type: removed\n    from: [a]\n    source: x\n",
            "line 7: event 1: source must be a mapping (title, url, archived_url, note)",
        ),
        ("  - [a]\n", "line 4: event 1: an event must be a mapping (date, type, from, to)"),
        (
            "  - {date: 2010-01-01, type: [renamed], from: [a], to: [b]}\n",
            "line 4: event 1: type a list is not one of renamed, moved, merged, split, added,"
            " removed",
        ),
        (
            "  - {date: 2010-01-01, from: [a], to: [b]}\n",
            "line 4: event 1: missing required field 'type' (renamed, moved, merged, split, added,"
            " removed)",
        ),
    ],
)
def test_lineage_rules(events: str, expected: str) -> None:
    assert yaml_error(LINEAGE_HEAD + events) == f"bad.yaml: {expected}"


def test_lineage_needs_events_and_agency() -> None:
    assert yaml_error("format: orgarchive.lineage/1\nagency: ICE\n") == (
        "bad.yaml: line 1: missing required field 'events'"
    )
    assert yaml_error("format: orgarchive.lineage/1\nevents: []\n") == (
        "bad.yaml: line 1: missing required field 'agency'"
    )


# ---------------------------------------------------------------- JSON errors, pointers


def test_json_errors_name_a_json_pointer() -> None:
    units = [{"key": f"u{i}", "name": f"U{i}"} for i in range(4)]
    units[3]["parent"] = "xyz"
    assert json_error(snapshot_doc(*units)) == (
        "bad.json: /units/3/parent: unit 'u3': parent 'xyz' is not a unit in this file"
    )
    assert json_error(snapshot_doc({"key": "a", "name": "A", "acronym": 7})) == (
        "bad.json: /units/0/acronym: unit 'a': acronym must be text, not 7"
    )
    assert json_error(snapshot_doc({"key": "a", "name": True})) == (
        "bad.json: /units/0/name: unit 'a': name must be non-empty text, not true"
    )
    nested = {"key": "a", "name": "A", "children": [{"key": "b", "name": "B", "kind": ""}]}
    assert json_error(snapshot_doc(nested)) == (
        "bad.json: /units/0/children/0/kind: unit 'b': kind is empty (leave "
        "the field out if unknown)"
    )
    dup = [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}, {"key": "a", "name": "C"}]
    assert json_error(snapshot_doc(*dup)) == (
        "bad.json: /units/2/key: duplicate unit key 'a' (first at /units/0/key)"
    )
    assert json_error(snapshot_doc(as_of=20080101)) == (
        "bad.json: /as_of: as_of: 20080101 is not a valid date (YYYY-MM-DD)"
    )
    assert json_error([1, 2]) == (
        "bad.json: the document must be a mapping with a 'format' field"
        " (expected orgarchive.snapshot/1 or orgarchive.lineage/1)"
    )


def test_json_syntax_error_and_duplicate_member() -> None:
    with pytest.raises(InputError) as caught:
        parse_document(b'{"format": "orgarchive.snapshot/1",\n "agency": "ICE",,\n}', "s.json")
    assert str(caught.value) == (
        "s.json: line 2: invalid JSON: Expecting property name enclosed in "
        "double quotes (column 18)"
    )
    text = (
        '{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2010-01-01",'
        ' "units": [{"key": "a", "name": "A"}, {"key": "b", "name": "B", "name": "C"}]}'
    )
    with pytest.raises(InputError) as caught:
        parse_document(text.encode(), "s.json")
    assert str(caught.value) == "s.json: /units/1/name: duplicate field 'name'"


def test_json_pointer_escapes_slash_and_tilde() -> None:
    assert json_error(snapshot_doc({"key": "a", "name": "A", "a/b~c": 1})) == (
        "bad.json: /units/0/a~1b~0c: unit 'a': unknown field 'a/b~c'"
    )


def test_json_rejects_nan_and_text_that_cannot_be_stored() -> None:
    with pytest.raises(InputError) as caught:
        parse_document(b'{"format": NaN}', "n.json")
    assert str(caught.value) == "n.json: invalid JSON: NaN is not allowed in JSON"
    doc = snapshot_doc({"key": "a", "name": "A\u0000B"})
    assert json_error(doc) == (
        "bad.json: /units/0/name: text holds a NUL character or a lone surrogate,"
        " which cannot be stored"
    )
    lone = json.dumps(snapshot_doc({"key": "a", "name": "A"})).replace('"A"', '"\\ud800"')
    with pytest.raises(InputError) as caught:
        parse_document(lone.encode(), "s.json")
    assert str(caught.value) == (
        "s.json: /units/0/name: text holds a NUL character or a lone surrogate,"
        " which cannot be stored"
    )


# ---------------------------------------------------------------- formats and paths


def test_format_is_decided_by_extension_then_content(tmp_path: Path) -> None:
    doc = json.dumps(snapshot_doc()).encode()
    assert isinstance(parse_document(doc, "no-extension"), Snapshot)
    assert isinstance(parse_document(b"\xef\xbb\xbf" + doc, "bom.json"), Snapshot)  # BOM is fine
    # A .yaml file holding JSON is read as YAML, which JSON of this kind also is.
    assert isinstance(parse_document(doc, "x.yaml"), Snapshot)
    # A .json file holding YAML is a JSON error at line 1.
    with pytest.raises(InputError) as caught:
        parse_document(GOOD_YAML.encode(), "x.json")
    assert str(caught.value).startswith("x.json: line 1: invalid JSON: ")


def test_read_snapshot_and_read_lineage_insist_on_the_kind(tmp_path: Path) -> None:
    snap = tmp_path / "s.yaml"
    snap.write_text(GOOD_YAML)
    lin = tmp_path / "l.yaml"
    lin.write_text("format: orgarchive.lineage/1\nagency: ICE\nevents: []\n")
    assert isinstance(read_snapshot(snap), Snapshot)
    assert read_lineage(lin) == Lineage(agency="ICE", events=())
    with pytest.raises(InputError) as caught:
        read_snapshot(lin)
    assert (
        str(caught.value)
        == f"{lin}: is a lineage file, expected a snapshot (orgarchive.snapshot/1)"
    )
    with pytest.raises(InputError) as caught:
        read_lineage(snap)
    assert (
        str(caught.value)
        == f"{snap}: is a snapshot file, expected a lineage (orgarchive.lineage/1)"
    )


def test_read_document_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "nope.yaml")
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: no such file"
    with pytest.raises(InputError) as caught:
        read_document(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a file"


def test_expand_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ["z.yaml", "a.json", "b/c.yml", "b/notes.txt", ".hidden/h.yaml", ".x.yaml"]:
        (tmp_path / rel).write_text("x")
    single = tmp_path / "b" / "notes.txt"
    got = expand_paths([tmp_path, single, tmp_path / "a.json"])
    assert got == [tmp_path / "a.json", tmp_path / "b" / "c.yml", tmp_path / "z.yaml", single]
    with pytest.raises(InputError) as caught:
        expand_paths([tmp_path / "missing"])
    assert str(caught.value) == f"{tmp_path / 'missing'}: no such file or folder"
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as caught:
        expand_paths([tmp_path / "empty"])
    assert str(caught.value) == f"{tmp_path / 'empty'}: folder holds no .yaml, .yml or .json file"


def test_empty_file() -> None:
    with pytest.raises(InputError) as caught:
        parse_document(b"  \n", "e.yaml")
    assert str(caught.value) == "e.yaml: the file is empty"


# ---------------------------------------------------------------- properties


def _flat_json(snapshot: Snapshot) -> bytes:
    doc = snapshot_dict(snapshot)
    partial = snapshot.coverage == "partial"
    doc["units"] = [unit_dict(u, partial) for u in snapshot.units]  # keep file order
    if snapshot.source is not None:
        doc["source"] = {
            f: getattr(snapshot.source, f)
            for f in ("title", "url", "archived_url", "note")
            if getattr(snapshot.source, f) is not None
        }
    return json.dumps(doc).encode()


@settings(max_examples=200, deadline=None)
@given(snapshots())
def test_any_valid_snapshot_reads_back_from_json(snapshot: Snapshot) -> None:
    assert parse_document(_flat_json(snapshot), "s.json") == snapshot


def _nest(units: tuple[Unit, ...], partial: bool) -> list[dict[str, Any]]:
    """The units as nested ``children`` lists (parents stated only for a root
    known to be at the top of a partial snapshot)."""
    nodes = {u.key: {k: v for k, v in unit_dict(u).items() if k != "parent"} for u in units}
    roots: list[dict[str, Any]] = []
    for unit in units:
        node = nodes[unit.key]
        if unit.parent is None:
            if partial and unit.parent_known:
                node["parent"] = None
            roots.append(node)
        else:
            nodes[unit.parent].setdefault("children", []).append(node)
    return roots


def _preorder(units: tuple[Unit, ...]) -> list[str]:
    kids: dict[str | None, list[str]] = {}
    for unit in units:
        kids.setdefault(unit.parent, []).append(unit.key)
    out: list[str] = []
    stack = list(reversed(kids.get(None, [])))
    while stack:
        key = stack.pop()
        out.append(key)
        stack.extend(reversed(kids.get(key, [])))
    return out


@settings(max_examples=200, deadline=None)
@given(snapshots())
def test_nested_form_flattens_to_the_same_units_in_tree_order(snapshot: Snapshot) -> None:
    doc = snapshot_dict(snapshot)
    doc["units"] = _nest(snapshot.units, snapshot.coverage == "partial")
    doc.pop("source", None)
    got = parse_document(json.dumps(doc).encode(), "n.json")
    assert isinstance(got, Snapshot)
    assert [u.key for u in got.units] == _preorder(snapshot.units)
    assert sorted(got.units, key=lambda u: u.key) == sorted(snapshot.units, key=lambda u: u.key)


def test_long_values_are_shortened_in_messages() -> None:
    long_parent = "x" * 200
    message = json_error(snapshot_doc({"key": "a", "name": "A", "parent": long_parent}))
    assert message == (
        f"bad.json: /units/0/parent: unit 'a': parent '{'x' * 55}...' is not a unit in this file"
    )
