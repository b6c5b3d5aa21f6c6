"""Walking a registry's export with typed checks that name the record when they fail.

A :class:`Node` is one value of the parsed export with its path (JSON
pointer) and the record it belongs to ("organisation 'cabinet-office'",
"committee HSAG subcommittee 15"). Every check that fails raises one
:class:`InputError` ``FILE: RECORD (POINTER): PROBLEM``, with the line
first for YAML (``line 12, committee HSAG (/4/names)``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files.limits import MAX_LINE, too_long
from ..files.read import json_pointer, read_bytes
from ..files.rules import show
from ..files.yaml_read import YamlProblem, load_yaml, yaml_line

Steps = tuple[str | int, ...]


class Export:
    """A parsed export file: its display name and, for YAML, where each value starts."""

    def __init__(self, name: str, root: Any, yaml: bool) -> None:
        self.name = name
        self.root = root
        self.yaml = yaml

    def error(self, path: Steps, record: str | None, problem: str) -> InputError:
        pointer = json_pointer(path)
        place = f"{record} ({pointer})" if record and pointer else record or pointer
        if self.yaml:
            line = f"line {yaml_line(self.root, path)}"
            place = f"{line}, {place}" if place else line
        return InputError(self.name, problem, place or None)

    def top(self) -> Node:
        return Node(self, self.root, (), None)


class Node:
    """One value of an export, where it is, and which record it belongs to."""

    __slots__ = ("export", "value", "path", "record")

    def __init__(self, export: Export, value: Any, path: Steps, record: str | None) -> None:
        self.export = export
        self.value = value
        self.path = path
        self.record = record

    def fail(self, problem: str) -> InputError:
        return self.export.error(self.path, self.record, problem)

    def of(self, record: str) -> Node:
        """The same value, told as part of ``record``."""
        return Node(self.export, self.value, self.path, record)

    def is_null(self) -> bool:
        return self.value is None

    def mapping(self, what: str = "a mapping") -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self.fail(f"expected {what}, found {show(self.value)}")
        return self.value

    def has(self, name: str) -> bool:
        return name in self.mapping()

    def field(self, name: str, *, required: bool = True) -> Node:
        """The value of ``name``; a missing field fails unless not ``required``
        (it then reads as null)."""
        mapping = self.mapping()
        child = Node(self.export, mapping.get(name), (*self.path, name), self.record)
        if required and name not in mapping:
            raise child.fail(f"missing required field {name!r}")
        return child

    def items(self, what: str = "a list") -> Iterator[Node]:
        if not isinstance(self.value, list):
            raise self.fail(f"expected {what}, found {show(self.value)}")
        for i, item in enumerate(self.value):
            yield Node(self.export, item, (*self.path, i), self.record)

    def entries(self) -> Iterator[tuple[str, Node]]:
        """A mapping's (key, value) pairs, in file order."""
        for key, value in self.mapping().items():
            yield str(key), Node(self.export, value, (*self.path, key), self.record)

    def text(self, limit: int = MAX_LINE) -> str:
        """Required text: a string that is not blank once cleaned, at most
        ``limit`` characters (the published limit of the field it fills)."""
        value = self.value
        if not isinstance(value, str):
            raise self.fail(f"expected text, found {show(value)}")
        cleaned = clean(value)
        if cleaned is None:
            raise self.fail("is blank")
        return self._within(cleaned, limit)

    def optional_text(self, limit: int = MAX_LINE) -> str | None:
        """Text or null; blank text reads as null (the source left it empty)."""
        if self.value is None:
            return None
        if not isinstance(self.value, str):
            raise self.fail(f"expected text or null, found {show(self.value)}")
        cleaned = clean(self.value)
        return None if cleaned is None else self._within(cleaned, limit)

    def raw_text(self, limit: int = MAX_LINE) -> str:
        """Required text, as it stands (identifiers, dates)."""
        if not isinstance(self.value, str) or not self.value.strip():
            raise self.fail(f"expected text, found {show(self.value)}")
        return self._within(self.value.strip(), limit)

    def _within(self, text: str, limit: int) -> str:
        if len(text) > limit:
            raise self.fail(too_long("the text", text, limit))
        return text


# C0/C1 controls, DEL, line and paragraph separators, lone surrogates: a
# registry's stray control character becomes a space (as it does in the real
# diff pairs built from these registries), so the files written always load.
_CONTROL = {c: " " for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def clean(text: str) -> str | None:
    """One-line text with white space runs collapsed, or None when blank."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text or None  # the common case: nothing to clean
    if not text.isascii():
        text = "".join(" " if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    text = " ".join(text.translate(_CONTROL).split())
    return text or None


def read_text(path: str | Path) -> str:
    """A file's text (UTF-8, an optional BOM), or one InputError."""
    name = str(path)
    data = read_bytes(Path(path), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(name, f"not valid UTF-8 (byte {exc.start})", f"line {line}") from None
    if not text.strip():
        raise InputError(name, "the file is empty")
    return text


def parse_json(path: str | Path, expected: str) -> Export:
    """A JSON export; ``expected`` names the format in the error for anything else."""
    name = str(path)
    text = read_text(path)
    try:
        root = json.loads(text)
    except RecursionError:
        raise InputError(name, "invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"not {expected}: invalid JSON: {exc.msg} (column {exc.colno})",
            f"line {exc.lineno}",
        ) from None
    return Export(name, root, yaml=False)


def parse_yaml(path: str | Path, expected: str) -> Export:
    """A YAML export read by the hardened reader (all scalars come back as text)."""
    name = str(path)
    text = read_text(path)
    try:
        root = load_yaml(text)
    except YamlProblem as exc:
        place = None if exc.line is None else f"line {exc.line}"
        raise InputError(name, f"not {expected}: {exc.problem}", place) from None
    return Export(name, root, yaml=True)
