"""Write networks for other tools: GraphML and GEXF (Gephi, yEd), and Cytoscape.js JSON.

Attribute values are flattened to what the formats hold (strings, numbers, booleans); lists
become comma-separated strings. The Cytoscape document is the ``elements`` form that
``cytoscape({elements: ...})`` takes, with every node and edge attribute under ``data``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from vinculo.exc import InvalidData
from vinculo.i18n import N_

ExportFormat = Literal["graphml", "gexf", "cytoscape"]


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def flattened(graph: nx.Graph) -> nx.Graph:
    """A copy with string node ids and scalar attributes only."""
    out = nx.Graph()
    for v, data in graph.nodes(data=True):
        out.add_node(str(v), **{k: _scalar(x) for k, x in data.items() if x is not None})
    for a, b, data in graph.edges(data=True):
        out.add_edge(str(a), str(b), **{k: _scalar(x) for k, x in data.items() if x is not None})
    return out


def cytoscape(graph: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js ``elements`` (nodes first, then edges with stable ids)."""
    flat = flattened(graph)
    nodes = [
        {"data": {"id": v, "label": str(d.get("label", v)), **d}} for v, d in flat.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": a, "target": b, **d}}
        for i, (a, b, d) in enumerate(flat.edges(data=True))
    ]
    return {"elements": {"nodes": nodes, "edges": edges}}


def to_text(graph: nx.Graph, fmt: ExportFormat) -> str:
    """The graph in ``fmt`` as text."""
    flat = flattened(graph)
    if fmt == "cytoscape":
        import json

        return json.dumps(cytoscape(graph), ensure_ascii=False, indent=1)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer)
    elif fmt == "gexf":
        nx.write_gexf(flat, buffer)
    else:
        raise InvalidData.at(N_("unknown export format {format!r}"), field="format", format=fmt)
    return buffer.getvalue().decode("utf-8")


def write(graph: nx.Graph, path: str | Path, fmt: ExportFormat) -> None:
    Path(path).write_text(to_text(graph, fmt), encoding="utf-8")
