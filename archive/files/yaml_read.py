"""A hardened YAML reader that builds plain data and remembers line numbers.

We never let a YAML library construct objects. PyYAML's *parser* (libyaml, in
C) turns the text into events; this module composes them itself, iteratively (so a deeply
nested document cannot exhaust the Python stack), into plain ``dict``, ``list``,
``str`` and ``None`` values:

- plain scalars are text, except ``null``, ``~``, ``Null``, ``NULL`` and the
  empty scalar, which are null. Everything the orgarchive formats hold is text
  or a date, and dates are parsed by the validator from their text, so
  ``acronym: 311`` is the text ``"311"`` and ``name: yes`` is ``"yes"``;
- anchors and aliases are refused (no "billion laughs" expansion can happen);
- explicit tags are refused except the standard ``!!str``, ``!!null``,
  ``!!map`` and ``!!seq`` (so ``!!python/object`` is never constructed);
- mapping keys must be scalars and unique;
- one document a file; nesting deeper than ``MAX_NESTING`` containers is refused.

Mappings come back as :class:`LineDict` and sequences as :class:`LineList`,
which carry the 1-based line of each key or item, so the validator can say
where a problem is without slowing the common path.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.reader import ReaderError

# libyaml's C parser when PyYAML was built with it (the wheels are), else PyYAML's
# own parser: same events, some 40 times slower. Only their events are used.
_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

# Containers (mappings and lists) inside one another. A unit nested in
# ``children:`` costs two levels, so this leaves room for the validator's own,
# smaller limit on unit depth to be the one a user meets.
MAX_NESTING = 512
_TOO_DEEP = f"nested more than {MAX_NESTING} levels deep"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({_CORE + "str", _CORE + "null"})
_MAPPING_TAGS = frozenset({_CORE + "map"})
_SEQUENCE_TAGS = frozenset({_CORE + "seq"})


class YamlProblem(Exception):
    """A YAML-level problem at a 1-based line (None when unknown)."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


class LineDict(dict[str, Any]):
    """A mapping read from YAML: ``line`` where it starts, ``key_lines`` per key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class LineList(list[Any]):
    """A sequence read from YAML: ``line`` where it starts, ``item_lines`` per item."""

    __slots__ = ("line", "item_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class _Frame:
    """A container being filled, and for a mapping the key waiting for its value."""

    __slots__ = ("container", "key", "key_line")

    def __init__(self, container: LineDict | LineList) -> None:
        self.container = container
        self.key: str | None = None
        self.key_line = 0


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _tag_of(event: Any) -> str | None:
    tag = event.tag
    if tag is None:
        return None
    value = getattr(tag, "value", tag)  # tolerate parsers that wrap tags in an object
    return None if value is None else str(value)


def _check_node(event: Any, line: int, allowed: frozenset[str]) -> None:
    if event.anchor is not None:
        raise YamlProblem(
            f"YAML anchors and aliases are not allowed (found anchor &{event.anchor})", line
        )
    tag = _tag_of(event)
    if tag is not None and tag not in allowed:
        raise YamlProblem(f"YAML tag {_show_tag(tag)!r} is not allowed", line)


def _scalar(event: Any, line: int) -> str | None:
    _check_node(event, line, _SCALAR_TAGS)
    value: str = event.value
    tag = _tag_of(event)
    if tag == _CORE + "null":
        return None
    if tag is None and not event.style and value in _NULLS:
        return None
    return value


def _attach(stack: list[_Frame], value: Any, line: int) -> None:
    frame = stack[-1]
    container = frame.container
    if isinstance(container, LineList):
        container.append(value)
        container.item_lines.append(line)
        return
    if frame.key is None:
        if not isinstance(value, str):
            what = "null" if value is None else "a mapping or list"
            raise YamlProblem(f"a mapping key must be text, not {what}", line)
        if value in container:
            first = container.key_lines[value]
            raise YamlProblem(f"duplicate field {value!r} (first at line {first})", line)
        frame.key = value
        frame.key_line = line
        return
    container[frame.key] = value
    container.key_lines[frame.key] = frame.key_line
    frame.key = None


class TooManyMappings(Exception):  # noqa: N818 - a limit met, named by the caller
    """More mappings than the caller allows (a file far over the load limits)."""


def _compose(events: Any, max_mappings: int | None = None) -> Any:
    """Build plain data from parser events, without recursion."""
    mappings_left = -1 if max_mappings is None else max_mappings
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if kind is ScalarEvent:
            value = _scalar(event, line)
            if stack:
                _attach(stack, value, line)
            else:
                root = value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if kind is MappingStartEvent:
                _check_node(event, line, _MAPPING_TAGS)
                container: LineDict | LineList = LineDict(line)
                mappings_left -= 1
                if mappings_left == -1:
                    raise TooManyMappings
            else:
                _check_node(event, line, _SEQUENCE_TAGS)
                container = LineList(line)
            if stack:
                _attach(stack, container, line)
            else:
                root = container
            if len(stack) >= MAX_NESTING:
                raise YamlProblem(_TOO_DEEP, line)
            stack.append(_Frame(container))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is AliasEvent:
            raise YamlProblem(
                f"YAML anchors and aliases are not allowed (found alias *{event.anchor})", line
            )
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem("a file must hold one YAML document, found a second", line)
    return root


def load_yaml(text: str, max_mappings: int | None = None) -> Any:
    """Parse one YAML document into plain data; :class:`YamlProblem` if it is
    not allowed, :class:`TooManyMappings` past ``max_mappings`` mappings."""
    try:
        return _compose(yaml.parse(text, Loader=_LOADER), max_mappings)
    except (YamlProblem, TooManyMappings):
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        if "nesting" in problem or "depth" in problem:
            # libyaml (0.2.5 as PyYAML 6.0.4 builds it) stops a very deep flow
            # document in its scanner, before any event reaches our own check;
            # its limit is far above MAX_NESTING, so our wording stays true.
            raise YamlProblem(_TOO_DEEP, line) from None
        raise YamlProblem(f"invalid YAML: {problem}", line) from None
    except ReaderError as exc:
        char = exc.character
        code = ord(char) if isinstance(char, str) else int(char)
        # libyaml reports a byte offset, PyYAML's own reader a character
        # offset; the first place the character occurs is where both stopped.
        at = text.find(chr(code))
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise YamlProblem(f"character U+{code:04X} is not allowed in YAML", line) from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()
        raise YamlProblem(f"invalid YAML: {first[0] if first else 'unreadable'}", None) from None


def yaml_line(root: Any, path: tuple[str | int, ...]) -> int:
    """The line of the value at ``path`` in data this module read, or of the
    nearest enclosing value that exists (1 when nothing on the path does)."""
    node = root
    line: int = getattr(root, "line", 1)
    for step in path:
        if isinstance(node, LineDict) and isinstance(step, str) and step in node.key_lines:
            line = node.key_lines[step]
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
