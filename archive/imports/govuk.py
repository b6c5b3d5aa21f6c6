"""A GOV.UK organisations API export, read and checked, and the snapshot of its open organisations.

One snapshot holds every organisation whose ``govuk_status`` is live, exempt,
joining or transitioning: key = slug, name = title, acronym = abbreviation
(left out when blank or only repeating the title), kind = the organisation
type (``format``, lower case, "-" read as a space), parent = the first listed
parent that is itself in the snapshot. This is how the real diff pairs in
``shared/real/diff/govuk-*`` were built, so an imported export and those
pairs agree unit for unit. Closed and devolved organisations go to the
lineage file (:mod:`orgarchive.imports.govuk_lineage`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from ..domain import Snapshot, Source, Unit
from ..files.limits import MAX_KEY, MAX_URL
from ..files.rules import KEY_RULE, key_ok, show
from .records import Export, Node
from .result import acronym_of, find_cycle

AGENCY = "UKGOV"
AGENCY_NAME = "UK Government (GOV.UK organisations)"
API_URL = "https://www.gov.uk/api/organisations"
SOURCE_TITLE = "GOV.UK organisations API"
EXPECTED = "a GOV.UK organisations API export (JSON, the organisations in a 'results' list)"

OPEN_STATUSES = ("live", "exempt", "joining", "transitioning")
STATUSES = (*OPEN_STATUSES, "closed", "devolved")
CLOSED_STATUSES = (
    "changed_name", "merged", "split", "replaced", "no_longer_exists", "left_gov", "devolved",
)
_LINK_MARK = "/organisations/"


@dataclass(frozen=True)
class Organisation:
    """One record of the export, checked."""

    slug: str
    title: str
    acronym: str | None
    kind: str | None
    parents: tuple[str, ...]
    status: str
    closed_status: str | None
    closed_at: date | None
    successors: tuple[str, ...]
    web_url: str | None
    updated: date | None
    node: Node

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def label(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title


def kind_of(format_name: str | None) -> str | None:
    """"Executive non-departmental public body" -> "executive non departmental public body"."""
    if format_name is None:
        return None
    words = format_name.lower().replace("-", " ").replace("_", " ").split()
    return " ".join(words) or None


def _records(export: Export) -> Iterator[Node]:
    """The organisation records, from the joined ``{"results": [...]}`` form, a
    list of organisations, or a list of API pages each with its ``results``."""
    top = export.top()
    value = top.value
    if isinstance(value, dict):
        if not isinstance(value.get("results"), list):
            raise top.fail(f"not {EXPECTED}: no 'results' list")
        _check_total(top, len(value["results"]))
        yield from top.field("results").items()
        return
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "results" in v for v in value):
            pages = list(top.items())
            held = sum(len(p.value["results"]) for p in pages
                       if isinstance(p.value["results"], list))
            _check_total(pages[0], held)
            for page in pages:
                yield from page.field("results").items("a list of organisations")
            return
        yield from top.items()
        return
    raise top.fail(f"not {EXPECTED}: found {show(value)}")


def _check_total(page: Node, held: int) -> None:
    """Refuse a file holding fewer organisations than the API's ``total`` says."""
    total = page.mapping().get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total != held:
        raise page.field("total").fail(
            f"the file holds {held} of the {total} organisations the API reports: "
            "join the results of every page into one file (see docs/import.md)"
        )


def _slug_of_link(link: Node) -> str:
    """The slug in a link ``{"id": "https://www.gov.uk/api/organisations/SLUG", ...}``."""
    address = link.field("id").raw_text(MAX_URL)
    at = address.rfind(_LINK_MARK)
    slug = address[at + len(_LINK_MARK):].strip("/") if at >= 0 else ""
    if not slug or "/" in slug:
        raise link.field("id").fail(
            f"expected the address of a GOV.UK organisation ('{API_URL}/SLUG'), found "
            f"{show(address)}"
        )
    if not key_ok(slug) or len(slug) > MAX_KEY:
        raise link.field("id").fail(f"slug {show(slug)} cannot be a key ({KEY_RULE}, at most "
                                    f"{MAX_KEY} characters)")
    return slug


def _day(node: Node) -> date | None:
    """An ISO date or date-time (``2016-04-01T00:00:00.000+01:00``) as the date it names."""
    if node.is_null():
        return None
    text = node.raw_text()
    try:
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise node.fail(f"{show(text)} is not a date or date-time") from None


def _choice(node: Node, allowed: tuple[str, ...], what: str) -> str | None:
    value = node.optional_text()
    if value is not None and value not in allowed:
        raise node.fail(f"unknown {what} {show(value)} (known: {', '.join(allowed)})")
    return value


def _organisation(node: Node, index: int) -> Organisation:
    node = node.of(f"organisation {index + 1}")
    node.mapping("an organisation (a mapping)")
    details = node.field("details")
    slug = details.field("slug").raw_text(MAX_KEY)
    if not key_ok(slug):
        raise details.field("slug").fail(f"slug {show(slug)} cannot be a key ({KEY_RULE}, at "
                                         f"most {MAX_KEY} characters)")
    node = node.of(f"organisation {slug!r}")
    details = details.of(node.record or "")
    title = node.field("title").text()
    status = _choice(details.field("govuk_status"), STATUSES, "govuk_status")
    if status is None:
        raise details.field("govuk_status").fail("govuk_status is null")
    closed_status = _choice(
        details.field("govuk_closed_status", required=False), CLOSED_STATUSES,
        "govuk_closed_status",
    )
    if status == "closed" and closed_status is None:
        raise details.field("govuk_closed_status", required=False).fail(
            "a closed organisation needs a govuk_closed_status"
        )
    format_name = node.field("format", required=False).optional_text()
    abbreviation = details.field("abbreviation", required=False).optional_text()
    web_url = node.field("web_url", required=False).optional_text(MAX_URL)
    parents = tuple(_slug_of_link(p) for p in node.field("parent_organisations").items())
    successors = tuple(
        _slug_of_link(p) for p in node.field("superseding_organisations").items()
    )
    if slug in successors:
        raise node.field("superseding_organisations").fail("names the organisation itself")
    return Organisation(
        slug=slug,
        title=title,
        acronym=acronym_of(abbreviation, title),
        kind=kind_of(format_name),
        parents=tuple(dict.fromkeys(parents)),
        status=status,
        closed_status=closed_status,
        closed_at=_day(details.field("closed_at", required=False)),
        successors=tuple(dict.fromkeys(successors)),
        web_url=web_url,
        updated=_day(node.field("updated_at", required=False)),
        node=node,
    )


def read_organisations(export: Export) -> list[Organisation]:
    """Every record of the export, checked; duplicate slugs are refused."""
    out: list[Organisation] = []
    seen: dict[str, Organisation] = {}
    for index, record in enumerate(_records(export)):
        org = _organisation(record, index)
        if org.slug in seen:
            first = seen[org.slug].node.path
            raise org.node.field("details").field("slug").fail(
                f"slug {org.slug!r} appears twice (first at {_pointer(first)})"
            )
        seen[org.slug] = org
        out.append(org)
    if not out:
        raise export.top().fail(f"not {EXPECTED}: it lists no organisation")
    return out


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join(f"/{step}" for step in path) or "/"


def check_as_of(orgs: list[Organisation], as_of: date) -> None:
    """Refuse an ``--as-of`` earlier than a record's last update: the export
    cannot be older than what it holds."""
    dated = [o for o in orgs if o.updated is not None]
    if not dated:
        return
    latest = max(dated, key=lambda o: (o.updated, o.slug))
    if latest.updated is not None and latest.updated > as_of:
        raise latest.node.field("updated_at").fail(
            f"--as-of {as_of.isoformat()} is before this record's last update "
            f"({latest.updated.isoformat()}): give the day the export was fetched"
        )


def snapshot(orgs: list[Organisation], as_of: date) -> tuple[Snapshot, list[str]]:
    """The open organisations as a complete snapshot, and notes on the choices made."""
    open_orgs = sorted((o for o in orgs if o.is_open), key=lambda o: o.slug)
    if not open_orgs:
        raise orgs[0].node.export.top().fail("no organisation is live, exempt, joining or "
                                             "transitioning: there is nothing to take a "
                                             "snapshot of")
    open_slugs = {o.slug for o in open_orgs}
    parent_of: dict[str, str | None] = {}
    several = 0
    for org in open_orgs:
        inside = [p for p in org.parents if p in open_slugs]
        parent_of[org.slug] = inside[0] if inside else None
        several += len(inside) > 1
    cycle = find_cycle(parent_of)
    if cycle is not None:
        org = next(o for o in open_orgs if o.slug == cycle[0])
        raise org.node.field("parent_organisations").fail(
            "parents form a cycle: " + " -> ".join(cycle)
        )
    units = tuple(
        Unit(key=o.slug, name=o.title, acronym=o.acronym, kind=o.kind, parent=parent_of[o.slug])
        for o in open_orgs
    )
    statuses = Counter(o.status for o in open_orgs)
    notes = [
        f"snapshot: {len(units)} organisations "
        + "(" + ", ".join(f"{statuses[s]} {s}" for s in OPEN_STATUSES if statuses[s]) + ")",
    ]
    if several:
        notes.append(
            f"{several} organisations list several open parents: each is placed under "
            "the first one listed"
        )
    shot = Snapshot(
        agency=AGENCY,
        agency_name=AGENCY_NAME,
        as_of=as_of,
        coverage="complete",
        source=Source(
            title=f"{SOURCE_TITLE}, as fetched {as_of.isoformat()}",
            url=API_URL,
            note="organisations whose GOV.UK status is live, exempt, joining or transitioning",
        ),
        units=units,
    )
    return shot, notes
