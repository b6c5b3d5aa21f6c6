"""Writing a snapshot as SPEC §1 YAML: readable output that reads back the same."""

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from orgarchive.domain import Snapshot, Source, Unit
from orgarchive.files.read import parse_document
from orgarchive.files.yaml_write import dump_snapshot_yaml

AWKWARD = [
    "null",
    "Null",
    "~",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "true",
    "False",
    ".inf",
    "-.inf",
    "nan",
    "1.0",
    "0x1F",
    "0o17",
    "1_000",
    "1:20",
    "2008-01-01",
    "- dash",
    "a: b",
    "a:b",
    "# hash",
    "x #y",
    "'quoted'",
    '"dq"',
    "<b>markup</b> &amp;",
    "'; DROP TABLE units; --",
    " lead",
    "trail ",
    "multi\nline",
    "cr\rlf\r\n",
    "tab\there",
    "\u2028sep",
    "\x85nel",
    "é",
    "😀",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "@at",
    "`tick",
    "|bar",
    ">gt",
    "[x]",
    "{x: y}",
    "?",
    ", comma",
    "=",
    "<<",
    "\\back\\slash",
    "\x01ctl",
    "\x7fdel",
    "\ufeffbom",
    "Office of Detention and Removal Operations (DRO)",
    "U.S. Immigration & Customs",
]

_chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
any_texts = st.one_of(st.sampled_from(AWKWARD), st.text(_chars, min_size=1, max_size=30)).filter(
    lambda s: not s.isspace()
)
# What a snapshot may hold (tests/test_cli_hostile_input.py shows the rest refused):
# no terminal control characters nor bidirectional controls anywhere, line breaks only
# in descriptions and notes.
_CONTROLS = {chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0),
                              *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_BREAKS = {"\n", "\r", "\u2028", "\u2029"}
multiline_texts = any_texts.filter(lambda s: not _CONTROLS.intersection(s))
texts = multiline_texts.filter(lambda s: not _BREAKS.intersection(s))
optional_texts = st.none() | texts
optional_multiline = st.none() | multiline_texts
keys = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    coverage = draw(st.sampled_from(["complete", "partial"]))
    unit_keys = draw(st.lists(keys, min_size=1, max_size=8, unique=True))
    units = []
    for i, key in enumerate(unit_keys):
        parent = draw(st.none() | st.sampled_from(unit_keys[:i])) if i else None
        aliases = draw(st.none() | st.lists(texts, max_size=3).map(tuple))
        # In a partial snapshot a unit without a parent may be at the top or
        # may sit somewhere the source does not say (SPEC §1).
        known = parent is not None or coverage == "complete" or draw(st.booleans())
        units.append(
            Unit(
                key=key,
                name=draw(texts),
                acronym=draw(optional_texts),
                kind=draw(optional_texts),
                parent=parent,
                description=draw(optional_multiline),
                aliases=aliases,
                parent_known=known,
            )
        )
    source = draw(
        st.none()
        | st.builds(Source, optional_texts, optional_texts, optional_texts, optional_multiline)
    )
    as_of = draw(st.dates())
    return Snapshot(
        agency=draw(st.from_regex(r"[A-Za-z0-9&._-]{1,8}", fullmatch=True)),
        as_of=as_of,
        units=tuple(units),
        agency_name=draw(optional_texts),
        observed=draw(st.none() | st.dates(min_value=as_of)),  # never seen before as_of
        coverage=coverage,
        source=source,
    )


@settings(max_examples=300, deadline=None)
@given(snapshots())
def test_dump_reads_back_to_the_same_snapshot(snapshot: Snapshot) -> None:
    text = dump_snapshot_yaml(snapshot)
    assert parse_document(text.encode("utf-8"), "dump.yaml") == snapshot


@settings(max_examples=100, deadline=None)
@given(snapshots())
def test_other_yaml_parsers_read_the_same_text(snapshot: Snapshot) -> None:
    """YAML 1.1 (PyYAML) and 1.2 (ruamel) readers see the same names, keys and agency."""
    text = dump_snapshot_yaml(snapshot)
    for loaded in (yaml.safe_load(text), YAML(typ="safe", pure=True).load(text)):
        assert loaded["agency"] == snapshot.agency
        assert loaded["as_of"] == snapshot.as_of
        got = [(u["key"], u["name"], u.get("acronym"), u.get("aliases")) for u in loaded["units"]]
        want = [
            (u.key, u.name, u.acronym, None if u.aliases is None else list(u.aliases))
            for u in snapshot.units
        ]
        assert got == want


@settings(max_examples=100, deadline=None)
@given(snapshots(), st.lists(any_texts, max_size=3), st.lists(any_texts, max_size=3))
def test_comments_never_change_the_content(
    snapshot: Snapshot, header: list[str], notes: list[str]
) -> None:
    comments = {snapshot.units[-1].key: notes}
    text = dump_snapshot_yaml(snapshot, unit_comments=comments, header_comments=header)
    assert parse_document(text.encode("utf-8"), "dump.yaml") == snapshot


def test_layout_with_comments() -> None:
    snapshot = Snapshot(
        agency="ICE",
        as_of=date(2008, 11, 1),
        observed=date(2008, 11, 20),
        coverage="partial",
        source=Source(title="ICE Operations", url="http://www.ice.gov/about/operations.htm"),
        units=(
            Unit(key="ice", name="U.S. Immigration and Customs Enforcement", acronym="ICE"),
            Unit(
                key="dro",
                name="Office of Detention and Removal Operations",
                acronym="DRO",
                kind="office",
                parent="ice",
                description="Removes aliens: all of them.",
                aliases=("Detention & Removal",),
            ),
            Unit(key="oi", name="Office of Investigations", parent="ice", aliases=()),
        ),
    )
    text = dump_snapshot_yaml(
        snapshot,
        unit_comments={"dro": ["check: kind guessed", "two\nlines"]},
        header_comments=["Drafted by orgarchive extract"],
    )
    assert text == (
        "# Drafted by orgarchive extract\n"
        "format: orgarchive.snapshot/1\n"
        "agency: ICE\n"
        "as_of: 2008-11-01\n"
        "observed: 2008-11-20\n"
        "coverage: partial\n"
        "source:\n"
        "  title: ICE Operations\n"
        '  url: "http://www.ice.gov/about/operations.htm"\n'
        "units:\n"
        "  - key: ice\n"
        "    name: U.S. Immigration and Customs Enforcement\n"
        "    acronym: ICE\n"
        "    parent: null\n"  # partial: a top-level unit says so (SPEC §1)
        "  # check: kind guessed\n"
        "  # two\n"
        "  # lines\n"
        "  - key: dro\n"
        "    name: Office of Detention and Removal Operations\n"
        "    acronym: DRO\n"
        "    kind: office\n"
        "    parent: ice\n"
        '    description: "Removes aliens: all of them."\n'
        "    aliases:\n"
        "      - Detention & Removal\n"
        "  - key: oi\n"
        "    name: Office of Investigations\n"
        "    parent: ice\n"
        "    aliases: []\n"
    )


def test_empty_source_is_written_and_read_as_empty_source() -> None:
    snapshot = Snapshot(
        agency="X", as_of=date(2000, 1, 1), units=(Unit("a", "A"),), source=Source()
    )
    text = dump_snapshot_yaml(snapshot)
    assert "source: {}\n" in text
    assert parse_document(text.encode(), "s.yaml") == snapshot
