"""Run the command line in a child process and measure what it cost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    code: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float  # user + system time of the child
    peak_mb: float  # the child's own peak resident set size


def run_orgarchive(workdir: Path, *args: str) -> Measured:
    """``python -m orgarchive ARGS`` with its own rusage (os.wait4), not the
    maximum over every child this test process has ever run."""
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "orgarchive", *args],
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS
    return Measured(
        code=proc.returncode,
        stdout=out_path.read_text(encoding="utf-8"),
        stderr=err_path.read_text(encoding="utf-8"),
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss * scale / 2**20,
    )
