from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy import sparse

from vinculo.graph import kernel
from vinculo.graph.attack import AttackState
from vinculo.graph.brandes import binary, path_sums, sample_error, samples_for_error


@pytest.fixture(params=["compiled", "numpy"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both engines of ``path_sums``: the numba kernel and the sparse-matrix fallback."""
    if request.param == "numpy":
        monkeypatch.setattr(kernel, "sweep", None)
    elif kernel.sweep is None:
        pytest.fail("numba is a dependency: the compiled kernel must be available")
    return str(request.param)


def adjacency(g: nx.Graph) -> sparse.csr_matrix:
    return binary(sparse.csr_matrix(nx.to_scipy_sparse_array(g, nodelist=list(g.nodes))))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_and_efficiency_equal_networkx(seed: int, engine: str) -> None:
    g = nx.gnm_random_graph(120, 200, seed=seed)  # several components, isolates
    sums = path_sums(adjacency(g))
    reference = nx.betweenness_centrality(g, normalized=False)
    assert sums.dependency / 2 == pytest.approx([reference[v] for v in g.nodes], abs=1e-9)
    n = g.number_of_nodes()
    assert sums.inverse_distance / (n * (n - 1)) == pytest.approx(nx.global_efficiency(g))


def test_engines_agree_on_sampled_sources_and_self_loops() -> None:
    g = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=2)
    g.add_edge(5, 5)  # a self-loop is no shortcut
    adj = adjacency(g)
    sources = np.array([3, 50, 51, 299], dtype=np.int64)
    compiled = path_sums(adj, sources)
    fallback_kernel, kernel.sweep = kernel.sweep, None
    try:
        fallback = path_sums(adj, sources)
    finally:
        kernel.sweep = fallback_kernel
    assert compiled.dependency == pytest.approx(fallback.dependency, rel=1e-12, abs=1e-9)
    assert compiled.inverse_distance == pytest.approx(fallback.inverse_distance, rel=1e-12)
    h = nx.Graph(g)
    h.remove_edges_from(nx.selfloop_edges(h))
    ref = nx.betweenness_centrality_subset(h, [3, 50, 51, 299], list(h), normalized=False)
    assert compiled.dependency / 2 == pytest.approx([ref[v] for v in h], abs=1e-9)


def test_sampled_estimate_within_stated_error(engine: str) -> None:
    g = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=4)
    n = g.number_of_nodes()
    exact = path_sums(adjacency(g)).dependency / ((n - 1) * (n - 2))
    k = 100
    sources = np.sort(np.random.default_rng(0).choice(n, k, replace=False))
    estimate = path_sums(adjacency(g), sources).scaled()[0] / ((n - 1) * (n - 2))
    bound = sample_error(n, k)
    assert np.max(np.abs(estimate - exact)) <= bound
    assert 0 < bound < 1
    assert sample_error(n, samples_for_error(n, 0.05)) <= 0.05
    assert sample_error(n, n) == 0.0


def test_incremental_state_equals_fresh_recompute(engine: str) -> None:
    g = nx.barabasi_albert_graph(150, 2, seed=5)
    state = AttackState.from_graph(g)
    rng = np.random.default_rng(1)
    for _ in range(12):
        alive = np.flatnonzero(state.alive)
        state.remove([int(rng.choice(alive))])
        h = g.subgraph([v for i, v in enumerate(g.nodes) if state.alive[i]])
        values = state.betweenness(lazy=False)
        ref = nx.betweenness_centrality(h, normalized=False)
        index = {v: i for i, v in enumerate(g.nodes)}
        assert [values[index[v]] / 2 for v in h] == pytest.approx([ref[v] for v in h])
        assert state.efficiency() == pytest.approx(nx.global_efficiency(h))
        sizes = sorted((len(c) for c in nx.connected_components(h)), reverse=True)
        assert state.component_sizes() == sizes


def test_add_edges_merges_components() -> None:
    g = nx.Graph([(0, 1), (2, 3)])
    state = AttackState.from_graph(g)
    assert state.component_sizes() == [2, 2]
    state.add_edges([(1, 2), (1, 2), (0, 1)])  # duplicates and an existing tie are ignored
    assert state.component_sizes() == [4]
    assert state.degrees().tolist() == [1, 2, 2, 1]
    assert state.efficiency() == pytest.approx(nx.global_efficiency(nx.path_graph(4)))
