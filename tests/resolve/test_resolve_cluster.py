"""Clusters from judgements: undo, "different" wins over auto-links, conflicts surface."""

from __future__ import annotations

import pytest

from vinculo.exc import Conflict, InvalidData
from vinculo.resolve import Judgement, Origin, Resolver, canonical_id


def snapshot(resolver: Resolver) -> dict[str, frozenset[str]]:
    return dict(resolver.clustering().clusters)


def test_same_judgements_chain_into_one_cluster() -> None:
    r = Resolver()
    r.judge("a", "b", Judgement.SAME, user="ana")
    r.judge("c", "b", Judgement.SAME, user="ana")
    assert r.connected("a") == {"a", "b", "c"}
    assert r.canonical_id("c") == canonical_id(["a", "b", "c"]) == canonical_id(["a"])
    assert r.connected("z") == {"z"}


def test_undo_restores_clusters_and_ids_exactly() -> None:
    r = Resolver()
    r.judge("a", "b", Judgement.SAME, user="ana")
    r.judge("c", "d", Judgement.SAME, user="ana")
    before = snapshot(r)
    ids_before = {e: r.canonical_id(e) for e in "abcd"}
    merge = r.judge("b", "c", Judgement.SAME, user="ana", reason="same CURP")
    assert r.connected("a") == {"a", "b", "c", "d"}
    undo = r.undo(merge.id, user="ana", reason="CURP was mistyped")
    assert undo.undo and undo.supersedes == merge.id and undo.judgement is Judgement.NONE
    assert snapshot(r) == before
    assert {e: r.canonical_id(e) for e in "abcd"} == ids_before
    # nothing was deleted: the merge and its undo are both in the log
    assert [e.id for e in r.history("b", "c")] == [merge.id, undo.id]


def test_undo_of_a_changed_mind_restores_the_earlier_judgement() -> None:
    r = Resolver()
    first = r.judge("a", "b", Judgement.DIFFERENT, user="ana")
    second = r.judge("a", "b", Judgement.SAME, user="bob")
    assert second.supersedes == first.id
    r.undo(second.id, user="bob")
    current = r.current("a", "b")
    assert current is not None and current.judgement is Judgement.DIFFERENT
    assert r.connected("a") == {"a"}


def test_only_the_current_judgement_can_be_undone() -> None:
    r = Resolver()
    first = r.judge("a", "b", Judgement.SAME, user="ana")
    r.judge("a", "b", Judgement.UNSURE, user="ana")
    with pytest.raises(Conflict):
        r.undo(first.id, user="ana")


def test_different_blocks_an_automatic_link_and_is_reported() -> None:
    r = Resolver()
    r.judge("a", "b", Judgement.SAME, user="ana")
    diff = r.judge("b", "c", Judgement.DIFFERENT, user="ana", reason="different fathers")
    auto = r.judge("a", "c", Judgement.SAME, user="xref", score=0.999, origin=Origin.XREF)
    clustering = r.clustering()
    assert clustering.members_of("a") == {"a", "b"}
    assert clustering.members_of("c") == {"c"}
    (conflict,) = clustering.conflicts
    assert conflict.edge == auto and conflict.blocking == (diff,)


def test_conflicting_analysts_are_reported_not_merged() -> None:
    r = Resolver()
    r.judge("a", "b", Judgement.DIFFERENT, user="ana")
    r.judge("b", "c", Judgement.SAME, user="bob")
    r.judge("c", "a", Judgement.SAME, user="bob")
    clustering = r.clustering()
    assert not any({"a", "b"} <= m for m in clustering.clusters.values())
    assert len(clustering.conflicts) == 1
    assert clustering.conflicts[0].edge.by_analyst


def test_xref_may_not_override_an_analyst() -> None:
    r = Resolver()
    r.judge("a", "b", Judgement.DIFFERENT, user="ana")
    with pytest.raises(Conflict):
        r.judge("a", "b", Judgement.SAME, user="xref", origin=Origin.XREF, score=1.0)


def test_bad_judgements_are_refused() -> None:
    r = Resolver()
    with pytest.raises(InvalidData):
        r.judge("a", "a", Judgement.SAME, user="ana")
    with pytest.raises(InvalidData):
        r.judge("a", "b", Judgement.SAME, user="")
    with pytest.raises(InvalidData):
        Judgement.parse("maybe")
    assert Judgement.parse(" Same ") is Judgement.SAME
