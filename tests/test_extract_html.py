"""The HTML path of `extract`, on hand-written captures with navigation, scripts,
side bars, footers and broken markup, and on pathological pages."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from orgarchive.cli import cli
from orgarchive.extract.draft import extract_file
from orgarchive.extract.page_input import read_page
from tests.conftest import REPO, SEEDS

PAGES = REPO / "tests" / "extract_pages"


def units_of(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """name -> (acronym, parent name) of the draft of PATH."""
    snapshot = extract_file(str(path), agency="ICE", as_of=date(2009, 8, 1)).snapshot
    names = {u.key: u.name for u in snapshot.units}
    return {u.name: (u.acronym, names.get(u.parent) if u.parent else None)
            for u in snapshot.units}


def test_leadership_html_keeps_the_offices_and_drops_scripts_nav_sidebar_footer() -> None:
    # The fixture's content holds five offices (OSLTC is left out of this copy),
    # the heading of OPR is left unclosed and OPLA's paragraph is mis-nested.
    assert units_of(PAGES / "leadership.html") == {
        "Office of Public Affairs": ("OPA", "Director's Office"),
        "Office of Congressional Relations": ("OCR", "Director's Office"),
        "Office of the Principal Legal Advisor": ("OPLA", "Director's Office"),
        "Office of Professional Responsibility": ("OPR", "Director's Office"),
        "Office of Detention Policy and Planning": ("ODPP", "Director's Office"),
        "Director's Office": (None, None),
    }


def test_leadership_html_title_and_partial_coverage() -> None:
    draft = extract_file(str(PAGES / "leadership.html"), agency="ICE", as_of=date(2009, 8, 1))
    assert draft.page_format == "html"
    assert draft.snapshot.source is not None
    assert draft.snapshot.source.title == "ICE Leadership Offices"
    assert draft.snapshot.coverage == "partial"
    opa = next(u for u in draft.snapshot.units if u.key == "opa")
    assert opa.description == (
        "OPA is the agency’s public face, dedicated to telling the story of ICE.")


def test_html_saved_as_txt_is_detected_from_content() -> None:
    page = read_page(str(PAGES / "operations.txt"))
    assert page.format == "html"
    assert units_of(PAGES / "operations.txt") == {
        "Office of Federal Protective Service": ("FPS", None),
        "Office of Intelligence": (None, None),
        "Office of Investigations": ("OI", None),
        "Office of Policy": (None, None),
    }


def test_seed_formats_are_detected_from_content() -> None:
    formats = {p.name[:3]: read_page(str(p)).format for p in sorted(SEEDS.glob("*.txt"))}
    assert formats == {"000": "text", "001": "markdown", "002": "text", "003": "text",
                       "004": "text"}


def test_deeply_nested_broken_markup_gives_a_draft_not_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    page.write_text("<html><body>" + "<div><span><b>" * 20000
                    + "<h2>Office of Investigations (OI)</h2><p>OI investigates crimes "
                    "that may threaten national security.</p>" + "</td></i>" * 500
                    + "<script>while(1){}</script><p>unclosed")
    result = CliRunner().invoke(cli, ["extract", str(page), "--agency", "ICE",
                                      "--as-of", "2010-01-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


def test_20_mb_page_is_drafted_in_bounded_time(tmp_path: Path) -> None:
    entry = ("<div class='entry'><h3>Office of Investigations {i} (OI{i})</h3>"
             "<p>The Office of Investigations {i} (OI{i}) is responsible for investigating "
             "<b>crimes</b> and <a href='#'>more</a>.</p><p><a href='#'>Read More</a></p>"
             "</div><script>var x = {i};</script>\n")
    block = "".join(entry.format(i=i) for i in range(1000))
    body = block * (20_000_000 // len(block) + 1)
    page = tmp_path / "big.html"
    page.write_text(f"<html><head><title>Big</title></head><body>{body}</body></html>")
    assert page.stat().st_size >= 20_000_000
    out = tmp_path / "big.yaml"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(page), "--agency", "ICE",
                                      "--as-of", "2010-01-01", "-o", str(out)])
    elapsed = time.monotonic() - started
    assert (result.exit_code, result.stderr) == (0, "")
    assert out.read_text().count("\n  - key: ") == 1000  # the repeats are one unit each
    assert elapsed < 60  # sanity bound only; the measured figure is in docs/extract.md


def test_20_mb_single_line_is_refused_or_drafted_quickly(tmp_path: Path) -> None:
    page = tmp_path / "line.txt"
    page.write_text("(((Office [of](x) **Things** (OT) " * 600_000)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(page), "--agency", "ICE",
                                      "--as-of", "2010-01-01"])
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 60
