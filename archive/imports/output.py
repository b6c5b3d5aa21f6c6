"""An import's files as text, written to a folder for review, or stored through ``Archive.load``.

Snapshots are written by :func:`orgarchive.files.yaml_write.dump_snapshot_yaml`
and lineage files in the same plain style, so each reads back to the very
document the import built (tests/test_import_output.py checks it). Output
is byte-for-byte the same for the same export: keys, order and wording never
depend on the clock or the machine.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import LINEAGE_FORMAT, Lineage, LineageEvent, Snapshot, Unit
from ..errors import InputError, OrgArchiveError
from ..files.yaml_write import dump_snapshot_yaml, scalar
from .result import ImportedFile, ImportResult

if TYPE_CHECKING:
    from ..services import Archive, LoadOutcome


def _comment(text: str) -> str:
    return f"# {text}".rstrip()


def _keys(keys: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(k) for k in keys) + "]"


def _event_lines(event: LineageEvent) -> list[str]:
    lines = [
        f"  - date: {event.date.isoformat()}",
        f"    type: {event.type}",
        f"    from: {_keys(event.from_keys)}",
        f"    to: {_keys(event.to_keys)}",
    ]
    if event.note is not None:
        lines.append(f"    note: {scalar(event.note)}")
    if event.source is not None:
        known = [(name, getattr(event.source, name))
                 for name in ("title", "url", "archived_url", "note")]
        known = [(name, value) for name, value in known if value is not None]
        if known:
            lines.append("    source:")
            lines.extend(f"      {name}: {scalar(value)}" for name, value in known)
    return lines


def _unit_lines(unit: Unit) -> list[str]:
    """A lineage unit; ``parent: null`` says "at the top", as leaving the
    field out there says "unknown" (docs/files.md)."""
    lines = [f"  - key: {scalar(unit.key)}", f"    name: {scalar(unit.name)}"]
    for name in ("acronym", "kind", "parent", "description"):
        value = getattr(unit, name)
        if value is not None:
            lines.append(f"    {name}: {scalar(value)}")
        elif name == "parent" and unit.parent_known:
            lines.append("    parent: null")
    if unit.aliases:
        lines.append("    aliases:")
        lines.extend(f"      - {scalar(alias)}" for alias in unit.aliases)
    return lines


def dump_lineage_yaml(lineage: Lineage, header_comments: Sequence[str] = ()) -> str:
    """A lineage file (SPEC §2) as YAML: events, then the units it names."""
    lines = [_comment(c) for c in header_comments]
    lines += [f"format: {LINEAGE_FORMAT}", f"agency: {scalar(lineage.agency)}"]
    lines.append("events:" if lineage.events else "events: []")
    for event in lineage.events:
        lines.extend(_event_lines(event))
    if lineage.units:
        lines.append("units:")
        for unit in lineage.units:
            lines.extend(_unit_lines(unit))
    return "\n".join(lines) + "\n"


def file_text(imported: ImportedFile) -> str:
    document = imported.document
    if isinstance(document, Snapshot):
        return dump_snapshot_yaml(document, header_comments=imported.comments)
    return dump_lineage_yaml(document, imported.comments)


@dataclass(frozen=True)
class Written:
    path: Path
    status: str  # "written" | "unchanged" (the same text was already there)
    document: Snapshot | Lineage


def write_files(result: ImportResult, folder: str | Path) -> list[Written]:
    """Write every file of ``result`` into ``folder`` (created if missing).

    A file already there with the same text is left alone; one with other
    text is refused, before anything is written, so a reviewed and edited
    file is never overwritten. Each file is written whole or not at all.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OrgArchiveError(f"{target}: exists and is not a folder")
    planned: list[tuple[Path, str, ImportedFile]] = []
    for imported in result.files:
        path = target / imported.name
        text = file_text(imported)
        _check_loads(text, imported.name)
        if path.exists():
            try:
                same = path.read_text(encoding="utf-8") == text
            except (OSError, UnicodeDecodeError):
                same = False
            if not same:
                raise OrgArchiveError(
                    f"{path}: exists with other content; nothing was written (move it away, "
                    "or choose another -o folder)"
                )
        planned.append((path, text, imported))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OrgArchiveError(f"{target}: cannot create the folder: {exc.strerror}") from None
    temporaries: list[tuple[str, Path]] = []
    try:  # every new file is written in full before any takes its name
        for path, text, _ in planned:
            if not path.exists():
                temporaries.append((_write_aside(path, text), path))
        for temporary, path in temporaries:
            os.replace(temporary, path)
    except OSError as exc:
        for temporary, _ in temporaries:
            Path(temporary).unlink(missing_ok=True)
        raise OrgArchiveError(f"{target}: cannot write: {exc.strerror or exc}") from None
    new = {path for _, path in temporaries}
    return [Written(path, "written" if path in new else "unchanged", imported.document)
            for path, _, imported in planned]


def _check_loads(text: str, name: str) -> None:
    """Read ``text`` back as ``load`` will: a file the import wrote must load."""
    from ..files.read import parse_document

    try:
        parse_document(text.encode("utf-8"), name)
    except InputError as exc:
        raise OrgArchiveError(
            f"the import made {name}, which would not load ({exc}); nothing was written: "
            "please report this"
        ) from None


def _write_aside(path: Path, text: str) -> str:
    """``text`` in a hidden temporary file beside ``path``; its name."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    return temporary


def load_result(archive: Archive, result: ImportResult) -> list[LoadOutcome]:
    """Store every file of ``result`` in one transaction, through ``archive.load``
    (the path ``orgarchive load`` takes): the files are written to a temporary
    folder first, so what is stored is exactly what ``-o`` would have written.
    Returns the load outcomes, their paths given as the files' names."""
    with tempfile.TemporaryDirectory(prefix="orgarchive-import-") as folder:
        paths = []
        for imported in result.files:
            path = Path(folder) / imported.name
            path.write_text(file_text(imported), encoding="utf-8")
            paths.append(path)
        try:
            outcomes = archive.load(paths)
        except InputError as exc:  # a file the import made that would not load
            name = Path(exc.path).name
            problem = str(exc).replace(f"{folder}{os.sep}", "")
            raise OrgArchiveError(
                f"the import made {name}, which would not load ({problem}); nothing was "
                "stored: please report this"
            ) from None
    return [replace(o, path=Path(o.path).name) for o in outcomes]
