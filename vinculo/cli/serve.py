"""Serving the web UI, and building the demo store."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vinculo.cli.util import CliContext, handle_errors, pass_ctx
from vinculo.i18n import _


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option(
    "--workers",
    default=1,
    type=click.IntRange(1, 64),
    show_default=True,
    help="Server processes; one per core uses every core.",
)
@pass_ctx
@handle_errors
def serve(ctx: CliContext, host: str, port: int, workers: int) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    from vinculo.settings import SETTINGS
    from vinculo.web.app import load_secret, serving_app
    from vinculo.web.workers import APP, can_deal_connections, serve_workers

    store = ctx.store()
    click.echo(_("Serving vinculo on http://{host}:{port}/").format(host=host, port=port))
    if workers == 1:
        uvicorn.run(serving_app(ctx.settings, store), host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app from these settings, passed by environment;
    # the cookie key is made here once, not raced for by the workers.
    store.close()
    load_secret(ctx.settings)
    for setting in SETTINGS:
        os.environ[setting.env] = str(getattr(ctx.settings, setting.name))
    if can_deal_connections():
        serve_workers(host, port, workers)
        return
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level="warning")


@click.command()
@click.option(
    "--files",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("var/demo"),
    show_default=True,
    help="Where the generated scenario files go.",
)
@click.option("--people", type=int, default=2000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--reset", is_flag=True, help="Empty an existing SQLite demo store first.")
@click.option("--no-ofac", is_flag=True, help="Skip the OFAC narcotics extract.")
@pass_ctx
@handle_errors
def demo(
    ctx: CliContext, out_dir: Path, people: int, seed: int, reset: bool, no_ofac: bool
) -> None:
    """Generate the demo scenario, import it with the OFAC extract, create demo users."""
    from vinculo.services import demo as demo_service

    if reset:
        demo_service.reset_sqlite(ctx.settings.database_url)
    store = ctx.store(initialized=False)
    result = demo_service.build(
        store, out_dir, people=people, seed=seed, ofac=not no_ofac, echo=click.echo
    )
    click.echo("")
    click.echo(
        _("Demo ready: {entities} entities, {statements} statements.").format(
            entities=result.entities, statements=result.statements
        )
    )
    click.echo(
        _(
            "Log in at http://127.0.0.1:8000/ with any of these users (password: {password}):"
        ).format(password=result.password)
    )
    for username, agency, roles in result.users:
        click.echo(f"  {username:<22} {agency:<6} {', '.join(roles)}")
