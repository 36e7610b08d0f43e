"""Network use-cases over the store: build as a principal sees it, measure, attack, rank, export.

Every read goes through the principal-aware reader, so a tie exists only if the principal
may see the relationship record behind it, and two records join into one node only through
identity judgements between entities the principal sees. Each call is audited
(``graph.view`` counts as viewing the entities in the network).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from vinculo.access.principal import Principal
from vinculo.exc import InvalidData
from vinculo.graph import brokerage, export, metrics, targets
from vinculo.graph import disrupt as disruption
from vinculo.graph.build import EDGE_TYPES, Filters, build_network, public, scope
from vinculo.i18n import N_
from vinculo.model.marking import Grading
from vinculo.services import audit
from vinculo.services.resolution import visible_clustering
from vinculo.store import Store, reader

MAX_AUDITED_IDS = 500


@dataclass(frozen=True)
class Scope:
    """Which network: an organization, an entity's k-hop neighbourhood, a dataset, or all."""

    org: str | None = None
    entity: str | None = None
    hops: int = 2
    dataset: str | None = None
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    min_grading: str | None = None

    def filters(self) -> Filters:
        unknown = sorted(set(self.types) - set(EDGE_TYPES))
        if unknown:
            raise InvalidData.at(N_("unknown tie types {unknown}"), field="types", unknown=unknown)
        try:
            grading = Grading.parse(self.min_grading) if self.min_grading else None
        except InvalidData as exc:  # the only error Grading.parse raises
            raise InvalidData.at(exc.text, field="min_grading") from None
        return Filters(
            types=frozenset(self.types or EDGE_TYPES),
            start=self.start,
            end=self.end,
            min_grading=grading,
        )

    def describe(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items()}


@dataclass
class NetworkView:
    graph: nx.Graph
    scope: Scope
    detail: dict[str, Any] = field(default_factory=dict)


def build(
    store: Store,
    principal: Principal,
    scope_: Scope,
    *,
    remote: str | None = None,
    action: str = "graph.view",
) -> NetworkView:
    """The network the principal may see within ``scope_``, audited."""
    if scope_.hops < 0 or scope_.hops > 6:
        raise InvalidData.at(N_("hops must be between 0 and 6"), field="hops")
    datasets = [scope_.dataset] if scope_.dataset else None
    entities = list(reader.iter_entities(store, principal, datasets=datasets))
    clustering = visible_clustering(store, {e.id for e in entities})

    def canonical(entity_id: str) -> str:
        return min(clustering.members_of(entity_id))

    graph = build_network(entities, canonical, scope_.filters())
    _legal_status(graph, entities, canonical)
    center = canonical(scope_.entity) if scope_.entity else None
    org = canonical(scope_.org) if scope_.org else None
    if (center and center not in graph) or (org and org not in graph):
        reader.get_entity(store, principal, scope_.entity or scope_.org or "")  # NotFound
    graph = public(scope(graph, center=center, org=org, hops=scope_.hops))
    ids = [e for _, d in graph.nodes(data=True) for e in d.get("entities", [])]
    audit.record(
        store,
        principal,
        action,
        target=scope_.org or scope_.entity or scope_.dataset or "all",
        entity_ids=ids[:MAX_AUDITED_IDS],
        detail={
            "scope": scope_.describe(),
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
        },
        remote=remote,
    )
    return NetworkView(graph, scope_)


def _legal_status(graph: nx.Graph, entities: list[Any], canonical: Any) -> None:
    """Indictments and extradition requests the principal sees, on the defendant's node."""
    stages: dict[str, list[tuple[int, str]]] = {}
    for e in entities:
        if e.schema == "ExtraditionStage":
            seq = next((int(v) for v in e.get("sequence") if v.isdigit()), 0)
            for rid in e.get("request"):
                stages.setdefault(rid, []).extend((seq, st) for st in e.get("stage"))
    for e in entities:
        if e.schema == "Indictment":
            text = e.caption
            counts = e.get("countTotal")
            if counts:
                text = f"{text} ({counts[0]})"
            for person in e.get("defendant"):
                node = canonical(person)
                if node in graph:
                    graph.nodes[node]["indictment"] = text
        elif e.schema == "ExtraditionRequest":
            status = max(stages.get(e.id) or [(0, "requested")])[1]
            for person in e.get("person"):
                node = canonical(person)
                if node in graph:
                    graph.nodes[node]["extradition"] = status


def measure(view: NetworkView, *, weighted: bool = False, sample: int = 0) -> dict[str, Any]:
    result = metrics.compute(view.graph, weighted=weighted, sample=sample)
    data = result.to_dict()
    for node, row in data["nodes"].items():
        attrs = view.graph.nodes[node]
        row.update(label=attrs.get("label", node), country=attrs.get("country"))
        row.update(role=attrs.get("role"), schema=attrs.get("schema"))
    return data


def simulate(view: NetworkView, options: disruption.Options) -> dict[str, Any]:
    return disruption.disrupt(view.graph, options).to_dict()


def rank(view: NetworkView, *, limit: int = 10, weighted: bool = False) -> list[dict[str, Any]]:
    return [t.to_dict() for t in targets.rank_targets(view.graph, limit=limit, weighted=weighted)]


def export_text(view: NetworkView, fmt: export.ExportFormat) -> str:
    return export.to_text(view.graph, fmt)


def chart(view: NetworkView) -> dict[str, Any]:
    """Cytoscape elements with the measures the chart sizes and colours by."""
    data = export.cytoscape(view.graph)
    graph = view.graph
    if graph.number_of_nodes():
        btw, _error = metrics.betweenness(graph)
        rank = nx.pagerank(graph, weight=None) if graph.number_of_edges() else {}
        groups = brokerage.communities(graph)
        for node in data["elements"]["nodes"]:
            nid = node["data"]["id"]
            node["data"].update(
                degree=graph.degree(nid),
                betweenness=btw[nid],
                pagerank=float(rank.get(nid, 0.0)),
                community=groups.get(nid, 0),
                entity=(graph.nodes[nid].get("entities") or [nid])[0],
            )
    return data


def organization_list(store: Store, principal: Principal, limit: int = 20) -> list[dict[str, Any]]:
    """Organizations the principal sees, by number of visible members (largest first)."""
    members: dict[str, set[str]] = {}
    for e in reader.iter_entities(store, principal, schemata=["Membership"]):
        for org in e.get("organization"):
            members.setdefault(org, set()).update(e.get("member"))
    top = sorted(members, key=lambda o: (-len(members[o]), o))[:limit]
    found = {e.id: e for e in reader.get_entities(store, principal, top)}
    return [
        {"id": o, "label": found[o].caption, "members": len(members[o])}
        for o in top
        if o in found and found[o].schema in ("Organization", "Company", "LegalEntity")
    ]


def citations() -> list[dict[str, str]]:
    from vinculo.graph import messages

    return messages.citations(list(messages.STUDIES))
