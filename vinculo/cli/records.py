"""Criminal-intelligence records: what is due for review, mark reviewed, purge."""

from __future__ import annotations

from datetime import datetime

import click

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.i18n import _
from vinculo.services import records as records_service


@click.group()
def records() -> None:
    """Review dates and purges of criminal-intelligence records (28 CFR Part 23 style)."""


@records.command()
@click.option(
    "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Day to check (today)."
)
@click.option("--agency", help="Owning agency (only when acting as the system).")
@click.option("--limit", type=int, default=500, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def due(ctx: CliContext, as_of: datetime | None, agency: str | None, limit: int, fmt: str) -> None:
    """Entities of one's agency not reviewed within the review period."""
    items = records_service.due(
        ctx.store(),
        ctx.principal(),
        as_of=as_of.date() if as_of else None,
        agency=agency,
        limit=limit,
    )
    for item in items:
        h = item.holding
        if fmt == "json":
            echo_json(
                {
                    "entity_id": h.entity_id,
                    "caption": item.caption,
                    "agency": item.agency,
                    "statements": h.statements,
                    "first_seen": h.first_seen.isoformat(),
                    "reviewed_at": h.reviewed_at.isoformat() if h.reviewed_at else None,
                    "reviewed_by": h.reviewed_by,
                    "review_due": h.review_due.isoformat(),
                }
            )
        else:
            click.echo(
                f"{h.entity_id}\t{item.caption}\t{h.review_due.isoformat()}"
                f"\t{h.statements}\t{h.reviewed_by or '-'}"
            )
    if not items and fmt == "text":
        click.echo(_("Nothing is due for review."), err=True)


@records.command()
@click.argument("entity_id")
@click.option("--agency", help="Owning agency (only when acting as the system).")
@click.option("--note", default="", help="What the review found.")
@pass_ctx
@handle_errors
def reviewed(ctx: CliContext, entity_id: str, agency: str | None, note: str) -> None:
    """Mark ENTITY_ID reviewed: it still meets the rules for keeping it."""
    next_due = records_service.mark_reviewed(
        ctx.store(), ctx.principal(), entity_id, agency=agency, note=note
    )
    click.echo(_("Reviewed; next review due {date}.").format(date=next_due.isoformat()))


@records.command()
@click.argument("entity_id")
@click.option("--reason", required=True, help="Why the records are purged.")
@click.option("--agency", help="Owning agency (only when acting as the system).")
@pass_ctx
@handle_errors
def purge(ctx: CliContext, entity_id: str, reason: str, agency: str | None) -> None:
    """Delete one's agency's statements of ENTITY_ID; the purge itself is recorded."""
    done = records_service.purge(ctx.store(), ctx.principal(), entity_id, reason, agency=agency)
    click.echo(
        _("Purged {n} statements of {entity} (purge {id}).").format(
            n=done.statements, entity=done.entity_id, id=done.id
        )
    )


@records.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def purges(ctx: CliContext, fmt: str) -> None:
    """The record of purges: what, by whom, when, why, how many statements."""
    for p in records_service.purges(ctx.store(), ctx.principal()):
        if fmt == "json":
            echo_json(
                {
                    "id": p.id,
                    "entity_id": p.entity_id,
                    "statements": p.statements,
                    "username": p.username,
                    "reason": p.reason,
                    "created_at": p.created_at.isoformat(),
                }
            )
        else:
            click.echo(
                f"{p.id}\t{p.created_at:%Y-%m-%d %H:%M}\t{p.entity_id}\t{p.statements}"
                f"\t{p.username}\t{p.reason}"
            )
