"""Every command is documented in the README and its help ends with an example."""

from __future__ import annotations

import re

import click
import pytest

from orgarchive.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in sorted(cli.commands.items()):
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
def test_command_is_documented_in_readme(name: str, command: click.Command) -> None:
    assert re.search(rf"orgarchive (\[--db URL\] )?{re.escape(name)}\b", README), (
        f"README does not show `orgarchive {name}`"
    )


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_help_ends_with_an_example(name: str, command: click.Command) -> None:
    if isinstance(command, click.Group):
        pytest.skip("groups list their subcommands")
    help_text = command.help or ""
    assert "Example" in help_text and "orgarchive " in help_text.split("Example")[-1]
