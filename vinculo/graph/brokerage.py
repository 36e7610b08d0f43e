"""Brokerage: who joins groups that are otherwise apart, between communities and across the border.

A broker is the middle of an open two-path ``j - i - k`` (``j`` and ``k`` not tied). The roles
follow Gould & Fernandez (1989) for undirected ties, with the groups taken from Louvain
communities: ``coordinator`` (all three in one group), ``gatekeeper`` (the broker shares a
group with exactly one side; the undirected form merges gatekeeper and representative),
``itinerant`` (both sides in one other group) and ``liaison`` (three different groups).
Across the border, the groups are the country attribute (``MX``/``US``): a cross-border broker
joins a Mexican and a U.S. contact who have no tie of their own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

ROLES = ("coordinator", "gatekeeper", "itinerant", "liaison")


@dataclass
class Brokerage:
    roles: Counter[str] = field(default_factory=Counter)
    between_communities: int = 0  # open two-paths whose ends lie in different communities
    cross_border_ties: int = 0  # ties to contacts of another country
    cross_border_brokerage: int = 0  # open two-paths joining two countries

    def to_dict(self) -> dict[str, Any]:
        return {
            **{role: self.roles.get(role, 0) for role in ROLES},
            "between_communities": self.between_communities,
            "cross_border_ties": self.cross_border_ties,
            "cross_border_brokerage": self.cross_border_brokerage,
        }


def communities(graph: nx.Graph, *, weighted: bool = False, seed: int = 0) -> dict[Any, int]:
    """Louvain communities (networkx, seeded): node -> community number, largest first."""
    if graph.number_of_edges() == 0:
        return {v: i for i, v in enumerate(graph.nodes)}
    found = nx.community.louvain_communities(
        graph, weight="weight" if weighted else None, seed=seed
    )
    ordered = sorted(found, key=lambda c: (-len(c), min(str(v) for v in c)))
    return {v: cid for cid, group in enumerate(ordered) for v in group}


def country_of(data: dict[str, Any], attribute: str = "country") -> str | None:
    value = data.get(attribute)
    if not value:
        return None
    text = str(value).strip().upper()
    return text or None


def brokerage(
    graph: nx.Graph,
    groups: dict[Any, int] | None = None,
    *,
    country_attribute: str = "country",
    seed: int = 0,
) -> dict[Any, Brokerage]:
    """Brokerage counts per node. Cost is the sum of squared degrees."""
    groups = groups if groups is not None else communities(graph, seed=seed)
    country = {v: country_of(d, country_attribute) for v, d in graph.nodes(data=True)}
    out: dict[Any, Brokerage] = {}
    for i in graph.nodes:
        result = Brokerage()
        contacts = list(graph.neighbors(i))
        home = country[i]
        result.cross_border_ties = sum(
            1 for j in contacts if home and country[j] and country[j] != home
        )
        for a in range(len(contacts)):
            j = contacts[a]
            adjacent = graph.adj[j]
            for b in range(a + 1, len(contacts)):
                k = contacts[b]
                if k in adjacent:
                    continue
                result.roles[_role(groups[i], groups[j], groups[k])] += 1
                if groups[j] != groups[k]:
                    result.between_communities += 1
                if _apart(country[j], country[k]):
                    result.cross_border_brokerage += 1
        out[i] = result
    return out


def _apart(a: str | None, b: str | None) -> bool:
    """Both countries known and different."""
    return bool(a and b and a != b)


def _role(gi: int, gj: int, gk: int) -> str:
    if gi == gj == gk:
        return "coordinator"
    if gi in (gj, gk):
        return "gatekeeper"
    if gj == gk:
        return "itinerant"
    return "liaison"


def border_summary(graph: nx.Graph, country_attribute: str = "country") -> dict[str, Any]:
    """How the two sides are joined: ties across, and nodes whose removal cuts them apart."""
    country = {v: country_of(d, country_attribute) for v, d in graph.nodes(data=True)}
    across = [(a, b) for a, b in graph.edges if _apart(country[a], country[b])]
    brokers = Counter(v for edge in across for v in edge)
    return {
        "cross_border_ties": len(across),
        "countries": dict(Counter(c for c in country.values() if c)),
        "top_border_nodes": [str(v) for v, _ in brokers.most_common(10)],
    }
