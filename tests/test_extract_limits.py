"""`extract` stays bounded whatever the input: endless devices and pipes are refused
at the page limit, and a page naming very many offices drafts in linear time."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from orgarchive.extract.draft import extract_file
from orgarchive.extract.page_input import MAX_PAGE_BYTES

COMMAND = [sys.executable, "-m", "orgarchive", "extract"]
OPTIONS = ["--agency", "ICE", "--as-of", "2010-01-01"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_at_once(device: str) -> None:
    started = time.monotonic()
    result = subprocess.run([*COMMAND, device, *OPTIONS], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"Error: {device}: binary file, not a text, Markdown or HTML page\n")
    assert time.monotonic() - started < 30  # before the fix: 13 GB read after 30 s


def test_an_endless_pipe_of_text_is_refused_at_the_page_limit() -> None:
    writer = subprocess.Popen(["yes", "Office of Policy"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run([*COMMAND, "/dev/stdin", *OPTIONS], stdin=writer.stdout,
                                capture_output=True, text=True, timeout=120)
    finally:
        writer.kill()
        writer.wait()
    limit = MAX_PAGE_BYTES // (1024 * 1024)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"Error: /dev/stdin: file is too large for one page (more than that; the limit "
        f"is {limit} MB)\n")


def test_sixty_thousand_offices_draft_in_seconds(tmp_path: Path) -> None:
    # Each office's name begins no other's; before, every unit was compared with
    # every other to find name prefixes (4,000 offices 7 s, 60,000 more than 10 min).
    count = 60_000
    page = tmp_path / "offices.txt"
    page.write_text("".join(
        f"Office of Things {i} (OT{i})\n\nThe Office of Things {i} handles things.\n\n"
        for i in range(count)))
    started = time.process_time()
    draft = extract_file(str(page), agency="ICE", as_of=date(2010, 1, 1))
    assert len(draft.snapshot.units) == count
    assert time.process_time() - started < 30  # about 4 s of CPU on the 2-core machine


KILLED_WHILE_WRITING = """
import os, signal, sys
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
os.write = killed    # the draft's bytes going out ...
os.fdopen = killed   # ... whichever way the output file is written
from orgarchive.cli import main
sys.argv = ["orgarchive", *sys.argv[1:]]
main()
"""


def test_an_extract_killed_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    # Issue 15, point 17: the draft went through a named ".extract-*.tmp" file that a
    # killed process left behind. Here the process is killed (SIGKILL, nothing can
    # clean up) at the moment it writes the draft's bytes.
    page = tmp_path / "page.txt"
    page.write_text("Office of Policy (OP)\n\nThe Office of Policy writes policy.\n")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "draft.yaml"
    target.write_text("old draft\n")
    done = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING, "extract", str(page),
                           *OPTIONS, "-o", str(target)], capture_output=True, timeout=120)
    assert done.returncode == -9
    assert [p.name for p in folder.iterdir()] == ["draft.yaml"]
    assert target.read_text() == "old draft\n"
