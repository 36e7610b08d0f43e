"""Incremental, idempotent cross-referencing of source entities.

Each run compares only what is new against everything (and against itself);
pairs above the high-precision threshold become automatic links in the
decision log, pairs in the band below go to the review queue, and pairs an
analyst has judged are left alone, so a "different" survives every re-run.
Running again with nothing new does nothing.
"""

from __future__ import annotations

import logging
import math
import resource
import time
from collections.abc import Iterable, Mapping, Sized
from dataclasses import dataclass, field
from typing import Any, Protocol

from vinculo.linkage.base import LinkageEngine
from vinculo.linkage.linker import BatchLinker, Rescorer, ScoredPair, Thresholds
from vinculo.linkage.model import train_model
from vinculo.linkage.pipeline import MAX_BLOCK
from vinculo.linkage.table import feature_table
from vinculo.resolve.judgement import Judgement, Origin
from vinculo.resolve.resolver import Resolver

log = logging.getLogger(__name__)
XREF_USER = "xref"


@dataclass(frozen=True)
class Candidate:
    """A pair waiting for an analyst: score, the rule that found it, the evidence."""

    left: str
    right: str
    score: float
    rule: str
    evidence: Mapping[str, tuple[str, float]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.left, self.right)


class XrefState(Protocol):
    """What xref remembers between runs: the model, what it has seen, the queue."""

    def get_model(self) -> dict[str, Any] | None: ...

    def set_model(self, model: dict[str, Any]) -> None: ...

    def seen(self) -> set[str]: ...

    def mark_seen(self, entity_ids: Iterable[str]) -> None: ...

    def put_candidates(self, candidates: Iterable[Candidate]) -> None: ...

    def candidates(self) -> list[Candidate]: ...


class MemoryXrefState:
    def __init__(self) -> None:
        self.model: dict[str, Any] | None = None
        self._seen: set[str] = set()
        self._candidates: dict[tuple[str, str], Candidate] = {}

    def get_model(self) -> dict[str, Any] | None:
        return self.model

    def set_model(self, model: dict[str, Any]) -> None:
        self.model = model

    def seen(self) -> set[str]:
        return set(self._seen)

    def mark_seen(self, entity_ids: Iterable[str]) -> None:
        self._seen.update(entity_ids)

    def put_candidates(self, candidates: Iterable[Candidate]) -> None:
        for candidate in candidates:
            self._candidates[candidate.key] = candidate

    def candidates(self) -> list[Candidate]:
        return sorted(self._candidates.values(), key=lambda c: (-c.score, c.key))


@dataclass
class XrefResult:
    new: int = 0
    compared_pairs: int = 0
    auto_linked: int = 0
    queued: int = 0
    kept_judgement: int = 0
    conflicts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    #: CPU seconds per stage (see `_Clock`)
    cpu: dict[str, float] = field(default_factory=dict)


def review_queue(resolver: Resolver, state: XrefState) -> list[Candidate]:
    """Candidates nobody has judged yet, best first."""
    current = resolver.current_edges()
    out = []
    for candidate in state.candidates():
        edge = current.get(candidate.key)
        if edge is None or edge.judgement is Judgement.NONE:
            out.append(candidate)
    return out


def matcher_rescorer(entities: Mapping[str, Mapping[str, Any]], thresholds: Thresholds) -> Rescorer:
    """Re-score the review band with vinculo's learned pairwise matcher.

    The matcher (`vinculo.match.compare`) reads whole entities, which the
    batch columns cannot; its probability and the batch one are averaged in
    log-odds. Pairs outside the band keep their batch score, so the matcher
    can promote a reviewed pair to an automatic link or demote it, never
    touch what the batch model is already sure of.
    """
    from vinculo.match import compare

    def rescore(pair: ScoredPair) -> float | None:
        if not thresholds.review <= pair.probability < thresholds.auto:
            return None
        a, b = entities.get(pair.left), entities.get(pair.right)
        if a is None or b is None:
            return None
        matched = compare(dict(a), dict(b), explain=False).score
        return _expit((_logit(pair.probability) + _logit(matched)) / 2)

    return rescore


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def xref(
    entities: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    resolver: Resolver,
    state: XrefState,
    engine: LinkageEngine[Any],
    thresholds: Thresholds | None = None,
    rescore: bool = False,
    max_block: int = MAX_BLOCK,
    workers: int | None = None,
) -> XrefResult:
    """Cross-reference ``(source, FtM entity)`` pairs: see the module docstring.

    With ``rescore``, the review band is re-scored by the pairwise matcher
    (`matcher_rescorer`): better decisions, at a few milliseconds a pair.
    Entities are read as a stream (kept only for ``rescore``); ``workers``
    processes compute the features of large inputs (see `feature_table`).
    """
    thresholds = thresholds or Thresholds()
    result = XrefResult()
    clock = _Clock(result)
    by_id: dict[str, Mapping[str, Any]] = {}
    if rescore:  # the matcher reads whole entities: keep them
        entities = list(entities)
        by_id = {str(e["id"]): e for _, e in entities}
    size = len(entities) if isinstance(entities, Sized) else None
    table = feature_table(entities, seen=state.seen(), workers=workers, size_hint=size)
    clock.lap("features")
    new_ids = table.filter(table.column("is_new")).column("unique_id").to_pylist()
    result.new = len(new_ids)
    if not new_ids:
        return result
    model = state.get_model()
    if model is None:
        model = train_model(table)
        state.set_model(model)
        clock.lap("train")
    linker = BatchLinker(engine, model, max_block=max_block)
    linker.load(table)
    del table
    rescorer = matcher_rescorer(by_id, thresholds) if rescore else None
    pairs = linker.predict(thresholds.review, incremental=True, rescorer=rescorer)
    clock.lap("link")
    result.compared_pairs = linker.stats.candidates
    result.seconds.update(linker.stats.seconds)
    apply_pairs(pairs, resolver=resolver, state=state, thresholds=thresholds, result=result)
    state.mark_seen(new_ids)
    result.conflicts = len(resolver.clustering().conflicts)
    clock.lap("decide")
    return result


class _Clock:
    """Wall seconds per stage into ``result.seconds``, CPU seconds into ``result.cpu``.

    CPU counts every thread of this process (DuckDB's too) and the worker
    processes that have ended (the feature workers are joined per stage).
    """

    def __init__(self, result: XrefResult) -> None:
        self.result = result
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def lap(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), _cpu()
        if stage != "link":  # the linker times its own steps (load, candidates, score)
            self.result.seconds[stage] = wall - self.wall
        self.result.cpu[stage] = cpu - self.cpu
        self.wall, self.cpu = wall, cpu


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def apply_pairs(
    pairs: Iterable[ScoredPair],
    *,
    resolver: Resolver,
    state: XrefState,
    thresholds: Thresholds,
    result: XrefResult,
) -> None:
    """Turn scored pairs into automatic links and review-queue candidates."""
    current = resolver.current_edges()
    queued = []
    for pair in pairs:
        edge = current.get(pair.key)
        if edge is not None and edge.by_analyst:
            result.kept_judgement += 1
            continue
        decision = thresholds.decide(pair.probability)
        if decision == "auto":
            if edge is None or edge.judgement is not Judgement.SAME:
                resolver.judge(
                    pair.left,
                    pair.right,
                    Judgement.SAME,
                    user=XREF_USER,
                    score=pair.probability,
                    origin=Origin.XREF,
                    reason=f"score {pair.probability:.4f} >= {thresholds.auto}",
                )
                result.auto_linked += 1
        elif decision == "review":
            queued.append(
                Candidate(pair.left, pair.right, pair.probability, pair.rule, pair.evidence)
            )
    state.put_candidates(queued)
    result.queued = len(queued)
