"""Identity resolution as use-cases: xref, the review queue, judgements, merged views.

The decision log and the queue are stored without markings: every answer
is cut down to what the principal may see. A candidate pair or a judgement
is shown only when both entities are visible to the principal; a merged view
is built only from the visible members and from edges between visible
members, so a merge visible to one agency may be invisible to another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, NotFound, PermissionDenied
from vinculo.i18n import N_
from vinculo.linkage import DuckDBEngine, Thresholds
from vinculo.linkage.features import KINDS, inline_addresses
from vinculo.model.entity import Entity
from vinculo.resolve import (
    Candidate,
    Clustering,
    Edge,
    Judgement,
    Resolver,
    XrefResult,
    canonical_entities,
    canonical_entity,
    cluster_edges,
    review_queue,
    xref,
)
from vinculo.services import audit
from vinculo.store import reader
from vinculo.store.resolve import SQLEdgeLog, SQLXrefState
from vinculo.store.store import Store

XREF_ROLES = (Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)
JUDGE_ROLES = (Role.ANALYST, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN)


def resolver_for(store: Store) -> Resolver:
    return Resolver(SQLEdgeLog(store))


def _require(principal: Principal, roles: tuple[Role, ...], message: str) -> None:
    """``message`` is a template marked with ``N_`` where `_require` is called."""
    if not any(principal.has(r) for r in roles):
        raise PermissionDenied(message)


def run_xref(
    store: Store,
    principal: Principal,
    *,
    thresholds: Thresholds | None = None,
    threads: int | None = None,
    remote: str | None = None,
) -> XrefResult:
    """Cross-reference everything new in the store (administrators only).

    xref reads every entity (it acts for the system): its output is shown to
    each principal only through the visibility filters of this module.
    """
    _require(principal, XREF_ROLES, N_("only administrators run xref"))
    entities = []
    for entity in reader.iter_entities(store, Principal.system(), schemata=sorted(KINDS)):
        entities.append(entity.to_ftm())
    inline_addresses(entities)
    pairs = [(str((e.get("datasets") or ["?"])[0]), e) for e in entities]
    engine = DuckDBEngine(threads=threads)
    try:
        result = xref(
            pairs,
            resolver=resolver_for(store),
            state=SQLXrefState(store),
            engine=engine,
            thresholds=thresholds,
        )
    finally:
        engine.close()
    audit.record(
        store,
        principal,
        "resolve.xref",
        detail={
            "new": result.new,
            "auto_linked": result.auto_linked,
            "queued": result.queued,
            "kept_judgement": result.kept_judgement,
        },
        remote=remote,
    )
    return result


def _visible(store: Store, principal: Principal, ids: set[str]) -> dict[str, Entity]:
    return {e.id: e for e in reader.get_entities(store, principal, sorted(ids))}


def queue(store: Store, principal: Principal, *, limit: int = 50) -> list[Candidate]:
    """Unjudged candidate pairs whose two entities the principal may see, best first."""
    pending = review_queue(resolver_for(store), SQLXrefState(store))
    out: list[Candidate] = []
    for start in range(0, len(pending), 500):
        chunk = pending[start : start + 500]
        seen = _visible(store, principal, {i for c in chunk for i in c.key})
        out.extend(c for c in chunk if c.left in seen and c.right in seen)
        if len(out) >= limit:
            break
    return out[:limit]


@dataclass
class PairView:
    """Two entities side by side with what is known about the pair."""

    left: Entity
    right: Entity
    candidate: Candidate | None
    history: list[Edge]
    current: Edge | None
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "left": self.left.to_ftm(),
            "right": self.right.to_ftm(),
            "score": self.candidate.score if self.candidate else None,
            "rule": self.candidate.rule if self.candidate else None,
            "evidence": dict(self.candidate.evidence) if self.candidate else {},
            "current": edge_dict(self.current) if self.current else None,
            "history": [edge_dict(e) for e in self.history],
        }


def edge_dict(edge: Edge) -> dict[str, Any]:
    return {
        "id": edge.id,
        "left": edge.left,
        "right": edge.right,
        "judgement": edge.judgement.value,
        "origin": edge.origin.value,
        "user": edge.user,
        "created_at": edge.created_at.isoformat(),
        "reason": edge.reason,
        "score": edge.score,
        "supersedes": edge.supersedes,
        "undo": edge.undo,
    }


def _both(store: Store, principal: Principal, left: str, right: str) -> tuple[Entity, Entity]:
    if left == right:
        raise InvalidData(N_("an entity cannot be compared with itself"))
    seen = _visible(store, principal, {left, right})
    if left not in seen or right not in seen:
        raise NotFound(N_("no such pair"))
    return seen[left], seen[right]


def pair(
    store: Store, principal: Principal, left: str, right: str, remote: str | None = None
) -> PairView:
    """The pair side by side (NotFound unless the principal sees both entities)."""
    a, b = _both(store, principal, left, right)
    resolver = resolver_for(store)
    key = (min(left, right), max(left, right))
    candidate = next((c for c in SQLXrefState(store).candidates() if c.key == key), None)
    audit.record(store, principal, "review.view", entity_ids=[left, right], remote=remote)
    return PairView(
        left=a if a.id == key[0] else b,
        right=b if b.id == key[1] else a,
        candidate=candidate,
        history=resolver.history(left, right),
        current=resolver.current(left, right),
    )


def judge(
    store: Store,
    principal: Principal,
    left: str,
    right: str,
    judgement: str,
    *,
    reason: str | None = None,
    remote: str | None = None,
) -> Edge:
    _require(principal, JUDGE_ROLES, N_("only analysts and supervisors judge pairs"))
    decided = Judgement.parse(judgement)
    _both(store, principal, left, right)
    edge = resolver_for(store).judge(
        left, right, decided, user=principal.username, reason=(reason or "").strip() or None
    )
    audit.record(
        store,
        principal,
        "review.judge",
        target=str(edge.id),
        entity_ids=[left, right],
        detail={"judgement": decided.value, "reason": edge.reason},
        remote=remote,
    )
    return edge


def undo(
    store: Store,
    principal: Principal,
    edge_id: int,
    *,
    reason: str | None = None,
    remote: str | None = None,
) -> Edge:
    _require(principal, JUDGE_ROLES, N_("only analysts and supervisors judge pairs"))
    resolver = resolver_for(store)
    target = resolver.edge(edge_id)
    _both(store, principal, target.left, target.right)
    edge = resolver.undo(edge_id, user=principal.username, reason=(reason or "").strip() or None)
    audit.record(
        store,
        principal,
        "review.undo",
        target=str(edge_id),
        entity_ids=[target.left, target.right],
        detail={"restored": edge.judgement.value},
        remote=remote,
    )
    return edge


def visible_clustering(store: Store, visible_ids: set[str]) -> Clustering:
    """Clusters from the edges between entities of ``visible_ids`` only."""
    current = resolver_for(store).current_edges().values()
    edges = [
        e
        for e in current
        if e.judgement is not Judgement.NONE and e.left in visible_ids and e.right in visible_ids
    ]
    return cluster_edges(edges)


def judgements_of(store: Store, principal: Principal, entity_id: str) -> list[Edge]:
    """Current judgements touching an entity, where the other side is visible too."""
    edges = [e for e in resolver_for(store).current_edges().values() if entity_id in e.key]
    seen = _visible(store, principal, {i for e in edges for i in e.key} | {entity_id})
    if entity_id not in seen:
        raise NotFound(N_("no such entity"))
    return sorted(
        (
            e
            for e in edges
            if e.left in seen and e.right in seen and e.judgement is not Judgement.NONE
        ),
        key=lambda e: e.id,
    )


def merged(store: Store, principal: Principal, entity_id: str) -> dict[str, Any]:
    """The canonical entity the principal sees for ``entity_id``, with referents."""
    reader.get_entity(store, principal, entity_id)  # NotFound if invisible
    resolver = resolver_for(store)
    # Grow the cluster over positive edges, keeping only visible members.
    frontier, members = {entity_id}, {entity_id}
    current = [e for e in resolver.current_edges().values() if e.positive]
    while frontier:
        touching = {i for e in current if e.left in frontier or e.right in frontier for i in e.key}
        new = touching - members
        visible = set(_visible(store, principal, new))
        members |= visible
        frontier = visible
    clustering = visible_clustering(store, members)
    group = clustering.members_of(entity_id)
    entities = reader.get_entities(store, principal, sorted(group))
    return canonical_entity(clustering.canonical_of(entity_id), [e.to_ftm() for e in entities])


def export_canonical(
    store: Store, principal: Principal, remote: str | None = None
) -> Iterator[str]:
    """One FtM line per canonical entity the principal sees, with ``referents``."""
    entities = [e.to_ftm() for e in reader.iter_entities(store, principal)]
    clustering = visible_clustering(store, {str(e["id"]) for e in entities})
    count = 0
    for line in canonical_entities(entities, clustering):
        count += 1
        yield json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n"
    audit.record(
        store,
        principal,
        "export",
        detail={"format": "ftm", "canonical": True, "entities": count},
        remote=remote,
    )


def candidate_dict(candidate: Candidate, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    names = names or {}
    return {
        "left": candidate.left,
        "right": candidate.right,
        "left_caption": names.get(candidate.left),
        "right_caption": names.get(candidate.right),
        "score": candidate.score,
        "rule": candidate.rule,
        "evidence": dict(candidate.evidence),
    }
