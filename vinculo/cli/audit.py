"""The audit trail: verify the chain, export it, ask who viewed an entity."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

import click

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.i18n import _
from vinculo.services import audit as audit_service


@click.group()
def audit() -> None:
    """The tamper-evident audit trail."""


@audit.command()
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    metavar="SEQ:HASH",
    help="A checkpoint printed earlier by `vinculo audit checkpoint`; repeatable.",
)
@pass_ctx
@handle_errors
def verify(ctx: CliContext, checkpoints: tuple[str, ...]) -> None:
    """Check the hash chain; exits non-zero when any record was edited, inserted or deleted."""
    from vinculo.store.audit import parse_checkpoint

    witnessed = [parse_checkpoint(c) for c in checkpoints]
    problems = audit_service.verify(ctx.store(), ctx.principal(), witnessed)
    if problems:
        for p in problems:
            click.echo(p, err=True)
        raise click.ClickException(
            _("The audit trail has been tampered with ({n} problems).").format(n=len(problems))
        )
    click.echo(_("The audit trail is intact."))


@audit.command()
@pass_ctx
@handle_errors
def checkpoint(ctx: CliContext) -> None:
    """Print the chain's head as SEQ:HASH; keep it outside the store to detect a cut head."""
    seq, digest = audit_service.checkpoint(ctx.store(), ctx.principal())
    click.echo(f"{seq}:{digest}")


@audit.command()
@pass_ctx
@handle_errors
def retention(ctx: CliContext) -> None:
    """Delete records older than the audit_retention_days setting (system administrators)."""
    removed = audit_service.apply_retention(ctx.store(), ctx.principal())
    click.echo(
        _("Removed {n} audit records older than {days} days.").format(
            n=removed, days=ctx.settings.audit_retention_days
        )
    )


@audit.command("export")
@click.option("--since", type=click.DateTime())
@click.option("--until", type=click.DateTime())
@click.option("--action", "actions", multiple=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
@pass_ctx
@handle_errors
def export_cmd(
    ctx: CliContext,
    since: datetime | None,
    until: datetime | None,
    actions: tuple[str, ...],
    output: TextIO,
) -> None:
    """Write the audit records as JSON lines."""
    import json

    from vinculo.services.audit import record

    count = 0
    query = audit_service.AuditQuery(since=_utc(since), until=_utc(until), actions=actions)
    for rec in audit_service.read(ctx.store(), ctx.principal(), query):
        output.write(json.dumps(rec.as_dict(), ensure_ascii=False) + "\n")
        count += 1
    record(ctx.store(), ctx.principal(), "audit.export", detail={"records": count})


@audit.command("who-viewed")
@click.argument("entity_id")
@click.option("--since", type=click.DateTime())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def who_viewed(ctx: CliContext, entity_id: str, since: datetime | None, fmt: str) -> None:
    """Who looked at this entity, when, from which agency."""
    for rec in audit_service.who_viewed(ctx.store(), ctx.principal(), entity_id, _utc(since)):
        if fmt == "json":
            echo_json(
                {
                    "at": rec.at.isoformat(),
                    "username": rec.username,
                    "agency": rec.agency,
                    "action": rec.action,
                    "remote": rec.remote,
                    "seq": rec.seq,
                }
            )
        else:
            click.echo(
                f"{rec.at:%Y-%m-%d %H:%M:%S}\t{rec.username}\t{rec.agency or '-'}"
                f"\t{rec.action}\t{rec.remote or ''}"
            )


def _utc(value: datetime | None) -> datetime | None:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
