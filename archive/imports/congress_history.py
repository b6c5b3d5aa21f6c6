"""The committees file as one snapshot per Congress and a lineage of the renames it declares."""

from __future__ import annotations

from ..domain import LineageEvent, Snapshot, Source, Unit
from ..engine.normalize import norm_name
from .congress import (
    AGENCY,
    AGENCY_NAME,
    CHAMBERS,
    REPO_URL,
    SOURCE_TITLE,
    Body,
    every_body,
    first_day,
)
from .congress_ids import KeyPlan
from .result import ordinal


def _unit(body: Body, number: int, plan: KeyPlan, last_key: str) -> Unit:
    key = plan.key(body, number)
    name = body.names[number]
    aliases: tuple[str, ...] | None = None
    # The file's own name for the committee ("House Committee on Agriculture")
    # lets history find it; if the id was reused, it goes with the latest body.
    if body.formal_name is not None and key == last_key and norm_name(
        body.formal_name
    ) != norm_name(name):
        aliases = (body.formal_name,)
    parent = body.chamber if body.parent is None else plan.key(body.parent, number)
    return Unit(key=key, name=name, kind=body.kind, parent=parent, aliases=aliases)


def snapshots(committees: list[Body], plan: KeyPlan) -> list[Snapshot]:
    """One complete snapshot per Congress, in order."""
    out: list[Snapshot] = []
    for number in plan.all_congresses:
        units: list[Unit] = []
        sitting = [c for c in committees if number in c.names]
        for chamber, title in CHAMBERS.items():
            members = sorted((c for c in sitting if c.chamber == chamber),
                             key=lambda c: plan.key(c, number))
            if not members and chamber == "joint":
                continue
            units.append(Unit(key=chamber, name=title, kind="chamber", parent=None))
            for committee in members:
                units.append(_unit(committee, number, plan, _last_key(committee, plan)))
                subs = sorted((s for s in committee.subcommittees if number in s.names),
                              key=lambda s: plan.key(s, number))
                units.extend(_unit(s, number, plan, _last_key(s, plan)) for s in subs)
        out.append(Snapshot(
            agency=AGENCY,
            agency_name=AGENCY_NAME,
            as_of=first_day(number),
            coverage="complete",
            source=Source(title=f"{SOURCE_TITLE}, {ordinal(number)} Congress", url=REPO_URL),
            units=tuple(units),
        ))
    return out


def _last_key(body: Body, plan: KeyPlan) -> str:
    return plan.key(body, body.sittings[-1])


def rename_events(committees: list[Body], plan: KeyPlan) -> list[LineageEvent]:
    """A ``renamed`` event wherever one key's name changes between two of its
    sittings (wording alone, which SPEC §3 calls a modification, is left to
    the diff), dated the first day of the Congress with the new name."""
    events: list[LineageEvent] = []
    for body in every_body(committees):
        sittings = body.sittings
        for before, after in zip(sittings, sittings[1:], strict=False):
            key = plan.key(body, after)
            old, new = body.names[before], body.names[after]
            if plan.key(body, before) != key or norm_name(old) == norm_name(new):
                continue
            what = "Committee" if body.parent is None else "Subcommittee"
            note = (f"{what} {body.full_id} sat as {old!r} in the {ordinal(before)} Congress and "
                    f"as {new!r} from the {ordinal(after)}: the file keeps its thomas_id.")
            events.append(LineageEvent(
                date=first_day(after), type="renamed", from_keys=(key,), to_keys=(key,),
                note=note, source=Source(title=SOURCE_TITLE, url=REPO_URL),
            ))
    events.sort(key=lambda e: (e.date, e.from_keys))
    return events


def sitting_count(committees: list[Body]) -> int:
    return sum(len(b.names) for b in every_body(committees))
