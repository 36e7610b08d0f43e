from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from vinculo.store import Store, migrate
from vinculo.store.tables import metadata


def test_migrated_store_matches_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    assert migrate.is_up_to_date(store.engine)


def test_upgrade_is_idempotent(store: Store) -> None:
    store.upgrade()
    assert store.is_initialized()
