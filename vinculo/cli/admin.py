"""Store set-up and administration: init, db upgrade, agencies, users, tokens, settings."""

from __future__ import annotations

import click

from vinculo.access.principal import Role
from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.i18n import _
from vinculo.services import access
from vinculo.settings import SETTINGS
from vinculo.store import migrate

ROLE_NAMES = [r.value for r in Role]


@click.command()
@pass_ctx
@handle_errors
def init(ctx: CliContext) -> None:
    """Create the store (or bring it up to date)."""
    store = ctx.store(initialized=False)
    store.upgrade()
    click.echo(_("Store ready: {url}").format(url=ctx.settings.as_dict()["database_url"]))


@click.group()
def db() -> None:
    """Store schema migrations."""


@db.command()
@pass_ctx
@handle_errors
def upgrade(ctx: CliContext) -> None:
    """Apply pending migrations."""
    store = ctx.store(initialized=False)
    before = migrate.current_heads(store.engine) if store.is_initialized() else set()
    store.upgrade()
    after = migrate.current_heads(store.engine)
    if before == after:
        click.echo(_("The store is up to date."))
    else:
        click.echo(_("Migrated to {heads}.").format(heads=", ".join(sorted(after))))


@click.group()
def agency() -> None:
    """Agencies of the community."""


@agency.command("add")
@click.argument("code")
@click.option("--country", type=click.Choice(["US", "MX"], case_sensitive=False), required=True)
@click.option("--name", required=True)
@pass_ctx
@handle_errors
def agency_add(ctx: CliContext, code: str, country: str, name: str) -> None:
    """Add an agency."""
    ag = access.add_agency(ctx.store(), ctx.principal(), code, country, name)
    click.echo(_("Agency {code} ({country}) added.").format(code=ag.code, country=ag.country))


@agency.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def agency_list(ctx: CliContext, fmt: str) -> None:
    """List agencies."""
    for ag in ctx.store().agencies():
        if fmt == "json":
            echo_json({"code": ag.code, "country": ag.country, "name": ag.name})
        else:
            click.echo(f"{ag.code}\t{ag.country}\t{ag.name}")


@click.group()
def user() -> None:
    """Users and their API tokens."""


@user.command("add")
@click.argument("username")
@click.option("--agency", "agency_code", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLE_NAMES),
    default=["analyst"],
    show_default=True,
)
@click.option("--name", "display_name")
@click.option("--locale", type=click.Choice(["en", "es"]))
@click.option(
    "--password",
    envvar="VINCULO_NEW_PASSWORD",
    help="Taken from VINCULO_NEW_PASSWORD, else asked for.",
)
@pass_ctx
@handle_errors
def user_add(
    ctx: CliContext,
    username: str,
    agency_code: str,
    roles: tuple[str, ...],
    display_name: str | None,
    locale: str | None,
    password: str | None,
) -> None:
    """Add a user to an agency."""
    if password is None:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    u = access.add_user(
        ctx.store(),
        ctx.principal(),
        username,
        agency_code,
        password,
        frozenset(Role(r) for r in roles),
        display_name,
        locale,
    )
    click.echo(_("User {user} added to {agency}.").format(user=u.username, agency=u.agency.code))


@user.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def user_list(ctx: CliContext, fmt: str) -> None:
    """List users (all for a system administrator, own agency for an agency administrator)."""
    for u in access.list_users(ctx.store(), ctx.principal()):
        row = {
            "username": u.username,
            "agency": u.agency.code,
            "roles": sorted(u.roles),
            "active": u.active,
        }
        if fmt == "json":
            echo_json(row)
        else:
            click.echo(
                f"{u.username}\t{u.agency.code}\t{','.join(sorted(u.roles))}"
                f"\t{'active' if u.active else 'inactive'}"
            )


@user.command("password")
@click.argument("username")
@click.option("--password", envvar="VINCULO_NEW_PASSWORD")
@pass_ctx
@handle_errors
def user_password(ctx: CliContext, username: str, password: str | None) -> None:
    """Set a user's password (and unlock the account)."""
    if password is None:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    access.set_password(ctx.store(), ctx.principal(), username, password)
    click.echo(_("Password changed."))


@user.command("roles")
@click.argument("username")
@click.argument("roles", nargs=-1, type=click.Choice(ROLE_NAMES), required=True)
@pass_ctx
@handle_errors
def user_roles(ctx: CliContext, username: str, roles: tuple[str, ...]) -> None:
    """Replace a user's roles."""
    access.set_roles(ctx.store(), ctx.principal(), username, frozenset(Role(r) for r in roles))
    click.echo(_("Roles changed."))


@user.command("deactivate")
@click.argument("username")
@pass_ctx
@handle_errors
def user_deactivate(ctx: CliContext, username: str) -> None:
    """Deactivate a user (nothing is deleted)."""
    access.set_active(ctx.store(), ctx.principal(), username, False)
    click.echo(_("User deactivated."))


@user.command("token")
@click.argument("username")
@click.option("--label", required=True)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(access.TOKEN_SCOPES),
    default=["read"],
    show_default=True,
)
@click.option("--days", type=int, default=90, show_default=True)
@pass_ctx
@handle_errors
def user_token(
    ctx: CliContext, username: str, label: str, scopes: tuple[str, ...], days: int
) -> None:
    """Create an API token for a user; it is printed once."""
    principal = access.principal_for(ctx.store(), username)
    click.echo(access.create_token(ctx.store(), principal, label, scopes, days))


@user.command("revoke-token")
@click.argument("token_id", type=int)
@pass_ctx
@handle_errors
def user_revoke_token(ctx: CliContext, token_id: int) -> None:
    """Revoke an API token by its id."""
    access.revoke_token(ctx.store(), ctx.principal(), token_id)
    click.echo(_("Token revoked."))


@click.command("settings")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
def settings_cmd(ctx: CliContext, fmt: str) -> None:
    """Show the settings in force (secrets hidden)."""
    values = ctx.settings.as_dict()
    if fmt == "json":
        echo_json(values)
        return
    for s in SETTINGS:
        click.echo(f"{s.name} = {values[s.name]}    [{s.env}] {s.help}")
