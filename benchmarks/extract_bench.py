"""Time `orgarchive extract` on generated 20 MB pages (HTML, plain text, one long line).

    .venv/bin/python benchmarks/extract_bench.py [--mb 20]

Prints, per page, its size, the wall time and the CPU time of the whole command
(read, parse, find units, write the YAML draft), the load average before the
run (the machine is shared: CPU time is the steadier figure) and the outcome.
The pages are generated here: an HTML capture of 1,000 distinct offices
repeated (with scripts, links and "Read More"), the seed page 000 repeated as
plain text, and a single line of 20 MB with no line break.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from orgarchive.cli import cli

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED = SEEDS / "000_c043eee176fe639d.txt"


def html_page(size: int) -> str:
    entry = ("<div class='entry'><h3>Office of Investigations {i} (OI{i})</h3>"
             "<p>The Office of Investigations {i} (OI{i}) is responsible for investigating "
             "<b>crimes</b> and <a href='#'>more</a>.</p><p><a href='#'>Read More</a></p>"
             "</div><script>var x = {i};</script>\n")
    block = "".join(entry.format(i=i) for i in range(1000))
    body = block * (size // len(block) + 1)
    return f"<html><head><title>Big</title></head><body><nav>Home</nav>{body}</body></html>"


def text_page(size: int) -> str:
    seed = SEED.read_text(encoding="utf-8") + "\n\n"
    return seed * (size // len(seed) + 1)


def line_page(size: int) -> str:
    return "Office of Things (OT) is responsible for (things) **and** [links](x) " * (size // 70)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20)
    size = int(parser.parse_args().mb * 1_000_000)
    with tempfile.TemporaryDirectory() as folder:
        for name, make in (("html", html_page), ("text", text_page), ("line", line_page)):
            page = Path(folder) / f"{name}.page"
            page.write_text(make(size), encoding="utf-8")
            load = os.getloadavg()[0]
            started, cpu = time.perf_counter(), time.process_time()
            result = CliRunner().invoke(cli, ["extract", str(page), "--agency", "ICE",
                                              "--as-of", "2010-01-01", "-o",
                                              str(Path(folder) / f"{name}.yaml")])
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            outcome = "draft" if result.exit_code == 0 else result.stderr.strip()[:80]
            mb = page.stat().st_size / 1e6
            print(f"{name:5} {mb:6.1f} MB  wall {elapsed:6.2f} s  CPU {cpu:6.2f} s  "
                  f"(load {load:.1f})  exit {result.exit_code}  {outcome}")


if __name__ == "__main__":
    main()
