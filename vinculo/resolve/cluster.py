"""Clusters implied by positive edges, never across a "different" judgement.

A union-find over the positive edges, analysts' first (in the order they
were made), then automatic links by descending score. Before two components
merge, the "different" judgements between them are checked: if there is one,
the merge is refused and reported as a conflict, so a cluster never silently
joins two entities an analyst said are different.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vinculo.resolve.judgement import Edge, Judgement

CANONICAL_PREFIX = "vc-"


def canonical_id(members: Iterable[str]) -> str:
    """The id of a canonical entity: derived from its smallest member.

    A pure function of the membership, so undoing a merge gives back exactly
    the ids the entities had before; a cluster keeps its id as it grows
    unless a member with a smaller id joins.
    """
    smallest = min(members)
    digest = hashlib.sha1(smallest.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{CANONICAL_PREFIX}{digest[:20]}"


@dataclass(frozen=True)
class ClusterConflict:
    """A positive edge that would have joined entities judged different."""

    edge: Edge
    #: The "different" edges between the two sides that refused the merge.
    blocking: tuple[Edge, ...]


@dataclass
class Clustering:
    #: canonical id -> member entity ids (only clusters of two or more)
    clusters: dict[str, frozenset[str]] = field(default_factory=dict)
    #: entity id -> canonical id (members of clusters only)
    by_entity: dict[str, str] = field(default_factory=dict)
    conflicts: list[ClusterConflict] = field(default_factory=list)

    def canonical_of(self, entity_id: str) -> str:
        return self.by_entity.get(entity_id) or canonical_id([entity_id])

    def members_of(self, entity_id: str) -> frozenset[str]:
        cid = self.by_entity.get(entity_id)
        return self.clusters[cid] if cid else frozenset((entity_id,))


class _UnionFind:
    """Union-find that knows, per component, which members carry "different" edges."""

    def __init__(self, different: dict[tuple[str, str], Edge]) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}
        self.different = different
        #: node -> the nodes an analyst said it is different from
        self.partners: dict[str, set[str]] = {}
        #: root -> its members that have partners
        self.marked: dict[str, set[str]] = {}
        for left, right in different:
            self.partners.setdefault(left, set()).add(right)
            self.partners.setdefault(right, set()).add(left)
        for node in self.partners:
            self.marked.setdefault(self.find(node), set()).add(node)

    def find(self, x: str) -> str:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def blockers(self, a: str, b: str) -> list[Edge]:
        """The "different" edges between the components of a and b."""
        ra, rb = self.find(a), self.find(b)
        if len(self.marked.get(ra, ())) > len(self.marked.get(rb, ())):
            ra, rb = rb, ra
        out = []
        for node in self.marked.get(ra, ()):
            for partner in self.partners[node]:
                if self.find(partner) == rb:
                    out.append(
                        self.different[(node, partner) if node < partner else (partner, node)]
                    )
        return out

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.marked.pop(rb, None)
        if moved:
            self.marked.setdefault(ra, set()).update(moved)


def _merge_order(edge: Edge) -> tuple[int, float, str, str]:
    if edge.by_analyst:
        return (0, float(edge.id), "", "")
    return (1, -(edge.score or 0.0), edge.left, edge.right)


def cluster_edges(edges: Sequence[Edge]) -> Clustering:
    """Cluster the current edges (one per pair) as the module docstring says."""
    different = {e.key: e for e in edges if e.judgement is Judgement.DIFFERENT}
    uf = _UnionFind(different)
    positive = [e for e in edges if e.judgement is Judgement.SAME]
    # Analysts first, in the order they decided; then automatic links, best first.
    positive.sort(key=_merge_order)
    result = Clustering()
    for edge in positive:
        if uf.find(edge.left) == uf.find(edge.right):
            continue
        blocking = uf.blockers(edge.left, edge.right)
        if blocking:
            ordered = tuple(sorted(blocking, key=lambda e: e.id))
            result.conflicts.append(ClusterConflict(edge, ordered))
            continue
        uf.union(edge.left, edge.right)
    groups: dict[str, set[str]] = {}
    for node in list(uf.parent):
        groups.setdefault(uf.find(node), set()).add(node)
    for members in groups.values():
        if len(members) < 2:
            continue
        cid = canonical_id(members)
        frozen = frozenset(members)
        result.clusters[cid] = frozen
        for member in members:
            result.by_entity[member] = cid
    return result
