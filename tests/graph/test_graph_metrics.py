from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from vinculo.graph.brokerage import border_summary, brokerage
from vinculo.graph.export import cytoscape, to_text
from vinculo.graph.load import read_network
from vinculo.graph.metrics import NODE_METRICS, betweenness, compute
from vinculo.graph.targets import rank_targets

NETWORKS = Path(__file__).resolve().parents[3] / "shared" / "data" / "networks"


def test_metrics_equal_networkx_on_a_published_network() -> None:
    g = read_network(NETWORKS / "siren" / "SIREN.csv")
    m = compute(g)
    assert m.summary["nodes"] == 44 and m.summary["edges"] == 103
    ref_b = nx.betweenness_centrality(g)
    ref_c = nx.closeness_centrality(g)
    ref_p = nx.pagerank(g, weight=None)
    core = nx.core_number(g)
    for v in g:
        row = m.nodes[str(v)]
        assert set(NODE_METRICS) <= set(row)
        assert row["betweenness"] == pytest.approx(ref_b[v])
        assert row["closeness"] == pytest.approx(ref_c[v])
        assert row["pagerank"] == pytest.approx(ref_p[v], rel=1e-4)
        assert row["core"] == core[v]
    assert m.articulation_points == sorted(str(v) for v in nx.articulation_points(g))
    assert {v for c in m.communities for v in c} == {str(v) for v in g}
    assert m.summary["modularity"] > 0.3
    assert m.summary["efficiency"] == pytest.approx(nx.global_efficiency(g))


def test_sampled_betweenness_states_its_error() -> None:
    g = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=2)
    exact, e0 = betweenness(g)
    approx, err = betweenness(g, sample=80)
    assert e0 == 0 and 0 < err < 1
    assert max(abs(exact[k] - approx[k]) for k in exact) <= err


def border_network() -> nx.Graph:
    g = nx.Graph()
    mx = [f"mx{i}" for i in range(4)]
    us = [f"us{i}" for i in range(4)]
    g.add_edges_from((a, b) for i, a in enumerate(mx) for b in mx[i + 1 :])
    g.add_edges_from((a, b) for i, a in enumerate(us) for b in us[i + 1 :])
    g.add_edges_from([("mx0", "bk"), ("mx1", "bk"), ("bk", "us0"), ("bk", "us1")])
    for v in mx:
        g.nodes[v]["country"] = "MX"
    for v in us:
        g.nodes[v]["country"] = "us"  # case does not matter
    g.nodes["bk"].update(country="MX", role="broker", known_by=["DEA", "FGR"])
    g.nodes["mx1"].update(
        role="leader", territory="Culiacán", indictment="EDNY, 17 counts", extradition="requested"
    )
    return g


def test_brokerage_between_communities_and_across_border() -> None:
    g = border_network()
    groups = {v: (0 if v.startswith("mx") else 1) for v in g}
    groups["bk"] = 2
    result = brokerage(g, groups)
    assert result["bk"].cross_border_brokerage == 4
    assert result["bk"].roles["liaison"] == 4
    assert result["bk"].roles["itinerant"] == 0  # mx0-mx1 and us0-us1 are tied
    assert result["bk"].cross_border_ties == 2
    assert result["mx0"].roles["gatekeeper"] == 2  # bk with mx2 and with mx3
    assert result["mx1"].to_dict()["between_communities"] == 2
    assert result["mx2"].to_dict()["between_communities"] == 0
    summary = border_summary(g)
    assert summary["cross_border_ties"] == 2 and summary["countries"] == {"MX": 5, "US": 4}


def test_targets_rank_by_damage_with_reasons_and_risk() -> None:
    g = border_network()
    targets = rank_targets(g, limit=3)
    top = targets[0]
    assert top.node == "bk" and top.rank == 1
    assert top.effect["lcc_after"] == 4 and top.damage > 0.3
    ids = [r["id"] for r in top.reasons]
    assert {"why.betweenness", "why.damage", "why.articulation", "why.border"} <= set(ids)
    assert "DEA, FGR" in top.known[0]["text"]
    assert [r["id"] for r in top.risk] == ["risk.midlevel", "risk.recovery"]
    assert "Phillips 2015" in top.risk[0]["text"]
    leader = next(t for t in rank_targets(g, limit=20) if t.node == "mx1")
    risk = " ".join(r["text"] for r in leader.risk)
    assert "36.5%" in risk and "80%" in risk and "Culiacán" in risk
    assert [k["id"] for k in leader.known] == ["legal.indictment", "legal.extradition"]
    assert json.dumps([t.to_dict() for t in targets])  # serializable


def test_exports_round_trip() -> None:
    g = border_network()
    parsed = nx.parse_graphml(to_text(g, "graphml"))
    assert parsed.number_of_edges() == g.number_of_edges()
    assert parsed.nodes["bk"]["known_by"] == "DEA,FGR"
    gexf = to_text(g, "gexf")
    assert "<gexf" in gexf and "bk" in gexf
    elements = cytoscape(g)["elements"]
    assert len(elements["nodes"]) == 9 and len(elements["edges"]) == g.number_of_edges()
    assert elements["nodes"][0]["data"]["id"] == "mx0"
    assert json.loads(to_text(g, "cytoscape"))["elements"]["edges"][0]["data"]["source"]


def test_an_empty_network_has_empty_metrics() -> None:
    """A principal who may see nothing of an organization gets an empty network, not an error."""
    result = compute(nx.Graph())
    assert result.nodes == {} and result.summary["nodes"] == 0 and result.communities == []
