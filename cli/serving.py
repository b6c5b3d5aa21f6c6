"""``serve``: the archive in a web browser (SPEC §5)."""

from __future__ import annotations

import click

from orgarchive.cli.common import CONTEXT_SETTINGS, AppContext, pass_app


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this computer only; "
                   "0.0.0.0 answers the whole network.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Browse the archive in a web browser: the agencies held, an agency's
    structure on any date (with a date slider), what changed between two
    dates, one unit's life, the period report and a search. Every page is
    also JSON: add .json to its path. Read-only; stop with Ctrl-C.

    \b
    Example:
        orgarchive serve
        orgarchive --db postgresql+psycopg://localhost/archive serve --port 8000
    """
    from orgarchive.web.server import is_loopback, make_server, server_url

    archive = app.archive()
    try:
        server = make_server(archive, host, port)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this computer can "
                   "read the archive", err=True)
    url = server_url(server, host)
    agencies = archive.agencies()
    click.echo(f"Serving the archive on {url} (Ctrl-C to stop)")
    if agencies:
        click.echo(f"Open {url} for the agencies held, or {url}{agencies[0]} for "
                   f"{agencies[0]}'s structure.")
    try:
        server.run()  # returns on Ctrl-C (waitress catches it)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    click.echo("stopped")


COMMANDS: list[click.Command] = [serve]
