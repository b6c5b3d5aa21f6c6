"""The load path's shortcut for JSON snapshots stores exactly what the domain path stores.

``read_for_load`` answers a plain JSON snapshot with its rows and hash
(``load_rows.prepare_data``) instead of Units. For generated documents —
flat or nested, with nulls, aliases and awkward text, valid or broken — it
must give the domain path's rows, hash and header, and refuse with the same
message whatever the domain path refuses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgarchive.domain import Snapshot
from orgarchive.errors import InputError
from orgarchive.files.prepared import PreparedSnapshot, prepare
from orgarchive.files.read import parse_document, read_document
from orgarchive.services import Archive

tricky = st.sampled_from(
    ['"', "\\", "\\u", "\n", "\t", "\x1b", "\x7f", "\x85", "é", "\u2028", "—", "😀", "a", " "]
)
texts = st.lists(
    tricky | st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
                     max_size=5), min_size=1, max_size=4
).map("".join).map(lambda t: t + "x" if t.isspace() else t)
keys = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,5}", fullmatch=True)
flaws = st.sampled_from(["", " ", "\u3000", "\x00", 7, ["x"], None])


def rarely(draw: st.DrawFn) -> bool:
    """True one time in twenty (hypothesis shrinks towards the common case)."""
    return draw(st.integers(0, 19)) == 19


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    unit_keys = draw(st.lists(keys, min_size=1, max_size=8, unique=True))
    if rarely(draw):  # a repeated key
        unit_keys.append(unit_keys[0])
    units: list[dict[str, Any]] = []
    for i, key in enumerate(unit_keys):
        unit: dict[str, Any] = {"key": key, "name": draw(flaws if rarely(draw) else texts)}
        for field in ("acronym", "kind", "description"):
            if draw(st.booleans()):
                unit[field] = draw(flaws if rarely(draw) else texts)
        if i and draw(st.booleans()):  # an earlier unit, so mostly no cycle
            unit["parent"] = draw(keys | st.none()) if rarely(draw) else draw(
                st.sampled_from(unit_keys[:i]))
        if rarely(draw):  # maybe a cycle, maybe unknown
            unit["parent"] = draw(st.sampled_from(unit_keys))
        if draw(st.booleans()):
            unit["aliases"] = None if rarely(draw) else draw(st.lists(
                flaws if rarely(draw) else texts, max_size=3))
        if rarely(draw):
            unit["children"] = [{"key": draw(keys), "name": draw(texts)}]
        units.append(unit)
    doc: dict[str, Any] = {"format": "orgarchive.snapshot/1", "agency": "SYN",
                           "as_of": "2020-01-02", "units": units}
    if draw(st.booleans()):
        doc["agency_name"] = draw(texts)
    if draw(st.booleans()):
        doc["source"] = {"title": draw(texts), "url": "https://example.org/a"}
    return doc


def _outcome(data: bytes, for_load: bool) -> Any:
    try:
        return parse_document(data, "x.json", for_load=for_load)
    except InputError as exc:
        return ("error", str(exc))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_fast_path_stores_what_the_domain_path_stores(doc: dict[str, Any], ascii_: bool) -> None:
    try:
        data = json.dumps(doc, ensure_ascii=ascii_).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8 unless escaped
        data = json.dumps(doc, ensure_ascii=True).encode("utf-8")
    domain = _outcome(data, for_load=False)
    fast = _outcome(data, for_load=True)
    if isinstance(domain, tuple):
        assert fast == domain
        return
    assert isinstance(domain, Snapshot)
    expected = prepare(domain)
    if isinstance(fast, Snapshot):  # the shortcut declined: the domain path itself
        assert fast == domain
        return
    assert isinstance(fast, PreparedSnapshot)
    assert fast.header == expected.header
    assert fast.unit_count == expected.unit_count == len(domain.units)
    assert fast.rows == expected.rows
    assert fast.content_hash == expected.content_hash


def test_a_plain_json_snapshot_takes_the_shortcut() -> None:
    doc = {"format": "orgarchive.snapshot/1", "agency": "SYN", "as_of": "2020-01-02",
           "units": [{"key": "hq", "name": "Head \"Office\" — é"},
                     {"key": "a", "name": "A", "parent": "hq", "aliases": ["Ä", "B\\c"]}]}
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    fast = parse_document(data, "x.json", for_load=True)
    assert isinstance(fast, PreparedSnapshot)
    assert fast.rows == [0, "hq", 'Head "Office" — é', None, None, None, None, None, True,
                         1, "a", "A", None, None, "hq", None, '["Ä", "B\\\\c"]', True]


def test_a_partial_json_snapshot_takes_the_shortcut_with_unknown_parents() -> None:
    # SPEC §1: in a partial snapshot a unit that leaves out "parent" has an
    # unknown parent; one with a parent key knows it.
    doc = {"format": "orgarchive.snapshot/1", "agency": "SYN", "as_of": "2020-01-02",
           "coverage": "partial",
           "units": [{"key": "hq", "name": "HQ"}, {"key": "a", "name": "A", "parent": "hq"}]}
    fast = parse_document(json.dumps(doc).encode(), "x.json", for_load=True)
    assert isinstance(fast, PreparedSnapshot)
    assert fast.rows[8::9] == [False, True]
    domain = parse_document(json.dumps(doc).encode(), "x.json")
    assert isinstance(domain, Snapshot)
    assert fast.content_hash == prepare(domain).content_hash


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([{"key": "a", "name": "A", "parent": "b"}, {"key": "b", "name": "B", "parent": "a"}],
         "x.json: /units/0/parent: parent cycle: a -> b -> a"),
        ([{"key": "a", "name": "A", "parent": "zz"}],
         "x.json: /units/0/parent: unit 'a': parent 'zz' is not a unit in this file"),
        ([{"key": "a", "name": "A"}, {"key": "a", "name": "B"}],
         "x.json: /units/1/key: duplicate unit key 'a' (first at /units/0/key)"),
    ],
)
def test_broken_files_are_refused_as_before(units: list[dict[str, Any]], message: str) -> None:
    doc = {"format": "orgarchive.snapshot/1", "agency": "SYN", "as_of": "2020-01-02",
           "units": units}
    with pytest.raises(InputError) as caught:
        parse_document(json.dumps(doc).encode(), "x.json", for_load=True)
    assert str(caught.value) == message


def test_loaded_shortcut_snapshot_reads_back_and_verifies(
    database_url: str, tmp_path: Path
) -> None:
    doc = {"format": "orgarchive.snapshot/1", "agency": "SYN", "as_of": "2020-01-02",
           "agency_name": "Synthetic", "units": [
               {"key": "hq", "name": "Head\tOffice 😀", "acronym": "HQ"},
               {"key": "b", "name": "B", "parent": "hq", "aliases": []},
               {"key": "a", "name": "A", "parent": "b", "aliases": ["x\"y", "é"],
                "kind": "office", "description": "Does \\ things."}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert isinstance(parse_document(path.read_bytes(), "s.json", for_load=True),
                      PreparedSnapshot)
    archive = Archive.init(database_url, empty=True)
    try:
        [outcome] = archive.load([path])
        assert (outcome.status, outcome.unit_count) == ("stored", 3)
        assert outcome.snapshot_id is not None
        stored = archive.get(outcome.snapshot_id)
        assert stored.snapshot == read_document(path)
        assert archive.verify().ok
        [again] = archive.load([path])
        assert (again.status, again.snapshot_id) == ("already stored", outcome.snapshot_id)
    finally:
        archive.close()
