"""Disruption results as CSV and as a PNG plot (matplotlib, headless Agg backend)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from vinculo.graph.disrupt import Result
from vinculo.i18n import N_, _

STRATEGY_NAMES = {
    "random": N_("random"),
    "degree": N_("degree"),
    "betweenness": N_("betweenness"),
    "collective_influence": N_("collective influence"),
    "pagerank": N_("PageRank"),
    "role": N_("role"),
}
MODE_NAMES = (N_("sequential"), N_("block"))

CSV_COLUMNS = ("removed", "nodes_removed", "lcc", "efficiency", "components", "fragmentation")


def to_json(result: Result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=1)


def to_csv(result: Result) -> str:
    """One row per step; removed node ids joined by ``;``; spread columns for random runs."""
    extra = sorted({k for s in result.steps for k in s.spread})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *extra])
    for step in result.steps:
        writer.writerow(
            [
                step.removed,
                ";".join(step.nodes_removed),
                f"{step.lcc:.6g}",
                "" if step.efficiency is None else f"{step.efficiency:.6g}",
                step.components,
                f"{step.fragmentation:.6g}",
                *(f"{step.spread.get(k, 0.0):.6g}" for k in extra),
            ]
        )
    return buffer.getvalue()


def to_png(results: Sequence[Result], path: str | Path, title: str = "") -> None:
    """Plot the curves of one or more results (e.g. strategies side by side)."""
    _figure(results, path, title, "png")


def to_svg(results: Sequence[Result], title: str = "") -> str:
    """The same plot as SVG text, for web pages."""
    buffer = io.BytesIO()
    _figure(results, buffer, title, "svg")
    return buffer.getvalue().decode("utf-8")


def _figure(
    results: Sequence[Result], target: str | Path | io.BytesIO, title: str, fmt: str
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 7), constrained_layout=True)
    axes = fig.subplots(2, 2)
    panels = (
        ("lcc", _("largest component / initial")),
        ("efficiency", _("global efficiency")),
        ("components", _("components")),
        ("fragmentation", _("fragmentation")),
    )
    for ax, (key, label) in zip(axes.flat, panels, strict=True):
        for result in results:
            xs = [s.removed for s in result.steps]
            ys = [getattr(s, key) for s in result.steps]
            if any(y is None for y in ys):
                continue
            name = f"{_(STRATEGY_NAMES.get(result.strategy, result.strategy))} ({_(result.mode)})"
            ax.plot(xs, ys, marker="o", markersize=3, label=name)
            if key == "lcc" and result.steps and "lcc_sd" in result.steps[0].spread:
                sd = [s.spread["lcc_sd"] for s in result.steps]
                low = [y - d for y, d in zip(ys, sd, strict=True)]
                high = [y + d for y, d in zip(ys, sd, strict=True)]
                ax.fill_between(xs, low, high, alpha=0.2)
        ax.set_xlabel(_("nodes removed"))
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.savefig(target, dpi=100, format=fmt)
