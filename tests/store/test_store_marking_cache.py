"""The cached marking table: a new marking is seen at once in this process, never too early."""

from __future__ import annotations

import pytest

from tests.factories import community, person, write
from vinculo.model.marking import TLP
from vinculo.store import Store, reader, visibility


def test_a_marking_added_after_a_read_is_seen_by_the_next_read(store: Store) -> None:
    c = community(store)
    write(store, person("p-green", "Green Person", agency="DEA", tlp=TLP.GREEN))
    assert [e.id for e in reader.get_entities(store, c.fgr, ["p-green"])] == ["p-green"]
    # a marking the table did not hold yet, released to FGR only
    write(store, person("p-rel", "Released Person", agency="DEA", tlp=TLP.RED, rel=["agency:FGR"]))
    assert [e.id for e in reader.get_entities(store, c.fgr, ["p-rel"])] == ["p-rel"]
    assert reader.get_entities(store, c.uif, ["p-rel"]) == []


def test_a_marking_unknown_to_the_cache_hides_rather_than_shows(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community(store)
    write(store, person("p-green", "Green Person", agency="DEA", tlp=TLP.GREEN))
    reader.get_entities(store, c.fgr, ["p-green"])  # fills the cache
    # another process adds a marking: this process is not told (no forget_markings)
    monkeypatch.setattr(visibility, "forget_markings", lambda: None)
    write(store, person("p-amber", "Amber Person", agency="DEA", tlp=TLP.AMBER, rel=["agency:FGR"]))
    assert reader.get_entities(store, c.fgr, ["p-amber"]) == []  # hidden until refreshed
    assert [e.id for e in reader.get_entities(store, c.dea, ["p-amber"])] == ["p-amber"]
    monkeypatch.setattr(visibility, "MARKINGS_TTL", 0.0)
    assert [e.id for e in reader.get_entities(store, c.fgr, ["p-amber"])] == ["p-amber"]
