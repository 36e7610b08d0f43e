"""CAVIAR (Morselli 2009): phase statistics, and the central actor moving from n1 to n12/n41."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from vinculo.graph.disrupt import Options, disrupt
from vinculo.graph.load import read_network
from vinculo.graph.metrics import compute

CAVIAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "networks" / "caviar"
# Nodes per phase file (matrix sizes) and undirected ties, as in shared/data/README.md.
NODES = [15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41]
TIES = [18, 28, 56, 48, 39, 47, 49, 58, 44, 50, 50]


def phase(p: int) -> nx.Graph:
    return read_network(CAVIAR / f"phase{p}.csv")


def test_caviar_phase_statistics() -> None:
    graphs = [phase(p) for p in range(1, 12)]
    assert [g.number_of_nodes() for g in graphs] == NODES
    assert [g.number_of_edges() for g in graphs] == TIES
    full = read_network(CAVIAR / "CAVIAR_FULL.csv")
    assert (full.number_of_nodes(), full.number_of_edges()) == (110, 205)
    # Phase files are directed counts; summing both directions keeps the total weight.
    assert sum(d["weight"] for _, _, d in full.edges(data=True)) == 3546


def test_caviar_central_actor_moves_from_n1_to_n12_and_n41() -> None:
    leaders = []
    for p in range(1, 12):
        m = compute(phase(p), communities=False)
        leaders.append((m.top("betweenness", 1)[0][0], m.top("degree", 1)[0][0]))
    assert all(lead == ("1", "1") for lead in leaders[:5])  # n1 dominates early phases
    assert leaders[8][0] == "3"
    assert leaders[10] == ("41", "12")  # by phase 11, n41 brokers most and n12 has most ties
    late = compute(phase(11), communities=False)
    early = compute(phase(1), communities=False)
    assert early.nodes["1"]["betweenness"] > 0.9
    assert late.nodes["1"]["betweenness"] < late.nodes["41"]["betweenness"]


def test_caviar_full_betweenness_attack() -> None:
    """README section 3, computed with networkx: 0.791, 0.755, 0.618, 0.473, 0.391."""
    full = read_network(CAVIAR / "CAVIAR_FULL.csv")
    result = disrupt(full, Options(steps=5, tie_break="first", efficiency=False))
    assert [round(s.lcc, 3) for s in result.steps[1:]] == [0.791, 0.755, 0.618, 0.473, 0.391]
    assert result.steps[1].nodes_removed == ["1"]
