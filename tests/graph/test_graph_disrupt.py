from __future__ import annotations

import json
from operator import itemgetter
from pathlib import Path

import networkx as nx
import pytest

from vinculo.exc import InvalidData
from vinculo.graph.disrupt import (
    SAMPLED_EFFICIENCY_TOLERANCE,
    SAMPLED_ROBUSTNESS_TOLERANCE,
    Options,
    Recovery,
    disrupt,
)
from vinculo.graph.render import to_csv, to_json, to_png


def straightforward(g: nx.Graph, steps: int) -> list[str]:
    """The plain networkx attack: recompute, remove the top node (stable sort, last wins)."""
    g = g.copy()
    order = []
    for _ in range(steps):
        values = nx.betweenness_centrality(g)
        node = sorted(values.items(), key=itemgetter(1))[-1][0]
        order.append(str(node))
        g.remove_node(node)
    return order


def test_json_shape_and_order_matches_networkx() -> None:
    # No symmetric ties here: on symmetric graphs networkx's float noise picks among equals.
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(48, 4, 0.3, seed=7), str)
    result = disrupt(g, Options(steps=6))
    data = json.loads(to_json(result))
    assert list(data)[:5] == ["nodes", "edges", "strategy", "mode", "steps"]
    assert (data["nodes"], data["edges"], data["strategy"], data["mode"]) == (
        48,
        g.number_of_edges(),
        "betweenness",
        "sequential",
    )
    first = data["steps"][0]
    assert first == {
        "removed": 0,
        "nodes_removed": [],
        "lcc": 1.0,
        "efficiency": pytest.approx(nx.global_efficiency(g)),
        "components": 1,
        "fragmentation": 0.0,
    }
    removed = [s["nodes_removed"][0] for s in data["steps"][1:]]
    assert removed == straightforward(g, 6)
    assert [s["removed"] for s in data["steps"]] == list(range(7))
    h = g.copy()
    h.remove_nodes_from(removed)
    last = data["steps"][-1]
    assert last["components"] == nx.number_connected_components(h)
    assert last["efficiency"] == pytest.approx(nx.global_efficiency(h))
    assert last["lcc"] == max(len(c) for c in nx.connected_components(h)) / 48


def test_block_mode_removes_top_n_at_once() -> None:
    g = nx.relabel_nodes(nx.barbell_graph(6, 3), str)
    result = disrupt(g, Options(mode="block", block_size=3, steps=2, efficiency=False))
    assert [s.removed for s in result.steps] == [0, 3, 6]
    assert len(result.steps[1].nodes_removed) == 3
    values = nx.betweenness_centrality(g)
    top3 = [v for v, _ in sorted(values.items(), key=lambda p: (-p[1], -list(g).index(p[0])))]
    assert result.steps[1].nodes_removed == top3[:3]
    assert result.to_dict()["block_size"] == 3


@pytest.mark.parametrize("strategy", ["degree", "collective_influence", "pagerank"])
def test_other_strategies_pick_their_leader(strategy: str) -> None:
    g = nx.relabel_nodes(nx.star_graph(5), str)
    g.add_edges_from((str(leaf), f"p{leaf}") for leaf in range(1, 6))
    result = disrupt(g, Options(strategy=strategy, steps=1))  # type: ignore[arg-type]
    assert result.steps[1].nodes_removed == ["0"]
    assert result.steps[1].components == 5


def test_random_mean_and_spread() -> None:
    g = nx.gnm_random_graph(60, 120, seed=3)
    result = disrupt(g, Options(strategy="random", steps=10, runs=8))
    data = result.to_dict()
    assert data["runs"] == 8
    step = data["steps"][10]
    assert step["lcc_min"] <= step["lcc"] <= step["lcc_max"]
    assert step["lcc_sd"] > 0
    again = disrupt(g, Options(strategy="random", steps=10, runs=8))
    assert again.to_dict() == data  # seeded
    other = disrupt(g, Options(strategy="random", steps=10, runs=8, seed=9))
    assert other.to_dict() != data


def test_role_strategy_takes_roles_in_priority_then_betweenness() -> None:
    g = nx.relabel_nodes(nx.path_graph(7), str)
    g.nodes["6"]["role"] = "leader"
    g.nodes["0"]["role"] = "money"
    result = disrupt(g, Options(strategy="role", steps=3, efficiency=False))
    assert [s.nodes_removed[0] for s in result.steps[1:]] == ["6", "0", "3"]


def test_recovery_rewires() -> None:
    g = nx.relabel_nodes(nx.star_graph(6), str)
    plain = disrupt(g, Options(steps=1, efficiency=False))
    assert plain.steps[1].components == 6
    closed = disrupt(g, Options(steps=1, recovery=Recovery("triadic", 1.0)))
    assert closed.steps[1].components == 1
    assert closed.steps[1].lcc == pytest.approx(6 / 7)
    heir = disrupt(g, Options(steps=1, recovery=Recovery("broker", 1.0)))
    assert heir.steps[1].components == 1
    assert heir.to_dict()["recovery"] == {"model": "broker", "probability": 1.0}
    with pytest.raises(InvalidData):
        Recovery("triadic", 1.5)


def test_weighted_inverse_distance_prefers_strong_ties() -> None:
    # a-b-c strong path and a-d-c weak path: strong ties are short, so b carries the paths.
    g = nx.Graph()
    g.add_edge("a", "b", weight=10)
    g.add_edge("b", "c", weight=10)
    g.add_edge("a", "d", weight=1)
    g.add_edge("d", "c", weight=1)
    g.add_edge("c", "e", weight=5)
    w = disrupt(g, Options(steps=2, weighted=True, efficiency=False))
    assert w.steps[1].nodes_removed == ["c"]
    assert w.steps[2].nodes_removed == ["a"]  # now the only one between b and d
    raw = disrupt(g, Options(steps=1, weighted=True, distance="raw", efficiency=False))
    assert raw.steps[1].nodes_removed == ["c"]
    assert w.to_dict()["distance"] == "inverse"


def test_sampled_mode_reports_error() -> None:
    g = nx.connected_caveman_graph(20, 10)
    result = disrupt(g, Options(steps=3, sample=50))
    notes = result.to_dict()
    assert notes["sample"] == 50 and 0 < notes["sample_error"] < 1
    assert result.steps[-1].lcc < 1


def mean_efficiency(result: object) -> float:
    steps = result.steps  # type: ignore[attr-defined]
    return sum(s.efficiency for s in steps) / len(steps)


def test_sampled_attack_within_stated_tolerance_of_exact() -> None:
    # 12 groups of 50 with few ties between them: the attack cuts half the network off.
    g = nx.planted_partition_graph(12, 50, 0.2, 0.0003, seed=2)
    exact = disrupt(g, Options(steps=20))
    assert exact.steps[-1].lcc < 0.5  # pieces broke off, so the curve is not trivial
    for seed in range(3):
        sampled = disrupt(g, Options(steps=20, sample=200, seed=seed))
        assert sampled.to_dict()["sample"] == 200
        gap = abs(sampled.robustness() - exact.robustness())
        assert gap <= SAMPLED_ROBUSTNESS_TOLERANCE
        eff = abs(mean_efficiency(sampled) / mean_efficiency(exact) - 1)
        assert eff <= SAMPLED_EFFICIENCY_TOLERANCE
        assert sampled.steps[0].efficiency != exact.steps[0].efficiency  # it did sample


def test_bad_options() -> None:
    g = nx.path_graph(3)
    with pytest.raises(InvalidData, match="strategy"):
        disrupt(g, Options(strategy="nope"))  # type: ignore[arg-type]
    with pytest.raises(InvalidData, match="steps"):
        disrupt(g, Options(steps=0))
    with pytest.raises(InvalidData) as err:  # found by the API fuzzing: was a 500
        disrupt(g, Options(strategy="random", seed=-1))
    assert [p.field for p in err.value.errors] == ["seed"]


def test_csv_and_png(tmp_path: Path) -> None:
    g = nx.relabel_nodes(nx.connected_caveman_graph(4, 4), str)
    result = disrupt(g, Options(steps=3))
    lines = to_csv(result).splitlines()
    assert lines[0] == "removed,nodes_removed,lcc,efficiency,components,fragmentation"
    assert len(lines) == 5 and lines[1].startswith("0,,1,")
    rnd = disrupt(g, Options(strategy="random", steps=3, runs=3))
    assert "lcc_sd" in to_csv(rnd).splitlines()[0]
    path = tmp_path / "curves.png"
    to_png([result, rnd], path, title="caveman")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000
