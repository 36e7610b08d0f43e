"""Identity resolution in the terminal: `vinculo xref` and `vinculo review ...`."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.i18n import _
from vinculo.linkage import Thresholds
from vinculo.model.entity import Entity
from vinculo.services import resolution


@click.command("xref")
@click.option(
    "--auto",
    type=float,
    default=Thresholds().auto,
    show_default=True,
    help="Link automatically at or above this match probability.",
)
@click.option(
    "--review",
    "review_at",
    type=float,
    default=Thresholds().review,
    show_default=True,
    help="Queue for review at or above this match probability.",
)
@click.option("--threads", type=int, default=None, help="DuckDB threads (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_ctx
@handle_errors
def xref_cmd(
    ctx: CliContext, auto: float, review_at: float, threads: int | None, as_json: bool
) -> None:
    """Compare what is new with everything; link the sure pairs, queue the rest."""
    result = resolution.run_xref(
        ctx.store(),
        ctx.principal(),
        thresholds=Thresholds(auto=auto, review=review_at),
        threads=threads,
    )
    if as_json:
        echo_json(result.__dict__)
        return
    click.echo(
        _(
            "{new} new entities, {pairs} candidate pairs: {auto} linked, {queued} for review, "
            "{kept} judged pairs kept, {conflicts} conflicts"
        ).format(
            new=result.new,
            pairs=result.compared_pairs,
            auto=result.auto_linked,
            queued=result.queued,
            kept=result.kept_judgement,
            conflicts=result.conflicts,
        )
    )


@click.group()
def review() -> None:
    """The review queue: compare pairs side by side and judge them."""


@review.command("queue")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@handle_errors
def queue_cmd(ctx: CliContext, limit: int, as_json: bool) -> None:
    """List pairs waiting for a judgement, best first."""
    items = resolution.queue(ctx.store(), ctx.principal(), limit=limit)
    if as_json:
        echo_json([resolution.candidate_dict(c) for c in items])
        return
    if not items:
        click.echo(_("The review queue is empty."))
    for c in items:
        click.echo(f"{c.score:.3f}  {c.left}  {c.right}  ({c.rule})")


def _side_by_side(view: resolution.PairView) -> Table:
    table = Table(title=_("Same person?"), show_lines=True)
    table.add_column(_("property"))
    table.add_column(view.left.id)
    table.add_column(view.right.id)

    def cell(entity: Entity, prop: str) -> str:
        lines = []
        for s in entity.live:
            if s.prop == prop:
                lines.append(
                    f"{s.value}\n  [dim]{s.agency} · {s.dataset} · {s.grading} · {s.marking}[/dim]"
                )
        return "\n".join(lines)

    props = sorted(set(view.left.properties) | set(view.right.properties))
    for prop in props:
        table.add_row(prop, cell(view.left, prop), cell(view.right, prop))
    return table


def _print_view(view: resolution.PairView) -> None:
    console = Console()
    console.print(_side_by_side(view))
    if view.candidate is not None:
        console.print(
            _("score {score:.4f} (found by {rule})").format(
                score=view.candidate.score, rule=view.candidate.rule
            )
        )
        for name, (label, bits) in sorted(view.candidate.evidence.items()):
            console.print(f"  {bits:+6.1f}  {name}: {label}")
    for edge in view.history:
        console.print(
            f"  #{edge.id} {edge.created_at:%Y-%m-%d %H:%M} {edge.user}: {edge.judgement.value}"
            + (f" ({edge.reason})" if edge.reason else "")
            + (" [undo]" if edge.undo else "")
        )


@review.command("show")
@click.argument("left")
@click.argument("right")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@handle_errors
def show_cmd(ctx: CliContext, left: str, right: str, as_json: bool) -> None:
    """Show a pair side by side, statement by statement, with score and evidence."""
    view = resolution.pair(ctx.store(), ctx.principal(), left, right)
    if as_json:
        echo_json(view.as_dict())
    else:
        _print_view(view)


@review.command("judge")
@click.argument("left")
@click.argument("right")
@click.argument("judgement", type=click.Choice(["same", "different", "unsure"]))
@click.option("--reason", default=None, help="Why (recorded with the judgement).")
@pass_ctx
@handle_errors
def judge_cmd(ctx: CliContext, left: str, right: str, judgement: str, reason: str | None) -> None:
    """Judge a pair: same, different or unsure."""
    edge = resolution.judge(ctx.store(), ctx.principal(), left, right, judgement, reason=reason)
    click.echo(
        _("Recorded judgement #{id}: {judgement}.").format(
            id=edge.id, judgement=edge.judgement.value
        )
    )


@review.command("undo")
@click.argument("edge_id", type=int)
@click.option("--reason", default=None)
@pass_ctx
@handle_errors
def undo_cmd(ctx: CliContext, edge_id: int, reason: str | None) -> None:
    """Undo a judgement (recorded as a new judgement that restores the previous one)."""
    edge = resolution.undo(ctx.store(), ctx.principal(), edge_id, reason=reason)
    click.echo(_("Undone; the pair is now: {judgement}.").format(judgement=edge.judgement.value))


@review.command("next")
@pass_ctx
@handle_errors
def next_cmd(ctx: CliContext) -> None:
    """Work through the queue: s(ame), d(ifferent), u(nsure), k (skip), q (quit)."""
    store, principal = ctx.store(), ctx.principal()
    skipped: set[tuple[str, str]] = set()
    while True:
        items = [
            c
            for c in resolution.queue(store, principal, limit=len(skipped) + 1)
            if c.key not in skipped
        ]
        if not items:
            click.echo(_("The review queue is empty."))
            return
        view = resolution.pair(store, principal, items[0].left, items[0].right)
        _print_view(view)
        choice = click.prompt(
            _("same / different / unsure / skip / quit"),
            type=click.Choice(["s", "d", "u", "k", "q"]),
            default="k",
        )
        if choice == "q":
            return
        if choice == "k":
            skipped.add(items[0].key)
            continue
        reason = click.prompt(_("reason (optional)"), default="", show_default=False)
        judgement = {"s": "same", "d": "different", "u": "unsure"}[choice]
        resolution.judge(store, principal, view.left.id, view.right.id, judgement, reason=reason)


@review.command("merged")
@click.argument("entity_id")
@pass_ctx
@handle_errors
def merged_cmd(ctx: CliContext, entity_id: str) -> None:
    """The canonical entity (with referents) an entity belongs to, as FtM JSON."""
    echo_json(resolution.merged(ctx.store(), ctx.principal(), entity_id))


@review.command("export")
@pass_ctx
@handle_errors
def export_cmd(ctx: CliContext) -> None:
    """One FtM line per canonical entity, with referents (what `export` should write)."""
    for line in resolution.export_canonical(ctx.store(), ctx.principal()):
        click.echo(line, nl=False)
