"""Where registered targets and events are kept and found again.

`Registry` is the small interface the checker needs; it is implemented in
memory here (and used by the benchmark at ten million targets) and over the
store's tables in `vinculo.deconflict.sqlregistry`. Every lookup takes the
asking agency and the day, and returns only *other* agencies' registrations
that are still active, so the checker cannot forget either rule.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import date
from typing import Protocol

from vinculo.deconflict.geo import event_keys
from vinculo.deconflict.index import KeyTable
from vinculo.deconflict.model import (
    BlindPerson,
    Event,
    PersonFeatures,
    Registration,
    Target,
    TargetKind,
    TargetSpec,
)
from vinculo.deconflict.person import blocking_keys


class Registry(Protocol):
    def add_target(self, target: Target) -> None: ...

    def add_event(self, event: Event) -> None: ...

    def targets_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Target]:
        """Active targets of other agencies registered under any of ``keys``."""
        ...

    def person_candidates(
        self, blocks: Iterable[str], agency: str, today: date, max_block: int, limit: int
    ) -> list[Target]:
        """Active person targets of other agencies sharing a block no larger than ``max_block``."""
        ...

    def events_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Event]: ...


def person_blocks(spec: TargetSpec) -> tuple[str, ...]:
    """The blocking keys of a person target: plain keys, or the blind block tokens."""
    if spec.blind_person is not None:
        return spec.blind_person.blocks
    if spec.person is not None:
        return tuple(blocking_keys(spec.person.norm, spec.person.birth_dates))
    return ()


_KINDS = list(TargetKind)


class MemoryRegistry:
    """Columnar in-memory registry: one row per target, keys in `KeyTable` multimaps.

    Rows keep only what matching needs (id, kind, registration, person
    features or CLKs, coordinate); the key texts live hashed in the tables.
    """

    def __init__(self) -> None:
        self.registrations: list[Registration] = []
        self._reg_index: dict[Registration, int] = {}
        self._ids: list[str | None] = []
        self._bulk: list[tuple[int, str, Callable[[int], PersonFeatures] | None]] = []
        self._kind = bytearray()
        self._reg = array("i")
        self._person: dict[int, PersonFeatures] = {}
        self._blind: dict[int, BlindPerson] = {}
        self._key_id: dict[int, str] = {}
        self._point: dict[int, tuple[float, float]] = {}
        self.keys = KeyTable()
        self.blocks = KeyTable()
        self.events: list[Event] = []
        self.event_cells = KeyTable()

    def __len__(self) -> int:
        return len(self._ids)

    def registration_row(self, registration: Registration) -> int:
        row = self._reg_index.get(registration)
        if row is None:
            row = len(self.registrations)
            self.registrations.append(registration)
            self._reg_index[registration] = row
        return row

    def add_target(self, target: Target) -> None:
        spec = target.spec
        row = len(self._ids)
        self._ids.append(target.id)
        self._kind.append(_KINDS.index(spec.kind))
        self._reg.append(self.registration_row(target.registration))
        if spec.person is not None:
            self._person[row] = spec.person
        if spec.blind_person is not None:
            self._blind[row] = spec.blind_person
        if spec.key_id is not None:
            self._key_id[row] = spec.key_id
        if spec.point is not None:
            self._point[row] = spec.point
        for key in spec.keys:
            self.keys.add(key, row)
        for block in person_blocks(spec):
            self.blocks.add(block, row)

    def add_bulk(
        self,
        count: int,
        kind: TargetKind,
        registration: Registration,
        id_prefix: str,
        person_source: Callable[[int], PersonFeatures] | None = None,
    ) -> range:
        """Append ``count`` rows at once, loaded from elsewhere (a store, a benchmark).

        Their ids are ``id_prefix`` plus the offset in the batch, and their person
        features come from ``person_source(offset)`` when a candidate is scored,
        as a store-backed registry fetches candidates' rows by id. The caller
        fills the key tables (`KeyTable.bulk_load`) with the returned rows.
        """
        start = len(self._ids)
        reg = self.registration_row(registration)
        self._ids.extend([None] * count)
        self._kind.extend(bytes([_KINDS.index(kind)]) * count)
        self._reg.extend(array("i", [reg]) * count)
        self._bulk.append((start, id_prefix, person_source))
        return range(start, start + count)

    def _bulk_of(self, row: int) -> tuple[int, str, Callable[[int], PersonFeatures] | None]:
        return self._bulk[bisect_right(self._bulk, (row, "\U0010ffff")) - 1]

    def _target(self, row: int) -> Target:
        target_id = self._ids[row]
        person = self._person.get(row)
        if target_id is None:
            start, prefix, source = self._bulk_of(row)
            target_id = f"{prefix}{row - start}"
            person = source(row - start) if source is not None else None
        spec = TargetSpec(
            kind=_KINDS[self._kind[row]],
            keys=(),
            source_id="",
            point=self._point.get(row),
            person=person,
            blind_person=self._blind.get(row),
            key_id=self._key_id.get(row),
        )
        return Target(id=target_id, spec=spec, registration=self.registrations[self._reg[row]])

    def _usable(self, row: int, agency: str, today: date) -> bool:
        reg = self.registrations[self._reg[row]]
        return reg.agency != agency and reg.is_active(today)

    def targets_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Target]:
        rows = {r for key in keys for r in self.keys.get(key)}
        return [self._target(r) for r in sorted(rows) if self._usable(r, agency, today)]

    def person_candidates(
        self, blocks: Iterable[str], agency: str, today: date, max_block: int, limit: int
    ) -> list[Target]:
        sized = sorted((self.blocks.count(b), b) for b in set(blocks))
        rows: dict[int, None] = {}
        for size, block in sized:
            if size > max_block or len(rows) >= limit:
                continue
            for row in self.blocks.get(block):
                rows.setdefault(row)
        usable = [r for r in rows if self._usable(r, agency, today)][:limit]
        return [self._target(r) for r in usable]

    def add_event(self, event: Event) -> None:
        row = len(self.events)
        self.events.append(event)
        self.registration_row(event.registration)
        for key in event_keys(event.lat, event.lon, event.radius_m, event.start, event.end):
            self.event_cells.add(key, row)

    def events_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Event]:
        rows = {r for key in keys for r in self.event_cells.get(key)}
        found = (self.events[r] for r in sorted(rows))
        return [
            e for e in found if e.registration.agency != agency and e.registration.is_active(today)
        ]

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.blocks.nbytes + self.event_cells.nbytes
