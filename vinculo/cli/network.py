"""``vinculo network``: disruption on any edge list; metrics, targets and export on the store."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.exc import InvalidData
from vinculo.graph import disrupt as disruption
from vinculo.graph import export, load, metrics, render, targets
from vinculo.graph.build import EDGE_TYPES
from vinculo.i18n import N_, _
from vinculo.services import network as network_service


@click.group()
def network() -> None:
    """Network analysis, disruption simulation and target ranking."""


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidData.at(
            N_("not a date (YYYY-MM-DD): {value!r}"), field=field, value=value
        ) from None


def scope_options(func: Any) -> Any:
    options = [
        click.option(
            "--edges",
            type=click.Path(dir_okay=False),
            help="An edge list or matrix file instead of the store.",
        ),
        click.option("--org", help="Organization entity id: its members and their ties."),
        click.option("--entity", help="Entity id: its neighbourhood (see --hops)."),
        click.option("--hops", type=int, default=2, show_default=True),
        click.option("--dataset", help="Only the records of this dataset (an investigation)."),
        click.option(
            "--type",
            "types",
            multiple=True,
            type=click.Choice(EDGE_TYPES),
            help="Tie types to keep (repeatable; default all).",
        ),
        click.option("--since", help="Drop dated ties before this day (YYYY-MM-DD)."),
        click.option("--until", help="Drop dated ties after this day."),
        click.option("--min-grading", help="Keep ties with a record graded at least this (B2)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _graph(ctx: CliContext, kw: dict[str, Any], action: str) -> Any:
    if kw.get("edges"):
        return load.read_network(kw["edges"])
    scope = network_service.Scope(
        org=kw.get("org"),
        entity=kw.get("entity"),
        hops=kw.get("hops", 2),
        dataset=kw.get("dataset"),
        types=tuple(kw.get("types") or ()),
        start=_day(kw.get("since"), "since"),
        end=_day(kw.get("until"), "until"),
        min_grading=kw.get("min_grading"),
    )
    return network_service.build(ctx.store(), ctx.principal(), scope, action=action).graph


@network.command()
@click.argument("edges", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--strategy", type=click.Choice(disruption.STRATEGIES), default="betweenness", show_default=True
)
@click.option(
    "--mode", type=click.Choice(["sequential", "block"]), default="sequential", show_default=True
)
@click.option("--steps", type=int, default=20, show_default=True)
@click.option("--block-size", type=int, default=5, show_default=True)
@click.option("--weighted", is_flag=True, help="Weights are tie strength (see docs/network.md).")
@click.option(
    "--distance",
    type=click.Choice(["inverse", "raw"]),
    default="inverse",
    show_default=True,
    help="Strength to length: 1/w, or w as given (networkx).",
)
@click.option(
    "--tie-break",
    type=click.Choice(["auto", "last", "first", "label"]),
    default="auto",
    show_default=True,
)
@click.option("--sample", type=int, default=0, help="Sampled betweenness sources (0: exact).")
@click.option("--seed", type=int, default=0)
@click.option("--runs", type=int, default=30, show_default=True, help="Random strategy runs.")
@click.option("--recovery", help="triadic:P or broker:P (rewire after each step).")
@click.option(
    "--nodes",
    "nodes_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Node attribute CSV (id,role,country,...) for role-based attacks.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "png"]), default="json", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False), help="File to write (PNG needs it).")
@handle_errors
def disrupt(
    edges: str,
    fmt: str,
    output: str | None,
    nodes_file: str | None,
    recovery: str | None,
    **kw: Any,
) -> None:
    """Simulate an attack on the network in EDGES (edge list or adjacency matrix)."""
    graph = load.read_network(edges)
    if nodes_file:
        load.apply_node_attributes(graph, load.read_node_attributes(nodes_file))
    options = disruption.Options(recovery=_recovery(recovery), **kw)
    result = disruption.disrupt(graph, options)
    if fmt == "png":
        if not output:
            raise InvalidData.at(N_("PNG output needs --output FILE"), field="output")
        render.to_png([result], output, title=Path(edges).name)
        click.echo(_("Wrote {path}").format(path=output), err=True)
        return
    text = render.to_json(result) if fmt == "json" else render.to_csv(result)
    _write(text, output)


def _recovery(text: str | None) -> disruption.Recovery | None:
    if not text:
        return None
    model, _sep, prob = text.partition(":")
    if model not in ("triadic", "broker"):
        raise InvalidData.at(
            N_("unknown recovery model {recovery!r}"), field="recovery", recovery=model
        )
    try:
        probability = float(prob) if prob else 0.5
    except ValueError:
        raise InvalidData.at(
            N_("not a probability: {prob!r}"), field="recovery", prob=prob
        ) from None
    return disruption.Recovery(model, probability)  # type: ignore[arg-type]


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@network.command("metrics")
@scope_options
@click.option("--weighted", is_flag=True)
@click.option("--sample", type=int, default=0, help="Sampled betweenness sources (0: exact).")
@click.option("--top", type=int, default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def metrics_cmd(
    ctx: CliContext, /, weighted: bool, sample: int, top: int, fmt: str, **kw: Any
) -> None:
    """Node measures, communities, cut points and bridges."""
    graph = _graph(ctx, kw, "graph.view")
    result = metrics.compute(graph, weighted=weighted, sample=sample)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    summary = result.summary
    click.echo(
        _("{nodes} nodes, {edges} ties, {components} components, largest {lcc}").format(**summary)
    )
    for measure in ("betweenness", "degree", "pagerank", "collective_influence"):
        leaders = ", ".join(f"{n} ({v:.3g})" for n, v in result.top(measure, top))
        click.echo(f"{measure}: {leaders}")
    click.echo(_("Cut points: {nodes}").format(nodes=", ".join(result.articulation_points)))


@network.command("targets")
@scope_options
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--weighted", is_flag=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def targets_cmd(ctx: CliContext, /, limit: int, weighted: bool, fmt: str, **kw: Any) -> None:
    """Ranked targets with reasons, what is known, and violence risk."""
    graph = _graph(ctx, kw, "graph.view")
    ranked = targets.rank_targets(graph, limit=limit, weighted=weighted)
    if fmt == "json":
        echo_json([t.to_dict() for t in ranked])
        return
    for t in ranked:
        click.echo(
            f"{t.rank}. {t.label} [{t.node}]  " + _("damage {damage:.1%}").format(damage=t.damage)
        )
        for note in t.reasons + t.known + t.risk:
            click.echo(f"   - {note['text']}")


@network.command("export")
@scope_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "cytoscape"]),
    default="graphml",
    show_default=True,
)
@click.option("--output", type=click.Path(dir_okay=False))
@pass_ctx
@handle_errors
def export_cmd(ctx: CliContext, /, fmt: str, output: str | None, **kw: Any) -> None:
    """Write the network as GraphML, GEXF or Cytoscape JSON."""
    graph = _graph(ctx, kw, "export")
    _write(export.to_text(graph, fmt), output)  # type: ignore[arg-type]
