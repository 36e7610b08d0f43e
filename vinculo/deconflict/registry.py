"""Where registered targets and events are kept and found again.

`Registry` is the small interface the checker needs; it is implemented in
memory here (and used by the benchmark at ten million targets) and over the
store's tables in `vinculo.store.deconflict`. Every lookup takes the
asking agency and the day, and returns only *other* agencies' registrations
that are still active, so the checker cannot forget either rule.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import numpy as np
import numpy.typing as npt

from vinculo.deconflict.geo import event_keys
from vinculo.deconflict.index import I64, KeyTable, key_hashes
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
        """The ``limit`` best active person targets of other agencies, best first.

        Only blocks no larger than ``max_block`` take part; a target's rank is
        the sum of `block_weight` over the blocks it shares with the query, so
        one sharing many rare blocks (a full birth date with a surname) comes
        before one sharing a single common pair (Juan García).
        """
        ...

    def events_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Event]: ...


def block_weight(size: int, max_block: int) -> float:
    """How much sharing a block of ``size`` targets says (IDF-like: 1 for the largest)."""
    return math.log2(1.0 + max_block / max(size, 1))


def person_blocks(spec: TargetSpec) -> tuple[str, ...]:
    """The blocking keys of a person target: plain keys, or the blind block tokens."""
    if spec.blind_person is not None:
        return spec.blind_person.blocks
    if spec.person is not None:
        return tuple(blocking_keys(spec.person.norm, spec.person.birth_dates))
    return ()


_KINDS = list(TargetKind)
#: Where bulk-loaded rows' person features are fetched from, by offset in their batch.
PersonSource = Callable[[int], PersonFeatures | BlindPerson]


@dataclass(frozen=True)
class _Bulk:
    start: int
    prefix: str
    source: PersonSource | None
    key_id: str | None


class MemoryRegistry:
    """Columnar in-memory registry: one row per target, keys in `KeyTable` multimaps.

    Rows keep only what matching needs (id, kind, registration, person
    features or CLKs, coordinate); the key texts live hashed in the tables.
    """

    def __init__(self) -> None:
        self.registrations: list[Registration] = []
        self._reg_index: dict[Registration, int] = {}
        self._ids: dict[int, str] = {}  # rows added one by one; bulk rows derive theirs
        self._bulk: list[_Bulk] = []
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
        return len(self._kind)

    def registration_row(self, registration: Registration) -> int:
        row = self._reg_index.get(registration)
        if row is None:
            row = len(self.registrations)
            self.registrations.append(registration)
            self._reg_index[registration] = row
        return row

    def add_target(self, target: Target) -> None:
        spec = target.spec
        row = len(self._kind)
        self._ids[row] = target.id
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
        person_source: PersonSource | None = None,
        key_id: str | None = None,
    ) -> range:
        """Append ``count`` rows at once, loaded from elsewhere (a store, a benchmark).

        Their ids are ``id_prefix`` plus the offset in the batch, and their person
        features (plain, or blind ones made with ``key_id``) come from
        ``person_source(offset)`` when a candidate is scored, as a store-backed
        registry fetches candidates' rows by id. The caller fills the key tables
        (`KeyTable.bulk_load`) with the returned rows.
        """
        start = len(self._kind)
        reg = self.registration_row(registration)
        self._kind.extend(bytes([_KINDS.index(kind)]) * count)
        self._reg.extend(array("i", [reg]) * count)
        self._bulk.append(_Bulk(start, id_prefix, person_source, key_id))
        return range(start, start + count)

    def _target(self, row: int) -> Target:
        target_id = self._ids.get(row)
        person = self._person.get(row)
        blind = self._blind.get(row)
        key_id = self._key_id.get(row)
        if target_id is None:
            bulk = self._bulk[bisect_right(self._bulk, row, key=lambda b: b.start) - 1]
            target_id = f"{bulk.prefix}{row - bulk.start}"
            found = bulk.source(row - bulk.start) if bulk.source is not None else None
            person = found if isinstance(found, PersonFeatures) else None
            blind = found if isinstance(found, BlindPerson) else None
            key_id = bulk.key_id
        spec = TargetSpec(
            kind=_KINDS[self._kind[row]],
            keys=(),
            source_id="",
            point=self._point.get(row),
            person=person,
            blind_person=blind,
            key_id=key_id,
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
        keys = sorted(set(blocks))
        sizes = self.blocks.counts(key_hashes(keys)).tolist()
        usable = [(k, n) for k, n in zip(keys, sizes, strict=True) if 0 < n <= max_block]
        if not usable:
            return []
        rows = np.concatenate([self.blocks.rows(k) for k, _ in usable])
        weights = np.repeat([block_weight(n, max_block) for _, n in usable], [n for _, n in usable])
        rows, where = np.unique(rows, return_inverse=True)
        score = np.bincount(where, weights=weights)
        ok = self._usable_rows(rows, agency, today)
        rows, score = rows[ok], score[ok]
        best = np.lexsort((rows, -score))[:limit]  # highest score, then oldest row
        return [self._target(r) for r in rows[best].tolist()]

    def _usable_rows(self, rows: I64, agency: str, today: date) -> npt.NDArray[np.bool_]:
        """`_usable` of many rows, deciding once per registration."""
        regs = np.frombuffer(self._reg, dtype=np.int32)[rows]
        ids, where = np.unique(regs, return_inverse=True)
        verdict = [
            r.agency != agency and r.is_active(today)
            for r in (self.registrations[i] for i in ids.tolist())
        ]
        return np.array(verdict, dtype=bool)[where]

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
