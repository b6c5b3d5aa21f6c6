"""Writing a snapshot as a flat SPEC §1 YAML file.

Used by ``show --format yaml`` and by ``extract``, which puts ``# ...`` comment
lines above the units a reviewer should check. The output reads back to the
same snapshot (``read_document(dump_snapshot_yaml(s)) == s``), and reads the
same way in any YAML 1.1 or 1.2 parser: a text value is written plain only when
it cannot be mistaken for anything else (a number, a date, ``null``, ``yes``,
YAML syntax), otherwise double-quoted with escapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..domain import SNAPSHOT_FORMAT, Snapshot, Source, Unit

# Plain only: starts with a letter, then letters, digits and harmless punctuation.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,()&/'_-]*").fullmatch
# Words some YAML parser reads as a boolean, null or special number.
_RESERVED = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity"}
)
# Line breaks in YAML's eyes, besides \n and \r.
_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


# Characters written as escapes: C0/C1 controls, DEL, surrogates, line and
# paragraph separators, the BOM and the non-characters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")
_TO_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED_ESCAPES.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def scalar(text: str) -> str:
    """A text value as YAML: plain if unambiguous, else double-quoted."""
    if _PLAIN(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


def _comment_lines(text: str, indent: str) -> list[str]:
    out = []
    for part in _BREAKS.split(text):
        clean = _UNPRINTABLE.sub(_escape, part)
        out.append(f"{indent}# {clean}".rstrip())
    return out


def _source_lines(source: Source) -> list[str]:
    fields = [
        ("title", source.title),
        ("url", source.url),
        ("archived_url", source.archived_url),
        ("note", source.note),
    ]
    known = [(name, value) for name, value in fields if value is not None]
    if not known:
        return ["source: {}"]
    return ["source:", *(f"  {name}: {scalar(value)}" for name, value in known)]


def _unit_lines(unit: Unit, partial: bool) -> list[str]:
    lines = [f"  - key: {scalar(unit.key)}", f"    name: {scalar(unit.name)}"]
    for name, value in (
        ("acronym", unit.acronym),
        ("kind", unit.kind),
        ("parent", unit.parent),
        ("description", unit.description),
    ):
        if value is not None:
            lines.append(f"    {name}: {scalar(value)}")
        elif name == "parent" and partial and unit.parent_known:
            lines.append("    parent: null")  # left out, it would mean "unknown" (SPEC §1)
    if unit.aliases is not None:
        if unit.aliases:
            lines.append("    aliases:")
            lines.extend(f"      - {scalar(alias)}" for alias in unit.aliases)
        else:
            lines.append("    aliases: []")
    return lines


def dump_snapshot_yaml(
    snapshot: Snapshot,
    *,
    unit_comments: Mapping[str, Sequence[str]] | None = None,
    header_comments: Sequence[str] = (),
) -> str:
    """The snapshot as SPEC §1 YAML, units in ``snapshot.units`` order.

    ``header_comments`` go at the top of the file; ``unit_comments[key]`` just
    above that unit. Each comment becomes one ``# ...`` line per line of text.
    """
    lines: list[str] = []
    for comment in header_comments:
        lines.extend(_comment_lines(comment, ""))
    lines.append(f"format: {SNAPSHOT_FORMAT}")
    lines.append(f"agency: {scalar(snapshot.agency)}")
    if snapshot.agency_name is not None:
        lines.append(f"agency_name: {scalar(snapshot.agency_name)}")
    lines.append(f"as_of: {snapshot.as_of.isoformat()}")
    if snapshot.observed is not None:
        lines.append(f"observed: {snapshot.observed.isoformat()}")
    lines.append(f"coverage: {snapshot.coverage}")
    if snapshot.source is not None:
        lines.extend(_source_lines(snapshot.source))
    lines.append("units:")
    comments = unit_comments or {}
    for unit in snapshot.units:
        for comment in comments.get(unit.key, ()):
            lines.extend(_comment_lines(comment, "  "))
        lines.extend(_unit_lines(unit, snapshot.coverage == "partial"))
    return "\n".join(lines) + "\n"
