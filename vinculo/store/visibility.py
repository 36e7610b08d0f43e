"""The principal-aware query layer's one predicate.

Every read of a marked row (statements, and any domain table that carries an
owning agency and a marking) filters through `visible_clause`. The marking rule
itself lives once, in `vinculo.access.policy.may_see`: the small marking table
is read and each distinct marking judged in Python, so the SQL only ever sees
a list of marking ids and the principal's agency id.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, Engine, false, or_, select, true

from vinculo.access.policy import may_see
from vinculo.access.principal import Principal
from vinculo.model.marking import TLP, Marking
from vinculo.store.tables import marking

_NO_AGENCY = "\x00"  # an owner that is never the principal's own agency


@lru_cache(maxsize=4096)
def marking_from_row(tlp: str, releasability: str) -> Marking:
    """The marking of a table row (cached: every statement read parses one)."""
    rel = frozenset(r for r in releasability.split(",") if r)
    return Marking(TLP(tlp), rel)


@dataclass(frozen=True)
class _Markings:
    read_at: float
    generation: int
    rows: tuple[tuple[int, Marking], ...]
    # judged once per principal, not per query: the ids released to it, and its clause over
    # these rows per pair of columns
    released: dict[tuple[object, ...], list[int]] = field(default_factory=dict)
    clauses: dict[tuple[object, ...], tuple[ColumnElement[bool], object, object]] = field(
        default_factory=dict
    )


MARKINGS_TTL = 2.0  # seconds a marking added by another process may stay unknown here
_markings: weakref.WeakKeyDictionary[Engine, _Markings] = weakref.WeakKeyDictionary()
_generation = [0]  # bumped whenever this process adds a marking


def forget_markings() -> None:
    """This process added a marking: read the marking table again at the next query."""
    _generation[0] += 1


def _all_markings(conn: Connection) -> _Markings:
    """Every marking row, cached per engine since every read of a request needs them.

    Safe to cache because a marking row never changes once committed and ids
    are never reused for another marking; a marking unknown here only hides the
    rows it marks (never shows one), and this process's own additions clear the
    cache at once. A write transaction reads afresh: it sees rows not yet
    committed, which a rollback may still take back.
    """
    now = time.monotonic()
    write = bool(conn.get_execution_options().get("vinculo_write"))
    cached = None if write else _markings.get(conn.engine)
    if cached and cached.generation == _generation[0] and now - cached.read_at < MARKINGS_TTL:
        return cached
    generation = _generation[0]
    rows = tuple(
        (int(row.id), marking_from_row(row.tlp, row.releasability))
        for row in conn.execute(select(marking.c.id, marking.c.tlp, marking.c.releasability))
    )
    fresh = _Markings(now, generation, rows)
    if not write:
        _markings[conn.engine] = fresh
    return fresh


def visible_marking_ids(conn: Connection, principal: Principal) -> list[int]:
    """Ids of the markings that release a fact of *another* agency to the principal."""
    return _released(_all_markings(conn), principal)


def _judged(principal: Principal) -> tuple[object, ...]:
    """What `may_see` reads of the principal."""
    return (principal.is_system, principal.recipients, principal.agency)


def _released(markings: _Markings, principal: Principal) -> list[int]:
    key = _judged(principal)
    ids = markings.released.get(key)
    if ids is None:
        ids = markings.released[key] = [
            mid for mid, mark in markings.rows if may_see(principal, _NO_AGENCY, mark)
        ]
    return ids


def visible_clause(
    conn: Connection,
    principal: Principal,
    agency_col: ColumnElement[int],
    marking_col: ColumnElement[int],
) -> ColumnElement[bool]:
    """SQL condition: the principal may see a row owned by ``agency_col`` under ``marking_col``."""
    if principal.is_system:
        return true()
    markings = _all_markings(conn)
    key = (_judged(principal), principal.agency_id, id(agency_col), id(marking_col))
    cached = markings.clauses.get(key)
    if cached is None:
        clause = _clause(principal, _released(markings, principal), agency_col, marking_col)
        # the entry holds the columns too, so that their ids in the key are never reused
        cached = markings.clauses[key] = (clause, agency_col, marking_col)
    return cached[0]


def _clause(
    principal: Principal,
    ids: list[int],
    agency_col: ColumnElement[int],
    marking_col: ColumnElement[int],
) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if principal.agency_id is not None:
        conditions.append(agency_col == principal.agency_id)
    if ids:
        conditions.append(marking_col.in_(ids))
    if not conditions:
        return false()
    return or_(*conditions)
