"""The mutable state of a network under attack, with incremental bookkeeping.

Removing a node only changes the component it belonged to: betweenness (pairs inside a
component) and inverse-distance sums of every other component stay as they were. The state
therefore keeps results per component and recomputes only the component that lost a node.
Betweenness of a node in a component of ``c`` nodes is at most ``(c-1)(c-2)`` (ordered pairs),
so components too small to beat the current leader are not even computed. Late in an attack,
when the network has broken up, a step costs a small fraction of the first one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from scipy.sparse import csgraph  # type: ignore[import-untyped]

from vinculo.graph.brandes import FloatArray, IntArray, binary, path_sums

Distance = Literal["inverse", "raw"]
Node = Hashable


@dataclass
class _Component:
    nodes: IntArray  # global indices, ascending
    betweenness: FloatArray | None = None  # sum over ordered pairs, aligned with nodes
    inverse_distance: float | None = None


@dataclass
class AttackState:
    """Graph under attack: weights in a CSR matrix, removed nodes zeroed, per-component caches.

    ``sample`` > 0 estimates betweenness (and efficiency) in components larger than it from
    that many uniformly drawn sources; 0 is exact.
    """

    labels: list[Node]
    matrix: sparse.csr_matrix
    weighted: bool = False
    distance: Distance = "inverse"
    sample: int = 0
    seed: int = 0
    # Betweenness will be asked for: get it from the same searches as efficiency.
    want_betweenness: bool = False
    alive: np.ndarray = field(init=False)
    _components: dict[int, _Component] = field(init=False, default_factory=dict)
    _of: np.ndarray = field(init=False)
    _next_id: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        n = len(self.labels)
        self.matrix = sparse.csr_matrix(self.matrix, dtype=np.float64)
        self.matrix.sort_indices()
        self.alive = np.ones(n, dtype=bool)
        self._of = np.full(n, -1, dtype=np.int64)
        self._rng = np.random.default_rng(self.seed)
        self._split(np.arange(n, dtype=np.int64))

    @classmethod
    def from_graph(cls, graph: nx.Graph, **options: object) -> AttackState:
        labels = list(graph.nodes)
        matrix = nx.to_scipy_sparse_array(graph, nodelist=labels, weight="weight", format="csr")
        return cls(labels, sparse.csr_matrix(matrix), **options)  # type: ignore[arg-type]

    def copy(self) -> AttackState:
        """An independent state sharing the (immutable) cached results of its components."""
        other = object.__new__(AttackState)
        other.__dict__.update(self.__dict__)
        other.matrix = self.matrix.copy()
        other.alive = self.alive.copy()
        other._of = self._of.copy()
        other._components = dict(self._components)
        other._rng = np.random.default_rng(self.seed)
        return other

    # --- structure -------------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        return int(self.alive.sum())

    def neighbours(self, index: int) -> IntArray:
        start, end = self.matrix.indptr[index], self.matrix.indptr[index + 1]
        row = self.matrix.indices[start:end]
        found: IntArray = row[self.matrix.data[start:end] != 0].astype(np.int64)
        return found

    def degrees(self) -> FloatArray:
        """Degree of every node (0 for removed), or strength in weighted mode."""
        if self.weighted:
            return np.asarray(self.matrix.sum(axis=1)).ravel()
        m = self.matrix
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        return np.bincount(rows[m.data != 0], minlength=m.shape[0]).astype(np.float64)

    def remove(self, indices: Sequence[int]) -> None:
        """Remove nodes: zero their rows and columns and re-split their components."""
        touched: set[int] = set()
        for v in indices:
            if not self.alive[v]:
                continue
            m = self.matrix
            start, end = m.indptr[v], m.indptr[v + 1]
            for u in m.indices[start:end]:
                row = slice(m.indptr[u], m.indptr[u + 1])
                pos = m.indptr[u] + int(np.searchsorted(m.indices[row], v))
                m.data[pos] = 0.0
            m.data[start:end] = 0.0
            self.alive[v] = False
            touched.add(int(self._of[v]))
            self._of[v] = -1
        for cid in touched:
            comp = self._components.pop(cid)
            self._split(comp.nodes[self.alive[comp.nodes]])

    def add_edges(self, pairs: Sequence[tuple[int, int]], weight: float = 1.0) -> None:
        """Add ties between living nodes (recovery); merges and invalidates components."""
        pairs = [(a, b) for a, b in pairs if a != b and self.alive[a] and self.alive[b]]
        if not pairs:
            return
        rows = [a for a, b in pairs] + [b for a, b in pairs]
        cols = [b for a, b in pairs] + [a for a, b in pairs]
        add = sparse.csr_matrix((np.full(len(rows), weight), (rows, cols)), shape=self.matrix.shape)
        add.data[:] = weight  # duplicates summed by the constructor: one tie each
        current = self.matrix.copy()
        current.data[:] = current.data != 0
        fresh = add - add.multiply(current)  # only pairs not already tied
        fresh.eliminate_zeros()
        self.matrix = sparse.csr_matrix(self.matrix + fresh)
        self.matrix.sort_indices()
        cids = {int(self._of[v]) for pair in pairs for v in pair}
        nodes = np.concatenate([self._components.pop(c).nodes for c in cids])
        self._split(np.sort(nodes))

    def _split(self, nodes: IntArray) -> None:
        if len(nodes) == 0:
            return
        sub = self.matrix[nodes][:, nodes]
        count, parts = csgraph.connected_components(sub, directed=False)
        order = np.argsort(parts, kind="stable")
        bounds = np.searchsorted(parts[order], np.arange(count + 1))
        for p in range(count):
            members = np.sort(nodes[order[bounds[p] : bounds[p + 1]]])
            cid = self._next_id
            self._next_id += 1
            self._components[cid] = _Component(members)
            self._of[members] = cid

    # --- curves ----------------------------------------------------------------------------

    def component_sizes(self) -> list[int]:
        return sorted((len(c.nodes) for c in self._components.values()), reverse=True)

    def lcc_size(self) -> int:
        return max((len(c.nodes) for c in self._components.values()), default=0)

    def fragmentation(self) -> float:
        """Borgatti's F: share of ordered pairs of living nodes that cannot reach each other."""
        n = self.node_count
        if n < 2:
            return 0.0
        reachable = sum(s * (s - 1) for s in self.component_sizes())
        return 1.0 - reachable / (n * (n - 1))

    def efficiency(self) -> float:
        """Global (hop) efficiency of the living graph, Latora & Marchiori 2001."""
        n = self.node_count
        if n < 2:
            return 0.0
        total = 0.0
        for comp in self._components.values():
            if comp.inverse_distance is None:
                self._compute(comp, dependencies=self.want_betweenness)
            total += comp.inverse_distance or 0.0
        return total / (n * (n - 1))

    # --- betweenness -----------------------------------------------------------------------

    def betweenness(self, lazy: bool = True) -> FloatArray:
        """Betweenness over ordered pairs for every node (removed: -1).

        With ``lazy``, components whose bound ``(c-1)(c-2)`` is below the best value found in a
        larger component are left at their bound's negative: they cannot hold the leader.
        """
        out = np.full(len(self.labels), -1.0)
        best = -1.0
        for comp in sorted(self._components.values(), key=lambda c: -len(c.nodes)):
            size = len(comp.nodes)
            bound = float((size - 1) * (size - 2)) if size > 2 else 0.0
            if self.sample and size > self.sample:
                bound = float(size * max(size - 2, 0))
            if comp.betweenness is None:
                if size <= 2:
                    comp.betweenness = np.zeros(size)
                elif lazy and bound < best * (1 - 1e-9):
                    out[comp.nodes] = -1.0
                    continue
                else:
                    self._compute(comp, dependencies=True)
            assert comp.betweenness is not None
            out[comp.nodes] = comp.betweenness
            if len(comp.betweenness):
                best = max(best, float(comp.betweenness.max()))
        return out

    def _compute(self, comp: _Component, *, dependencies: bool) -> None:
        nodes = comp.nodes
        size = len(nodes)
        if size <= 2:
            comp.inverse_distance = float(size * (size - 1))
            comp.betweenness = np.zeros(size)
            return
        sub = sparse.csr_matrix(self.matrix[nodes][:, nodes])
        sub.eliminate_zeros()
        adj = binary(sub)
        sources = None
        if self.sample and size > self.sample:
            sources = np.sort(self._rng.choice(size, self.sample, replace=False))
        if dependencies and self.weighted:
            comp.betweenness = _weighted_betweenness(sub, self.distance)
            if comp.inverse_distance is None:
                inv = path_sums(adj, sources, dependencies=False).scaled()[1]
                comp.inverse_distance = inv
            return
        dep, inv = path_sums(adj, sources, dependencies=dependencies).scaled()
        comp.inverse_distance = inv
        if dependencies:
            comp.betweenness = dep


def _weighted_betweenness(sub: sparse.csr_matrix, distance: Distance) -> FloatArray:
    """Dijkstra betweenness (networkx) with tie strength turned into length."""
    lengths = sub.copy()
    if distance == "inverse":
        lengths.data = 1.0 / lengths.data
    graph = nx.from_scipy_sparse_array(lengths)
    values = nx.betweenness_centrality(graph, weight="weight", normalized=False)
    return np.array([2.0 * values[i] for i in range(sub.shape[0])])
