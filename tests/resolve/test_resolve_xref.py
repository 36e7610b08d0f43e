"""Incremental, idempotent xref; analysts' judgements survive every re-run."""

from __future__ import annotations

from typing import Any

import pytest

from vinculo.linkage import DuckDBEngine, Thresholds
from vinculo.resolve import Judgement, MemoryXrefState, Resolver, review_queue, xref

THRESHOLDS = Thresholds(auto=0.99, review=0.3)


def run(entities: list[Any], resolver: Resolver, state: MemoryXrefState) -> Any:
    engine = DuckDBEngine(threads=1)
    try:
        return xref(entities, resolver=resolver, state=state, engine=engine, thresholds=THRESHOLDS)
    finally:
        engine.close()


@pytest.fixture
def state(trained_small: dict[str, Any]) -> MemoryXrefState:
    s = MemoryXrefState()
    s.set_model(trained_small)
    return s


def test_xref_links_true_pairs_precisely(febrl_small: Any, state: MemoryXrefState) -> None:
    entities, truth = febrl_small
    resolver = Resolver()
    result = run(entities, resolver, state)
    assert result.new == len(entities)
    linked = {e.key for e in resolver.current_edges().values() if e.positive}
    assert len(linked & truth) / len(linked) > 0.97
    assert len(linked & truth) / len(truth) > 0.85


def test_rerun_is_idempotent_and_incremental(febrl_small: Any, state: MemoryXrefState) -> None:
    entities, _ = febrl_small
    half = [e for e in entities if e[0] == "febrl_a"]
    resolver = Resolver()
    first = run(half, resolver, state)
    edges_after_first = list(resolver.log.edges())
    assert run(half, resolver, state).new == 0
    assert list(resolver.log.edges()) == edges_after_first
    second = run(entities, resolver, state)
    assert second.new == len(entities) - len(half)
    new_ids = {e["id"] for s, e in entities if s == "febrl_b"}
    for edge in list(resolver.log.edges())[len(edges_after_first) :]:
        assert edge.left in new_ids or edge.right in new_ids
    assert first.auto_linked + second.auto_linked == sum(1 for e in resolver.log.edges())
    assert run(entities, resolver, state).new == 0


def test_different_survives_rexref(febrl_small: Any, trained_small: dict[str, Any]) -> None:
    entities, _ = febrl_small
    resolver, state = Resolver(), MemoryXrefState()
    state.set_model(trained_small)
    run(entities, resolver, state)
    auto = next(e for e in resolver.current_edges().values() if e.positive)
    resolver.judge(auto.left, auto.right, Judgement.DIFFERENT, user="ana", reason="twins")
    assert auto.right not in resolver.connected(auto.left)
    # a fresh xref state (model kept) compares everything again
    again = MemoryXrefState()
    again.set_model(trained_small)
    result = run(entities, resolver, again)
    assert result.kept_judgement >= 1
    current = resolver.current(auto.left, auto.right)
    assert current is not None and current.judgement is Judgement.DIFFERENT
    assert auto.right not in resolver.connected(auto.left)


def test_review_queue_holds_the_band_and_drops_judged_pairs(
    febrl_small: Any, state: MemoryXrefState
) -> None:
    entities, _ = febrl_small
    resolver = Resolver()
    run(entities, resolver, state)
    queue = review_queue(resolver, state)
    assert queue, "the band between the thresholds should not be empty on FEBRL"
    assert all(THRESHOLDS.review <= c.score < THRESHOLDS.auto for c in queue)
    assert all(c.evidence for c in queue)
    first = queue[0]
    resolver.judge(first.left, first.right, Judgement.UNSURE, user="ana")
    assert first.key not in {c.key for c in review_queue(resolver, state)}
