"""Whatever the page holds, extraction ends in a draft or a one-line InputError."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from orgarchive.errors import InputError
from orgarchive.extract.draft import extract_file
from orgarchive.files.read import parse_document
from orgarchive.files.yaml_write import dump_snapshot_yaml

PIECES = st.sampled_from([
    "Office of Investigations (OI)", "\n\n", "\n", "# ", "## ", "<h2>", "</h2>", "<p>", "</p>",
    "<div class='nav'>", "</div>", "<script>", "</script>", "**", "[", "](#)", "(", ")",
    "The following offices are located within the Director's Office:", "Read More",
    "OI is responsible for investigating crimes.", "This division handles removals. ",
    "The Office of Detention and Removal Operations (DRO) is responsible for developing ",
    "How We Work", "M&A", "(HSI-Intel)", "U.S. ", "\u00a0", "\x0c", "é", "’", "<!--", "-->",
    "<html>", "which assists", ", which ", "Center", "MegaCenters", "\t",
    # structure: bullets and nesting, tables, run-together cells, front matter, prose cues
    "  • ", "    • ", "o ", "* ", "1. ", "| Office | Head |\n", "|---|---|\n",
    "---\ntitle: X\n---\n",
    "Chief of StaffJohn Smith, Acting", "Deputy Administrator", "Region I (Maine, Vermont)",
    "RAIO is made up of three divisions:", "The Asylum Division manages asylum. ",
    "There are also two practice areas: Design, Engineering.", "(where OI is housed)",
    "<table><tr><td>", "</td><td>", "</td></tr></table>", "<ul><li>", "</li></ul>",
    "<th colspan=2>", "</th>", "**Talent:** ", "Within the Office of Policy, the Data Unit runs ",
])


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page"
        page.write_bytes(data)
        try:
            draft = extract_file(str(page), agency="ICE", as_of=date(2010, 1, 1))
        except InputError as exc:
            event("error")
            assert "\n" not in str(exc) and str(exc).startswith(str(page))
            return
        event("draft")
        text = dump_snapshot_yaml(draft.snapshot, unit_comments=draft.unit_comments,
                                  header_comments=draft.header_comments)
        assert parse_document(text.encode("utf-8"), "draft.yaml") == draft.snapshot


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_pieces_of_pages_give_a_loadable_draft_or_an_input_error(parts: list[str]) -> None:
    _check("".join(parts).encode("utf-8"))


HEADINGS = st.sampled_from([
    "Office of Investigations (OI)", "Enforcement and Removal Operations", "## Office of Policy",
    "(Agreements of Cooperation in Communities to Enhance Safety and Security)",
    "Homeland Security Investigations Office of Intelligence (HSI-Intel)", "How We Work",
    "<h3>Cyber Crimes Center (C3)</h3>", "**Air Transportation Unit**", "ICE", "Office of",
])
PROSE = st.sampled_from([
    "OI investigates crimes. Read More", "The ERO directorate upholds the law.",
    "ICE ACCESS provides services to local agencies. (read more)",
    "HSI-Intel also handles the National Incident Response Unit (NIRU), which assists.",
    "The Office of Intelligence collects and shares information on threats.",
    "The Office of Detention and Removal Operations (DRO) is responsible for developing it.",
    "In 2000, FPS moved monitoring to four MegaCenters. Read More", "This division removes.",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(HEADINGS, PROSE, PIECES), min_size=1, max_size=12))
def test_entry_shaped_pages_give_a_loadable_draft_or_an_input_error(
        entries: list[tuple[str, str, str]]) -> None:
    _check("".join(f"{h}\n\n{p}\n\n{noise}" for h, p, noise in entries).encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_loadable_draft_or_an_input_error(data: bytes) -> None:
    _check(data)
