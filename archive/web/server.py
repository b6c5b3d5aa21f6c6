"""Running the application: waitress, a multi-threaded WSGI server.

Requests are answered on a pool of threads; each opens its own database
session from the Archive's engine, so reads run side by side and never wait
for a ``load`` in another process (SQLite in WAL mode, PostgreSQL's MVCC).
The search indexes and the diffs between consecutive snapshots are made on a
thread of their own at start, so the first search, unit page or report does
not pay for them.
"""

from __future__ import annotations

import gc
import ipaddress
import logging
import threading
from typing import Any

from waitress import create_server

from ..services import Archive
from .app import WebApp

log = logging.getLogger("orgarchive.web")

THREADS = 8  # the database waits of one request overlap another's work
MAX_BODY = 64 * 1024  # the archive is read-only: requests carry no body worth reading


def make_server(archive: Archive, host: str = "127.0.0.1", port: int = 8765,
                *, threads: int = THREADS, warm: bool = True) -> Any:
    """A waitress server for the archive, listening but not yet answering:
    call ``run()`` (blocks) and ``close()``. Port 0 picks a free port;
    ``server_url`` says which."""
    app = WebApp(archive, local_only=is_loopback(host))
    # Waitress warns at every queued request when all threads are busy: under a
    # crowd that is thousands of lines saying the server is busy.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = create_server(app, host=host, port=port, threads=threads, ident="orgarchive",
                           connection_limit=200, max_request_body_size=MAX_BODY,
                           expose_tracebacks=False, clear_untrusted_proxy_headers=True)
    if warm:
        threading.Thread(target=_warm, args=(app,), name="orgarchive-warm", daemon=True).start()
    return server


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or name) of this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def server_url(server: Any, host: str) -> str:
    port = getattr(server, "effective_port", None)
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _warm(app: WebApp) -> None:
    try:
        app.warm()
    except Exception:  # noqa: BLE001 - the requests will do the work themselves
        log.warning("could not prepare the pages ahead of time", exc_info=True)
        return
    # What was read is mostly kept for long (snapshots, diffs): move it out of
    # the collector's sight, so that its full passes stop rescanning a million
    # objects (nothing here holds cycles; reference counting still frees them).
    gc.freeze()
