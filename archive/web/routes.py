"""One handler per page (SPEC §5): read the request, ask the Reader, answer
with the HTML page or, for a path ending in ``.json``, the JSON document of
the matching command (byte for byte what the command prints)."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from ..report.changes import changes_json
from ..report.history_render import render_json as history_json
from ..report.period_json import render_json as report_json
from . import pages, params, urls
from .documents import agencies_document, to_json
from .reader import AgencyState, Reader, timeline
from .search import search_units

MAX_KEY = 300  # characters of a unit key or name in a path


@dataclass(frozen=True)
class Answer:
    body: str
    json: bool = False
    status: int = 200
    location: str | None = None  # a redirect (302) to the page with its state spelled out


def _redirect(location: str) -> Answer:
    return Answer("", status=302, location=location)


class OtherCase(Exception):
    """The agency code was written in another case: the page is at ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Routes:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def _state(self, agency: str) -> AgencyState:
        state = self.reader.state(agency)
        if state.code != agency:
            raise OtherCase(state.code)
        return state

    def index(self, args: MultiDict[str, str], json: bool) -> Answer:
        states = [s for s in self.reader.states() if s.snapshots]
        if json:
            return Answer(to_json(agencies_document(states)), json=True)
        return Answer(pages.index_page(states))

    def structure(self, args: MultiDict[str, str], json: bool, agency: str) -> Answer:
        state = self._state(agency)
        at = params.optional_date(args, "at")
        dates = timeline(state)
        if at is None:  # spell the date out, so the address says what is shown
            return _redirect(urls.structure(agency, dates[-1].day, json=json))
        view = self.reader.structure(state, at)
        if json:
            return Answer(view.json_text(), json=True)
        return Answer(pages.structure_page(state, view, dates))

    def diff(self, args: MultiDict[str, str], json: bool, agency: str) -> Answer:
        state = self._state(agency)
        # A later "from" is the story told backwards, as `diff` tells it.
        start, end = params.points(args)
        if start is None or end is None:
            first, last = state.snapshots[0].as_of, state.snapshots[-1].as_of
            return _redirect(urls.diff(agency, start or first, end or last, json=json))
        diff = self.reader.diff(state, start, end)
        if json:
            return Answer(changes_json(diff, args.get("all") in ("1", "true", "yes")), json=True)
        return Answer(pages.diff_page(state, diff, start, end, timeline(state)))

    def report(self, args: MultiDict[str, str], json: bool, agency: str) -> Answer:
        state = self._state(agency)
        start, end = params.period(args)
        params.ordered_period(start, end)
        report = self.reader.report(state, start, end)
        if json:
            return Answer(report_json(report), json=True)
        return Answer(pages.report_page(state, report, start, end))

    def unit(self, args: MultiDict[str, str], json: bool, agency: str, key: str) -> Answer:
        state = self._state(agency)
        if len(key) > MAX_KEY or not key.strip():
            raise params.BadRequest(f"a unit is named by a key, acronym or name of at most "
                                    f"{MAX_KEY} characters")
        history = self.reader.history(state, key)
        if json:
            return Answer(history_json(history), json=True)
        return Answer(pages.unit_page(state, history))

    def search(self, args: MultiDict[str, str], json: bool, agency: str) -> Answer:
        state = self._state(agency)
        query = params.search_query(args)
        at = params.optional_date(args, "at")
        if not query:
            if json:
                raise params.BadRequest("q: say what to search for (q=WORDS)")
            return Answer(pages.search_page(state, query, at, None))
        if at is None:
            result = self.reader.search_index(state).find(agency, query)
        else:
            view = self.reader.structure(state, at)
            result = search_units(agency, query, view.units, at, view.stands)
        if json:
            return Answer(to_json(result.document()), json=True)
        return Answer(pages.search_page(state, query, at, result))
