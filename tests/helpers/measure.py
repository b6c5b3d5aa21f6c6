"""Run the command line in a child process and measure what it cost.

Linux keeps a process's peak resident size across exec, and a child started
with vfork (as subprocess does) inherits its parent's: measured straight from
pytest, a small child would report pytest's own peak. So a small wrapper
process is started first; it runs the command line as its own child and
reports that child's rusage (os.wait4), which starts from the wrapper's few
megabytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_WRAPPER = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "orgarchive", *sys.argv[3:]],
                            stdout=out, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
proc.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"code": proc.returncode, "wall": wall,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss}))
"""


@dataclass(frozen=True)
class Measured:
    code: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float  # user + system time of the child
    peak_mb: float  # the child's own peak resident set size


def run_orgarchive(workdir: Path, *args: str) -> Measured:
    """``python -m orgarchive ARGS``, with its own time and peak memory."""
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    wrapper = subprocess.run([sys.executable, "-c", _WRAPPER, str(out_path), str(err_path),
                              *args], capture_output=True, text=True, timeout=600, check=True)
    report = json.loads(wrapper.stdout)
    scale = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS
    return Measured(
        code=report["code"],
        stdout=out_path.read_text(encoding="utf-8"),
        stderr=err_path.read_text(encoding="utf-8"),
        wall_s=report["wall"],
        cpu_s=report["cpu"],
        peak_mb=report["maxrss"] * scale / 2**20,
    )
