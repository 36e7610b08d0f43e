"""Node and network measures used by analysts and by the target ranking.

Betweenness comes from the batched Brandes of ``brandes.py`` (exact, or sampled with a stated
error bound for large graphs; Dijkstra via networkx in weighted mode). Closeness is rustworkx's
parallel implementation (Wasserman-Faust improved form, like networkx's default). Eigenvector,
Katz and PageRank are networkx's linear-algebra versions; Katz uses ``alpha = 0.85 / lambda_max``
(always inside the convergence radius) and ``beta = 1``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import rustworkx as rx
from scipy import sparse  # type: ignore[import-untyped]
from scipy.sparse import linalg as splinalg  # type: ignore[import-untyped]

from vinculo.graph import scores
from vinculo.graph.attack import AttackState, Distance
from vinculo.graph.brandes import binary, path_sums, sample_error

NODE_METRICS = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "katz",
    "collective_influence",
    "core",
)


@dataclass
class NetworkMetrics:
    """Per-node measures plus the network-level facts an analyst asks for first."""

    nodes: dict[str, dict[str, Any]]
    summary: dict[str, Any]
    articulation_points: list[str]
    bridges: list[tuple[str, str]]
    communities: list[list[str]] = field(default_factory=list)

    def top(self, metric: str, count: int = 10) -> list[tuple[str, float]]:
        pairs = [(n, float(v[metric])) for n, v in self.nodes.items()]
        return sorted(pairs, key=lambda p: -p[1])[:count]

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "nodes": self.nodes,
            "articulation_points": self.articulation_points,
            "bridges": [list(b) for b in self.bridges],
            "communities": self.communities,
        }


def betweenness(
    graph: nx.Graph,
    *,
    weighted: bool = False,
    distance: Distance = "inverse",
    sample: int = 0,
    seed: int = 0,
) -> tuple[dict[str, float], float]:
    """Normalized betweenness (networkx's scale) and its error bound (0 when exact)."""
    labels = list(graph.nodes)
    n = len(labels)
    if n < 3:
        return {str(v): 0.0 for v in labels}, 0.0
    scale = 1.0 / ((n - 1) * (n - 2))
    if weighted:
        state = AttackState.from_graph(graph, weighted=True, distance=distance)
        raw = state.betweenness(lazy=False)
        return {str(v): float(raw[i]) * scale for i, v in enumerate(labels)}, 0.0
    matrix = nx.to_scipy_sparse_array(graph, nodelist=labels, format="csr")
    adj = binary(sparse.csr_matrix(matrix))
    sources = None
    error = 0.0
    if sample and sample < n:
        sources = np.sort(np.random.default_rng(seed).choice(n, sample, replace=False))
        error = sample_error(n, sample)
    dep, _ = path_sums(adj, sources).scaled()
    return {str(v): float(dep[i]) * scale for i, v in enumerate(labels)}, error


def katz(graph: nx.Graph, weighted: bool = False) -> dict[Any, float]:
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph.nodes, 0.0)
    matrix = nx.to_scipy_sparse_array(graph, weight="weight" if weighted else None)
    if graph.number_of_nodes() > 2:
        lam = float(np.max(np.abs(splinalg.eigsh(matrix.astype(float), k=1)[0])))
    else:
        lam = float(np.max(np.asarray(matrix.sum(axis=1))))
    result: dict[Any, float] = nx.katz_centrality_numpy(
        graph, alpha=0.85 / max(lam, 1e-12), beta=1.0, weight="weight" if weighted else None
    )
    return result


def eigenvector(graph: nx.Graph, weighted: bool = False) -> dict[Any, float]:
    """Per connected component (undefined across them), scaled by the component's node share."""
    out: dict[Any, float] = dict.fromkeys(graph.nodes, 0.0)
    n = graph.number_of_nodes()
    for comp in nx.connected_components(graph):
        if len(comp) < 3:
            continue
        sub = graph.subgraph(comp)
        values = nx.eigenvector_centrality_numpy(
            sub, weight="weight" if weighted else None, max_iter=1000
        )
        for v, x in values.items():
            out[v] = abs(x) * len(comp) / n
    return out


def closeness(graph: nx.Graph) -> dict[Any, float]:
    labels = list(graph.nodes)
    index = {v: i for i, v in enumerate(labels)}
    rgraph = rx.PyGraph()
    rgraph.add_nodes_from(labels)
    rgraph.add_edges_from_no_data([(index[a], index[b]) for a, b in graph.edges])
    values = rx.graph_closeness_centrality(rgraph, wf_improved=True)
    return {labels[i]: float(values[i]) for i in range(len(labels))}


def collective_influence(graph: nx.Graph, radius: int = 1, weighted: bool = False) -> list[float]:
    if not graph.number_of_nodes():
        return []  # a principal may see no network at all: nothing to score
    state = AttackState.from_graph(graph, weighted=weighted)
    return [float(x) for x in scores.collective_influence(state, radius)]


def compute(
    graph: nx.Graph,
    *,
    weighted: bool = False,
    distance: Distance = "inverse",
    sample: int = 0,
    seed: int = 0,
    communities: bool = True,
) -> NetworkMetrics:
    """All node measures and the network summary."""
    labels = list(graph.nodes)
    weight = "weight" if weighted else None
    btw, error = betweenness(graph, weighted=weighted, distance=distance, sample=sample, seed=seed)
    close = closeness(graph)
    eig = eigenvector(graph, weighted)
    pr = nx.pagerank(graph, weight=weight) if graph.number_of_edges() else {}
    kz = katz(graph, weighted)
    ci = collective_influence(graph, 1, weighted)
    core = nx.core_number(graph)
    strength = dict(graph.degree(weight="weight"))
    nodes: dict[str, dict[str, Any]] = {}
    for i, v in enumerate(labels):
        nodes[str(v)] = {
            "degree": int(graph.degree(v)),
            "strength": float(strength[v]),
            "betweenness": btw[str(v)],
            "closeness": close[v],
            "eigenvector": float(eig.get(v, 0.0)),
            "pagerank": float(pr.get(v, 0.0)),
            "katz": float(kz.get(v, 0.0)),
            "collective_influence": ci[i],
            "core": int(core[v]),
        }
    comps = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    groups: list[list[str]] = []
    if communities and graph.number_of_edges():
        found = nx.community.louvain_communities(graph, weight=weight, seed=seed)
        groups = sorted(([str(v) for v in c] for c in found), key=len, reverse=True)
        for cid, group in enumerate(groups):
            for v in group:
                nodes[v]["community"] = cid
    summary: dict[str, Any] = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "density": nx.density(graph),
        "components": len(comps),
        "lcc": comps[0] if comps else 0,
        "average_degree": 2 * graph.number_of_edges() / max(graph.number_of_nodes(), 1),
        "clustering": nx.average_clustering(graph) if graph.number_of_nodes() else 0.0,
        "efficiency": nx.global_efficiency(graph) if graph.number_of_nodes() < 5000 else None,
        "betweenness_error": error,
        "communities": len(groups),
    }
    if groups:
        summary["modularity"] = nx.community.modularity(
            graph, [set(_orig(graph, g)) for g in groups], weight=weight
        )
    return NetworkMetrics(
        nodes=nodes,
        summary=summary,
        articulation_points=sorted(str(v) for v in nx.articulation_points(graph)),
        bridges=sorted((str(a), str(b)) for a, b in nx.bridges(graph)),
        communities=groups,
    )


def _orig(graph: nx.Graph, group: list[str]) -> list[Any]:
    """Map string ids back to the graph's node objects (ids may be ints)."""
    lookup = {str(v): v for v in graph.nodes}
    return [lookup[v] for v in group]
