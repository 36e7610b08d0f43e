"""What every deconfliction table shares: registration rows, the activity rule, the lock.

A registration (agency, case, contact, expiry) is the parent row of targets
and events. Checks see only other agencies' unexpired registrations
(`active_clause`). `lock_registrations` serializes check-then-insert across
connections, so that two registrations committed at the same instant still
see each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from vinculo.deconflict.model import Registration
from vinculo.exc import NotFound
from vinculo.i18n import N_
from vinculo.store.deconflict_tables import deconflict_registration as reg_t
from vinculo.store.tables import agency as agency_t

#: Bound parameters per IN list, below SQLite's limit with room to spare.
CHUNK = 500


class Lock(IntEnum):
    """PostgreSQL advisory lock keys, one per kind of registration that is checked."""

    TARGETS = 0x7669_6E63_0001  # "vinc" 1
    EVENTS = 0x7669_6E63_0002


def lock_registrations(conn: Connection, lock: Lock) -> None:
    """Hold the community's check-and-insert lock of ``lock`` until the transaction ends.

    Without it, two agencies registering the same target at the same instant
    each check before the other has committed, and neither is warned. On
    PostgreSQL a transaction-scoped advisory lock serializes them (READ
    COMMITTED: statements after the wait see the other's committed rows); a
    SQLite write transaction already holds the database's write lock from
    ``BEGIN IMMEDIATE`` on, so it needs nothing more.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(int(lock))))


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def active_clause(agency: str, today: date) -> Any:
    """Registrations of other agencies that have not expired on ``today``."""
    return and_(agency_t.c.code != agency, or_(reg_t.c.expires.is_(None), reg_t.c.expires >= today))


def registration_of(row: Any) -> Registration:
    return Registration(row.agency_code, row.case_ref, row.contact, row.expires)


REG_COLS = (
    agency_t.c.code.label("agency_code"),
    reg_t.c.case_ref,
    reg_t.c.contact,
    reg_t.c.expires,
)


@dataclass
class RegistrationRows:
    """Registration rows on one connection, inserted once per registration as ``username``."""

    conn: Connection
    username: str
    _reg_ids: dict[Registration, int] = field(default_factory=dict)

    def registration_id(self, registration: Registration, blind: bool) -> int:
        found = self._reg_ids.get(registration)
        if found is not None:
            return found
        agency_id = self.conn.execute(
            select(agency_t.c.id).where(agency_t.c.code == registration.agency)
        ).scalar()
        if agency_id is None:
            raise NotFound(N_("unknown agency {agency!r}"), agency=registration.agency)
        new_id = self.conn.execute(
            reg_t.insert().values(
                agency_id=agency_id,
                case_ref=registration.case,
                contact=registration.contact,
                expires=registration.expires,
                blind=blind,
                created_by=self.username,
                created_at=datetime.now(UTC),
            )
        ).inserted_primary_key
        assert new_id is not None
        self._reg_ids[registration] = int(new_id[0])
        return int(new_id[0])
