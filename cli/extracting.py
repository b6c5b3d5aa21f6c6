"""The extract command: draft a snapshot file from an archived web page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import click

from orgarchive.cli.common import AppContext, echo_json, format_option
from orgarchive.cli.output import write_output
from orgarchive.domain import AGENCY_PATTERN


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    """A ``YYYY-MM-DD`` date; anything else is a usage error (exit 2)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                raise ValueError
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date of the form YYYY-MM-DD", param, ctx)


def _agency(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.match(AGENCY_PATTERN, value):
        raise click.BadParameter(f"{value!r} is not an agency code (letters, digits, & . _ -)")
    return value


@click.command()
@click.argument("page", type=click.Path(path_type=str, dir_okay=False))
@click.option("--agency", metavar="A", callback=_agency,
              help="Agency code written into the draft (required unless --compare).")
@click.option("--agency-name", metavar="NAME",
              help="The agency's full name, if wanted in the draft.")
@click.option("--as-of", "as_of", type=IsoDate(),
              help="Date the structure on the page was in effect (required unless --compare).")
@click.option("--observed", type=IsoDate(), help="Date the page was captured or viewed.")
@click.option("--url", metavar="URL", help="The page's address, written as source.url.")
@click.option("-o", "--output", metavar="FILE", type=click.Path(path_type=str, dir_okay=False),
              help="Write the draft to FILE instead of standard output.")
@click.option("--compare", "reviewed", metavar="SNAPSHOT_FILE",
              type=click.Path(path_type=str, dir_okay=False),
              help="Print precision and recall of the draft against a reviewed snapshot file "
              "(or a 'units: [{name, acronym}]' list) instead of the draft.")
@format_option("text", "json")
def extract(page: str, agency: str | None, agency_name: str | None, as_of: date | None,
            observed: date | None, url: str | None, output: str | None, reviewed: str | None,
            fmt: str) -> None:
    """Draft a snapshot file from an archived page (plain text, Markdown or HTML).

    The draft lists one unit per office, directorate, division, center or
    program the page describes, with acronym, kind, description and parent
    where the page gives them. Guesses are marked with YAML comments for the
    reviewer; the draft loads with `orgarchive load` as it is. --format
    applies to the --compare report.

    \b
    Example:
        orgarchive extract ice-2008.html --agency ICE --as-of 2008-11-01 \\
            --url http://www.ice.gov/about/operations.htm -o ice-2008.yaml
        orgarchive extract ice-2008.html --compare ice-2008-reviewed.yaml
    """
    from orgarchive.extract.compare import compare, named_units, read_reviewed
    from orgarchive.extract.draft import extract_file

    if reviewed is None or output is not None:
        missing = [name for name, value in (("--agency", agency), ("--as-of", as_of))
                   if value is None]
        if missing:
            raise click.UsageError(f"{' and '.join(missing)} required (unless --compare "
                                   "without -o)")
    if reviewed is None and fmt != "text":
        raise click.UsageError("--format applies to the --compare report only")
    review = read_reviewed(reviewed) if reviewed is not None else None
    # Comparing only: the agency (left out of the units) defaults to the reviewed file's.
    agency = agency or (review.agency if review else None) or ""
    draft = extract_file(page, agency=agency, as_of=as_of or date.today(),
                         observed=observed, url=url, agency_name=agency_name)
    if output is not None or review is None:
        from orgarchive.files.yaml_write import dump_snapshot_yaml

        text = dump_snapshot_yaml(draft.snapshot, unit_comments=draft.unit_comments,
                                  header_comments=draft.header_comments)
        db_url = click.get_current_context().find_object(AppContext)
        write_output(text, output, db_url=db_url.db_url if db_url is not None else None)
    if review is None:
        return
    result = compare(named_units(draft.snapshot.units), review.units, review.optional,
                     (*review.agency_names, agency))
    if fmt == "json":
        echo_json(result.as_dict())
        return
    drafted = len(result.matched) + len(result.extras)
    wanted = len(result.matched) + len(result.misses)
    click.echo(f"precision {result.precision:.2f} ({len(result.matched)} of {drafted} drafted "
               f"units expected), recall {result.recall:.2f} ({len(result.matched)} of {wanted} "
               f"expected units drafted), F1 {result.f1:.2f}, parents right "
               f"{result.parents:.2f} ({result.parents_right} of {len(result.matched)} matched)")
    for title, items in (("missed (expected, not drafted)", result.misses),
                         ("extra (drafted, not expected)", result.extras)):
        if items:
            click.echo(f"{title}:")
            for item in items:
                click.echo(f"  - {item.label()}")
    if result.wrong_parents:
        click.echo("parent not as expected (drafted -> expected):")
        for found, want in result.wrong_parents:
            click.echo(f"  - {want.label()}: {found.parent or '(top level)'} -> "
                       f"{want.parent or '(top level)'}")


COMMANDS: list[click.Command] = [extract]
