"""The canonical form's faster writer gives exactly the bytes the definition gives.

The reference is written out here from the definition (``snapshot_dict`` as
compact JSON, keys sorted, non-ASCII characters kept as they are, UTF-8; a
unit at the top without ``parent``, a unit whose parent is unknown with
``"parent_known": false``), so a stored hash stays valid whatever shortcut
``canonical_bytes`` takes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgarchive.domain import Snapshot, Source, Unit
from orgarchive.files.canonical import canonical_bytes, content_hash, snapshot_dict


def reference_bytes(snapshot: Snapshot) -> bytes:
    doc = snapshot_dict(snapshot)
    for mapping, unit in zip(doc["units"], sorted(snapshot.units, key=lambda u: u.key),
                             strict=True):
        if mapping.get("parent", "") is None:
            del mapping["parent"]
        if not unit.parent_known:
            mapping["parent_known"] = False
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8")


# Text of every kind the two JSON escaping modes treat differently or alike:
# printable ASCII, quotes and backslashes, a literal "\u", C0 controls, DEL,
# C1 controls, accented letters, line separators and astral characters.
tricky = st.sampled_from(
    ['"', "\\", "\\u", "\\\\u00e9", "\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "é", "\u2028",
     "—", "😀", "a", " "]
)
texts = st.lists(
    tricky | st.text(st.characters(exclude_categories=["Cs"]), max_size=6), min_size=1, max_size=5
).map("".join)
optional = st.none() | texts
keys = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,6}", fullmatch=True)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    coverage = draw(st.sampled_from(["complete", "partial"]))
    unit_keys = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    units = []
    for key in unit_keys:
        parent = draw(st.none() | st.sampled_from(unit_keys))
        units.append(Unit(
            key=key,
            name=draw(texts),
            acronym=draw(optional),
            kind=draw(optional),
            parent=parent,
            description=draw(optional),
            aliases=draw(st.none() | st.lists(texts, max_size=3).map(tuple)),
            parent_known=parent is not None or coverage == "complete" or draw(st.booleans()),
        ))
    source = draw(st.none() | st.builds(Source, optional, optional, optional, optional))
    return Snapshot(
        agency=draw(st.from_regex(r"[A-Za-z0-9&._-]{1,6}", fullmatch=True)),
        as_of=draw(st.dates()),
        units=tuple(draw(st.permutations(units))),
        agency_name=draw(optional),
        observed=draw(st.none() | st.dates()),
        coverage=coverage,
        source=source,
    )


@settings(max_examples=500, deadline=None)
@given(snapshots())
def test_canonical_bytes_are_the_spec_form(snapshot: Snapshot) -> None:
    assert canonical_bytes(snapshot) == reference_bytes(snapshot)


def test_a_known_snapshot_keeps_its_hash() -> None:
    # Written out by hand from SPEC §1's canonical form, so a change to the
    # writer that changes stored hashes fails here.
    snapshot = Snapshot(
        agency="ICE",
        as_of=date(2008, 11, 1),
        units=(
            Unit("oi", "Office of Investigations", acronym="OI", aliases=("Investigations",)),
            Unit("dro", "Détention — Removal", kind="office", parent="oi", description="a\x7fb"),
        ),
        source=Source(title="ICE", url="http://x"),
    )
    expected = (
        '{"agency":"ICE","as_of":"2008-11-01","coverage":"complete","format":'
        '"orgarchive.snapshot/1","source":{"title":"ICE","url":"http://x"},"units":['
        '{"description":"a\x7fb","key":"dro","kind":"office","name":"Détention — Removal",'
        '"parent":"oi"},'
        '{"acronym":"OI","aliases":["Investigations"],"key":"oi","name":"Office of Investigations"}'
        "]}"
    ).encode()
    assert canonical_bytes(snapshot) == expected
    assert content_hash(snapshot) == hashlib.sha256(expected).hexdigest()


def test_unknown_and_top_level_parents_hash_apart_and_old_hashes_hold() -> None:
    # Written out by hand. A partial snapshot whose units are all placed keeps
    # the bytes it had before unknown parents existed (top level: no "parent");
    # an unknown parent adds "parent_known": false, so the hash differs.
    def doc(unit: str) -> bytes:
        return ('{"agency":"ICE","as_of":"2008-11-01","coverage":"partial","format":'
                '"orgarchive.snapshot/1","units":[' + unit + "]}").encode()

    top = Snapshot("ICE", date(2008, 11, 1), (Unit("oi", "OI"),), coverage="partial")
    unknown = Snapshot("ICE", date(2008, 11, 1), (Unit("oi", "OI", parent_known=False),),
                       coverage="partial")
    assert canonical_bytes(top) == doc('{"key":"oi","name":"OI"}')
    assert canonical_bytes(unknown) == doc('{"key":"oi","name":"OI","parent_known":false}')
    assert content_hash(top) != content_hash(unknown)


def test_text_no_encoder_takes_fails_as_the_spec_form_does() -> None:
    # A lone surrogate cannot be written as UTF-8 (the file reader refuses it;
    # only a program can build such a Unit): the same error as the reference.
    snapshot = Snapshot(agency="ICE", as_of=date(2008, 1, 1), units=(Unit("a", "x\ud800"),))
    with pytest.raises(UnicodeEncodeError):
        reference_bytes(snapshot)
    with pytest.raises(UnicodeEncodeError):
        canonical_bytes(snapshot)
