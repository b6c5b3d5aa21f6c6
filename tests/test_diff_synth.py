"""The synthetic reorganisation generator makes loadable snapshots, step after
step (benchmarks/report_bench.py chains 50 of them)."""

from __future__ import annotations

import json
import sys

import pytest

from orgarchive.files.canonical import snapshot_dict
from orgarchive.files.read import parse_document
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from synth import make_snapshot, reorganise  # noqa: E402


@pytest.mark.parametrize("seed", [7, 11])
def test_every_snapshot_of_a_long_chain_passes_load_validation(seed: int) -> None:
    snapshot = make_snapshot(1500, seed)
    for step in range(1, 50):
        snapshot, truth = reorganise(snapshot, 0.05, seed + step)
        assert truth
        data = json.dumps(snapshot_dict(snapshot)).encode()
        # the same rules `orgarchive load` applies: parents exist, no cycles, unique keys
        loaded = parse_document(data, f"step-{step}.json")
        assert len(loaded.units) == len(snapshot.units)  # type: ignore[union-attr]
