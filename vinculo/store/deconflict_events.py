"""Planned operations in SQL: events and their cell-day keys.

An event is found again by equality on ``deconflict_event_cell.cell`` (grid
cell + UTC day, `vinculo.deconflict.geo.event_keys`); the checker then
verifies distance and time. Only the owning agency lists its events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from vinculo.deconflict.geo import event_keys
from vinculo.deconflict.model import Event, EventKind
from vinculo.store.deconflict_base import (
    REG_COLS,
    RegistrationRows,
    active_clause,
    chunks,
    registration_of,
)
from vinculo.store.deconflict_tables import deconflict_event as event_t
from vinculo.store.deconflict_tables import deconflict_event_cell as cell_t
from vinculo.store.deconflict_tables import deconflict_registration as reg_t
from vinculo.store.store import aware
from vinculo.store.tables import agency as agency_t


def event_from_row(row: Any) -> Event:
    return Event(
        row.id,
        EventKind(row.kind),
        row.lat,
        row.lon,
        row.radius_m,
        aware(row.starts_at),
        aware(row.ends_at),
        registration_of(row),
    )


def _events() -> Any:
    return (
        select(event_t, *REG_COLS)
        .join(reg_t, reg_t.c.id == event_t.c.registration_id)
        .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
    )


@dataclass
class EventRows(RegistrationRows):
    """The event half of `vinculo.deconflict.registry.Registry` over the store."""

    def add_event(self, event: Event) -> None:
        reg_id = self.registration_id(event.registration, False)
        self.conn.execute(
            event_t.insert().values(
                id=event.id,
                registration_id=reg_id,
                kind=event.kind.value,
                lat=event.lat,
                lon=event.lon,
                radius_m=event.radius_m,
                starts_at=event.start.astimezone(UTC),  # SQLite keeps no offset: store UTC
                ends_at=event.end.astimezone(UTC),
                created_at=datetime.now(UTC),
            )
        )
        cells = event_keys(event.lat, event.lon, event.radius_m, event.start, event.end)
        self.conn.execute(cell_t.insert(), [{"cell": c, "event_id": event.id} for c in cells])

    def events_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Event]:
        found: dict[str, Event] = {}
        for chunk in chunks(sorted(set(keys))):
            ids = select(cell_t.c.event_id).where(cell_t.c.cell.in_(chunk))
            query = _events().where(event_t.c.id.in_(ids), active_clause(agency, today))
            for row in self.conn.execute(query):
                found[row.id] = event_from_row(row)
        return [found[k] for k in sorted(found)]


def events_of(conn: Connection, agency: str | None) -> list[Event]:
    """An agency's own events, or with ``None`` every event (the system principal only)."""
    query = _events().order_by(event_t.c.starts_at, event_t.c.id)
    if agency is not None:
        query = query.where(agency_t.c.code == agency)
    return [event_from_row(r) for r in conn.execute(query)]
