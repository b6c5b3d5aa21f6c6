"""The HTML report in a real browser: headless Chromium renders it without console
errors or network access, the lineage diagram is in the DOM, and a screenshot is taken.

Fails (never skips) under CI when Chromium is missing: .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path

import pytest

from orgarchive.domain import Snapshot, Unit
from orgarchive.report.html import render_report_html
from orgarchive.report.period import build_report
from orgarchive.structure.record import AgencyRecord
from orgarchive.structure.threads import threads_of
from tests.report_samples import sample_threads, stored
from tests.test_report_html import hostile_report


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is needed to test the HTML report (apt-get install chromium)")
    pytest.skip("chromium not installed")


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` with every host name unresolvable."""
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # any network access fails loudly
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    """Console output and failed loads that Chromium logs while showing the page."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE(" in line or ":CONSOLE:" in line or "net::ERR_" in line
    ]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_console_check_can_fail(tmp_path: Path) -> None:
    """A page with a console error and a remote image is caught by the checks below."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body><script>console.error("boom")</script>'
        '<img src="http://example.org/x.png"></body></html>',
        encoding="utf-8",
    )
    messages = console_messages(browse(page, tmp_path, "--dump-dom").stderr)
    assert any("boom" in m for m in messages)


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_the_report_renders_in_chromium(which: str, tmp_path: Path) -> None:
    report = build_report(sample_threads()) if which == "sample" else hostile_report()
    page = tmp_path / "report.html"
    page.write_text(render_report_html(report), encoding="utf-8")

    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_messages(dom.stderr) == []
    assert '<svg id="lineage"' in dom.stdout
    rows = dom.stdout.count('<g class="row">')
    units = {p.thread for p in (*report.net.start.units, *report.net.end.units)}
    assert rows == len(units) + len(report.net.passing)
    assert "<script>alert" not in dom.stdout  # the hostile name stayed text

    shot = tmp_path / "report.png"
    result = browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1400,2000")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert png_size(shot) == (1400, 2000)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


# A test-only script, added to a copy of the page: it measures each label of
# the lineage diagram as Chromium lays it out and writes the widest overflow
# (label end past the start of the time line) into the page's title.
MEASURE = """<script>
const svg = document.getElementById("lineage");
const bars = [...svg.querySelectorAll("rect.bar")].map(r => r.x.baseVal.value);
const timeline = Math.min(...bars);
let worst = -1e9, labels = 0;
for (const t of svg.querySelectorAll("text.name")) {
  labels += 1;
  worst = Math.max(worst, t.x.baseVal[0].value + t.getComputedTextLength() - timeline);
}
document.title = "labels=" + labels + " overflow=" + Math.round(worst);
</script>"""


@pytest.mark.parametrize("name", [
    "Office of State, Local and Tribal Coordination and Very Long Names (OSLTC)",
    "国土安全调查局情报办公室与国际事务办公室 (国土安全)",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
    "MANAGEMENT AND ADMINISTRATION DIRECTORATE 2010",
])
def test_no_label_of_the_diagram_runs_into_the_time_line(name: str, tmp_path: Path) -> None:
    """Labels are laid out in full (never cut short), and the label column is
    wide enough for each as the browser draws it, wide characters included;
    printing scales the whole drawing, so it holds on paper too."""
    units = (Unit("a", name), Unit("b", "Office"))
    record = AgencyRecord.of("ICE", [stored(1, Snapshot("ICE", date(2020, 1, 1), units)),
                                     stored(2, Snapshot("ICE", date(2021, 1, 1), units))])
    report = build_report(threads_of(record))
    page = tmp_path / "measure.html"
    page.write_text(render_report_html(report).replace("</body>", MEASURE + "</body>"),
                    encoding="utf-8")
    dom = browse(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    title = dom.stdout.split("<title>")[1].split("</title>")[0]
    labels, overflow = (int(part.split("=")[1]) for part in title.split())
    assert labels == 2
    assert overflow <= 0, title
