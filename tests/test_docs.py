"""Every command is documented (README or docs/) and its help ends with an example."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from orgarchive.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))


def _commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    ctx = click.Context(cli)  # the commands are imported when looked up (cli.COMMAND_MODULES)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        out.append((name, command))
        if isinstance(command, click.Group):
            out.extend((f"{name} {sub}", c) for sub, c in sorted(command.commands.items()))
    return out


COMMANDS = _commands()


def test_the_command_line_has_the_spec_commands() -> None:
    names = {name for name, _ in COMMANDS}
    spec = {"init", "db", "db upgrade", "db downgrade", "db current", "load", "extract",
            "list", "show", "diff", "report", "history", "verify"}
    assert spec <= names


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_is_documented(name: str, command: click.Command) -> None:
    assert re.search(rf"orgarchive (\[--db URL\] )?{re.escape(name)}\b", README), (
        f"README's commands at a glance do not show `orgarchive {name}`"
    )
    assert re.search(rf"^orgarchive {re.escape(name)}\b", DOCS, re.M) or re.search(
        rf"`orgarchive {re.escape(name)}\b", DOCS), f"no page of docs/ documents {name}"


def test_readme_fits_on_a_few_screens() -> None:
    assert len(README.splitlines()) <= 160


def test_every_docs_page_is_linked_from_the_readme() -> None:
    for page in sorted((REPO / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in README, page.name


LEAF_COMMANDS = [(n, c) for n, c in COMMANDS if not isinstance(c, click.Group)]


@pytest.mark.parametrize("name,command", LEAF_COMMANDS, ids=[n for n, _ in LEAF_COMMANDS])
def test_help_ends_with_an_example(name: str, command: click.Command) -> None:
    help_text = command.help or ""
    assert "Example" in help_text and "orgarchive " in help_text.split("Example")[-1]


def test_readme_shows_what_the_main_job_prints(tmp_path: Path) -> None:
    """The README's sample of the main job is what it really prints (up to its `...`)."""
    command = "orgarchive report --from 2008-01-01 --to 2022-01-01"
    start = README.index(f"$ {command}\n") + len(f"$ {command}\n")
    shown = README[start:README.index("\n```", start)]
    shown = shown[: shown.index("\n... ")] if "\n... " in shown else shown
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, *command.split()[1:]])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(shown.rstrip("\n") + "\n")
