"""The principal-aware query layer's one predicate.

Every read of a marked row (statements, and any domain table that carries an
owning agency and a marking) filters through `visible_clause`. The marking rule
itself lives once, in `vinculo.access.policy.may_see`: the small marking table
is read and each distinct marking judged in Python, so the SQL only ever sees
a list of marking ids and the principal's agency id.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, false, or_, select, true

from vinculo.access.policy import may_see
from vinculo.access.principal import Principal
from vinculo.model.marking import TLP, Marking
from vinculo.store.tables import marking

_NO_AGENCY = "\x00"  # an owner that is never the principal's own agency


def marking_from_row(tlp: str, releasability: str) -> Marking:
    rel = frozenset(r for r in releasability.split(",") if r)
    return Marking(TLP(tlp), rel)


def visible_marking_ids(conn: Connection, principal: Principal) -> list[int]:
    """Ids of the markings that release a fact of *another* agency to the principal."""
    rows = conn.execute(select(marking.c.id, marking.c.tlp, marking.c.releasability))
    return [
        row.id
        for row in rows
        if may_see(principal, _NO_AGENCY, marking_from_row(row.tlp, row.releasability))
    ]


def visible_clause(
    conn: Connection,
    principal: Principal,
    agency_col: ColumnElement[int],
    marking_col: ColumnElement[int],
) -> ColumnElement[bool]:
    """SQL condition: the principal may see a row owned by ``agency_col`` under ``marking_col``."""
    if principal.is_system:
        return true()
    ids = visible_marking_ids(conn, principal)
    conditions: list[ColumnElement[bool]] = []
    if principal.agency_id is not None:
        conditions.append(agency_col == principal.agency_id)
    if ids:
        conditions.append(marking_col.in_(ids))
    if not conditions:
        return false()
    return or_(*conditions)
