"""Hostile files (issue 6.3): each is one InputError, in bounded time and memory.

The command-line half (exit 1, database unchanged) is tested with the loader;
here we hold the file readers to: never construct objects from YAML tags, never
expand aliases, never recurse on depth, bound the size, and never raise
anything but InputError.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgarchive.domain import Snapshot
from orgarchive.errors import InputError
from orgarchive.files.read import MAX_FILE_BYTES, parse_document, read_document
from orgarchive.files.unit_list import MAX_UNIT_DEPTH

HEAD = "format: orgarchive.snapshot/1\nagency: ICE\nas_of: 2008-01-01\n"


def error_of(data: bytes, name: str = "bad.yaml") -> str:
    with pytest.raises(InputError) as caught:
        parse_document(data, name)
    return str(caught.value)


def test_python_object_tags_are_refused_not_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        HEAD + f'units:\n  - key: a\n    name: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    assert error_of(text.encode()) == (
        "bad.yaml: line 6: YAML tag '!!python/object/apply:os.system' is not allowed"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!custom x", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!int 5", "!!int"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
    ],
)
def test_other_tags_are_refused(value: str, tag: str) -> None:
    text = HEAD + f"units:\n  - key: a\n    name: {value}\n"
    assert error_of(text.encode()) == f"bad.yaml: line 6: YAML tag {tag!r} is not allowed"


def test_standard_str_tag_is_fine() -> None:
    snap = parse_document((HEAD + "units:\n  - {key: a, name: !!str 2010}\n").encode(), "t.yaml")
    assert isinstance(snap, Snapshot) and snap.units[0].name == "2010"


def test_billion_laughs_is_refused_fast_and_small() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = ("\n".join(lines) + "\n" + HEAD + "units: *a9\n").encode()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = error_of(bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (
        message == "bad.yaml: line 1: YAML anchors and aliases are not allowed (found anchor &a0)"
    )
    assert elapsed < 2.0
    assert peak < 200 * 2**20


def test_an_alias_alone_is_refused() -> None:
    text = HEAD + "units:\n  - {key: a, name: *nowhere}\n"
    # An alias to an unknown anchor is a YAML error; either way it is one line, line 5.
    assert error_of(text.encode()).startswith("bad.yaml: line 5: ")


def _nested_children_json(depth: int) -> bytes:
    opens = [f'{{"key": "u{level}", "name": "U", "children": [' for level in range(depth)]
    inner = f'{{"key": "u{depth}", "name": "U"}}'
    units = "".join(opens) + inner + "]}" * depth
    head = '{"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-01-01", "units": ['
    return (head + units + "]}").encode()


def test_children_nesting_up_to_the_limit_loads() -> None:
    snap = parse_document(_nested_children_json(MAX_UNIT_DEPTH), "deep.json")
    assert isinstance(snap, Snapshot)
    assert len(snap.units) == MAX_UNIT_DEPTH + 1
    assert snap.units[-1].parent == f"u{MAX_UNIT_DEPTH - 1}"


def test_children_nesting_past_the_limit_is_refused() -> None:
    message = error_of(_nested_children_json(MAX_UNIT_DEPTH + 1), "deep.json")
    pointer = "/units/0" + "/children/0" * MAX_UNIT_DEPTH + "/children"
    assert message == f"deep.json: {pointer}: units nested more than {MAX_UNIT_DEPTH} levels deep"


def test_hundred_thousand_levels_of_json_do_not_recurse() -> None:
    data = _nested_children_json(100_000)
    started = time.perf_counter()
    message = error_of(data, "deep.json")
    assert message == "deep.json: invalid JSON: nested too deeply"
    assert time.perf_counter() - started < 5


def test_yaml_nested_past_our_limit_is_refused_with_our_words() -> None:
    # 600 levels: deeper than MAX_NESTING, shallower than any parser's own limit,
    # so the refusal and its wording are ours whatever PyYAML version is installed.
    assert error_of(("[" * 600).encode()) == "bad.yaml: line 1: nested more than 512 levels deep"


def test_hundred_thousand_levels_of_yaml_do_not_recurse() -> None:
    """Our promise, not a parser's wording: one line naming the file and the
    line, quickly, without exhausting the stack (PyYAML 6.0.4's libyaml stops
    such a document itself; older builds leave it to our own limit)."""
    deep = (
        HEAD
        + "units:\n  - {key: a, name: A, children: "
        + "[{key: b, name: B, children: " * 100_000
    )
    started = time.perf_counter()
    for data, line in ((deep.encode(), 5), (("[" * 100_000).encode(), 1)):
        message = error_of(data)
        assert re.fullmatch(rf"bad\.yaml: line {line}: [^\n]+", message), message
    assert time.perf_counter() - started < 5


def test_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError) as caught:
        read_document(big)
    assert str(caught.value) == f"{big}: file is larger than the 64 MB limit"


def test_invalid_utf8_names_line_and_byte() -> None:
    data = (HEAD + "units:\n  - {key: a, name: ").encode() + b"Caf\xe9}\n"
    offset = data.index(b"\xe9")
    assert error_of(data) == f"bad.yaml: line 5: not valid UTF-8 (byte {offset})"


def test_utf16_is_not_utf8() -> None:
    data = (HEAD + "units: [{key: a, name: A}]\n").encode("utf-16")
    assert error_of(data) == "bad.yaml: line 1: not a text file (NUL byte at byte 3)"


def test_duplicate_keys_yaml_and_json() -> None:
    assert error_of((HEAD + "agency: CBP\nunits: [{key: a, name: A}]\n").encode()) == (
        "bad.yaml: line 4: duplicate field 'agency' (first at line 2)"
    )
    text = '{"format": "orgarchive.lineage/1", "agency": "ICE", "events": [], "agency": "X"}'
    assert error_of(text.encode(), "d.json") == "d.json: /agency: duplicate field 'agency'"


def test_control_characters_are_refused() -> None:
    data = (HEAD + 'units: [{key: a, name: "A\x07"}]\n').encode()
    assert error_of(data) == "bad.yaml: line 4: character U+0007 is not allowed in YAML"
    escaped = (HEAD + 'units: [{key: a, name: "A\\0"}]\n').encode()
    assert error_of(escaped) == (
        "bad.yaml: line 4: text holds a NUL character or a lone surrogate, which cannot be stored"
    )


@pytest.mark.parametrize(
    "junk",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xfe\xfd",
        bytes(range(256)),
        b"PK\x03\x04" + b"\x01" * 50,
        b"{{{{",
        b"- - - : : :",
        b"\x1b[31mred",
    ],
)
def test_binary_junk_is_one_input_error(junk: bytes) -> None:
    message = error_of(junk, "junk.bin")
    assert message.startswith("junk.bin: ") and "\n" not in message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_input_error(data: bytes) -> None:
    for name in ("x.yaml", "x.json"):
        try:
            parse_document(data, name)
        except InputError as exc:
            assert "\n" not in str(exc)


GOOD = (
    HEAD + "coverage: partial\nsource: {title: T, url: 'http://x'}\nunits:\n"
    "  - key: hq\n    name: Headquarters\n    aliases: [Main, 'HQ: Office']\n"
    "  - key: oi\n    name: Office of Investigations\n    parent: hq\n    acronym: OI\n"
    "    children:\n      - {key: oi-a, name: A Division}\n"
)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_mutated_yaml_parses_or_raises_input_error(data: st.DataObject) -> None:
    text = GOOD
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(
            st.sampled_from(
                [
                    ":",
                    "-",
                    " ",
                    "\n",
                    "&x ",
                    "*x",
                    "!t ",
                    "[",
                    "]",
                    "{",
                    "}",
                    "'",
                    '"',
                    "#",
                    "key",
                    "parent: oi",
                    "~",
                    "\t",
                    "\\",
                    "children:",
                    "- ",
                    "null",
                    "é",
                    "\x00",
                ]
            )
        )
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    try:
        parse_document(text.encode(), "m.yaml")
    except InputError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_json_parses_or_raises_input_error(data: st.DataObject) -> None:
    doc: dict[str, Any] = {
        "format": "orgarchive.snapshot/1",
        "agency": "ICE",
        "as_of": "2008-01-01",
        "units": [
            {"key": "a", "name": "A", "aliases": ["x"]},
            {"key": "b", "name": "B", "parent": "a"},
        ],
    }
    values = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=5),
        st.lists(st.text(max_size=3)),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )
    where = data.draw(st.sampled_from(["top", "unit0", "unit1"]))
    target: dict[str, Any] = doc if where == "top" else doc["units"][int(where[-1])]
    field = data.draw(st.sampled_from([*list(target), "children", "extra", "source", "coverage"]))
    target[field] = data.draw(values)
    try:
        parse_document(json.dumps(doc).encode(), "m.json")
    except InputError as exc:
        assert "\n" not in str(exc)


def test_control_character_line_counts_characters_not_bytes() -> None:
    data = (HEAD + "agency_name: Agence é è ê\n" * 1 + 'units: [{key: a, name: "\x1b"}]\n').encode()
    assert error_of(data) == "bad.yaml: line 5: character U+001B is not allowed in YAML"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_lineage_json_parses_or_raises_input_error(data: st.DataObject) -> None:
    event: dict[str, Any] = {
        "date": "2010-06-09",
        "type": "renamed",
        "from": ["oi"],
        "to": ["hsi"],
        "note": "n",
    }
    doc: dict[str, Any] = {"format": "orgarchive.lineage/1", "agency": "ICE", "events": [event]}
    values = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(["renamed", "merged", "2010-01-01", "", "Bad Key"]),
        st.lists(st.sampled_from(["a", "b", "a", "", 1, None]), max_size=3),
        st.dictionaries(st.sampled_from(["title", "url", "x"]), st.text(max_size=3), max_size=2),
    )
    target = data.draw(st.sampled_from([doc, event]))
    field = data.draw(st.sampled_from([*list(target), "source", "extra"]))
    target[field] = data.draw(values)
    try:
        parse_document(json.dumps(doc).encode(), "l.json")
    except InputError as exc:
        assert "\n" not in str(exc)


_FIELD_NAMES = [
    "format", "agency", "as_of", "observed", "coverage", "source", "units", "events", "key",
    "name", "acronym", "kind", "parent", "description", "aliases", "children", "date", "type",
    "from", "to", "note", "title", "url", "x",
]  # fmt: skip
_json_trees = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", " ", "a", "ICE", "2010-01-01", "renamed", "partial", "\u0000"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(_FIELD_NAMES), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["orgarchive.snapshot/1", "orgarchive.lineage/1"]),
    st.dictionaries(st.sampled_from(_FIELD_NAMES), _json_trees, max_size=6),
)
def test_arbitrary_json_shapes_parse_or_raise_input_error(
    tag: str, fields: dict[str, object]
) -> None:
    doc = {"format": tag, **fields} if "format" not in fields else fields
    for name, data in (("t.json", json.dumps(doc)), ("t.yaml", json.dumps(doc, indent=1))):
        try:
            parse_document(data.encode(), name)
        except InputError as exc:
            assert "\n" not in str(exc)


def test_byte_offsets_count_the_bom() -> None:
    data = b"\xef\xbb\xbf" + (HEAD + "units: [{key: a, name: ").encode() + b"\xff}]\n"
    offset = len(data) - 4  # the 0xff byte, counted from the start of the file
    assert data[offset] == 0xFF
    assert error_of(data) == f"bad.yaml: line 4: not valid UTF-8 (byte {offset})"


def test_a_field_named_with_a_control_character_is_named_on_one_line() -> None:
    # hypothesis found it: the place of {"source": {"\n": 0}} broke the line
    doc = {"format": "orgarchive.snapshot/1", "agency": "ICE", "as_of": "2008-01-01",
           "units": [{"key": "a", "name": "A"}], "source": {"\n": 0, "x\x1b/y": 1}}
    message = error_of(json.dumps(doc).encode(), "m.json")
    assert message == "m.json: /source/\\n: source: unknown field '\\n'"
