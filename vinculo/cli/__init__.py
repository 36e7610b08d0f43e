"""The `vinculo` command line: a thin adapter over `vinculo.services`.

Every command acts as the local system principal (recorded as ``system``)
unless ``--as USER`` narrows it to that user's view and rights. Command
families of each capability live in their own module and are added below.
"""

from __future__ import annotations

import click

from vinculo import i18n
from vinculo.cli import (
    admin,
    audit,
    data,
    deconflict,
    legal,
    network,
    records,
    resolution,
    screening,
    serve,
)
from vinculo.cli.util import CliContext
from vinculo.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database-url",
    envvar="VINCULO_DATABASE_URL",
    help="SQLAlchemy URL of the store (sqlite:///... or postgresql+psycopg://...).",
)
@click.option("--data-dir", envvar="VINCULO_DATA_DIR", help="Folder of the default SQLite store.")
@click.option("--as", "as_user", metavar="USER", help="Act as this user (their view and rights).")
@click.option(
    "--lang", type=click.Choice(i18n.LOCALES), envvar="VINCULO_LOCALE", help="Language of messages."
)
@click.version_option(package_name="vinculo")
@click.pass_context
def cli(
    ctx: click.Context,
    database_url: str | None,
    data_dir: str | None,
    as_user: str | None,
    lang: str | None,
) -> None:
    """vinculo: the binational working picture against transnational organized crime."""
    settings = Settings.load(database_url=database_url, data_dir=data_dir)
    i18n.set_locale(lang or settings.default_locale)
    obj = CliContext(settings=settings, as_user=as_user)
    ctx.obj = obj
    ctx.call_on_close(obj.close)


for command in (
    admin.init,
    admin.db,
    admin.agency,
    admin.user,
    admin.settings_cmd,
    data.import_cmd,
    data.export,
    data.show,
    data.search,
    data.stats,
    audit.audit,
    records.records,
    serve.serve,
    serve.demo,
    legal.legal,
    screening.match_pairs,
    screening.screen,
    deconflict.deconflict,
    deconflict.blind,
    resolution.xref_cmd,
    resolution.review,
    network.network,
):
    cli.add_command(command)

__all__ = ["cli"]
