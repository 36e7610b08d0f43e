"""Sequential betweenness attack: vinculo against a straightforward networkx loop, same run.

Part 1 (exact): a 10,000-node, 50,000-edge network (100 groups of 100, 5% of ties between
groups, seeded). vinculo removes 1% of the nodes (100 steps), recomputing betweenness after
every removal. networkx runs the textbook loop (``betweenness_centrality``, remove the top
node, repeat) for its first ``--nx-steps`` steps, timed and extrapolated to the whole run.
The removal orders must agree on the steps both ran, and vinculo must be >= 20x faster per
step.

Part 2 (sampled): the same attack with betweenness estimated from ``--sources`` sampled
sources per step; its LCC and efficiency curves must stay within ``--tolerance`` of the exact
curves of part 1. Then a 100,000-node, 500,000-edge network of the same kind is attacked in
sampled mode for ``--steps-100k`` steps, with the per-node error bound printed; with
``--exact-100k-steps`` > 0 the exact attack runs too, for comparison (hours on 2 cores).

    .venv/bin/python benchmarks/disrupt.py [--nx-steps 2] [--sources 256] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from operator import itemgetter

import networkx as nx
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from vinculo.graph.brandes import sample_error
from vinculo.graph.disrupt import Options, Result, Step, disrupt


def modular_graph(nodes: int, edges: int, group: int = 100, between: float = 0.05, seed: int = 1):
    """Groups of ``group`` nodes; ``between`` of the ties join two different groups."""
    rng = np.random.default_rng(seed)
    groups = nodes // group
    ties: set[tuple[int, int]] = set()
    target_between = int(edges * between)
    while len(ties) < edges:
        need = edges - len(ties)
        inter = len(ties) >= edges - target_between
        g = rng.integers(0, groups, need)
        a = g * group + rng.integers(0, group, need)
        b = rng.integers(0, nodes, need) if inter else g * group + rng.integers(0, group, need)
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y and len(ties) < edges:
                ties.add((min(x, y), max(x, y)))
    graph = nx.Graph()
    graph.add_nodes_from(range(nodes))
    graph.add_edges_from(sorted(ties))
    return graph


def timed_attack(graph: nx.Graph, options: Options) -> tuple[Result, list[float]]:
    marks: list[float] = []

    def tick(_: Step) -> None:
        marks.append(time.perf_counter())

    start = time.perf_counter()
    result = disrupt(graph, options, progress=tick)
    per_step = np.diff([start, *marks])[1:].tolist()  # drop step 0 (set-up and first curves)
    return result, per_step


def networkx_attack(graph: nx.Graph, steps: int) -> tuple[list[str], list[float]]:
    g = graph.copy()
    order, times = [], []
    for _ in range(steps):
        start = time.perf_counter()
        values = nx.betweenness_centrality(g)
        node = sorted(values.items(), key=itemgetter(1))[-1][0]
        g.remove_node(node)
        times.append(time.perf_counter() - start)
        order.append(str(node))
        print(f"  networkx step {len(order)}: {times[-1]:.1f} s, removed {node}", flush=True)
    return order, times


def curve_gap(a: Result, b: Result) -> tuple[float, float]:
    k = min(len(a.steps), len(b.steps))
    lcc = max(abs(a.steps[i].lcc - b.steps[i].lcc) for i in range(k))
    eff = max(abs((a.steps[i].efficiency or 0) - (b.steps[i].efficiency or 0)) for i in range(k))
    return lcc, eff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--nx-steps", type=int, default=2)
    parser.add_argument("--sources", type=int, default=256)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--steps-100k", type=int, default=20)
    parser.add_argument("--exact-100k-steps", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="2,000 nodes, for a smoke run")
    parser.add_argument(
        "--parts",
        default="exact,networkx,sampled,large",
        help="Comma-separated parts to run (to spread a long benchmark over processes).",
    )
    args = parser.parse_args()
    if args.quick:
        args.nodes, args.edges, args.steps_100k = 2_000, 10_000, 3
    steps = max(1, args.nodes // 100)
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}")
    graph = modular_graph(args.nodes, args.edges)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")

    parts = set(args.parts.split(","))
    exact: Result | None = None
    times: list[float] = []
    same, ratio_first, within = True, float("inf"), True
    if "exact" in parts:
        print(f"vinculo exact: sequential betweenness, {steps} steps (1% of nodes)", flush=True)
        exact, times = timed_attack(graph, Options(steps=steps))
        total = sum(times)
        print(
            f"  whole run {total:.1f} s, {total / steps:.2f} s/step "
            f"(first {args.nx_steps}: {np.mean(times[: args.nx_steps]):.2f} s/step), "
            f"LCC {exact.steps[-1].lcc:.3f}, efficiency {exact.steps[-1].efficiency:.4f}"
        )
        print("  first removals:", [s.nodes_removed[0] for s in exact.steps[1:6]])
    if "networkx" in parts:
        print(f"networkx (recompute, remove top, repeat): first {args.nx_steps} steps", flush=True)
        order, nx_times = networkx_attack(graph, args.nx_steps)
        nx_step = float(np.mean(nx_times))
        print(f"  {nx_step:.1f} s/step; whole run extrapolated {nx_step * steps / 3600:.2f} h")
        if exact is not None:
            mine = [s.nodes_removed[0] for s in exact.steps[1 : args.nx_steps + 1]]
            same = order == mine
            ratio_first = nx_step / float(np.mean(times[: args.nx_steps]))
            ratio_run = nx_step / (sum(times) / steps)
            print(f"  same removal order on the {args.nx_steps} shared steps: {same}")
            print(
                f"  speed-up per step: {ratio_first:.1f}x on the shared steps, "
                f"{ratio_run:.1f}x over vinculo's whole run"
            )
    if "sampled" in parts:
        print(f"vinculo sampled: {args.sources} sources per step", flush=True)
        sampled, s_times = timed_attack(graph, Options(steps=steps, sample=args.sources))
        bound = sample_error(sampled.lcc0, args.sources)
        print(f"  {np.mean(s_times):.2f} s/step; error bound {bound:.3f} (95%)")
        print("  first removals:", [s.nodes_removed[0] for s in sampled.steps[1:6]])
        print("  LCC curve:", [round(s.lcc, 4) for s in sampled.steps[:: max(1, steps // 10)]])
        if exact is None and "exact" not in parts:
            exact = disrupt(graph, Options(steps=steps))
        if exact is not None:
            lcc_gap, eff_gap = curve_gap(exact, sampled)
            within = lcc_gap <= args.tolerance and eff_gap <= args.tolerance
            print(
                f"  max |LCC - exact| {lcc_gap:.4f}, max |efficiency - exact| {eff_gap:.4f}; "
                f"tolerance {args.tolerance}: {'within' if within else 'EXCEEDED'}"
            )
    if "large" in parts:
        big_nodes, big_edges = args.nodes * 10, args.edges * 10
        big = modular_graph(big_nodes, big_edges, seed=2)
        print(
            f"vinculo sampled on {big_nodes} nodes, {big_edges} edges: "
            f"{args.steps_100k} steps, {args.sources} sources",
            flush=True,
        )
        big_sampled, b_times = timed_attack(
            big, Options(steps=args.steps_100k, sample=args.sources)
        )
        print(
            f"  {np.mean(b_times):.2f} s/step, LCC after {args.steps_100k}: "
            f"{big_sampled.steps[-1].lcc:.4f}, "
            f"error bound {sample_error(big_nodes, args.sources):.3f}"
        )
        if args.exact_100k_steps:
            big_exact, e_times = timed_attack(big, Options(steps=args.exact_100k_steps))
            gap = curve_gap(big_exact, big_sampled)
            print(
                f"  exact: {np.mean(e_times):.1f} s/step; max |LCC - exact| {gap[0]:.4f}, "
                f"efficiency {gap[1]:.4f}"
            )
    ok = same and ratio_first >= 20 and within
    print("RESULT:", "pass" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
