"""Rank targets: who to go after, why, and what it may cost in violence.

Candidates are the leaders of each measure (betweenness, degree, collective influence) and
everyone holding a leading, money or brokering role. Each is scored by the *marginal damage*
of removing it alone: the relative loss of global efficiency (which counts both splitting the
network and lengthening its paths), ties broken by betweenness. Each target carries the
reasons (its measures, the damage, cut-point and brokerage facts), what is known and by whom,
indictment and extradition status when supplied, and a violence-risk note from the studies in
``messages.STUDIES``. Node attributes read: ``role``, ``country``, ``known_by`` (list or
comma-separated), ``indictment``, ``extradition``, ``territory``, ``label``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from vinculo.graph import messages
from vinculo.graph.attack import AttackState
from vinculo.graph.brokerage import brokerage, communities
from vinculo.graph.metrics import NetworkMetrics, compute

LEADER_ROLES = frozenset({"leader", "boss", "kingpin", "jefe", "lider", "líder", "head"})
MID_ROLES = frozenset(
    {
        "lieutenant",
        "plaza_boss",
        "plaza boss",
        "cell_leader",
        "broker",
        "money",
        "launderer",
        "logistics",
        "manager",
        "coordinator",
        "smuggler",
        "official",
    }
)
PRIORITY_ROLES = frozenset({"money", "broker", "launderer"}) | LEADER_ROLES


@dataclass
class Target:
    node: str
    rank: int
    label: str
    damage: float  # relative loss of global efficiency when removed alone
    metrics: dict[str, Any]
    effect: dict[str, Any]
    reasons: list[dict[str, Any]] = field(default_factory=list)
    known: list[dict[str, Any]] = field(default_factory=list)
    risk: list[dict[str, Any]] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "node": self.node,
            "label": self.label,
            "damage": self.damage,
            "effect": self.effect,
            "metrics": self.metrics,
            "reasons": self.reasons,
            "known": self.known,
            "risk": self.risk,
            "attributes": self.attributes,
        }


def rank_targets(
    graph: nx.Graph,
    *,
    limit: int = 10,
    pool: int | None = None,
    weighted: bool = False,
    metrics: NetworkMetrics | None = None,
    seed: int = 0,
) -> list[Target]:
    """The ``limit`` best targets, best first (see the module docstring for the scoring)."""
    if graph.number_of_nodes() == 0:
        return []
    metrics = metrics or compute(graph, weighted=weighted, seed=seed)
    labels = list(graph.nodes)
    index = {str(v): i for i, v in enumerate(labels)}
    pool = pool or max(3 * limit, 15)
    candidates: set[str] = set()
    for measure in ("betweenness", "degree", "collective_influence"):
        candidates.update(n for n, _ in metrics.top(measure, pool + len(graph) // 10))
    for v, data in graph.nodes(data=True):
        if _role(data) in PRIORITY_ROLES:
            candidates.add(str(v))
    # Targets are people: organizations (hubs of membership ties) are context, not targets.
    people = {str(v) for v, d in graph.nodes(data=True) if d.get("schema", "Person") == "Person"}
    candidates &= people
    base = AttackState.from_graph(graph, weighted=weighted)
    before_eff = base.efficiency()
    before_lcc = base.lcc_size()
    groups = communities(graph, weighted=weighted, seed=seed)
    broker = brokerage(graph, groups)
    cut = set(metrics.articulation_points)
    ranked_btw = {n: r for r, (n, _) in enumerate(metrics.top("betweenness", len(labels)), 1)}
    ranked_deg = {n: r for r, (n, _) in enumerate(metrics.top("degree", len(labels)), 1)}
    rows: list[Target] = []
    for node in candidates:
        state = base.copy()
        state.remove([index[node]])
        after_eff = state.efficiency()
        loss = 1.0 - after_eff / before_eff if before_eff else 0.0
        original = labels[index[node]]
        data = graph.nodes[original]
        b = broker[original]
        effect = {
            "lcc_before": before_lcc,
            "lcc_after": state.lcc_size(),
            "components_after": len(state.component_sizes()),
            "efficiency_before": before_eff,
            "efficiency_after": after_eff,
        }
        node_metrics = dict(metrics.nodes[node])
        node_metrics["brokerage"] = b.to_dict()
        target = Target(
            node=node,
            rank=0,
            label=str(data.get("label", node)),
            damage=loss,
            metrics=node_metrics,
            effect=effect,
            attributes={k: _plain(v) for k, v in data.items()},
        )
        total = len(labels)
        target.reasons.append(
            messages.render(
                "why.betweenness",
                share=node_metrics["betweenness"],
                rank=ranked_btw[node],
                total=total,
            )
        )
        target.reasons.append(
            messages.render(
                "why.degree", degree=node_metrics["degree"], rank=ranked_deg[node], total=total
            )
        )
        target.reasons.append(
            messages.render("why.damage", before=before_lcc, after=effect["lcc_after"], loss=loss)
        )
        if node in cut:
            parts = len(state.component_sizes()) - (len(base.component_sizes()) - 1)
            target.reasons.append(messages.render("why.articulation", parts=parts))
        if b.between_communities:
            target.reasons.append(messages.render("why.broker", count=b.between_communities))
        if b.cross_border_brokerage:
            target.reasons.append(messages.render("why.border", count=b.cross_border_brokerage))
        target.known = _known(data)
        target.risk = _risk(data)
        rows.append(target)
    rows.sort(key=lambda t: (-round(t.damage, 12), -t.metrics["betweenness"], t.node))
    for rank, target in enumerate(rows, 1):
        target.rank = rank
    return rows[:limit]


def _role(data: dict[str, Any]) -> str:
    return str(data.get("role", "")).strip().lower()


def _known(data: dict[str, Any]) -> list[dict[str, Any]]:
    notes = []
    agencies = data.get("known_by")
    if isinstance(agencies, str):
        agencies = [a.strip() for a in agencies.split(",") if a.strip()]
    if agencies:
        notes.append(messages.render("known.by", agencies=", ".join(sorted(agencies))))
    if data.get("indictment"):
        notes.append(messages.render("legal.indictment", status=str(data["indictment"])))
    if data.get("extradition"):
        notes.append(messages.render("legal.extradition", status=str(data["extradition"])))
    return notes


def _risk(data: dict[str, Any]) -> list[dict[str, Any]]:
    role = _role(data)
    notes = []
    if role in LEADER_ROLES:
        notes.append(messages.render("risk.leader"))
    elif role in MID_ROLES:
        notes.append(messages.render("risk.midlevel"))
    territory = data.get("territory")
    if territory:
        notes.append(messages.render("risk.territory", territory=str(territory)))
    notes.append(messages.render("risk.recovery"))
    return notes


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return str(value)
