from vinculo.store import Store, reader
from vinculo.access.principal import Principal
from tests.factories import community, person, write


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
