"""The WSGI application: routing, the ``.json`` suffix, errors and headers.

Werkzeug parses requests and matches paths; ``Routes`` answers. Read-only:
GET and HEAD only. Whatever goes wrong becomes a page (or JSON) naming the
problem with its status: 400 for a malformed request, 404 for an agency,
unit, date or page the archive does not hold, 503 when the database cannot
be read, 500 (the traceback to the server's log, never to the browser) for a
bug. Every response forbids loading anything from another origin.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ..errors import AmbiguousError, NotFoundError, OrgArchiveError
from ..services import Archive
from . import pages
from .documents import error_document, to_json
from .params import BadRequest
from .reader import AgencyState, Reader, timeline
from .routes import Answer, OtherCase, Routes
from .urls import segment

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger("orgarchive.web")

# Nothing from another origin: styles and scripts from this server (the report's
# styles are inline), images only inline (the SVG diagrams are markup).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
STATIC_TYPES = {"app.css": "text/css; charset=utf-8",
                "app.js": "text/javascript; charset=utf-8",
                "icon.svg": "image/svg+xml"}
LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]"}
REASONS = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           500: "Internal Server Error", 503: "Service Unavailable"}

URL_MAP = Map(
    [
        Rule("/", endpoint="index"),
        Rule("/-/static/<name>", endpoint="static"),
        Rule("/<agency>", endpoint="structure"),
        Rule("/<agency>/diff", endpoint="diff"),
        Rule("/<agency>/report", endpoint="report"),
        Rule("/<agency>/search", endpoint="search"),
        Rule("/<agency>/units/<key>", endpoint="unit"),
    ],
    strict_slashes=False,
    merge_slashes=False,
)


class WebApp:
    """``orgarchive serve``'s WSGI application over one open Archive."""

    def __init__(self, archive: Archive, *, local_only: bool = False) -> None:
        """``local_only``: answer only requests addressed to this computer by
        name (Host: localhost, 127.0.0.1, [::1]), so that a web page elsewhere
        cannot read the archive through the reader's browser by pointing a
        name of its own at 127.0.0.1 ("DNS rebinding")."""
        self.reader = Reader(archive)
        self.routes = Routes(self.reader)
        self.local_only = local_only

    def warm(self) -> None:
        """Work the first requests would otherwise wait for, done ahead (the
        server calls this once, on a thread of its own): the reader's indexes
        and threads (``Reader.warm``), the templates compiled, and each
        agency's structure on its latest date, the page its link opens (which
        also works out the timelines and names the other dates share)."""
        self.reader.warm()
        pages.compile_templates()
        for state in self.reader.states():
            if not state.snapshots:
                continue
            try:
                self.routes.structure(MultiDict({"at": timeline(state)[-1].day.isoformat()}),
                                      False, state.code)
            except OrgArchiveError:  # its visitor will be told why, as usual
                continue

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse
                 ) -> Iterable[bytes]:
        response = self.respond(Request(environ))
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        path = request.path
        as_json = path.endswith(".json")
        if as_json:
            path = path[: -len(".json")] or "/"
        try:
            if request.method not in ("GET", "HEAD"):
                raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
            if self.local_only and _host_name(request.host) not in LOCAL_NAMES:
                raise BadRequest(f"this server answers only addresses on this computer "
                                 f"(localhost, 127.0.0.1), not {request.host[:80]!r}")
            if len(path) > 1 and path.endswith("/"):  # one address per page
                target = path.rstrip("/") or "/"
                query = request.query_string.decode("latin-1")
                return _finish(Response(status=308, headers={
                    "Location": target + (".json" if as_json else "") + (
                        "?" + query if query else "")}))
            endpoint, values = URL_MAP.bind("localhost").match(path, method="GET")
            if endpoint == "static":
                return _static(values["name"])
            answer: Answer = getattr(self.routes, endpoint)(request.args, as_json, **values)
        except OtherCase as other:  # /ice is /ICE
            rest = path.split("/", 2)[2] if path.count("/") > 1 else ""
            target = "/" + segment(other.code) + ("/" + quote(rest, safe="/") if rest else "")
            query = request.query_string.decode("latin-1")
            return _finish(Response(status=302, headers={"Location": target + (
                ".json" if as_json else "") + ("?" + query if query else "")}))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a page
            return self._failure(request, exc, as_json)
        return _finish(_response(answer))

    def _failure(self, request: Request, exc: Exception, as_json: bool) -> Response:
        candidates: list[str] = []
        headers: dict[str, str] = {}
        if isinstance(exc, BadRequest):
            status, message = 400, str(exc)
        elif isinstance(exc, AmbiguousError):
            status, message, candidates = 400, str(exc), list(exc.candidates)
        elif isinstance(exc, NotFoundError):
            status, message = 404, str(exc)
        elif isinstance(exc, MethodNotAllowed):
            status, message = 405, f"{request.method} is not answered: the archive is read-only"
            headers["Allow"] = "GET, HEAD"
        elif isinstance(exc, NotFound):
            status, message = 404, f"no page at {request.path}"
        elif isinstance(exc, HTTPException):
            status, message = exc.code or 500, exc.description or exc.name
        elif isinstance(exc, OrgArchiveError):
            status, message = 503, f"the archive cannot be read: {exc}"
        else:
            log.exception("error answering %s", request.full_path)
            status = 500
            message = "the server failed to answer this request; its log says why"
        reason = REASONS.get(status, "Error")
        if as_json:
            body = to_json(error_document(status, message, candidates))
            response = Response(body, status=status, mimetype="application/json")
        else:
            html = pages.error_page(status, reason, message, self._agency(request), candidates)
            response = Response(html, status=status, mimetype="text/html")
        response.headers.update(headers)
        return _finish(response)

    def _agency(self, request: Request) -> AgencyState | None:
        """The agency the failed address names, when it holds one (for the links)."""
        code = request.path.strip("/").split("/")[0].removesuffix(".json")
        try:
            return self.reader.state(code) if code else None
        except Exception:  # noqa: BLE001 - the error page must not fail in turn
            return None


def _host_name(host: str) -> str:
    """The name in a Host header, without its port."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _response(answer: Answer) -> Response:
    if answer.location is not None:
        return Response(status=answer.status, headers={"Location": answer.location})
    if answer.json:
        return Response(answer.body, status=answer.status, mimetype="application/json")
    return Response(answer.body, status=answer.status, mimetype="text/html")


def _finish(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if "Cache-Control" not in response.headers:
        # The archive grows while the server runs: ask browsers to check again.
        response.headers["Cache-Control"] = "no-cache"
    return response


def _static(name: str) -> Response:
    if name not in STATIC_TYPES:
        raise NotFound()
    data = resources.files("orgarchive.web").joinpath("static", name).read_bytes()
    response = Response(data, content_type=STATIC_TYPES[name])
    response.headers["Cache-Control"] = "max-age=3600"
    return _finish(response)
