"""committees-historical.yaml of congress-legislators: read and checked, Congress by Congress.

Each Congress that some committee sat in becomes a complete snapshot dated
the Congress's first day (3 January of year 1789 + 2(N - 1); 4 March before
the 74th). Units: a root per chamber (``house``, ``senate``, and ``joint``
when joint committees sit), committees under it keyed by their thomas_id
(``hsag``), subcommittees under their committee keyed by both ids
(``hsag-15``: a subcommittee's thomas_id is only unique within its committee).
A committee keeps its key across Congresses, so a change of name is declared
by the source's identity: the lineage file records each one as a ``renamed``
event on the first day of the Congress that uses the new name. Some ids were
reused for unrelated bodies; :mod:`orgarchive.imports.congress_ids` finds
those and gives the later body a key of its own (``ssas-18.104``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ..files.rules import show
from .records import Export, Node
from .result import ordinal

AGENCY = "USCONGRESS"
AGENCY_NAME = "United States Congress (committees)"
REPO_URL = "https://github.com/unitedstates/congress-legislators"
SOURCE_TITLE = "committees-historical.yaml (unitedstates/congress-legislators)"
EXPECTED = "a committees-historical.yaml of congress-legislators (a list of committees)"
CHAMBERS = {"house": "House of Representatives", "senate": "Senate", "joint": "Joint committees"}

_ID = re.compile(r"[A-Za-z0-9]+").fullmatch
_NUMBER = re.compile(r"[1-9][0-9]{0,2}").fullmatch


def first_day(congress: int) -> date:
    """The first day of a Congress: 3 January from the 74th (1935), 4 March before."""
    year = 1789 + 2 * (congress - 1)
    return date(year, 1, 3) if congress >= 74 else date(year, 3, 4)


@dataclass
class Body:
    """A committee or subcommittee as the file lists it, checked."""

    thomas_id: str  # as the file writes it: "HSAG", or "15" for a subcommittee
    kind: str  # committee | subcommittee
    chamber: str
    formal_name: str | None  # the committee's ``name`` ("House Committee on Agriculture")
    names: dict[int, str]  # Congress -> the name it sat under
    node: Node
    parent: Body | None = None
    subcommittees: list[Body] = field(default_factory=list)

    @property
    def full_id(self) -> str:
        """The id congress-legislators uses elsewhere: HSAG, HSAG15."""
        return self.parent.thomas_id + self.thomas_id if self.parent else self.thomas_id

    @property
    def sittings(self) -> list[int]:
        return sorted(self.names)


def _congress(node: Node, text: str) -> int:
    if not _NUMBER(text):
        raise node.fail(f"{show(text)} is not a Congress number")
    return int(text)


def _names(body: Node) -> dict[int, str]:
    """``names`` (Congress -> name) checked against ``congresses``: each lists the same ones."""
    names: dict[int, str] = {}
    for key, value in body.field("names").entries():
        names[_congress(value, key)] = value.text()
    listed: list[int] = []
    for item in body.field("congresses").items("a list of Congress numbers"):
        number = _congress(item, item.raw_text())
        if number in listed:
            raise item.fail(f"the {ordinal(number)} Congress is listed twice")
        listed.append(number)
    if not listed:
        raise body.field("congresses").fail("lists no Congress")
    for number in listed:
        if number not in names:
            raise body.field("names").fail(
                f"no name for the {ordinal(number)} Congress, which 'congresses' lists"
            )
    for number in names:
        if number not in listed:
            raise body.field("names").field(str(number)).fail(
                f"a name for the {ordinal(number)} Congress, which 'congresses' does not list"
            )
    return names


def _thomas_id(node: Node) -> str:
    value = node.raw_text()
    if not _ID(value):
        raise node.fail(f"thomas_id {show(value)} is not letters and digits")
    return value


def _committee(node: Node, index: int) -> Body:
    node = node.of(f"committee {index + 1}")
    node.mapping("a committee (a mapping)")
    thomas_id = _thomas_id(node.field("thomas_id"))
    node = node.of(f"committee {thomas_id}")
    chamber = node.field("type").raw_text()
    if chamber not in CHAMBERS:
        raise node.field("type").fail(
            f"unknown type {show(chamber)} (known: {', '.join(CHAMBERS)})"
        )
    committee = Body(thomas_id, "committee", chamber, node.field("name").text(), _names(node),
                     node)
    seen: dict[str, Node] = {}
    subs = node.field("subcommittees", required=False)
    for i, sub in enumerate([] if subs.is_null() else subs.items("a list of subcommittees")):
        sub = sub.of(f"committee {thomas_id} subcommittee {i + 1}")
        sub.mapping("a subcommittee (a mapping)")
        sub_id = _thomas_id(sub.field("thomas_id"))
        sub = sub.of(f"committee {thomas_id} subcommittee {sub_id}")
        if sub_id.lower() in seen:
            raise sub.field("thomas_id").fail(f"subcommittee {sub_id} appears twice in committee "
                                              f"{thomas_id}")
        seen[sub_id.lower()] = sub
        sub.field("name").text()  # required, though each Congress's name is what is used
        body = Body(sub_id, "subcommittee", chamber, None, _names(sub), sub, parent=committee)
        for number in body.sittings:
            if number not in committee.names:
                raise sub.field("congresses").fail(
                    f"sits in the {ordinal(number)} Congress, when its committee does not"
                )
        committee.subcommittees.append(body)
    return committee


def read_committees(export: Export) -> list[Body]:
    """Every committee of the file, checked, with its subcommittees."""
    top = export.top()
    if not isinstance(top.value, list):
        raise top.fail(f"not {EXPECTED}: found {show(top.value)}")
    committees: list[Body] = []
    seen: dict[str, Body] = {}
    for index, node in enumerate(top.items()):
        committee = _committee(node, index)
        if committee.thomas_id.lower() in seen:
            raise committee.node.field("thomas_id").fail(
                f"committee {committee.thomas_id} appears twice"
            )
        seen[committee.thomas_id.lower()] = committee
        committees.append(committee)
    if not committees:
        raise top.fail(f"not {EXPECTED}: it lists no committee")
    return committees


def every_body(committees: list[Body]) -> Iterator[Body]:
    for committee in committees:
        yield committee
        yield from committee.subcommittees
