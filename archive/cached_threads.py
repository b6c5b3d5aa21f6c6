"""An agency's threads through the derived cache: computed once, then read back.

Following every unit across an agency's snapshots (``structure.threads``)
runs the diff engine over each consecutive pair, then works out each unit's
timeline: about 17 s for 50 partial snapshots of 10,000 units. Its result
depends only on

* the snapshots it rests on: their ids and content hashes, in chain order
  (a stored snapshot never changes; a new load or a revision changes the list);
* the agency's curated events and the units its lineage files name, as read
  now (a lineage file added or changed changes them);
* the code that derived it: a digest of the diff engine's and the structure
  code's source files and weights, and the payload's layout (``FORMAT``), so
  a new engine or rule invalidates every payload without anyone remembering
  to bump a number.

``cache_key`` digests all of that. ``followed`` reads the payload stored
under the key it computes now (``store.derived_cache``) and decodes it
(``structure.threads_codec``), reading no unit row; otherwise it computes
the threads and stores them for next time, after the answer is made and in
a transaction of its own, giving up silently when the database cannot be
written (read-only, locked by a load). A payload under another key is never
used; one that fails to decode is computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from sqlalchemy import Engine

from .domain import LineageEvent, SnapshotInfo, Unit
from .store import derived_cache
from .structure import threads_codec
from .structure.threads import Threads

KIND = "threads"

# What the threads are derived by: every source file of these packages (and
# the engine's fitted weights), relative to the package root.
_CODE = ("engine", "structure", "domain.py")


@cache
def code_version() -> str:
    """A digest of the code the threads are derived by (read once per process)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"threads format {threads_codec.FORMAT}".encode())
    read = 0
    for part in _CODE:
        path = root / part
        files = sorted(p for p in path.rglob("*") if p.suffix in (".py", ".json")) \
            if path.is_dir() else [path]
        for file in files:
            try:
                content = file.read_bytes()
            except OSError:
                continue
            digest.update(str(file.relative_to(root)).encode() + b"\0" + content + b"\0")
            read += 1
    if read < 3:  # installed without its sources: no payload can be trusted across runs
        digest.update(os.urandom(16))
    return digest.hexdigest()


def cache_key(
    agency: str,
    infos: Sequence[SnapshotInfo],
    events: Sequence[LineageEvent],
    lineage_units: Sequence[Unit],
) -> str:
    """The digest of everything an agency's threads over ``infos`` are made from."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(json.dumps([agency, [[i.id, i.content_hash] for i in infos]]).encode())
    digest.update(repr(tuple(events)).encode())
    digest.update(repr(tuple(lineage_units)).encode())
    return digest.hexdigest()


def followed(
    engine: Engine,
    agency: str,
    infos: Sequence[SnapshotInfo],
    events: Sequence[LineageEvent],
    lineage_units: Sequence[Unit],
    compute: Callable[[], Threads],
) -> Threads:
    """The agency's threads over ``infos`` (chain order), from the cache when
    it holds them for exactly these records and this code, else ``compute()``
    (then stored, when the database lets us)."""
    key = cache_key(agency, infos, events, lineage_units)
    payload = derived_cache.read(engine, agency, KIND, key)
    if payload is not None:
        try:
            return threads_codec.decode(payload, agency, infos, events, lineage_units)
        except ValueError:
            pass  # damaged or of another layout: computed again, and replaced
    threads = compute()
    try:
        payload = threads_codec.encode(threads)
    except (TypeError, ValueError):  # a value the layout cannot hold: not cached
        return threads
    derived_cache.write(engine, agency, KIND, key, payload)
    return threads
