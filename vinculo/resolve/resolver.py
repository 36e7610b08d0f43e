"""The resolver: judgements in, canonical entities out.

It keeps the decision log (`EdgeLog`: append-only, never pruned), answers
what the current judgement of a pair is, and derives the clusters. Storage
is behind the small `EdgeLog` protocol: `MemoryEdgeLog` here, a SQL table in
the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Protocol

from vinculo.exc import Conflict, InvalidData, NotFound
from vinculo.i18n import N_
from vinculo.resolve.cluster import Clustering, cluster_edges
from vinculo.resolve.judgement import Edge, Judgement, Origin, pair_key


class EdgeLog(Protocol):
    """Append-only storage of edges, read back in the order they were written."""

    def append(self, edge: Edge) -> Edge: ...

    def edges(self) -> Iterable[Edge]: ...

    def next_id(self) -> int: ...


class MemoryEdgeLog:
    """The in-process log (tests, benchmarks, one-shot batch runs)."""

    def __init__(self) -> None:
        self._edges: list[Edge] = []

    def append(self, edge: Edge) -> Edge:
        if edge.id != self.next_id():
            raise Conflict(
                N_("edge id {id} is not the next one ({next_id})"),
                id=edge.id,
                next_id=self.next_id(),
            )
        self._edges.append(edge)
        return edge

    def edges(self) -> Iterator[Edge]:
        return iter(list(self._edges))

    def next_id(self) -> int:
        return len(self._edges) + 1


def _now() -> datetime:
    return datetime.now(UTC)


class Resolver:
    """Judgements, undo, and the clusters they imply."""

    def __init__(self, log: EdgeLog | None = None) -> None:
        self.log: EdgeLog = log if log is not None else MemoryEdgeLog()
        self._current: dict[tuple[str, str], Edge] | None = None
        self._clustering: Clustering | None = None

    # -- reading ------------------------------------------------------------

    def current_edges(self) -> dict[tuple[str, str], Edge]:
        """The latest edge of every pair (the one no later edge supersedes)."""
        if self._current is None:
            current: dict[tuple[str, str], Edge] = {}
            for edge in self.log.edges():
                current[edge.key] = edge
            self._current = current
        return self._current

    def current(self, left: str, right: str) -> Edge | None:
        edge = self.current_edges().get(pair_key(left, right))
        return edge if edge is not None and edge.judgement is not Judgement.NONE else None

    def history(self, left: str, right: str) -> list[Edge]:
        key = pair_key(left, right)
        return [e for e in self.log.edges() if e.key == key]

    def edge(self, edge_id: int) -> Edge:
        for edge in self.log.edges():
            if edge.id == edge_id:
                return edge
        raise NotFound(N_("no judgement with id {edge_id}"), edge_id=edge_id)

    def clustering(self) -> Clustering:
        if self._clustering is None:
            edges = [e for e in self.current_edges().values() if e.judgement is not Judgement.NONE]
            self._clustering = cluster_edges(edges)
        return self._clustering

    def canonical_id(self, entity_id: str) -> str:
        return self.clustering().canonical_of(entity_id)

    def connected(self, entity_id: str) -> frozenset[str]:
        """Every source entity in the canonical entity of ``entity_id`` (itself included)."""
        return self.clustering().members_of(entity_id)

    # -- writing ------------------------------------------------------------

    def judge(
        self,
        left: str,
        right: str,
        judgement: Judgement,
        *,
        user: str,
        reason: str | None = None,
        score: float | None = None,
        origin: Origin = Origin.ANALYST,
    ) -> Edge:
        """Record a decision; it supersedes the pair's current one, if any."""
        if judgement is Judgement.NONE:
            raise InvalidData(N_("to withdraw a judgement, undo it"))
        if not user:
            raise InvalidData(N_("a judgement needs the user who made it"))
        a, b = pair_key(left, right)
        previous = self.current_edges().get((a, b))
        if origin is Origin.XREF and previous is not None and previous.by_analyst:
            raise Conflict(
                N_("{a} and {b} were judged by an analyst; xref does not override that"), a=a, b=b
            )
        edge = Edge(
            id=self.log.next_id(),
            left=a,
            right=b,
            judgement=judgement,
            origin=origin,
            user=user,
            created_at=_now(),
            reason=reason,
            score=score,
            supersedes=previous.id if previous is not None else None,
        )
        return self._append(edge)

    def undo(self, edge_id: int, *, user: str, reason: str | None = None) -> Edge:
        """Undo a judgement by restoring what it replaced, as a new edge.

        Only the current edge of a pair can be undone: undoing an older one
        would silently discard the decisions made after it.
        """
        target = self.edge(edge_id)
        current = self.current_edges().get(target.key)
        if current is None or current.id != target.id:
            raise Conflict(
                N_(
                    "judgement {edge_id} is no longer current for its pair; undo the later one "
                    "first"
                ),
                edge_id=edge_id,
            )
        restored = self.edge(target.supersedes) if target.supersedes is not None else None
        edge = Edge(
            id=self.log.next_id(),
            left=target.left,
            right=target.right,
            judgement=restored.judgement if restored is not None else Judgement.NONE,
            origin=restored.origin if restored is not None else Origin.ANALYST,
            user=user,
            created_at=_now(),
            reason=reason,
            score=restored.score if restored is not None else target.score,
            supersedes=target.id,
            undo=True,
        )
        return self._append(edge)

    def _append(self, edge: Edge) -> Edge:
        self.log.append(edge)
        if self._current is not None:
            self._current[edge.key] = edge
        self._clustering = None
        return edge
