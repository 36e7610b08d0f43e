"""Resolution on the store: the queue, judgements, merged views and markings."""

from __future__ import annotations

import json

import pytest
from factories import community, person, write

from vinculo.access.principal import Principal
from vinculo.exc import NotFound, PermissionDenied
from vinculo.model.marking import TLP
from vinculo.resolve import Candidate
from vinculo.services import resolution
from vinculo.store import Store
from vinculo.store.resolve import SQLXrefState


def seed(store: Store) -> None:
    """d1 is DEA's alone (AMBER+STRICT); f1 (FGR) and b1 (FBI) are GREEN."""
    community(store)
    write(store, person("d1", "Joaquín Guzmán Loera", agency="DEA", tlp=TLP.AMBER_STRICT))
    write(store, person("f1", "GUZMAN LOERA, Joaquin", agency="FGR", tlp=TLP.GREEN))
    write(store, person("b1", "Joaquin Guzman", agency="FBI", tlp=TLP.GREEN))
    SQLXrefState(store).put_candidates(
        [
            Candidate("d1", "f1", 0.9, "name_pair", {"name": ("same name", 9.5)}),
            Candidate("b1", "f1", 0.7, "name_pair", {"name": ("given and surname", 7.0)}),
        ]
    )


def test_queue_and_pairs_follow_markings(store: Store) -> None:
    seed(store)
    ana, bob = store.user("ana.dea").principal(), store.user("bob.fbi").principal()
    assert [c.key for c in resolution.queue(store, ana)] == [("d1", "f1"), ("b1", "f1")]
    assert [c.key for c in resolution.queue(store, bob)] == [("b1", "f1")]
    view = resolution.pair(store, ana, "f1", "d1")
    assert (view.left.id, view.right.id) == ("d1", "f1")
    assert view.candidate is not None and view.candidate.evidence["name"] == ("same name", 9.5)
    with pytest.raises(NotFound):
        resolution.pair(store, bob, "d1", "f1")
    with pytest.raises(NotFound):
        resolution.judge(store, bob, "d1", "f1", "same")


def test_merge_is_visible_only_to_who_sees_its_statements(store: Store) -> None:
    seed(store)
    ana, bob = store.user("ana.dea").principal(), store.user("bob.fbi").principal()
    edge = resolution.judge(store, ana, "d1", "f1", "same", reason="same CURP")
    assert resolution.queue(store, ana)[0].key == ("b1", "f1")
    merged = resolution.merged(store, ana, "f1")
    assert merged["referents"] == ["d1", "f1"]
    assert resolution.merged(store, bob, "f1")["referents"] == ["f1"]
    assert resolution.judgements_of(store, bob, "f1") == []
    assert [e.id for e in resolution.judgements_of(store, ana, "f1")] == [edge.id]
    lines = [json.loads(x) for x in resolution.export_canonical(store, ana)]
    assert sorted(tuple(x["referents"]) for x in lines) == [("b1",), ("d1", "f1")]
    lines = [json.loads(x) for x in resolution.export_canonical(store, bob)]
    assert sorted(tuple(x["referents"]) for x in lines) == [("b1",), ("f1",)]


def test_undo_restores_the_entities(store: Store) -> None:
    seed(store)
    ana = store.user("ana.dea").principal()
    before = sorted(resolution.export_canonical(store, ana))
    edge = resolution.judge(store, ana, "d1", "f1", "same")
    assert sorted(resolution.export_canonical(store, ana)) != before
    resolution.undo(store, ana, edge.id, reason="wrong person")
    assert sorted(resolution.export_canonical(store, ana)) == before
    assert len(resolution.resolver_for(store).history("d1", "f1")) == 2


def test_different_blocks_and_conflicts_surface(store: Store) -> None:
    seed(store)
    ana = store.user("ana.dea").principal()
    resolution.judge(store, ana, "d1", "f1", "different", reason="different fathers")
    resolution.judge(store, ana, "b1", "f1", "same")
    resolution.judge(store, ana, "b1", "d1", "same")
    clustering = resolution.visible_clustering(store, {"b1", "d1", "f1"})
    assert len(clustering.conflicts) == 1
    assert not any({"d1", "f1"} <= m for m in clustering.clusters.values())


def test_only_administrators_run_xref(store: Store) -> None:
    seed(store)
    with pytest.raises(PermissionDenied):
        resolution.run_xref(store, store.user("ana.dea").principal())
    assert Principal.system().is_system


def test_the_demo_store_is_resolved(demo_store: Store) -> None:
    """The 300-person demo (seed 11) once made splink's EM fail and xref was skipped."""
    model = SQLXrefState(demo_store).get_model()
    assert model is not None, "the demo's xref step did not run"
    assert model["training"]["rows"] > 1000
    system = Principal.system()
    assert resolution.queue(demo_store, system, limit=5)
    edges = resolution.resolver_for(demo_store).current_edges().values()
    assert any(e.positive for e in edges)
