"""Reading snapshot and lineage files: the entry points every loader uses.

A file is bytes -> text (UTF-8, an optional BOM) -> plain data (JSON, or YAML
through the hardened reader in :mod:`orgarchive.files.yaml_read`) -> the SPEC rules
(:mod:`orgarchive.files.validate`) -> a :class:`Snapshot` or :class:`Lineage`.
Every failure is one :class:`InputError` naming the file, the place (``line N``
for YAML and for JSON syntax, a JSON pointer such as ``/units/3/parent`` for a
JSON value) and the problem.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, overload

from ..domain import SNAPSHOT_FORMAT, Lineage, Snapshot
from ..errors import InputError
from .limits import LIMITS_DOC, MAX_EVENTS, MAX_LOAD_UNITS
from .limits import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported: callers import it from here
from .prepared import PreparedSnapshot, prepare_data
from .rules import Problem
from .validate import document_from_data
from .yaml_read import TooManyMappings, YamlProblem, load_yaml, yaml_line

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")

_BOM = b"\xef\xbb\xbf"


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a folder becomes its ``*.yaml``, ``*.yml``, ``*.json`` files.

    Folders are searched recursively, skipping hidden files and folders (names
    starting with ``.``), without following symbolic links to folders; their
    files come sorted by path. A missing path, or a folder without any such
    file, is an :class:`InputError`. A file named twice is kept once.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list[Path] = []
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                found.extend(
                    Path(folder, n)
                    for n in names
                    if not n.startswith(".") and n.lower().endswith(DOCUMENT_SUFFIXES)
                )
            if not found:
                raise InputError(str(given), "folder holds no .yaml, .yml or .json file")
            files = sorted(found)
        elif path.exists():
            files = [path]
        else:
            raise InputError(str(given), "no such file or folder")
        for file in files:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                out.append(file)
    return out


def read_bytes(path: Path, name: str) -> bytes:
    """A file's bytes, at most ``MAX_FILE_BYTES``, or one InputError naming it."""
    try:
        if path.is_dir():
            raise InputError(name, "is a folder, not a file")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(name, f"file is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    return data


def read_document(path: str | Path) -> Snapshot | Lineage:
    """Read one snapshot or lineage file (YAML or JSON)."""
    return parse_document(read_bytes(Path(path), str(path)), str(path))


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a file that must be an ``orgarchive.snapshot/1`` document."""
    doc = read_document(path)
    if not isinstance(doc, Snapshot):
        raise InputError(
            str(path), "is a lineage file, expected a snapshot (orgarchive.snapshot/1)"
        )
    return doc


def read_lineage(path: str | Path) -> Lineage:
    """Read a file that must be an ``orgarchive.lineage/1`` document."""
    doc = read_document(path)
    if not isinstance(doc, Lineage):
        raise InputError(str(path), "is a snapshot file, expected a lineage (orgarchive.lineage/1)")
    return doc


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(name, f"file is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    skip = len(_BOM) if data.startswith(_BOM) else 0  # offsets below count from the file start
    nul = data.find(b"\x00", skip, skip + 8192)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(name, f"not a text file (NUL byte at byte {nul})", f"line {line}")
    try:
        text = data[skip:].decode("utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        line = data.count(b"\n", 0, at) + 1
        raise InputError(name, f"not valid UTF-8 (byte {at})", f"line {line}") from None
    if not text or text.isspace():
        raise InputError(name, "the file is empty")
    return text


_json_start = re.compile(r"\s*[\[{]").match


def _looks_like_json(text: str, name: str) -> bool:
    lower = name.lower()
    if lower.endswith(".json"):
        return True
    if lower.endswith((".yaml", ".yml")):
        return False
    return _json_start(text) is not None


def read_for_load(
    path: str | Path, max_units: int = MAX_LOAD_UNITS
) -> Snapshot | Lineage | PreparedSnapshot:
    """Like :func:`read_document`, for storing: a plain JSON snapshot comes back
    as its rows and hash (:func:`orgarchive.files.prepared.prepare_data`), with
    exactly the checks, rows and hash the domain path gives. A file far past
    ``max_units`` units is refused while it is parsed (see :func:`parse_document`)."""
    return parse_document(read_bytes(Path(path), str(path)), str(path), for_load=True,
                          max_units=max_units)


@overload
def parse_document(data: bytes, name: str) -> Snapshot | Lineage: ...
@overload
def parse_document(
    data: bytes, name: str, *, for_load: bool, max_units: int = MAX_LOAD_UNITS
) -> Snapshot | Lineage | PreparedSnapshot: ...


def parse_document(
    data: bytes, name: str, *, for_load: bool = False, max_units: int = MAX_LOAD_UNITS
) -> Snapshot | Lineage | PreparedSnapshot:
    """Parse and check a document held in memory; ``name`` is used in error messages.

    Parsing stops, one line saying why, once the document holds more mappings
    than ``max_units`` units and ``MAX_EVENTS`` events with their sources could
    make: a file of a million units is refused after a fifth of it, not read
    whole. (Under that, the caller counts the units exactly.)
    """
    text = _decode(data, name)
    budget = max(max_units, 0) + 2 * MAX_EVENTS + 2
    # Parsing builds millions of objects and no reference cycles; pausing the
    # cycle collector meanwhile saves it from rescanning them (about a third of
    # the time on a 100,000-unit file).
    paused = gc.isenabled()
    gc.disable()
    try:
        if _looks_like_json(text, name):
            return _parse_json(text, name, for_load, budget)
        return _parse_yaml(text, name, budget)
    except TooManyMappings:
        raise InputError(name, f"the file holds more than {budget:,} units, events and sources, "
                         f"over the limits of a load ({MAX_LOAD_UNITS:,} units) and of a "
                         f"lineage file ({MAX_EVENTS:,} events) ({LIMITS_DOC})") from None
    finally:
        if paused:
            gc.enable()


# ----------------------------------------------------------------------------- YAML


def _parse_yaml(text: str, name: str, budget: int) -> Snapshot | Lineage:
    try:
        data = load_yaml(text, budget)
    except YamlProblem as exc:
        raise InputError(
            name, exc.problem, None if exc.line is None else f"line {exc.line}"
        ) from None
    try:
        return document_from_data(data, strict_text=True)
    except Problem as exc:
        message = exc.message
        if exc.related is not None:
            message = message.replace("{at}", f"line {yaml_line(data, exc.related)}")
        raise InputError(name, message, f"line {yaml_line(data, exc.path)}") from None


# ----------------------------------------------------------------------------- JSON


class _DuplicateKey(Exception):
    pass


def _unique_pairs(budget: int) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """The JSON object hook: a dict, refusing a repeated key, and counting
    objects against ``budget`` (TooManyMappings past it)."""
    left = budget

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal left
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            raise _DuplicateKey
        left -= 1
        if left < 0:
            raise TooManyMappings
        return mapping

    return hook


# Text the lean JSON path cannot take on trust: an escaped NUL, surrogate, control
# character or line break, or a raw DEL, C1 control or Unicode line separator.
# Raw ones are looked for only in non-ASCII text, escapes only after a backslash:
# one regex over all 28 MB of a 100,000-unit file cost 0.45 s, these 0.01 s.
_risky_escape = re.compile(
    r"\\[bfnr]|\\u(?:00[01]|007f|00[89]|d[89a-f]|202[89a-e]|206[6-9])", re.IGNORECASE
).search
_risky_raw = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]").search


def _risky_text(text: str) -> bool:
    return (
        ("\\" in text and _risky_escape(text) is not None)
        or "\x7f" in text
        or (not text.isascii() and _risky_raw(text) is not None)
    )


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not allowed in JSON")


class _Pairs(list[tuple[str, Any]]):
    """An object kept as its key/value pairs, to find where a key repeats."""


def json_pointer(path: Sequence[str | int]) -> str:
    """The place of a JSON value as a pointer (RFC 6901), kept on one line: a
    control character in a field name is shown as its escape (\\n, \\u001b)."""
    return "".join("/" + _one_line(str(p).replace("~", "~0").replace("/", "~1"))
                   for p in path)


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in text)


def _find_duplicate(text: str) -> tuple[str, str]:
    """Re-read ``text`` keeping pairs; the first repeated key and its pointer."""
    root = json.loads(text, object_pairs_hook=_Pairs)
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Pairs):
            seen: set[str] = set()
            for key, _value in node:
                if key in seen:
                    return key, json_pointer((*path, key))
                seen.add(key)
            stack.extend((value, (*path, key)) for key, value in reversed(node))
        elif isinstance(node, list):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(node))))
    return "?", ""


def _parse_json(
    text: str, name: str, for_load: bool, budget: int
) -> Snapshot | Lineage | PreparedSnapshot:
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs(budget),
                          parse_constant=_no_constant)
    except _DuplicateKey:
        key, pointer = _find_duplicate(text)
        raise InputError(name, f"duplicate field {key!r}", pointer or None) from None
    except RecursionError:
        raise InputError(name, "invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"invalid JSON: {exc.msg} (column {exc.colno})", f"line {exc.lineno}"
        ) from None
    except ValueError as exc:
        raise InputError(name, f"invalid JSON: {str(exc).splitlines()[0]}") from None
    # Most JSON text cannot hold a refused character; look closer only where it may.
    strict = _risky_text(text)
    try:
        if for_load and type(data) is dict and data.get("format") == SNAPSHOT_FORMAT:
            prepared = prepare_data(data, strict)
            if prepared is not None:
                return prepared
        return document_from_data(data, strict_text=strict)
    except Problem as exc:
        message = exc.message
        if exc.related is not None:
            message = message.replace("{at}", json_pointer(exc.related))
        raise InputError(name, message, json_pointer(exc.path) or None) from None
