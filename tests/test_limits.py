"""Every input bounded: published limits, checked on load, and output that
grows no faster than its input (issue 15, "Cost that explodes on small input").
"""

from __future__ import annotations

from datetime import date

from orgarchive.domain import Snapshot, Unit
from orgarchive.report.tree import MAX_INDENTED_LEVELS, render_tree


def test_a_deep_parent_chain_prints_in_linear_space() -> None:
    depth = 10_000
    units = tuple(Unit(f"k{i}", f"Unit {i}", parent=f"k{i - 1}" if i else None)
                  for i in range(depth))
    lines = render_tree(Snapshot("X", date(2000, 1, 1), units))
    assert len(lines) == depth
    assert lines[1] == "  Unit 1"
    deepest = "  " * (MAX_INDENTED_LEVELS - 1)
    assert lines[MAX_INDENTED_LEVELS - 1] == f"{deepest}Unit {MAX_INDENTED_LEVELS - 1}"
    below = "  " * MAX_INDENTED_LEVELS
    assert lines[MAX_INDENTED_LEVELS] == f"{below}(level 101) Unit 100"
    assert lines[-1] == f"{below}(level {depth}) Unit {depth - 1}"
    # Quadratic indentation would be 10,000 * 9,999 characters (100 MB); this is 2.3 MB.
    assert sum(map(len, lines)) < 250 * depth
