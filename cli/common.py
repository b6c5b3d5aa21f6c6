"""What every command shares: the archive handle, output formats, error handling."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any, TypeVar

import click

from orgarchive.errors import OrgArchiveError

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class OrgArchiveGroup(click.Group):
    """A group that turns the library's typed errors into one-line messages, exit 1.

    An operating system error no command expected (a file name too long, a
    full disk, a folder that cannot be written) is also one line, naming the
    file and the cause, never a traceback.

    ``lazy_commands`` maps a command name to the module of ``orgarchive.cli``
    that defines it (in its ``COMMANDS`` list); the module is imported the
    first time the command is looked up.
    """

    lazy_commands: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = self.lazy_commands.get(cmd_name)
        if cmd_name not in self.commands and module is not None:
            for command in import_module(f"orgarchive.cli.{module}").COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and self.get_command(ctx, str(args[0])) is None:
            for name in self.list_commands(ctx):  # a name unknown: the error's
                self.get_command(ctx, name)  # suggestions come from every command
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OrgArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (`| head`): click's business
                raise
            raise click.ClickException(os_error_line(exc)) from exc


def os_error_line(exc: OSError) -> str:
    """``FILE: PROBLEM`` for an operating system error (long file names shortened)."""
    from orgarchive.cli.output import shown_path
    from orgarchive.store.database import os_problem

    problem = os_problem(exc)
    name = exc.filename
    if name is None:
        return problem
    return f"{shown_path(os.fsdecode(name))}: {problem}"


class AppContext:
    """Holds the --db URL and opens the archive only when a command needs it."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self._archive: Any = None

    def archive(self, *, create: bool = True) -> Any:
        from orgarchive.services import Archive

        if self._archive is None:
            self._archive = Archive.open(self.db_url, create=create)
        return self._archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


pass_app = click.make_pass_decorator(AppContext)


FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)


def format_option(*choices: str, default: str | None = None) -> Callable[[FC], FC]:
    """The one shared ``--format`` option; the first choice is the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def is_terminal() -> bool:
    return sys.stdout.isatty()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing on stderr when it is a terminal; else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
