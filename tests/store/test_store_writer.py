from tests.factories import community, person, write
from vinculo.access.principal import Principal
from vinculo.store import Store, reader


def test_writes_are_idempotent(store: Store) -> None:
    community(store)
    stmts = person("p1", "Ismael Zambada", agency="DEA", birthDate="1948-01-01")
    assert write(store, stmts) == len(stmts)
    assert write(store, stmts) == 0
    assert reader.stats(store, Principal.system())["statements"] == len(stmts)


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    community(store)
    try:
        with store.begin() as conn:
            from vinculo.store import StatementWriter

            writer = StatementWriter(store, conn, batch_size=2)
            for s in person("p1", "A", agency="DEA", alias="B", phone="+525512345678"):
                writer.add(s)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert reader.stats(store, Principal.system())["statements"] == 0


def test_retraction_keeps_the_statement_and_records_why(store: Store) -> None:
    import pytest

    from vinculo.exc import NotFound, PermissionDenied
    from vinculo.services.entities import retract

    c = community(store)
    stmts = person("p1", "Ismael Zambada", agency="DEA", alias="Mayito")
    write(store, stmts)
    alias = next(s for s in stmts if s.prop == "alias")
    with pytest.raises(NotFound):  # FGR cannot see it, so it does not exist for them
        retract(store, c.fgr, alias.id, "wrong")
    with pytest.raises(PermissionDenied):
        from tests.factories import stmt
        from vinculo.model.marking import TLP

        shared = stmt("p1", "weakAlias", "Mayo", agency="DEA", tlp=TLP.GREEN)
        write(store, [shared])
        retract(store, c.fgr, shared.id, "not ours")
    retract(store, c.dea, alias.id, "confused with his son")
    entity = reader.get_entity(store, c.dea, "p1")
    assert entity.get("alias") == []
    assert any(s.id == alias.id and s.retracted for s in entity.statements)
