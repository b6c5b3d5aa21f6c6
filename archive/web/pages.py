"""The HTML pages: Jinja2 templates with autoescape, over the report's look.

The web templates (web/templates) extend the HTML report's base page
(report/templates/base.html.j2), so the pages share its colours, badges and
tables; the period report page extends the report page itself. Values from
the data are escaped by the templates; the two pieces of markup built in
Python (the tree and the lineage diagram) escape their own values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .. import __version__
from ..domain import CHANGE_TYPES, Change, Diff, Unit
from ..report.history import UnitHistory
from ..report.history_render import life_text, seen_text, when_text
from ..report.html import ChangeView, change_view, report_context
from ..report.period import Report
from ..report.svg import PALETTE
from . import urls
from .memo import Memo
from .reader import AgencyState, TimelineDate
from .search import SearchResult
from .structure import StructureView
from .tree_html import tree_html
from .unit_svg import unit_svg

MAX_CHANGES = 1000  # change records listed on the diff page (the JSON has all)
# The tree of a structure, the largest part of its page (1.7 MB for 10,000 units):
# the same for every date the same sources answer.
_TREES: Memo[tuple[Markup, Markup]] = Memo(16)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader("orgarchive.web", "templates"),
                             PackageLoader("orgarchive.report", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(urls=urls, version=__version__, palette=PALETTE, types=CHANGE_TYPES,
                       safe_url=safe_url)
    return env


def compile_templates() -> None:
    """Compile every template now (Jinja compiles each on its first use: about
    60 ms for a structure page's, which its first visitor would wait for)."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links (no javascript: or data: URLs)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(context)


@dataclass(frozen=True)
class ChangeRow:
    """A change record with its units' keys, so each name links to its history."""

    view: ChangeView
    before: list[tuple[str, str]]  # (label, key)
    after: list[tuple[str, str]]


def _label(unit: Unit) -> str:
    return f"{unit.name} ({unit.acronym})" if unit.acronym else unit.name


def change_row(change: Change) -> ChangeRow:
    return ChangeRow(change_view(change), [(_label(u), u.key) for u in change.before],
                     [(_label(u), u.key) for u in change.after])


def index_page(states: list[AgencyState]) -> str:
    return _render("page_index.html.j2", title="orgarchive: the agencies held", states=states,
                   agency=None, tab="", json_url=urls.home(json=True))


def structure_page(state: AgencyState, view: StructureView, dates: list[TimelineDate]) -> str:
    days = [t.day for t in dates]
    # The slider's position: the last stop on or before the date shown.
    position = max((i for i, d in enumerate(days) if d <= view.at), default=0)
    prefix = urls.unit(state.code, "")
    tree, apart = _TREES.get((view.identity, view.agency, view.unknown_parent),
                             lambda: tree_html(view, lambda key: prefix + urls.segment(key)))
    earlier = [d for d in days if d < view.at]
    later = [d for d in days if d > view.at]
    return _render(
        "page_structure.html.j2",
        title=f"{state.code} on {view.at}",
        agency=state, view=view, dates=dates, position=position, tree=tree, apart=apart,
        previous=earlier[-1] if earlier else None, next=later[0] if later else None,
        numbers={c.ref: i for i, c in enumerate(view.citations, start=1)},
        tab="structure", json_url=urls.structure(state.code, view.at, json=True),
    )


def diff_page(state: AgencyState, diff: Diff, start: date, end: date,
              dates: list[TimelineDate]) -> str:
    rows = [change_row(c) for c in diff.changes[:MAX_CHANGES]]
    return _render(
        "page_diff.html.j2",
        title=f"{state.code}: changes from {start} to {end}",
        agency=state, diff=diff, start=start, end=end, summary=diff.summary(), rows=rows,
        cut=max(len(diff.changes) - MAX_CHANGES, 0), dates=dates,
        tab="diff", json_url=urls.diff(state.code, start, end, json=True),
    )


def unit_page(state: AgencyState, history: UnitHistory) -> str:
    unit = history.current
    return _render(
        "page_unit.html.j2",
        title=f"{state.code}: {unit.name}" + (f" ({unit.acronym})" if unit.acronym else ""),
        agency=state, h=history, diagram=unit_svg(history, lambda k: urls.unit(state.code, k)),
        life=[life_text(e) for e in history.life], when=when_text, seen=seen_text,
        tab="", json_url=urls.unit(state.code, history.query, json=True),
    )


def report_page(state: AgencyState, report: Report, start: date | None,
                end: date | None) -> str:
    context = report_context(report)
    context.update(agency=state, start=start, end=end, tab="report",
                   json_url=urls.report(state.code, start, end, json=True))
    return _render("page_report.html.j2", **context)


def search_page(state: AgencyState, query: str, at: date | None,
                result: SearchResult | None) -> str:
    title = f"{state.code}: search" + (f" for “{query}”" if query else "")
    return _render("page_search.html.j2", title=title, agency=state, query=query, at=at,
                   result=result, tab="search",
                   json_url=urls.search(state.code, query, at, json=True) if query else None)


def error_page(status: int, reason: str, message: str, agency: AgencyState | None,
               candidates: list[str]) -> str:
    return _render("page_error.html.j2", title=f"{status} {reason}", status=status,
                   reason=reason, message=message, agency=agency, candidates=candidates,
                   tab="", json_url=None)
