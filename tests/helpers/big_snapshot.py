"""A 100,000-unit snapshot file for the crash-safety test, from benchmarks/synth.py.

The JSON text is built once; :func:`variant` rewrites only its ``as_of`` so each
attempt loads a snapshot with different content (another hash) at the same cost.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from orgarchive.files.canonical import snapshot_dict

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
UNITS = 100_000
_SEED = 7


@cache
def big_snapshot_text() -> tuple[str, str]:
    """The snapshot's JSON text and the ``as_of`` written in it."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    from synth import make_snapshot  # benchmarks/ is a folder of scripts, not a package

    snapshot = make_snapshot(UNITS, _SEED)
    assert len(snapshot.units) == UNITS
    return json.dumps(snapshot_dict(snapshot)), snapshot.as_of.isoformat()


def variant(path: Path, number: int) -> tuple[Path, date]:
    """Write the big snapshot with its ``as_of`` moved ``number`` days back."""
    text, as_of = big_snapshot_text()
    day = date.fromisoformat(as_of) - timedelta(days=number)
    marker = f'"as_of": "{as_of}"'
    assert text.count(marker) == 1
    path.write_text(text.replace(marker, f'"as_of": "{day.isoformat()}"'), encoding="utf-8")
    return path, day
