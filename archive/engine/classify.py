"""What changed in a matched pair of units (SPEC §3), pure.

* ``renamed``: the names differ after ``norm_name`` (and neither side lists
  the other's name among its ``aliases``: a known other name of the same unit
  is ``modified``, with ``name`` in the fields) or both acronyms are known and
  differ after ``norm_acronym``.
* ``moved``: the after parent is not what the before parent became (its match,
  or the pieces of a merge or split it took part in); two roots have not moved,
  and a unit whose parent one side does not know (``parent_known`` False: a
  partial snapshot that leaves ``parent`` out) has not moved either.
* ``modified``: description, kind or aliases differ (both known), or the name
  or acronym differs in wording only. Fields come from a DeepDiff of the two
  units restricted to the fields both sides know (aliases in any order), run
  only on pairs already known to differ; deepdiff is imported on the first
  such pair, so a diff with no changed field does not pay for the import.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..domain import ChangeType, FieldChange, Unit
from .normalize import norm_acronym, norm_name

# Fields compared for `modified`; key and parent are identity and structure.
CONTENT_FIELDS = ("name", "acronym", "kind", "description", "aliases")


def _known(unit: Unit) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in CONTENT_FIELDS:
        v = getattr(unit, f)
        if v is not None:
            out[f] = sorted(v) if f == "aliases" else v
    return out


def changed_fields(before: Unit, after: Unit) -> dict[str, FieldChange]:
    """Fields known on both sides whose values differ (aliases compared as sets)."""
    from deepdiff import DeepDiff  # field-level differences of a matched pair

    old, new = _known(before), _known(after)
    common = [f for f in CONTENT_FIELDS if f in old and f in new]
    differ = DeepDiff({f: old[f] for f in common}, {f: new[f] for f in common},
                      ignore_order=True).affected_root_keys
    return {f: FieldChange(old[f], new[f]) for f in common if f in differ}


def classify_pair(
    before: Unit, after: Unit, parent_became: Collection[str | None]
) -> tuple[list[ChangeType], dict[str, FieldChange]]:
    """Types and fields of a matched pair; ``parent_became`` holds what the
    before parent became on the after side (``{None}`` for a root)."""
    # SPEC §1: no move is ever reported from or to an unknown parent
    moved = before.parent_known and after.parent_known and after.parent not in parent_became
    if before == after and not moved:
        return [], {}
    fields = changed_fields(before, after) if _content(before) != _content(after) else {}
    types: list[ChangeType] = []
    renamed = is_renamed(before, after)
    if renamed:
        types.append("renamed")
    if moved:
        types.append("moved")
        fields["parent"] = FieldChange(before.parent, after.parent)
    wording = set(fields) - {"parent"}
    if renamed:
        wording -= {"name", "acronym"}
    if wording:
        types.append("modified")
    return types, fields


def is_renamed(before: Unit, after: Unit) -> bool:
    """The SPEC §3 rename rule alone (what ``classify_pair`` calls ``renamed``),
    without computing the fields: the threads of ``orgarchive.structure`` ask
    it of every change of wording between two sightings of a unit."""
    return _other_name(before, after) or (
        before.acronym is not None
        and after.acronym is not None
        and norm_acronym(before.acronym) != norm_acronym(after.acronym)
    )


def _other_name(before: Unit, after: Unit) -> bool:
    """Whether the names differ beyond wording and neither side lists the
    other's name among its aliases (a known other name is no rename)."""
    old, new = norm_name(before.name), norm_name(after.name)
    if old == new:
        return False
    return not (new in {norm_name(a) for a in before.aliases or ()}
                or old in {norm_name(a) for a in after.aliases or ()})


def _content(unit: Unit) -> tuple[Any, ...]:
    return (unit.name, unit.acronym, unit.kind, unit.description, unit.aliases)
