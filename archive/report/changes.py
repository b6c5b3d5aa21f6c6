"""Renderings of a Diff: SPEC §3 JSON (``orgarchive.changes/1``), text,
Markdown and CSV. Pure: each returns a string.

``include_unchanged`` (the command's ``--all``) appends one record per
unchanged pair with ``"types": []`` after the changes, and lists the
unobserved units under a top-level ``"unobserved"`` key.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import orjson

from ..domain import CHANGE_TYPES, CHANGES_FORMAT, Change, Diff, SnapshotRef, Unit
from .one_line import one_line

CSV_COLUMNS = (
    "types", "before_keys", "before_names", "after_keys", "after_names",
    "confidence", "curated", "fields", "evidence",
)


def unit_ref(unit: Unit) -> dict[str, Any]:
    """A unit as SPEC §3 shows it: key, name, acronym, kind, parent (null when unknown)."""
    return {"key": unit.key, "name": unit.name, "acronym": unit.acronym, "kind": unit.kind,
            "parent": unit.parent}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def change_record(change: Change) -> dict[str, Any]:
    return {
        "types": list(change.types),
        "before": [unit_ref(u) for u in change.before],
        "after": [unit_ref(u) for u in change.after],
        "confidence": change.confidence,
        "curated": change.curated,
        "evidence": _plain(change.evidence),
        "fields": {f: {"old": _plain(fc.old), "new": _plain(fc.new)}
                   for f, fc in change.fields.items()},
    }


def _side(ref: SnapshotRef) -> dict[str, Any]:
    return {"snapshot": ref.id, "as_of": ref.as_of.isoformat(), "coverage": ref.coverage}


def changes_document(diff: Diff, include_unchanged: bool = False) -> dict[str, Any]:
    """The SPEC §3 document as a dict (for embedding in other reports)."""
    records = [change_record(c) for c in diff.changes]
    doc: dict[str, Any] = {
        "format": CHANGES_FORMAT,
        "agency": diff.agency,
        "from": _side(diff.before),
        "to": _side(diff.after),
        "summary": diff.summary(),
        "changes": records,
    }
    if include_unchanged:
        for b, a in diff.unchanged:
            records.append({"types": [], "before": [unit_ref(b)], "after": [unit_ref(a)],
                            "confidence": 1.0, "curated": False, "evidence": {}, "fields": {}})
        doc["unobserved"] = [unit_ref(u) for u in diff.unobserved]
    return doc


def changes_json(diff: Diff, include_unchanged: bool = False) -> str:
    """SPEC §3 JSON, byte-for-byte deterministic, ending with a newline."""
    doc = changes_document(diff, include_unchanged)
    # json.dumps falls back to pure Python when it indents (0.1-0.3 s for the
    # 1 MB of a 100,000-unit diff at 1% churn); orjson writes the same bytes
    # ten times faster, for plain values whose floats it writes alike (see
    # _orjson_alike). Anything else goes to the standard library as before.
    if _orjson_alike(doc):
        try:
            return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n"
        except orjson.JSONEncodeError:  # a lone surrogate: json.dumps writes it raw
            pass
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _orjson_alike(value: Any) -> bool:
    """Whether orjson.dumps(OPT_INDENT_2) writes ``value`` exactly as
    json.dumps(indent=2, ensure_ascii=False) does: dicts with str keys, lists,
    str, bool, None, 64-bit ints, and floats that are 0 or 1e-4 <= |x| < 1e16
    (json writes others with an exponent, orjson differently)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _orjson_alike(v) for k, v in value.items())
    if kind is list:
        return all(_orjson_alike(v) for v in value)
    if kind is float:
        return bool(value == 0.0 or 1e-4 <= abs(value) < 1e16)
    if kind is int:
        return bool(-(2**63) <= value < 2**63)
    return value is None or kind is str or kind is bool


# -- text -------------------------------------------------------------------
def _label(unit: Unit) -> str:
    acr = f" ({unit.acronym})" if unit.acronym else ""
    return f"{unit.name}{acr} [{unit.key}]"


def backwards_note(diff: Diff) -> str:
    """What a diff whose FROM is later than its TO says about itself."""
    return (f"FROM ({diff.before.as_of}) is later than TO ({diff.after.as_of}): the changes are "
            "told backwards in time, from the later snapshot to the earlier, curated events "
            "applied in reverse")


def _side_text(ref: SnapshotRef) -> str:
    ident = f"snapshot {ref.id}" if ref.id is not None else "snapshot"
    return f"{ident} ({ref.as_of.isoformat()}, {ref.coverage})"


def _brief(change: Change) -> str:
    ev = change.evidence
    if change.curated:
        notes = [e.get("note") for e in ev.get("events", []) if e.get("note")]
        return "curated" + (f": {one_line(notes[-1])}" if notes else "")
    parts = [f"confidence {change.confidence:.2f}"]
    for key, label in (("name_similarity", "name"), ("description_similarity", "description"),
                       ("children_overlap", "children")):
        if key in ev:
            parts.append(f"{label} {ev[key]:.2f}")
    if ev.get("stage") not in (None, "similarity"):
        parts.append(f"by {ev['stage']}")
    return ", ".join(parts)


def _record_line(change: Change) -> str:
    before = " + ".join(_label(u) for u in change.before)
    after = " + ".join(_label(u) for u in change.after)
    if not change.before:
        text = after
    elif not change.after:
        text = before
    else:
        text = f"{before} → {after}"
    extra = [f"{f}: {_short(fc.old, f)} → {_short(fc.new, f)}" for f, fc in change.fields.items()
             if f not in ("name", "acronym") or "renamed" not in change.types]
    types = "" if len(change.types) == 1 else f" [{', '.join(change.types)}]"
    out = f"  {text}{types}\n      {_brief(change)}"
    if extra:
        out += "\n      " + "; ".join(extra)
    return out


TOP_LEVEL = "(top level)"


def field_text(field: str, value: Any) -> str | None:
    """How a changed field's value reads; None for an unknown value. A ``parent``
    of None is not unknown (SPEC §3 lists only description, acronym, kind and
    aliases as optional): the unit is at the top level."""
    if value is None:
        return TOP_LEVEL if field == "parent" else None
    return str(value)


def _short(value: Any, field: str = "", limit: int = 60) -> str:
    text = one_line(field_text(field, value) or "—")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _groups(diff: Diff) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {t: [] for t in CHANGE_TYPES}
    for c in diff.changes:
        groups[c.types[0]].append(c)
    return groups


def _unstyled(text: str, change_type: str) -> str:
    return text


def changes_text(
    diff: Diff,
    include_unchanged: bool = False,
    style: Callable[[str, str], str] = _unstyled,
) -> str:
    """Terminal text: header with snapshots and coverage, then records grouped by type.

    ``style(text, change_type)`` may colour each group's heading (the command
    line does so only when standard output is a terminal)."""
    summary = diff.summary()
    lines = [
        f"{diff.agency}: {_side_text(diff.before)} → {_side_text(diff.after)}",
        ", ".join(f"{n} {t}" for t, n in summary.items() if n),
    ]
    if diff.before.as_of > diff.after.as_of:
        lines.insert(1, f"Backwards: {backwards_note(diff)}.")
    if not diff.changes:
        lines.append("No changes.")
    for t, records in _groups(diff).items():
        if records:
            lines.append("")
            lines.append(style(f"{t.capitalize()} ({len(records)})", t))
            lines.extend(_record_line(c) for c in records)
    if include_unchanged and diff.unchanged:
        lines += ["", f"Unchanged ({len(diff.unchanged)})"]
        lines += [f"  {_label(a)}" for _, a in diff.unchanged]
    if diff.unobserved:
        lines += ["", f"Unobserved ({len(diff.unobserved)}): outside a partial snapshot"]
        if include_unchanged:
            lines += [f"  {_label(u)}" for u in diff.unobserved]
    return "\n".join(lines) + "\n"


# -- markdown ---------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def md_escape(text: str) -> str:
    """Text from the data, safe inside Markdown (and a table cell)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_units(units: tuple[Unit, ...]) -> str:
    return "<br>".join(
        md_escape(u.name) + (f" \\({md_escape(u.acronym)}\\)" if u.acronym else "")
        + f" `{u.key}`" for u in units
    ) or "—"


def changes_markdown(diff: Diff, include_unchanged: bool = False) -> str:
    summary = diff.summary()
    lines = [
        f"# Changes in {md_escape(diff.agency)}",
        "",
        f"From {md_escape(_side_text(diff.before))} to {md_escape(_side_text(diff.after))}.",
        "",
        *([f"**Backwards:** {md_escape(backwards_note(diff))}.", ""]
          if diff.before.as_of > diff.after.as_of else []),
        "| " + " | ".join(summary) + " |",
        "|" + "---|" * len(summary),
        "| " + " | ".join(str(n) for n in summary.values()) + " |",
    ]
    for t, records in _groups(diff).items():
        if not records:
            continue
        lines += ["", f"## {t.capitalize()} ({len(records)})", "",
                  "| Before | After | Types | Confidence | Evidence |", "|---|---|---|---|---|"]
        for c in records:
            lines.append(
                f"| {_md_units(c.before)} | {_md_units(c.after)} | {', '.join(c.types)} | "
                f"{c.confidence:.2f} | {md_escape(_brief(c))} |"
            )
    if include_unchanged and diff.unchanged:
        lines += ["", f"## Unchanged ({len(diff.unchanged)})", ""]
        lines += [f"- {_md_units((a,))}" for _, a in diff.unchanged]
    return "\n".join(lines) + "\n"


# -- csv --------------------------------------------------------------------
def changes_csv(diff: Diff, include_unchanged: bool = False) -> str:
    """One row per record; columns CSV_COLUMNS (lists joined with ';')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows: list[Change] = list(diff.changes)
    if include_unchanged:
        rows += [Change((), (b,), (a,), 1.0) for b, a in diff.unchanged]
    for c in rows:
        writer.writerow([
            ";".join(c.types),
            ";".join(u.key for u in c.before),
            ";".join(u.name for u in c.before),
            ";".join(u.key for u in c.after),
            ";".join(u.name for u in c.after),
            f"{c.confidence:.3f}",
            "true" if c.curated else "false",
            ";".join(c.fields),
            json.dumps(_plain(c.evidence), ensure_ascii=False, separators=(",", ":")),
        ])
    return out.getvalue()
