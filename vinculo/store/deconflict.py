"""Registered targets in SQL, and `SQLRegistry`, the checker's registry over the store.

Each lookup is an indexed equality on a key table (``deconflict_key`` for
identifiers, ``deconflict_block`` for person blocks) joined to its target and
registration, filtered in SQL to other agencies and unexpired registrations,
as the checker requires. Reads for a principal (`targets_of`) always filter on
the principal's own agency: a registration is never shown to another agency,
only its point of contact inside a notice (`vinculo.store.deconflict_notices`).
Events live in `vinculo.store.deconflict_events`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, desc, func, select

from vinculo.deconflict.model import (
    BlindPerson,
    PersonFeatures,
    Target,
    TargetKind,
    TargetSpec,
)
from vinculo.deconflict.registry import block_weight, person_blocks
from vinculo.store.deconflict_base import (
    CHUNK,
    REG_COLS,
    Lock,
    RegistrationRows,
    active_clause,
    chunks,
    lock_registrations,
    registration_of,
)
from vinculo.store.deconflict_events import EventRows, events_of
from vinculo.store.deconflict_notices import SQLNoticeBook
from vinculo.store.deconflict_tables import deconflict_block as block_t
from vinculo.store.deconflict_tables import deconflict_key as key_t
from vinculo.store.deconflict_tables import deconflict_registration as reg_t
from vinculo.store.deconflict_tables import deconflict_target as target_t
from vinculo.store.store import aware
from vinculo.store.tables import agency as agency_t

__all__ = [
    "Lock", "SQLNoticeBook", "SQLRegistry", "TargetRows", "events_of", "lock_registrations",
    "targets_of",
]  # fmt: skip


def person_json(spec: TargetSpec) -> str | None:
    if spec.blind_person is not None:
        data = asdict(spec.blind_person)
        data["clks"] = [base64.b64encode(c).decode() for c in spec.blind_person.clks]
        return json.dumps({"blind": data})
    if spec.person is not None:
        return json.dumps({"plain": asdict(spec.person)})
    return None


def _person_from_json(text: str | None) -> tuple[PersonFeatures | None, BlindPerson | None]:
    if not text:
        return None, None
    data = json.loads(text)
    if "plain" in data:
        raw = data["plain"]
        person = PersonFeatures(
            names=tuple(raw["names"]),
            norm=tuple(raw["norm"]),
            birth_dates=tuple(raw["birth_dates"]),
            countries=tuple(raw["countries"]),
            gender=raw["gender"],
        )
        return person, None
    raw = data["blind"]
    raw["clks"] = [base64.b64decode(c) for c in raw["clks"]]
    return None, BlindPerson(**{k: tuple(v) for k, v in raw.items()})


@dataclass
class TargetRows(RegistrationRows):
    """The target half of `vinculo.deconflict.registry.Registry` over the store."""

    def add_target(self, target: Target) -> None:
        spec = target.spec
        reg_id = self.registration_id(target.registration, spec.blind)
        lat, lon = spec.point if spec.point else (None, None)
        self.conn.execute(
            target_t.insert().values(
                id=target.id,
                registration_id=reg_id,
                kind=spec.kind.value,
                source_id=spec.source_id,
                key_id=spec.key_id,
                person=person_json(spec),
                lat=lat,
                lon=lon,
                created_at=target.registered_at,
            )
        )
        keys = [{"key": k, "target_id": target.id} for k in set(spec.keys)]
        if keys:
            self.conn.execute(key_t.insert(), keys)
        blocks = [{"block": b, "target_id": target.id} for b in set(person_blocks(spec))]
        if blocks:
            self.conn.execute(block_t.insert(), blocks)

    def _targets(self, where: Any, agency: str, today: date) -> list[Target]:
        query = (
            select(target_t, *REG_COLS)
            .join(reg_t, reg_t.c.id == target_t.c.registration_id)
            .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
            .where(where, active_clause(agency, today))
            .order_by(target_t.c.id)
        )
        out = []
        for row in self.conn.execute(query):
            person, blind = _person_from_json(row.person)
            point = (row.lat, row.lon) if row.lat is not None else None
            spec = TargetSpec(
                kind=TargetKind(row.kind),
                keys=(),
                source_id="",
                point=point,
                person=person,
                blind_person=blind,
                key_id=row.key_id,
            )
            out.append(Target(row.id, spec, registration_of(row), aware(row.created_at)))
        return out

    def targets_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Target]:
        found: dict[str, Target] = {}
        for chunk in chunks(sorted(set(keys))):
            ids = select(key_t.c.target_id).where(key_t.c.key.in_(chunk))
            for target in self._targets(target_t.c.id.in_(ids), agency, today):
                found[target.id] = target
        return [found[k] for k in sorted(found)]

    def _block_sizes(self, blocks: list[str], max_block: int) -> list[tuple[int, str]]:
        """(size, block) of each block, counted up to ``max_block + 1`` only, rarest first.

        A common pair (Juan García) may hold a million rows; counting them all
        on every check would cost more than the check.
        """
        sizes: list[tuple[int, str]] = []
        for chunk in chunks(blocks):
            capped = [
                select(func.count())
                .select_from(
                    select(block_t.c.target_id)
                    .where(block_t.c.block == block)
                    .limit(max_block + 1)
                    .subquery()
                )
                .scalar_subquery()
                for block in chunk
            ]
            row = self.conn.execute(select(*capped)).one()
            sizes.extend((int(n), b) for n, b in zip(row, chunk, strict=True) if n)
        return sorted(sizes)

    def person_candidates(
        self, blocks: Iterable[str], agency: str, today: date, max_block: int, limit: int
    ) -> list[Target]:
        sized = self._block_sizes(sorted(set(blocks)), max_block)
        usable = [(n, b) for n, b in sized if n <= max_block][:CHUNK]  # the rarest, if many
        if not usable:
            return []
        weights = {b: block_weight(n, max_block) for n, b in usable}
        score = func.sum(case(weights, value=block_t.c.block, else_=0.0)).label("score")
        ranked = (
            select(block_t.c.target_id, score)
            .join(target_t, target_t.c.id == block_t.c.target_id)
            .join(reg_t, reg_t.c.id == target_t.c.registration_id)
            .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
            .where(block_t.c.block.in_(list(weights)), active_clause(agency, today))
            .group_by(block_t.c.target_id)
            .order_by(desc("score"), block_t.c.target_id)
            .limit(limit)
        )
        rank = {r.target_id: i for i, r in enumerate(self.conn.execute(ranked))}
        found = self._targets(target_t.c.id.in_(list(rank)), agency, today) if rank else []
        return sorted(found, key=lambda t: rank[t.id])


@dataclass
class SQLRegistry(TargetRows, EventRows):
    """`Registry` on one connection, registering as ``username``."""


def targets_of(conn: Connection, agency: str, case: str | None = None) -> list[dict[str, Any]]:
    """An agency's own registered targets (never another agency's)."""
    query = (
        select(target_t.c.id, target_t.c.kind, target_t.c.source_id, reg_t.c.case_ref,
               reg_t.c.expires, reg_t.c.blind, target_t.c.created_at)
        .join(reg_t, reg_t.c.id == target_t.c.registration_id)
        .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
        .where(agency_t.c.code == agency)
        .order_by(target_t.c.created_at, target_t.c.id)
    )  # fmt: skip
    if case is not None:
        query = query.where(reg_t.c.case_ref == case)
    return [dict(r._mapping) for r in conn.execute(query)]
