"""Reads for the shared screening index: names of every entity, and what changed since.

The screening index holds the names of *all* entities (the system view),
built once per process and refreshed when the store changes; it never answers
a principal directly: what it proposes is read again through the query layer
before anything is shown (see `vinculo.services.hits`).
These reads therefore apply no visibility filter, and nothing they return is
shown to anyone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select

from vinculo.model.entity import common_schema
from vinculo.store.store import Store
from vinculo.store.tables import import_run, retraction, statement

__all__ = [
    "Fingerprint",
    "added_by_imports_after",
    "fingerprint",
    "iter_name_records",
    "touched_since",
]

Fingerprint = tuple[int, int, int]  # last import run id, retractions, statements


def fingerprint(store: Store) -> Fingerprint:
    """Counters that change whenever statements are added, retracted or purged."""
    with store.connect() as conn:
        last = conn.execute(select(func.max(import_run.c.id))).scalar() or 0
        retracted = conn.execute(select(func.count()).select_from(retraction)).scalar() or 0
        count = conn.execute(select(func.count()).select_from(statement)).scalar() or 0
    return int(last), int(retracted), int(count)


def added_by_imports_after(store: Store, import_id: int) -> int:
    """Statements the import runs after ``import_id`` added."""
    with store.connect() as conn:
        q = select(func.coalesce(func.sum(import_run.c.added), 0)).where(
            import_run.c.id > import_id
        )
        return int(conn.execute(q).scalar() or 0)


def touched_since(store: Store, import_id: int) -> list[str]:
    """Ids of entities with statements from import runs after ``import_id``."""
    with store.connect() as conn:
        q = select(statement.c.entity_id).where(statement.c.import_id > import_id).distinct()
        return [r.entity_id for r in conn.execute(q)]


def iter_name_records(
    store: Store, props: Sequence[str], entity_ids: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """FtM dicts of the live ``props`` of every entity (or of ``entity_ids``), by id.

    Each also carries ``owners``: the distinct (agency id, marking id) of those
    statements, which lets a search skip, unread, the entities a principal may
    see none of (`vinculo.services.owners`).
    """
    chunks: list[Sequence[str] | None] = [None]
    if entity_ids is not None:
        chunks = [entity_ids[i : i + 500] for i in range(0, len(entity_ids), 500)]
    with store.connect() as conn:
        for chunk in chunks:
            q = select(
                statement.c.entity_id,
                statement.c.schema,
                statement.c.prop,
                statement.c.value,
                statement.c.agency_id,
                statement.c.marking_id,
            ).where(statement.c.retracted.is_(False), statement.c.prop.in_(list(props)))
            if chunk is not None:
                q = q.where(statement.c.entity_id.in_(chunk))
            rows = conn.execution_options(stream_results=True, yield_per=10_000).execute(
                q.order_by(statement.c.entity_id)
            )
            yield from _group(rows)


def _group(rows: Any) -> Iterator[dict[str, Any]]:
    current: str | None = None
    schemata: set[str] = set()
    properties: dict[str, list[str]] = {}
    owners: set[tuple[int, int]] = set()
    for entity_id, schema, prop, value, agency_id, marking_id in rows:
        if entity_id != current:
            if current is not None:
                yield _record(current, schemata, properties, owners)
            current, schemata, properties, owners = entity_id, set(), {}, set()
        schemata.add(schema)
        owners.add((agency_id, marking_id))
        values = properties.setdefault(prop, [])
        if value not in values:
            values.append(value)
    if current is not None:
        yield _record(current, schemata, properties, owners)


def _record(
    entity_id: str,
    schemata: set[str],
    properties: dict[str, list[str]],
    owners: set[tuple[int, int]],
) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": common_schema(sorted(schemata)),
        "properties": properties,
        "owners": sorted(owners),
    }
