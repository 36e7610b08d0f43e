"""The reader's fast row-to-statement path builds the same statements as the model would."""

from __future__ import annotations

import dataclasses

from tests.factories import community, person, write
from vinculo.model.marking import TLP
from vinculo.model.statement import Statement
from vinculo.store import Store, reader


def test_read_statements_equal_their_checked_construction(store: Store) -> None:
    c = community(store)
    written = person("p1", "Ana María Pérez", agency="DEA", tlp=TLP.AMBER, rel=["agency:FGR"])
    write(store, written)
    [entity] = reader.get_entities(store, c.fgr, ["p1"])
    names = {f.name for f in dataclasses.fields(Statement)}
    assert len(entity.statements) == len(written)
    for stmt in entity.statements:
        assert set(vars(stmt)) == names
        assert dataclasses.replace(stmt) == stmt  # through __init__ and its checks
        assert hash(dataclasses.replace(stmt)) == hash(stmt)
    by_id = {s.id: s for s in entity.statements}
    for original in written:
        read = by_id[original.id]
        assert (read.entity_id, read.prop, read.value, read.agency, read.marking) == (
            original.entity_id,
            original.prop,
            original.value,
            original.agency,
            original.marking,
        )
