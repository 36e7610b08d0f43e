"""Build the network from entities: resolved actors as nodes, typed provenance-carrying ties.

Input is what a principal sees (entities from the principal-aware reader) and the canonical id
of each (identity resolution), so two records of one person become one node. Relationship
entities become ties (``call``, ``payment``, ``membership``, ``family``, ``associate``,
``ownership``, ``meeting`` among the people of one Event, ``co_defendant`` among the
defendants of one Indictment), and shared objects tie their holders (``shared_phone``,
``shared_vehicle``, ``shared_address``, ``shared_account``). A tie's weight is the number of
records behind it; it keeps their ids, agencies, datasets, best grading and dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from vinculo.model.entity import Entity
from vinculo.model.marking import Grading

ACTORS = frozenset({"Person", "Organization", "Company", "LegalEntity"})
PAIRS: dict[str, tuple[str, str, str]] = {
    "Call": ("caller", "receiver", "call"),
    "Payment": ("payer", "beneficiary", "payment"),
    "Membership": ("member", "organization", "membership"),
    "Employment": ("employee", "employer", "membership"),
    "Family": ("person", "relative", "family"),
    "Associate": ("person", "associate", "associate"),
    "Ownership": ("owner", "asset", "ownership"),
}
GROUPS: dict[str, tuple[str, str]] = {
    "Event": ("involved", "meeting"),
    "Indictment": ("defendant", "co_defendant"),
}
SHARED = {"Phone": "shared_phone", "Vehicle": "shared_vehicle", "Address": "shared_address"}
SHARED.update({"RealEstate": "shared_address", "BankAccount": "shared_account"})
EDGE_TYPES = (
    "call",
    "meeting",
    "payment",
    "membership",
    "family",
    "associate",
    "ownership",
    "co_defendant",
    "shared_phone",
    "shared_vehicle",
    "shared_address",
    "shared_account",
)
DATE_PROPS = ("date", "startDate", "endDate", "fileDate")
MAX_SOURCES = 50


@dataclass(frozen=True)
class Filters:
    """Which ties count: types, a period (undated ties are kept), a minimum grading."""

    types: frozenset[str] = frozenset(EDGE_TYPES)
    start: date | None = None
    end: date | None = None
    min_grading: Grading | None = None


class _Cached:
    """An entity with its properties computed once (``Entity.properties`` rebuilds them)."""

    def __init__(self, entity: Entity) -> None:
        self.id = entity.id
        self.schema = entity.schema
        self.live = entity.live
        self.properties = entity.properties
        self.agencies = entity.agencies
        self.caption = entity.caption

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])


def build_network(
    entities: Iterable[Entity],
    canonical: Callable[[str], str] | None = None,
    filters: Filters | None = None,
) -> nx.Graph:
    """The actor network of ``entities`` (see the module docstring)."""
    filters = filters or Filters()
    canon = canonical or (lambda x: x)
    items = [_Cached(e) for e in entities if e.live]
    by_id = {e.id: e for e in items}
    graph = nx.Graph()
    for e in items:
        if e.schema in ACTORS:
            _add_actor(graph, canon(e.id), e)
    holders: dict[tuple[str, str], set[str]] = {}
    for e in items:
        if not _passes(e, filters):
            continue
        if e.schema in PAIRS:
            a_prop, b_prop, kind = PAIRS[e.schema]
            for a in e.get(a_prop):
                if kind == "membership" and canon(a) in graph:
                    for value in e.get("role"):
                        graph.nodes[canon(a)].update(role=role_of(value), position=value)
                for b in e.get(b_prop):
                    target = by_id.get(b)
                    if kind == "ownership" and target is not None and target.schema in SHARED:
                        holders.setdefault((SHARED[target.schema], canon(b)), set()).add(canon(a))
                        continue
                    _tie(graph, canon(a), canon(b), kind, e, filters)
        elif e.schema in GROUPS:
            prop, kind = GROUPS[e.schema]
            members = sorted({canon(v) for v in e.get(prop)})
            for a, b in combinations(members, 2):
                _tie(graph, a, b, kind, e, filters)
        elif e.schema in ACTORS:
            for prop, kind in (("addressEntity", "shared_address"), ("phone", "shared_phone")):
                for value in e.get(prop):
                    key = canon(value) if prop == "addressEntity" else _digits(value)
                    if key:
                        holders.setdefault((kind, key), set()).add(canon(e.id))
    for (kind, _key), people in holders.items():
        if kind not in filters.types:
            continue
        for a, b in combinations(sorted(people), 2):
            _tie(graph, a, b, kind, None, filters)
    return graph


def _add_actor(graph: nx.Graph, node: str, e: _Cached) -> None:
    data = graph.nodes[node] if node in graph else None
    if data is None:
        graph.add_node(node, label=e.caption, schema=e.schema, entities=[], known_by=[])
        data = graph.nodes[node]
    data["entities"] = sorted({*data["entities"], e.id})
    data["known_by"] = sorted({*data["known_by"], *e.agencies})
    if len(e.live) > data.get("_weight", 0):
        data.update(label=e.caption, schema=e.schema, _weight=len(e.live))
    countries = {*(data.get("countries") or []), *e.get("country"), *e.get("nationality")}
    if countries:
        data["countries"] = sorted(c.upper() for c in countries)
        data["country"] = data["countries"][0]
    for value in e.get("position") + e.get("role"):
        data["role"] = role_of(value)
        data["position"] = value


def role_of(position: str) -> str:
    """Role class used by targeting from a free-text position (English or Spanish)."""
    text = position.lower()
    if any(w in text for w in ("leader", "líder", "lider", "faction head", "jefe de facción")):
        return "leader"
    if any(w in text for w in ("launder", "lavador", "financ", "contador", "accountant")):
        return "money"
    if any(w in text for w in ("plaza", "lugarteniente", "lieutenant", "cell leader", "célula")):
        return "lieutenant"
    return text.replace(" ", "_")


def _digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-10:] if len(digits) >= 7 else ""


def _dates(e: _Cached) -> list[date]:
    out = []
    for prop in DATE_PROPS:
        for value in e.get(prop):
            try:
                out.append(date.fromisoformat(value[:10]))
            except ValueError:
                continue
    return out


def _passes(e: _Cached, filters: Filters) -> bool:
    dates = _dates(e)
    if dates and filters.start and max(dates) < filters.start:
        return False
    if dates and filters.end and min(dates) > filters.end:
        return False
    if filters.min_grading is not None:
        minimum = filters.min_grading
        return any(s.grading.at_least(minimum) for s in e.live)
    return True


def _tie(graph: nx.Graph, a: str, b: str, kind: str, e: _Cached | None, filters: Filters) -> None:
    if a == b or kind not in filters.types or a not in graph or b not in graph:
        return
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, types={}, sources=[], agencies=[], grading=None)
    data = graph[a][b]
    data["weight"] += 1
    data["types"][kind] = data["types"].get(kind, 0) + 1
    data["type"] = max(data["types"], key=lambda k: (data["types"][k], k))
    if e is None:
        return
    if len(data["sources"]) < MAX_SOURCES:
        data["sources"].append(e.id)
    data["agencies"] = sorted({*data["agencies"], *e.agencies})
    grades = [s.grading for s in e.live if s.grading.reliability or s.grading.credibility]
    best = min(grades, key=_grade_key, default=None)
    if best is not None and (data["grading"] is None or _grade_key(best) < data["_gk"]):
        data["grading"] = str(best)
        data["_gk"] = _grade_key(best)
    dates = _dates(e)
    if dates:
        first, last = min(dates).isoformat(), max(dates).isoformat()
        data["first"] = min(data.get("first", first), first)
        data["last"] = max(data.get("last", last), last)


def _grade_key(g: Grading) -> tuple[str, int]:
    return (g.reliability or "Z", g.credibility or 9)


def public(graph: nx.Graph) -> nx.Graph:
    """Drop bookkeeping keys (leading underscore) before export."""
    for _, data in graph.nodes(data=True):
        for key in [k for k in data if k.startswith("_")]:
            del data[key]
    for _, _, data in graph.edges(data=True):
        for key in [k for k in data if k.startswith("_")]:
            del data[key]
    return graph


def scope(
    graph: nx.Graph,
    *,
    center: str | None = None,
    hops: int = 2,
    org: str | None = None,
) -> nx.Graph:
    """The k-hop neighbourhood of ``center``, or an organization's members and their ties."""
    if org is not None:
        if org not in graph:
            return nx.Graph()
        members = {org} | {
            v for v in graph.neighbors(org) if graph[org][v].get("types", {}).get("membership")
        }
        keep = set(members)
        for _ in range(max(hops - 1, 0)):
            keep |= {u for v in keep for u in graph.neighbors(v)}
        return graph.subgraph(keep).copy()
    if center is not None:
        if center not in graph:
            return nx.Graph()
        return nx.ego_graph(graph, center, radius=hops)
    return graph
