"""Long work shows a progress bar on a terminal, and nothing extra when piped."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from orgarchive.services import Archive
from tests.conftest import REPO

BUNDLED = REPO / "snapshots"


def _run_on_terminal(args: list[str], env: dict[str, str], stream: str) -> tuple[int, str, str]:
    """Run ``python -m orgarchive ARGS`` with STREAM ("stdout" or "stderr") on a
    pseudo-terminal; return the exit code, the other stream, and what the terminal saw."""
    leader, follower = pty.openpty()
    pipes: dict[str, int] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    proc = subprocess.Popen([sys.executable, "-m", "orgarchive", *args], env=env, cwd=REPO,
                            stdout=pipes["stdout"], stderr=pipes["stderr"])
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    other = proc.stderr if stream == "stdout" else proc.stdout
    text = other.read().decode() if other else ""
    code = proc.wait()
    os.close(leader)
    return code, text, seen.decode(errors="replace")


def test_load_reports_progress_over_reading_then_storing(tmp_path: Path) -> None:
    archive = Archive.init(f"sqlite:///{tmp_path / 'a.db'}", empty=True)
    calls: list[tuple[int, int]] = []
    try:
        outcomes = archive.load([BUNDLED], progress=lambda done, total: calls.append((done, total)))
    finally:
        archive.close()
    files = len(outcomes)
    assert files == len(list(BUNDLED.glob("*.yaml")))
    assert calls == [(n, 2 * files) for n in range(1, 2 * files + 1)]


def test_load_draws_a_bar_on_a_terminal_and_nothing_when_piped(tmp_path: Path) -> None:
    env = {**os.environ, "ORGARCHIVE_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    subprocess.run([sys.executable, "-m", "orgarchive", "init", "--empty"], env=env, check=True,
                   capture_output=True)
    code, stdout, terminal = _run_on_terminal(["load", str(BUNDLED)], env, "stderr")
    assert code == 0, terminal
    assert "Loading" in terminal and "100%" in terminal
    assert "stored as snapshot 1" in stdout

    piped = subprocess.run([sys.executable, "-m", "orgarchive", "load", str(BUNDLED)], env=env,
                           capture_output=True, text=True)
    assert piped.returncode == 0
    assert piped.stderr == ""
    assert "already stored" in piped.stdout and "Loading" not in piped.stdout


def test_diff_colours_its_headings_on_a_terminal_only(tmp_path: Path) -> None:
    env = {**os.environ, "ORGARCHIVE_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    subprocess.run([sys.executable, "-m", "orgarchive", "init"], env=env, check=True,
                   capture_output=True)
    code, _, terminal = _run_on_terminal(["diff", "2", "5"], env, "stdout")
    assert code == 0
    assert "\x1b[" in terminal and "Removed (1)" in terminal

    piped = subprocess.run([sys.executable, "-m", "orgarchive", "diff", "2", "5"], env=env,
                           capture_output=True, text=True)
    assert piped.returncode == 0 and "Removed (1)" in piped.stdout
    assert "\x1b" not in piped.stdout
