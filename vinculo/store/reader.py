"""Principal-aware reads of statements and entities.

Every function takes the principal and filters through
`vinculo.store.visibility.visible_clause`; a statement the principal may not
see is never loaded, counted or named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from typing import Any

from anyascii import anyascii
from sqlalchemy import Connection, Select, func, select

from vinculo.access.principal import Principal
from vinculo.exc import NotFound
from vinculo.i18n import N_
from vinculo.model.entity import Entity, common_schema
from vinculo.model.marking import Grading
from vinculo.model.statement import Statement
from vinculo.store.store import Store, stored_time
from vinculo.store.tables import agency, dataset, marking, statement
from vinculo.store.visibility import marking_from_row, visible_clause

_CHUNK = 500  # entity ids per IN (...) query


# the columns of a statement read, in the order `row_to_statement` unpacks them
_COLUMNS = (
    statement.c.id,
    statement.c.entity_id,
    statement.c.schema,
    statement.c.prop,
    statement.c.prop_type,
    statement.c.value,
    statement.c.lang,
    statement.c.original_value,
    statement.c.reliability,
    statement.c.credibility,
    statement.c.source_record,
    statement.c.collected,
    statement.c.first_seen,
    statement.c.last_seen,
    statement.c.retracted,
    dataset.c.name.label("dataset_name"),
    agency.c.code.label("agency_code"),
    marking.c.tlp,
    marking.c.releasability,
)


def _statement_select() -> Select[Any]:
    return (
        select(*_COLUMNS)
        .join(dataset, dataset.c.id == statement.c.dataset_id)
        .join(agency, agency.c.id == statement.c.agency_id)
        .join(marking, marking.c.id == statement.c.marking_id)
    )


def visible(conn: Connection, principal: Principal) -> Any:
    return visible_clause(conn, principal, statement.c.agency_id, statement.c.marking_id)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@lru_cache(maxsize=4096)
def _as_dt(value: Any) -> datetime | None:
    """Stored times as aware datetimes (cached: an import run's statements share them)."""
    return stored_time(value)


@lru_cache(maxsize=256)
def _grading(reliability: str | None, credibility: int | None) -> Grading:
    return Grading(reliability, credibility)


def row_to_statement(row: Any) -> Statement:
    """A row of `_statement_select` as a Statement (unpacked by position: reads are hot)."""
    (
        sid,
        entity_id,
        schema,
        prop,
        prop_type,
        value,
        lang,
        original_value,
        reliability,
        credibility,
        source_record,
        collected,
        first_seen,
        last_seen,
        retracted,
        dataset_name,
        agency_code,
        tlp,
        releasability,
    ) = row
    # Stored rows are already whole and valid: fill the frozen dataclass's fields directly,
    # about half the cost of its __init__ (an export or an entity page reads many).
    stmt = _new_statement(Statement)
    stmt.__dict__.update(
        id=sid,
        entity_id=entity_id,
        schema=schema,
        prop=prop,
        prop_type=prop_type,
        value=value,
        lang=lang,
        original_value=original_value,
        dataset=dataset_name,
        agency=agency_code,
        source_record=source_record,
        collected=_as_date(collected),
        first_seen=_as_dt(first_seen),
        last_seen=_as_dt(last_seen),
        grading=_grading(reliability, credibility),
        marking=marking_from_row(tlp, releasability),
        retracted=bool(retracted),
    )
    return stmt


_new_statement = object.__new__


def load_statements(
    conn: Connection,
    principal: Principal,
    entity_ids: Sequence[str],
    *,
    include_retracted: bool = True,
) -> list[Statement]:
    out: list[Statement] = []
    clause = visible(conn, principal)
    for i in range(0, len(entity_ids), _CHUNK):
        q = _statement_select().where(statement.c.entity_id.in_(entity_ids[i : i + _CHUNK]), clause)
        if not include_retracted:
            q = q.where(statement.c.retracted.is_(False))
        rows = conn.execute(q.order_by(statement.c.prop, statement.c.value)).all()
        out.extend(map(row_to_statement, rows))
    return out


def group_entities(statements: Iterable[Statement]) -> list[Entity]:
    by_id: dict[str, list[Statement]] = {}
    for stmt in statements:
        by_id.setdefault(stmt.entity_id, []).append(stmt)
    return [Entity.from_statements(eid, stmts) for eid, stmts in by_id.items()]


def get_entities(store: Store, principal: Principal, entity_ids: Sequence[str]) -> list[Entity]:
    """Entities in the order asked; ids the principal cannot see are simply absent."""
    with store.connect() as conn:
        found = {e.id: e for e in group_entities(load_statements(conn, principal, entity_ids))}
    return [found[i] for i in entity_ids if i in found]


def get_entity(store: Store, principal: Principal, entity_id: str) -> Entity:
    found = get_entities(store, principal, [entity_id])
    if not found or not found[0].live:
        raise NotFound(N_("no entity {entity_id!r}"), entity_id=entity_id)
    return found[0]


def entity_page(
    store: Store, principal: Principal, entity_id: str, limit: int = 200
) -> tuple[Entity, list[str], list[str]]:
    """An entity, the ids it points to, and the ids of entities pointing at it: one connection.

    Only the entity is read whole; its neighbours are links, which
    ``services.hits.lines`` reads far more cheaply. Raises NotFound if the
    principal may not see the entity.
    """
    with store.connect() as conn:
        found = group_entities(load_statements(conn, principal, [entity_id]))
        if not found or not found[0].live:
            raise NotFound(N_("no entity {entity_id!r}"), entity_id=entity_id)
        entity = found[0]
        out_ids = sorted({s.value for s in entity.live if s.prop_type == "entity"})
        in_ids = _referencing_ids(conn, principal, entity_id, limit)
    return entity, out_ids, in_ids


def iter_entities(
    store: Store,
    principal: Principal,
    *,
    schemata: Sequence[str] | None = None,
    datasets: Sequence[str] | None = None,
) -> Iterator[Entity]:
    """Stream every visible entity, ordered by id, without loading the store in memory."""
    with store.connect() as conn:
        q = _statement_select().where(visible(conn, principal), statement.c.retracted.is_(False))
        if schemata:
            ids = select(statement.c.entity_id).where(statement.c.schema.in_(schemata))
            q = q.where(statement.c.entity_id.in_(ids))
        if datasets:
            q = q.where(dataset.c.name.in_(datasets))
        rows = conn.execution_options(stream_results=True, yield_per=5000).execute(
            q.order_by(statement.c.entity_id)
        )
        current: str | None = None
        bucket: list[Statement] = []
        for row in rows:
            if row.entity_id != current and bucket:
                yield Entity.from_statements(bucket[0].entity_id, bucket)
                bucket = []
            current = row.entity_id
            bucket.append(row_to_statement(row))
        if bucket:
            yield Entity.from_statements(bucket[0].entity_id, bucket)


def fold(text: str) -> str:
    return " ".join(anyascii(text).lower().split())


def search_entity_ids(
    store: Store,
    principal: Principal,
    text: str,
    *,
    limit: int = 50,
    schemata: Sequence[str] | None = None,
) -> list[str]:
    """Entity ids whose visible name-like values contain every word of ``text``."""
    words = [w for w in fold(text).split() if w]
    if not words:
        return []
    with store.connect() as conn:
        q = select(statement.c.entity_id).where(
            visible(conn, principal), statement.c.retracted.is_(False)
        )
        for word in words:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(statement.c.search_text.like(f"%{escaped}%", escape="\\"))
        if schemata:
            q = q.where(statement.c.schema.in_(schemata))
        q = q.group_by(statement.c.entity_id).order_by(statement.c.entity_id).limit(limit)
        return [r.entity_id for r in conn.execute(q)]


def referencing_ids(
    store: Store, principal: Principal, entity_id: str, limit: int = 200
) -> list[str]:
    """Ids of visible entities with an entity-typed property pointing at ``entity_id``."""
    with store.connect() as conn:
        return _referencing_ids(conn, principal, entity_id, limit)


def _referencing_ids(
    conn: Connection, principal: Principal, entity_id: str, limit: int
) -> list[str]:
    q = (
        select(statement.c.entity_id)
        .where(
            visible(conn, principal),
            statement.c.prop_type == "entity",
            statement.c.value == entity_id,
            statement.c.retracted.is_(False),
        )
        .group_by(statement.c.entity_id)
        .limit(limit)
    )
    return [r.entity_id for r in conn.execute(q)]


def stats(store: Store, principal: Principal) -> dict[str, Any]:
    with store.connect() as conn:
        clause = visible(conn, principal)
        live = statement.c.retracted.is_(False)
        n_stmts = conn.execute(select(func.count()).where(clause, live)).scalar() or 0
        n_entities = (
            conn.execute(
                select(func.count(func.distinct(statement.c.entity_id))).where(clause, live)
            ).scalar()
            or 0
        )
        # an entity counts once, under the common schema of its visible statements
        schemata: dict[str, int] = {}
        pairs = conn.execution_options(stream_results=True, yield_per=10000).execute(
            select(statement.c.entity_id, statement.c.schema)
            .where(clause, live)
            .distinct()
            .order_by(statement.c.entity_id)
        )
        current: str | None = None
        names: list[str] = []
        for row in chain(pairs, [None]):
            if row is None or row.entity_id != current:
                if names:
                    key = common_schema(names)
                    schemata[key] = schemata.get(key, 0) + 1
                if row is None:
                    break
                current, names = row.entity_id, []
            names.append(row.schema)
        per_agency = {
            r.code: r.n
            for r in conn.execute(
                select(agency.c.code, func.count().label("n"))
                .join(agency, agency.c.id == statement.c.agency_id)
                .where(clause, live)
                .group_by(agency.c.code)
            )
        }
    return {
        "entities": int(n_entities),
        "statements": int(n_stmts),
        "schemata": dict(sorted(schemata.items())),
        "agencies": per_agency,
    }


def get_statement(conn: Connection, principal: Principal, statement_id: str) -> Statement:
    row = conn.execute(
        _statement_select().where(statement.c.id == statement_id, visible(conn, principal))
    ).first()
    if row is None:
        raise NotFound(N_("no statement {statement_id!r}"), statement_id=statement_id)
    return row_to_statement(row)
