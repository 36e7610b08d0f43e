"""Disruption simulation: remove targets by a strategy and record how the network falls apart.

Each step removes one node (``sequential``: scores recomputed after every removal, as a
sustained campaign) or the top ``block_size`` nodes scored at once (``block``: a raid). After
each step the curves are recorded: the largest connected component as a fraction of the
initial one (``lcc``), global hop efficiency, the number of components and Borgatti's
fragmentation. Optional recovery rewires the network after each step (Duijn et al. 2014):

* ``triadic`` closure: each pair of the removed node's former contacts that was not tied
  becomes tied with probability ``probability`` (they meet through the gap);
* ``broker`` replacement: with probability ``probability`` the former contact with the highest
  degree takes over, tying itself to all the removed node's other contacts.

The default is unweighted, as in the papers. ``weighted`` uses tie strength: degree becomes
strength, and betweenness runs on lengths ``1/strength`` (``distance="inverse"``: strong ties
are short) or on the raw weight as a length (``distance="raw"``, networkx's convention, which
the Montagna authors' code used).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

import networkx as nx
import numpy as np

from vinculo.exc import InvalidData
from vinculo.graph import scores
from vinculo.graph.attack import AttackState, Distance
from vinculo.graph.brandes import sample_error
from vinculo.graph.scores import TieBreak
from vinculo.i18n import N_

Strategy = Literal["random", "degree", "betweenness", "collective_influence", "pagerank", "role"]
Mode = Literal["sequential", "block"]
STRATEGIES: tuple[str, ...] = (
    "random",
    "degree",
    "betweenness",
    "collective_influence",
    "pagerank",
    "role",
)
DEFAULT_ROLES = ("leader", "money", "broker")
# The stated tolerance of sampled against exact betweenness attacks (benchmarks/disrupt.py and
# the tests check it): robustness R within this much, mean efficiency within this fraction.
SAMPLED_ROBUSTNESS_TOLERANCE = 0.05
SAMPLED_EFFICIENCY_TOLERANCE = 0.05


@dataclass(frozen=True)
class Recovery:
    """How the network rewires after each step (see the module docstring)."""

    model: Literal["triadic", "broker"]
    probability: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise InvalidData.at(N_("must be between 0 and 1"), field="recovery probability")


@dataclass(frozen=True)
class Options:
    strategy: Strategy = "betweenness"
    mode: Mode = "sequential"
    steps: int = 20
    block_size: int = 5
    weighted: bool = False
    distance: Distance = "inverse"
    tie_break: TieBreak = "auto"
    sample: int = 0  # > 0: sampled betweenness from this many sources per large component
    seed: int = 0
    runs: int = 30  # random strategy: runs averaged
    roles: tuple[str, ...] = DEFAULT_ROLES
    role_attribute: str = "role"
    ci_radius: int = 1
    efficiency: bool = True
    recovery: Recovery | None = None

    def check(self) -> None:
        if self.strategy not in STRATEGIES:
            raise InvalidData.at(
                N_("unknown strategy {strategy!r}"), field="strategy", strategy=self.strategy
            )
        if self.mode not in ("sequential", "block"):
            raise InvalidData.at(N_("unknown mode {mode!r}"), field="mode", mode=self.mode)
        for name in ("steps", "block_size", "runs", "ci_radius"):
            if getattr(self, name) < 1:
                raise InvalidData.at(N_("must be at least 1"), field=name)
        for name in ("sample", "seed"):  # numpy's generators refuse a negative seed
            if getattr(self, name) < 0:
                raise InvalidData.at(N_("must not be negative"), field=name)


@dataclass
class Step:
    removed: int
    nodes_removed: list[str]
    lcc: float
    efficiency: float | None
    components: int
    fragmentation: float
    spread: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "removed": self.removed,
            "nodes_removed": self.nodes_removed,
            "lcc": self.lcc,
            "efficiency": self.efficiency,
            "components": self.components,
            "fragmentation": self.fragmentation,
        }
        out.update(self.spread)
        return out


@dataclass
class Result:
    nodes: int
    edges: int
    strategy: str
    mode: str
    steps: list[Step]
    lcc0: int
    notes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape; ``notes`` only adds keys, never changes these."""
        out: dict[str, Any] = {
            "nodes": self.nodes,
            "edges": self.edges,
            "strategy": self.strategy,
            "mode": self.mode,
            "steps": [s.to_dict() for s in self.steps],
        }
        out.update(self.notes)
        return out

    def lcc_sizes(self) -> list[int]:
        return [round(s.lcc * self.lcc0) for s in self.steps]

    def robustness(self) -> float:
        """Schneider et al. 2011's R: the mean relative LCC over the steps (area under the curve).

        The sampled mode's tolerance is stated on it (``SAMPLED_ROBUSTNESS_TOLERANCE``):
        pointwise, two attacks that cut the same piece off one step apart differ by its size.
        """
        return float(np.mean([s.lcc for s in self.steps])) if self.steps else 0.0


def disrupt(
    graph: nx.Graph,
    options: Options | None = None,
    progress: Callable[[Step], None] | None = None,
) -> Result:
    """Simulate an attack on ``graph`` (undirected; node order breaks ties, see scores).

    ``progress`` is called with each step as it is recorded (for progress bars and timing).
    """
    options = options or Options()
    options.check()
    if graph.is_directed():
        graph = graph.to_undirected()
    if options.strategy == "random":
        return _random(graph, options)
    return _run(graph, options, options.seed, progress)


def _run(
    graph: nx.Graph,
    options: Options,
    seed: int,
    progress: Callable[[Step], None] | None = None,
) -> Result:
    labels = list(graph.nodes)
    state = AttackState.from_graph(
        graph,
        weighted=options.weighted,
        distance=options.distance,
        sample=options.sample,
        seed=seed,
        want_betweenness=options.strategy in ("betweenness", "role") and not options.weighted,
    )
    keys = scores.tie_keys(labels, options.tie_break, options.strategy)
    roles = _role_rank(graph, options)
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(len(labels))) if options.strategy == "random" else []
    lcc0 = state.lcc_size()
    steps = [_record(state, lcc0, 0, [], labels, options)]
    if progress:
        progress(steps[0])
    removed = 0
    per_step = 1 if options.mode == "sequential" else options.block_size
    for _ in range(options.steps):
        if state.node_count == 0:
            break
        if options.strategy == "random":
            picks = [int(v) for v in order if state.alive[v]][:per_step]
        else:
            picks = _choose(state, options, keys, roles, per_step)
        contacts = {v: state.neighbours(v) for v in picks}
        state.remove(picks)
        if options.recovery is not None:
            _recover(state, contacts, options.recovery, rng)
        removed += len(picks)
        steps.append(_record(state, lcc0, removed, picks, labels, options))
        if progress:
            progress(steps[-1])
    notes: dict[str, Any] = {}
    if options.mode == "block":
        notes["block_size"] = options.block_size
    if options.weighted:
        notes["weighted"] = True
        notes["distance"] = options.distance
    if options.sample and options.strategy in ("betweenness", "role"):
        notes["sample"] = options.sample
        notes["sample_error"] = sample_error(lcc0, options.sample)
    if options.recovery is not None:
        notes["recovery"] = {
            "model": options.recovery.model,
            "probability": options.recovery.probability,
        }
    return Result(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        strategy=options.strategy,
        mode=options.mode,
        steps=steps,
        lcc0=lcc0,
        notes=notes,
    )


def _choose(
    state: AttackState,
    options: Options,
    keys: np.ndarray,
    roles: np.ndarray,
    count: int,
) -> list[int]:
    strategy = options.strategy
    alive = state.alive
    if strategy == "degree":
        values = scores.degree(state)
    elif strategy == "collective_influence":
        values = scores.collective_influence(state, options.ci_radius)
    elif strategy == "pagerank":
        values = scores.pagerank(state)
    elif strategy == "betweenness":
        values = scores.betweenness(state, lazy=count == 1)
    else:  # role: role holders first by role priority, then by betweenness
        values = scores.betweenness(state, lazy=False)
        picks: list[int] = []
        for rank in sorted({int(r) for r in roles[alive] if r >= 0}, reverse=True):
            holders = alive & (roles == rank)
            picks += scores.top(values, holders, keys, count - len(picks))
            if len(picks) == count:
                return picks
        rest = alive.copy()
        rest[picks] = False
        return picks + scores.top(values, rest, keys, count - len(picks))
    return scores.top(values, alive, keys, count)


def _role_rank(graph: nx.Graph, options: Options) -> np.ndarray:
    """Priority per node: higher for roles earlier in ``options.roles``; -1 for none."""
    wanted = [r.lower() for r in options.roles]
    out = np.full(graph.number_of_nodes(), -1, dtype=np.int64)
    for i, (_, data) in enumerate(graph.nodes(data=True)):
        role = str(data.get(options.role_attribute, "")).lower()
        if role in wanted:
            out[i] = len(wanted) - wanted.index(role)
    return out


def _recover(
    state: AttackState,
    contacts: dict[int, np.ndarray],
    recovery: Recovery,
    rng: np.random.Generator,
) -> None:
    new: list[tuple[int, int]] = []
    degrees = state.degrees()
    for former in contacts.values():
        living = [int(u) for u in former if state.alive[u]]
        if recovery.model == "triadic":
            for a, b in combinations(living, 2):
                if rng.random() < recovery.probability:
                    new.append((a, b))
        elif living and rng.random() < recovery.probability:
            heir = max(living, key=lambda u: (degrees[u], u))
            new += [(heir, u) for u in living if u != heir]
    state.add_edges(new)


def _record(
    state: AttackState,
    lcc0: int,
    removed: int,
    picks: list[int],
    labels: list[Hashable],
    options: Options,
) -> Step:
    return Step(
        removed=removed,
        nodes_removed=[str(labels[v]) for v in picks],
        lcc=state.lcc_size() / lcc0 if lcc0 else 0.0,
        efficiency=state.efficiency() if options.efficiency else None,
        components=len(state.component_sizes()),
        fragmentation=state.fragmentation(),
    )


def _random(graph: nx.Graph, options: Options) -> Result:
    """Random removal: the mean curve over ``runs`` seeds, with its spread."""
    results = [_run(graph, options, options.seed + i) for i in range(options.runs)]
    first = results[0]
    length = min(len(r.steps) for r in results)
    steps = []
    for k in range(length):
        lcc = np.array([r.steps[k].lcc for r in results])
        comps = np.array([r.steps[k].components for r in results], dtype=np.float64)
        frag = np.array([r.steps[k].fragmentation for r in results])
        effs = [r.steps[k].efficiency for r in results]
        eff = float(np.mean([e for e in effs if e is not None])) if options.efficiency else None
        steps.append(
            Step(
                removed=first.steps[k].removed,
                nodes_removed=first.steps[k].nodes_removed,
                lcc=float(lcc.mean()),
                efficiency=eff,
                components=round(float(comps.mean())),
                fragmentation=float(frag.mean()),
                spread={
                    "lcc_sd": float(lcc.std(ddof=1)) if len(lcc) > 1 else 0.0,
                    "lcc_min": float(lcc.min()),
                    "lcc_max": float(lcc.max()),
                    "components_mean": float(comps.mean()),
                },
            )
        )
    first.steps = steps
    first.notes["runs"] = options.runs
    first.notes["nodes_removed_from"] = f"run with seed {options.seed}"
    return first
