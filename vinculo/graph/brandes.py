"""Brandes betweenness and hop efficiency, exact or from sampled sources.

The engine is the compiled kernel of ``kernel.py`` (numba) when it is available. Without it,
many breadth-first searches run at once: a block of ``b`` sources is an ``n x b`` matrix, and
one BFS level for all of them is a single sparse-times-dense product ``A @ F`` (the counting
form of Brandes' algorithm used by GraphBLAS-style libraries). Each product is one pass of
compiled code over the edges, so a whole level costs what one Python-level step of
networkx costs per edge. The same searches give the sum of inverse distances, so global
efficiency comes free with betweenness.

With ``sources`` a uniform sample of ``k`` of the ``n`` nodes, scaling by ``n / k`` gives an
unbiased estimate (source sampling, Brandes & Pich 2007). ``sample_error`` states the
Hoeffding bound that holds for every node at once.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from vinculo.graph import kernel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Cells of one n x b block (float64). Measured: blocks of ~1 MB per array stay in cache and
# halve the time of 32 MB blocks, whose element-wise passes are memory-bound.
BLOCK_CELLS = 131_072
WORKERS = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class PathSums:
    """Sums over the searched sources: dependencies per node and inverse distances."""

    dependency: FloatArray  # sum over sources s of delta_s(v), endpoints excluded
    inverse_distance: float  # sum over sources s and reached t != s of 1 / d(s, t)
    sources: int  # how many sources were searched
    nodes: int  # nodes in the searched graph

    def scaled(self) -> tuple[FloatArray, float]:
        """Estimates for all sources (exact when every node was a source)."""
        if self.sources == 0:
            return self.dependency, self.inverse_distance
        factor = self.nodes / self.sources
        return self.dependency * factor, self.inverse_distance * factor


def binary(adj: sparse.csr_matrix) -> sparse.csr_matrix:
    """A 0/1 float copy of the structure with explicit zeros removed."""
    out = sparse.csr_matrix(adj, dtype=np.float64, copy=True)
    out.eliminate_zeros()
    out.data[:] = 1.0
    return out


def path_sums(
    adj: sparse.csr_matrix,
    sources: IntArray | None = None,
    *,
    dependencies: bool = True,
) -> PathSums:
    """Run BFS from ``sources`` (all nodes if None) on a 0/1 symmetric adjacency matrix."""
    n = adj.shape[0]
    src_all = np.arange(n, dtype=np.int64) if sources is None else np.asarray(sources)
    dependency = np.zeros(n, dtype=np.float64)
    inverse = 0.0
    if n == 0 or len(src_all) == 0:
        return PathSums(dependency, 0.0, 0, n)
    if kernel.sweep is not None:
        return _compiled(kernel.sweep, adj, src_all, dependencies)
    # At least 8 sources per block: on very large graphs wider blocks amortize the index reads.
    block = max(1, min(len(src_all), max(8, BLOCK_CELLS // n)))
    chunks = [src_all[i : i + block] for i in range(0, len(src_all), block)]

    def run(group: list[IntArray]) -> tuple[FloatArray, float]:
        dep = np.zeros(n, dtype=np.float64)
        inv = 0.0
        for chunk in group:
            d, i = _block(adj, chunk, dependencies)
            dep += d
            inv += i
        return dep, inv

    # numpy and scipy's sparse kernels release the GIL, so threads share the cores; the
    # groups are fixed, so the floating-point sums do not depend on thread timing.
    workers = min(WORKERS, len(chunks))
    groups = [chunks[w::workers] for w in range(workers)]
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(run, groups))
    else:
        results = [run(groups[0])]
    for dep, inv in results:
        dependency += dep
        inverse += inv
    return PathSums(dependency, inverse, len(src_all), n)


def _compiled(
    sweep: kernel.Sweep, adj: sparse.csr_matrix, sources: IntArray, dependencies: bool
) -> PathSums:
    """Sources dealt round-robin to a fixed number of threads (the kernel releases the GIL)."""
    n = adj.shape[0]
    indptr = np.asarray(adj.indptr, dtype=np.int64)
    indices = np.asarray(adj.indices, dtype=np.int64)
    src = np.asarray(sources, dtype=np.int64)
    workers = min(WORKERS, len(src))
    groups = [np.ascontiguousarray(src[w::workers]) for w in range(workers)]
    dependency = [np.zeros(n, dtype=np.float64) for _ in groups]

    def run(w: int) -> float:
        return sweep(indptr, indices, groups[w], dependency[w], dependencies)

    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            inverse = list(pool.map(run, range(workers)))
    else:
        inverse = [run(0)]
    total = dependency[0]
    for extra in dependency[1:]:
        total += extra
    return PathSums(total, float(sum(inverse)), len(src), n)


def _block(adj: sparse.csr_matrix, src: IntArray, dependencies: bool) -> tuple[FloatArray, float]:
    n, b = adj.shape[0], len(src)
    cols = np.arange(b)
    sigma = np.zeros((n, b), dtype=np.float64)
    sigma[src, cols] = 1.0
    visited = sigma > 0
    frontier = sigma.copy()
    levels = [visited.copy()]
    inverse = 0.0
    depth = 0
    while True:
        reach = adj @ frontier
        new = (reach > 0) & ~visited
        count = int(np.count_nonzero(new))
        if count == 0:
            break
        depth += 1
        inverse += count / depth
        visited |= new
        frontier = np.where(new, reach, 0.0)
        sigma += frontier
        if dependencies:
            levels.append(new)
    if not dependencies:
        return np.zeros(n, dtype=np.float64), inverse
    delta = np.zeros((n, b), dtype=np.float64)
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for d in range(len(levels) - 1, 0, -1):
        coef = np.where(levels[d], (1.0 + delta) / safe_sigma, 0.0)
        pulled = adj @ coef
        delta += np.where(levels[d - 1], sigma * pulled, 0.0)
    delta[src, cols] = 0.0
    return delta.sum(axis=1), inverse


def sample_error(nodes: int, samples: int, confidence: float = 0.95) -> float:
    """Additive error on normalized betweenness that holds for all nodes with ``confidence``.

    Each sampled source contributes ``n * delta_s(v) / ((n-1)(n-2))``, a value in
    ``[0, n/(n-1)]``; Hoeffding's inequality with a union bound over the ``n`` nodes gives
    ``eps = n/(n-1) * sqrt(ln(2n / (1 - confidence)) / (2k))``. Sampling is without
    replacement, for which Hoeffding's bound still holds (Hoeffding 1963, section 6).
    """
    if samples >= nodes or nodes < 3:
        return 0.0
    failure = 1.0 - confidence
    return nodes / (nodes - 1) * math.sqrt(math.log(2 * nodes / failure) / (2 * samples))


def samples_for_error(nodes: int, error: float, confidence: float = 0.95) -> int:
    """Sources needed for ``sample_error`` to be at most ``error``."""
    if nodes < 3:
        return nodes
    failure = 1.0 - confidence
    scale = (nodes / (nodes - 1)) ** 2
    return min(nodes, math.ceil(scale * math.log(2 * nodes / failure) / (2 * error * error)))
