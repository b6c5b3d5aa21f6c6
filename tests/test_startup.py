"""The command line starts without the database stack: `orgarchive --help`, `extract`
and `import -o` never need SQLAlchemy or Alembic, whose import is most of a cold start
(0.84 s -> 0.14 s for `--help` when cli.diffing stopped importing services)."""

from __future__ import annotations

import importlib
import subprocess
import sys

from tests.conftest import REPO


def test_loading_the_command_line_imports_no_database_stack() -> None:
    probe = ("import sys, orgarchive.cli; "
             "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out == "[]\n"


def test_a_command_imports_its_own_module_only() -> None:
    """`diff` does not import the registry importers, the extractor or the
    report (cli.COMMAND_MODULES); `--help` still lists every command."""
    probe = ("import sys, orgarchive.cli as c, click; "
             "c.cli.get_command(click.Context(c.cli), 'diff'); "
             "print(sorted(m for m in sys.modules if m.startswith('orgarchive.cli.')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out == "['orgarchive.cli.common', 'orgarchive.cli.dates', 'orgarchive.cli.diffing']\n"


def test_the_command_table_names_every_command_of_every_module() -> None:
    from orgarchive.cli import COMMAND_MODULES

    found = {}
    for module in sorted(set(COMMAND_MODULES.values())):
        for command in importlib.import_module(f"orgarchive.cli.{module}").COMMANDS:
            found[command.name] = module
    assert found == COMMAND_MODULES
    listed = set(COMMAND_MODULES.values())
    on_disk = {p.stem for p in (REPO / "cli").glob("*.py")} - {"__init__", "common", "dates",
                                                               "output"}
    assert on_disk == listed  # a new command module is in the table
