"""Principal-aware reads for search and screening hits: a few properties, not whole entities.

Search proposes dozens of candidates per query and shows a handful; reading
every statement of every candidate as a `Statement` (source, grading,
marking, times) cost most of a search. These reads go through the same
`visible_clause` as `reader`, but fetch only what scoring and a result line
need: the values of a few properties, then, for the hits shown, the schemata
and agencies of all their visible statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from vinculo.access.principal import Principal
from vinculo.store.reader import visible
from vinculo.store.store import Store
from vinculo.store.tables import agency, statement
from vinculo.store.visibility import visible_marking_ids

__all__ = ["Visible", "released", "summaries", "visible_values"]

_CHUNK = 500  # entity ids per IN (...) query
_VALUE_COLUMNS = (statement.c.entity_id, statement.c.schema, statement.c.prop, statement.c.value)


@dataclass
class Visible:
    """The visible, live values of some properties of one entity, as stored (repeats kept)."""

    schemata: set[str] = field(default_factory=set)
    values: dict[str, list[str]] = field(default_factory=dict)


def released(store: Store, principal: Principal) -> tuple[int | None, frozenset[int] | None]:
    """The principal's own agency id, and the markings that release other agencies' facts
    to it (None: it sees everything), by the one marking rule of `visible_clause`."""
    if principal.is_system:
        return principal.agency_id, None
    with store.connect() as conn:
        return principal.agency_id, frozenset(visible_marking_ids(conn, principal))


def visible_values(
    store: Store, principal: Principal, entity_ids: Sequence[str], props: Sequence[str]
) -> dict[str, Visible]:
    """Each entity's visible, live values of ``props``; ids with none are absent.

    Values come in (property, value) order, one per statement, so that a
    value asserted by several sources counts as often as it is asserted.
    """
    out: dict[str, Visible] = {}
    with store.connect() as conn:
        clause = visible(conn, principal)
        for i in range(0, len(entity_ids), _CHUNK):
            q = (
                select(
                    statement.c.entity_id, statement.c.schema, statement.c.prop, statement.c.value
                )
                .where(
                    statement.c.entity_id.in_(entity_ids[i : i + _CHUNK]),
                    statement.c.prop.in_(props),
                    statement.c.retracted.is_(False),
                    clause,
                )
                .order_by(statement.c.prop, statement.c.value)
            )
            for entity_id, schema, prop, value in conn.execute(q).all():
                found = out.get(entity_id)
                if found is None:
                    found = out[entity_id] = Visible()
                found.schemata.add(schema)
                found.values.setdefault(prop, []).append(value)
    return out


def summaries(
    store: Store, principal: Principal, entity_ids: Sequence[str]
) -> dict[str, tuple[set[str], set[str]]]:
    """The schemata and agency codes of each entity's visible, live statements (all properties).

    A result line shows the entity's common schema and every agency that
    contributed to what the reader may see, as the entity page does.
    """
    out: dict[str, tuple[set[str], set[str]]] = {}
    with store.connect() as conn:
        clause = visible(conn, principal)
        for i in range(0, len(entity_ids), _CHUNK):
            q = (
                select(statement.c.entity_id, statement.c.schema, agency.c.code)
                .join(agency, agency.c.id == statement.c.agency_id)
                .where(
                    statement.c.entity_id.in_(entity_ids[i : i + _CHUNK]),
                    statement.c.retracted.is_(False),
                    clause,
                )
                .distinct()
            )
            for entity_id, schema, code in conn.execute(q).all():
                schemata, agencies = out.setdefault(entity_id, (set(), set()))
                schemata.add(schema)
                agencies.add(code)
    return out
