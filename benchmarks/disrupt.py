"""Sequential betweenness attack: vinculo against a straightforward networkx loop, same run.

Part ``exact``: a 10,000-node, 50,000-edge network (100 groups of 100, 5% of ties between
groups, seeded). vinculo removes 1% of the nodes (100 steps), recomputing exact betweenness
after every removal. Part ``networkx`` runs the textbook loop (``betweenness_centrality``,
remove the top node, repeat) for its first ``--nx-steps`` steps in a child process at the same
time, timed and extrapolated to the whole run. The removal orders must agree on the steps both
ran, and vinculo must be >= 20x faster per step (CPU seconds, the fair measure on a shared
machine; wall seconds are printed too).

Part ``sampled``: the same attack with betweenness and efficiency estimated from ``--sources``
sampled sources per step; its curves must stay within the tolerance of the exact curves of
part ``exact``: |LCC - exact| <= ``--lcc-tolerance`` (fraction of the initial component) and
|efficiency - exact| <= ``--efficiency-tolerance`` x exact efficiency, at every step.
Part ``large``: the same on a network ten times larger (100,000 nodes, 500,000 edges): the
sampled attack for ``--steps-large`` steps, compared with the exact attack for
``--exact-large-steps`` steps (0: skip; one exact step there costs ~100x a 10,000-node one).

    .venv/bin/python benchmarks/disrupt.py [--quick] [--nx-steps 1] [--parts exact,networkx]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from operator import itemgetter

import networkx as nx
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from vinculo.graph import kernel
from vinculo.graph.brandes import sample_error
from vinculo.graph.disrupt import (
    SAMPLED_EFFICIENCY_TOLERANCE,
    SAMPLED_ROBUSTNESS_TOLERANCE,
    Options,
    Result,
    Step,
    disrupt,
)


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


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_attack(graph: nx.Graph, options: Options) -> tuple[Result, list[float], list[float]]:
    """The attack with wall and CPU seconds (all threads) per removal step."""
    marks: list[tuple[float, float]] = []

    def tick(_: Step) -> None:
        marks.append((time.perf_counter(), time.process_time()))

    start = (time.perf_counter(), time.process_time())
    result = disrupt(graph, options, progress=tick)
    wall = np.diff([start[0]] + [m[0] for m in marks])[1:].tolist()  # drop step 0 (set-up)
    cpu = np.diff([start[1]] + [m[1] for m in marks])[1:].tolist()
    return result, wall, cpu


def networkx_attack(graph: nx.Graph, steps: int) -> tuple[list[str], list[float], list[float]]:
    """The straightforward loop; runs in a child process, so its CPU time is its own."""
    g = graph.copy()
    order: list[str] = []
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(steps):
        start, cstart = time.perf_counter(), time.process_time()
        values = nx.betweenness_centrality(g)
        node = sorted(values.items(), key=itemgetter(1))[-1][0]
        g.remove_node(node)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cstart)
        order.append(str(node))
        print(
            f"  networkx step {len(order)}: {wall[-1]:.1f} s wall, {cpu[-1]:.1f} s CPU", flush=True
        )
    return order, wall, cpu


def curve_gap(a: Result, b: Result) -> tuple[float, float, float, float]:
    """|R difference|, mean-efficiency gap relative to ``a``, and the largest pointwise gaps."""
    k = min(len(a.steps), len(b.steps))
    ea = np.array([s.efficiency or 0.0 for s in a.steps[:k]])
    eb = np.array([s.efficiency or 0.0 for s in b.steps[:k]])
    la = np.array([s.lcc for s in a.steps[:k]])
    lb = np.array([s.lcc for s in b.steps[:k]])
    return (
        abs(la.mean() - lb.mean()),  # robustness R over the shared steps
        abs(eb.mean() / ea.mean() - 1),
        float(np.max(np.abs(la - lb))),
        float(np.max(np.abs(eb - ea) / ea)),
    )


def load_result(path: str) -> Result:
    with open(path) as f:
        data = json.load(f)
    steps = [Step(**step) for step in data["steps"]]
    return Result(
        data["nodes"],
        data["edges"],
        data["strategy"],
        data["mode"],
        steps,
        data["lcc0"],
        notes={"cpu": data["cpu"]},
    )


def fmt(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def summary(label: str, wall: list[float], cpu: list[float]) -> None:
    print(
        f"  {label}: {len(wall)} steps, {sum(wall):.1f} s wall / {sum(cpu):.1f} s CPU; per step "
        f"{np.mean(wall):.2f} s wall, {np.mean(cpu):.2f} s CPU "
        f"(CPU min {min(cpu):.2f}, median {np.median(cpu):.2f}, max {max(cpu):.2f}); "
        f"load {load()}; peak RSS {peak_mb():.0f} MB",
        flush=True,
    )


def compare(label: str, exact: Result, sampled: Result, r_tol: float, eff_tol: float) -> bool:
    r_gap, eff_gap, lcc_max, eff_max = curve_gap(exact, sampled)
    ok = r_gap <= r_tol and eff_gap <= eff_tol
    k = min(len(exact.steps), len(sampled.steps)) - 1
    print(
        f"  {label}, {k} steps: R exact {exact.robustness():.4f} sampled "
        f"{sampled.robustness():.4f}, |dR| {r_gap:.4f} (tolerance {r_tol}); mean efficiency "
        f"gap {eff_gap:.4f} (tolerance {eff_tol}): {'within' if ok else 'EXCEEDED'}; "
        f"pointwise max |dLCC| {lcc_max:.4f}, max |d efficiency|/exact {eff_max:.4f}",
        flush=True,
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--nx-steps", type=int, default=1)
    parser.add_argument("--sources", type=int, default=256)
    parser.add_argument("--r-tolerance", type=float, default=SAMPLED_ROBUSTNESS_TOLERANCE)
    parser.add_argument("--efficiency-tolerance", type=float, default=SAMPLED_EFFICIENCY_TOLERANCE)
    parser.add_argument("--seeds", type=int, default=3, help="sampled runs (seeds) to compare")
    parser.add_argument("--steps-large", type=int, default=20)
    parser.add_argument("--exact-large-steps", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="2,000 nodes, for a smoke run")
    parser.add_argument("--parts", default="exact,networkx,sampled,large")
    parser.add_argument(
        "--exact-json", help="Write the exact attack's curves here, or read them when not run."
    )
    args = parser.parse_args()
    if args.quick:
        args.nodes, args.edges, args.steps_large = 2_000, 10_000, 3
    steps = max(1, args.nodes // 100)
    parts = set(args.parts.split(","))
    print(
        f"cores: {os.cpu_count()}  load: {load()}  engine: {'numba' if kernel.sweep else 'numpy'}"
    )
    graph = modular_graph(args.nodes, args.edges)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", flush=True)

    pool = ProcessPoolExecutor(1) if "networkx" in parts else None
    nx_job: Future[tuple[list[str], list[float], list[float]]] | None = None
    if pool is not None:
        print(f"networkx (recompute, remove top, repeat): first {args.nx_steps} steps, in a child")
        nx_job = pool.submit(networkx_attack, graph, args.nx_steps)
    ok = True
    exact: Result | None = None
    cpu: list[float] = []
    if "exact" not in parts and args.exact_json and os.path.exists(args.exact_json):
        exact = load_result(args.exact_json)
        cpu = exact.notes.pop("cpu")
        print(f"vinculo exact: read from {args.exact_json}")
    elif "exact" in parts or "sampled" in parts:
        print(f"vinculo exact: sequential betweenness, {steps} steps (1% of nodes)", flush=True)
        exact, wall, cpu = timed_attack(graph, Options(steps=steps))
        summary("vinculo exact", wall, cpu)
        print("  CPU s per step:", fmt(cpu))
        print(f"  LCC {exact.steps[-1].lcc:.4f}, efficiency {exact.steps[-1].efficiency:.5f}")
        print("  first removals:", [s.nodes_removed[0] for s in exact.steps[1:6]])
        if args.exact_json:
            with open(args.exact_json, "w") as f:
                json.dump({**exact.to_dict(), "lcc0": exact.lcc0, "cpu": cpu}, f)
    if nx_job is not None and pool is not None:
        order, nx_wall, nx_cpu = nx_job.result()
        pool.shutdown()
        nx_step = float(np.mean(nx_cpu))
        print(
            f"  networkx: {np.mean(nx_wall):.1f} s wall, {nx_step:.1f} s CPU per step; whole run "
            f"extrapolated {nx_step * steps / 3600:.2f} CPU hours; load {load()}"
        )
        if exact is not None:
            mine = [s.nodes_removed[0] for s in exact.steps[1 : args.nx_steps + 1]]
            same = order == mine
            first = nx_step / float(np.mean(cpu[: args.nx_steps]))
            whole = nx_step / float(np.mean(cpu))
            print(f"  same removal order on the {args.nx_steps} shared steps: {same} {order}")
            print(
                f"  speed-up per step (CPU): {first:.1f}x on the shared steps, "
                f"{whole:.1f}x over vinculo's whole run (target 20x)"
            )
            ok = ok and same and min(first, whole) >= 20
    if "sampled" in parts and exact is not None:
        bound = sample_error(exact.lcc0, args.sources)
        print(
            f"vinculo sampled: {args.sources} sources per step, seeds 0..{args.seeds - 1}; "
            f"per-node error bound on normalized betweenness {bound:.3f} (95%)",
            flush=True,
        )
        for seed in range(args.seeds):
            options = Options(steps=steps, sample=args.sources, seed=seed)
            sampled, wall, cpu_s = timed_attack(graph, options)
            summary(f"vinculo sampled, seed {seed}", wall, cpu_s)
            print("  first removals:", [s.nodes_removed[0] for s in sampled.steps[1:6]])
            gap = compare(
                "sampled vs exact", exact, sampled, args.r_tolerance, args.efficiency_tolerance
            )
            ok = gap and ok
    if "large" in parts:
        big_nodes, big_edges = args.nodes * 10, args.edges * 10
        big = modular_graph(big_nodes, big_edges, seed=2)
        print(
            f"vinculo sampled on {big_nodes} nodes, {big_edges} edges: "
            f"{args.steps_large} steps, {args.sources} sources; "
            f"error bound {sample_error(big_nodes, args.sources):.3f}",
            flush=True,
        )
        big_sampled, wall, cpu_b = timed_attack(
            big, Options(steps=args.steps_large, sample=args.sources)
        )
        summary("vinculo sampled (large)", wall, cpu_b)
        print("  LCC curve:", fmt([s.lcc for s in big_sampled.steps]))
        if args.exact_large_steps:
            big_exact, wall, cpu_e = timed_attack(big, Options(steps=args.exact_large_steps))
            summary("vinculo exact (large)", wall, cpu_e)
            ok = (
                compare(
                    "large sampled vs exact",
                    big_exact,
                    big_sampled,
                    args.r_tolerance,
                    args.efficiency_tolerance,
                )
                and ok
            )
    print("RESULT:", "pass" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
