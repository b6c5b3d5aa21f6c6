"""The lineage a GOV.UK export records: closed organisations as dated events, and by name.

A closed organisation's ``closed_at`` is the event's date, its
``govuk_closed_status`` the kind of change and ``superseding_organisations``
the other side. Each status is read as follows (docs/import.md explains why):

- ``changed_name``, one successor: ``renamed`` [old] -> [new], unless an
  earlier event, or a split the same day, already made the successor: then
  the absorption below (a key is not made twice).
- ``merged`` or ``replaced``, one successor: ``merged`` [closed, successor] ->
  [successor], an absorption: the successor carries on (a diff between two
  exports reads it as the rename it is when the successor is new).
- ``changed_name``, ``merged`` or ``replaced`` of several organisations into one
  successor on the same day: one ``merged`` event, [closed...] -> [successor]
  (several closed into one; the successor is in ``from`` too when an earlier
  event already gives it).
- ``split``, or one of the above naming several successors: ``split``
  [closed] -> [successors]; ``split`` naming one successor is read as
  ``replaced``.
- ``no_longer_exists``, ``left_gov``, ``devolved``, or a status naming no
  successor: ``removed`` [closed]; the note says which, and names any successor.

An organisation closed without a ``closed_at`` cannot be dated, so it has no
event; like every closed or devolved organisation, it is named in the
lineage's units, whose description says what GOV.UK records about it.
Events cite GOV.UK without the fetch date, so two exports that record the same
closure give the same event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from ..domain import ChangeType, LineageEvent, Source, Unit
from .govuk import SOURCE_TITLE, Organisation
from .result import find_cycle, plural

# Statuses that name one successor carrying the organisation's work on.
_SUCCESSION = ("changed_name", "merged", "replaced", "split")
# Statuses that say the organisation ended.
_ENDED = ("no_longer_exists", "left_gov", "devolved")


class _Names:
    def __init__(self, orgs: Sequence[Organisation]) -> None:
        self.by_slug = {o.slug: o for o in orgs}

    def label(self, slug: str) -> str:
        org = self.by_slug.get(slug)
        return org.label if org is not None else slug

    def listing(self, slugs: Sequence[str]) -> str:
        labels = [self.label(s) for s in slugs]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _source(org: Organisation) -> Source:
    return Source(title=SOURCE_TITLE, url=org.web_url)


def _event(when: date, kind: ChangeType, before: Sequence[str], after: Sequence[str],
           note: str, org: Organisation) -> LineageEvent:
    return LineageEvent(date=when, type=kind, from_keys=tuple(before), to_keys=tuple(after),
                        note=note, source=_source(org))


def _statuses(orgs: Sequence[Organisation]) -> str:
    return "; ".join(dict.fromkeys(o.closed_status or "" for o in orgs))


def _successions(group: list[Organisation], names: _Names, existed: bool) -> LineageEvent:
    """Organisations closed on one day with the same single successor.
    ``existed``: an earlier event, or a split that day, already made the
    successor, so it is kept (in ``from`` too), never made a second time."""
    first = group[0]
    assert first.closed_at is not None
    successor = first.successors[0]
    if len(group) > 1:
        slugs = [o.slug for o in group]
        note = (f"{names.listing(slugs)} merged into {names.label(successor)} "
                f"(GOV.UK: {_statuses(group)}).")
        return _event(first.closed_at, "merged", slugs + [successor] * existed, [successor],
                      note, first)
    status = first.closed_status
    how = {"changed_name": "changed its name to", "replaced": "was replaced by",
           "split": "was replaced by", "merged": "was merged into"}[status or "replaced"]
    extra = ", one successor named" if status == "split" else ""
    note = f"{first.label} {how} {names.label(successor)} (GOV.UK: {status}{extra})."
    if status == "changed_name" and not existed:
        return _event(first.closed_at, "renamed", [first.slug], [successor], note, first)
    # Absorbed: the successor carries on. GOV.UK often lists a successor before
    # the day it takes over, so a diff between two exports can find it on both
    # sides; the engine reads this form as the rename it is when it cannot.
    return _event(first.closed_at, "merged", [first.slug, successor], [successor], note, first)


def _single(org: Organisation, names: _Names) -> LineageEvent:
    """A dated closure that is not one of a same-day group of successions."""
    assert org.closed_at is not None
    status = org.closed_status
    if status in _SUCCESSION and len(org.successors) > 1:
        verb = "split into" if status == "split" else "closed; its work went to"
        note = f"{org.label} {verb} {names.listing(org.successors)} (GOV.UK: {status})."
        return _event(org.closed_at, "split", [org.slug], org.successors, note, org)
    what = {
        "no_longer_exists": "closed",
        "left_gov": "left government: it is no longer a UK government organisation",
        "devolved": "was devolved",
    }.get(status or "", f"closed; GOV.UK records {status} but names no successor")
    note = f"{org.label} {what} (GOV.UK: {status})."
    if org.successors:
        note += f" GOV.UK names as its successor {names.listing(org.successors)}."
    return _event(org.closed_at, "removed", [org.slug], [], note, org)


def closure_events(orgs: Sequence[Organisation]) -> list[LineageEvent]:
    """One event per dated closure, or per same-day group of successions into one body.

    Day by day, so that a successor an earlier event already gave (or a split
    gives the same day) is kept rather than made again: two events making one
    key would contradict each other (docs/files.md, Contradictions).
    """
    names = _Names(orgs)
    days: dict[date, tuple[list[Organisation], dict[str, list[Organisation]]]] = defaultdict(
        lambda: ([], defaultdict(list)))
    for org in orgs:
        if org.status != "closed" or org.closed_at is None:
            continue
        singles, groups = days[org.closed_at]
        if org.closed_status in _SUCCESSION and len(org.successors) == 1:
            groups[org.successors[0]].append(org)
        else:
            singles.append(org)
    events: list[LineageEvent] = []
    given: set[str] = set()  # keys an earlier event made (not merely kept) and none ended
    for day in sorted(days):
        singles, groups = days[day]
        today = [_single(org, names) for org in singles]
        made_today = {k for e in today for k in e.to_keys}
        for successor in sorted(groups):
            group = sorted(groups[successor], key=lambda o: o.slug)
            today.append(_successions(group, names, successor in given | made_today))
        for event in today:
            given.difference_update(set(event.from_keys) - set(event.to_keys))
            given.update(set(event.to_keys) - set(event.from_keys))
        events.extend(today)
    events.sort(key=lambda e: (e.date, e.from_keys, e.to_keys))
    return events


_PHRASES = {
    "changed_name": "changed its name to {}",
    "merged": "merged into {}",
    "replaced": "replaced by {}",
    "split": "split into {}",
    "no_longer_exists": "no longer exists",
    "left_gov": "left government",
    "devolved": "devolved to {}",
}


def _description(org: Organisation, names: _Names) -> str:
    """What GOV.UK records about a closed or devolved organisation, in words:
    "Closed 2019-04-01 (GOV.UK: changed its name to Academy for Social Justice)."."""
    status = org.closed_status
    told = _PHRASES[status] if status else ""
    if "{}" in told:
        told = told.format(names.listing(org.successors)) if org.successors else (
            f"{status}, no successor named")
    said = f" (GOV.UK: {told})" if told else ""
    if org.status == "devolved":
        return f"A devolved body{said or ' (GOV.UK status devolved)'}."
    if org.closed_at is None:
        return f"Closed, date not given{said}."
    return f"Closed {org.closed_at.isoformat()}{said}."


def named_units(orgs: Sequence[Organisation]) -> list[Unit]:
    """Every closed or devolved organisation as a unit, so that ``history``
    finds it by name although no snapshot shows it. Parent: the first listed
    one, open or not (a lineage unit's parent may name any key)."""
    names = _Names(orgs)
    gone = sorted((o for o in orgs if not o.is_open), key=lambda o: o.slug)
    parent_of = {o.slug: (o.parents[0] if o.parents else None) for o in gone}
    cycle = find_cycle(parent_of)
    if cycle is not None:
        org = names.by_slug[cycle[0]]
        raise org.node.field("parent_organisations").fail(
            "parents form a cycle: " + " -> ".join(cycle)
        )
    return [
        Unit(key=o.slug, name=o.title, acronym=o.acronym, kind=o.kind,
             parent=parent_of[o.slug], description=_description(o, names))
        for o in gone
    ]


def lineage_notes(orgs: Sequence[Organisation], events: Sequence[LineageEvent],
                  named: Sequence[Unit]) -> list[str]:
    closed = [o for o in orgs if o.status == "closed"]
    undated = sum(o.closed_at is None for o in closed)
    types = Counter(e.type for e in events)
    notes = [
        f"lineage: {plural(len(events), 'event')} from "
        f"{plural(len(closed) - undated, 'dated closure')} ("
        + ", ".join(f"{n} {t}" for t, n in sorted(types.items())) + ")",
    ]
    notes.append(f"{plural(len(named), 'closed or devolved organisation')} named in the "
                 "lineage's units, so that history finds them by name")
    if undated:
        notes.append(f"{plural(undated, 'closed organisation has', 'closed organisations have')}"
                     " no closed_at, so no event (there is no date to give it); the units' "
                     "descriptions say what GOV.UK records")
    devolved = sum(o.status == "devolved" for o in orgs)
    if devolved:
        notes.append(f"{plural(devolved, 'devolved organisation')}: outside the snapshot, "
                     "with no event")
    stray = sum(o.is_open and o.closed_status is not None for o in orgs)
    if stray:
        notes.append(f"{stray} open organisations also carry a govuk_closed_status: GOV.UK "
                     "lists them as open, so they stay in the snapshot with no event")
    return notes
