"""A page with terminal control characters still drafts a snapshot that loads.

Snapshot files refuse control characters (tests/test_cli_hostile_input.py), so
the extractor must not copy them from a page, raw or as HTML character
references, into the draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from orgarchive.cli import cli
from orgarchive.domain import Snapshot
from orgarchive.files.read import read_document

TEXT_PAGE = (
    "Offices\n\nOffice of Investigations (OI)\n\n"
    "The Office of Investigations (OI) investigates \x1b[31mcrimes\x07 across borders.\n\n"
    "Office of Policy\n\nThe Office of Policy writes\x0b policy \x9b papers.\n"
)
HTML_PAGE = (
    "<html><body><h2>Office of Investigations (OI)</h2>"
    "<p>The Office of Investigations (OI) investigates &#27;[31mcrimes&#7; across borders.</p>"
    "<h2>Office of&#27; Policy</h2><p>The Office of Policy writes policy papers.</p>"
    "</body></html>"
)
CONTROLS = {chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0))}


@pytest.mark.parametrize(("name", "content"), [("page.txt", TEXT_PAGE), ("page.html", HTML_PAGE)])
def test_draft_from_a_page_with_control_characters_loads(
    tmp_path: Path, name: str, content: str
) -> None:
    page = tmp_path / name
    page.write_text(content, encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    result = CliRunner().invoke(
        cli, ["extract", str(page), "--agency", "ICE", "--as-of", "2008-11-05", "-o", str(draft)]
    )
    assert result.exit_code == 0, result.output
    snapshot = read_document(draft)
    assert isinstance(snapshot, Snapshot)
    names = {u.name for u in snapshot.units}
    assert {"Office of Investigations", "Office of Policy"} <= names
    for unit in snapshot.units:
        for text in (unit.name, unit.description or ""):
            assert not CONTROLS.intersection(text), text
