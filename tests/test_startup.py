"""The command line starts without the database stack: `orgarchive --help`, `extract`
and `import -o` never need SQLAlchemy or Alembic, whose import is most of a cold start
(0.84 s -> 0.14 s for `--help` when cli.diffing stopped importing services)."""

from __future__ import annotations

import subprocess
import sys


def test_loading_the_command_line_imports_no_database_stack() -> None:
    probe = ("import sys, orgarchive.cli; "
             "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out == "[]\n"
