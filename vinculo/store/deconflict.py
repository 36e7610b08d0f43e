"""Deconfliction in SQL: the `Registry` and `NoticeBook` of `vinculo.deconflict` over the store.

Each lookup is an indexed equality on a key table joined to its target and
registration, filtered in SQL to other agencies and unexpired registrations,
as the checker requires. Reads for a principal (`targets_of`, `notices_of`)
always filter on the principal's own agency: a registration is never shown to
another agency, only its point of contact inside a notice.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update

from vinculo.deconflict.geo import event_keys
from vinculo.deconflict.model import (
    BlindPerson,
    Event,
    EventKind,
    MatchKind,
    Notice,
    NoticeKind,
    PersonFeatures,
    Registration,
    Target,
    TargetKind,
    TargetSpec,
)
from vinculo.deconflict.registry import person_blocks
from vinculo.exc import NotFound
from vinculo.store.deconflict_tables import (
    deconflict_block as block_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_conflict as conflict_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_event as event_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_event_cell as cell_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_key as key_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_notice as notice_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_registration as reg_t,
)
from vinculo.store.deconflict_tables import (
    deconflict_target as target_t,
)
from vinculo.store.tables import agency as agency_t

#: Bound parameters per IN list, below SQLite's limit with room to spare.
CHUNK = 500


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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


def _active(agency: str, today: date) -> Any:
    return and_(agency_t.c.code != agency, or_(reg_t.c.expires.is_(None), reg_t.c.expires >= today))


def _registration(row: Any) -> Registration:
    return Registration(row.agency_code, row.case_ref, row.contact, row.expires)


_REG_COLS = (
    agency_t.c.code.label("agency_code"),
    reg_t.c.case_ref,
    reg_t.c.contact,
    reg_t.c.expires,
)


@dataclass
class SQLRegistry:
    """`Registry` on one connection, registering as ``username``."""

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
            raise NotFound(f"unknown agency {registration.agency!r}")
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

    def _targets(
        self, where: Any, agency: str, today: date, limit: int | None = None
    ) -> list[Target]:
        query = (
            select(target_t, *_REG_COLS)
            .join(reg_t, reg_t.c.id == target_t.c.registration_id)
            .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
            .where(where, _active(agency, today))
            .order_by(target_t.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
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
            out.append(Target(row.id, spec, _registration(row), _aware(row.created_at)))
        return out

    def targets_by_keys(self, keys: Iterable[str], agency: str, today: date) -> list[Target]:
        found: dict[str, Target] = {}
        for chunk in _chunks(sorted(set(keys))):
            ids = select(key_t.c.target_id).where(key_t.c.key.in_(chunk))
            for target in self._targets(target_t.c.id.in_(ids), agency, today):
                found[target.id] = target
        return [found[k] for k in sorted(found)]

    def person_candidates(
        self, blocks: Iterable[str], agency: str, today: date, max_block: int, limit: int
    ) -> list[Target]:
        sizes: list[tuple[int, str]] = []
        for chunk in _chunks(sorted(set(blocks))):
            query = (
                select(block_t.c.block, func.count())
                .where(block_t.c.block.in_(chunk))
                .group_by(block_t.c.block)
            )
            sizes.extend((int(n), b) for b, n in self.conn.execute(query))
        usable = [b for n, b in sorted(sizes) if n <= max_block]
        if not usable:
            return []
        found: dict[str, Target] = {}
        for chunk in _chunks(usable):
            ids = select(block_t.c.target_id).where(block_t.c.block.in_(chunk))
            for target in self._targets(target_t.c.id.in_(ids), agency, today, limit):
                found.setdefault(target.id, target)
            if len(found) >= limit:
                break
        return list(found.values())[:limit]

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
        for chunk in _chunks(sorted(set(keys))):
            ids = select(cell_t.c.event_id).where(cell_t.c.cell.in_(chunk))
            query = (
                select(event_t, *_REG_COLS)
                .join(reg_t, reg_t.c.id == event_t.c.registration_id)
                .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
                .where(event_t.c.id.in_(ids), _active(agency, today))
            )
            for row in self.conn.execute(query):
                found[row.id] = event_from_row(row)
        return [found[k] for k in sorted(found)]


def event_from_row(row: Any) -> Event:
    return Event(
        row.id,
        EventKind(row.kind),
        row.lat,
        row.lon,
        row.radius_m,
        _aware(row.starts_at),
        _aware(row.ends_at),
        _registration(row),
    )


def _notice(row: Any) -> Notice:
    return Notice(
        id=row.id,
        agency=row.agency_code,
        kind=NoticeKind(row.kind),
        match=MatchKind(row.match),
        score=row.score,
        own_case=row.own_case,
        own_target_id=row.own_target_id,
        other_contact=row.other_contact,
        conflict_id=row.conflict_id,
        created_at=_aware(row.created_at),
        acknowledged_at=_aware(row.acknowledged_at) if row.acknowledged_at else None,
        acknowledged_by=row.acknowledged_by,
    )


_NOTICES = select(notice_t, agency_t.c.code.label("agency_code")).join(
    agency_t, agency_t.c.id == notice_t.c.agency_id
)


@dataclass
class SQLNoticeBook:
    """`NoticeBook` on one connection."""

    conn: Connection

    def has_pair(self, a: str, b: str) -> bool:
        lo, hi = sorted((a, b))
        query = select(conflict_t.c.id).where(conflict_t.c.a_id == lo, conflict_t.c.b_id == hi)
        return self.conn.execute(query).first() is not None

    def add(self, pair: str, notices: tuple[Notice, Notice]) -> None:
        lo, _, hi = pair.partition("|")
        first = notices[0]
        self.conn.execute(
            conflict_t.insert().values(
                id=first.conflict_id, a_id=lo, b_id=hi, created_at=first.created_at
            )
        )
        codes = {n.agency for n in notices}
        query = select(agency_t.c.code, agency_t.c.id).where(agency_t.c.code.in_(codes))
        ids = {code: agency_id for code, agency_id in self.conn.execute(query)}
        rows = [
            {
                "id": n.id,
                "conflict_id": n.conflict_id,
                "agency_id": ids[n.agency],
                "kind": n.kind.value,
                "match": n.match.value,
                "score": n.score,
                "own_case": n.own_case,
                "own_target_id": n.own_target_id,
                "other_contact": n.other_contact,
                "created_at": n.created_at,
            }
            for n in notices
        ]
        self.conn.execute(notice_t.insert(), rows)

    def for_agency(self, agency: str) -> list[Notice]:
        query = _NOTICES.where(agency_t.c.code == agency).order_by(
            notice_t.c.created_at, notice_t.c.id
        )
        return [_notice(r) for r in self.conn.execute(query)]

    def get(self, notice_id: str, agency: str) -> Notice:
        row = self.conn.execute(
            _NOTICES.where(notice_t.c.id == notice_id, agency_t.c.code == agency)
        ).first()
        if row is None:
            raise NotFound(f"no notice {notice_id!r} for agency {agency}")
        return _notice(row)

    def acknowledge(self, notice_id: str, agency: str, user: str) -> Notice:
        notice = self.get(notice_id, agency)
        if notice.acknowledged:
            return notice
        self.conn.execute(
            update(notice_t)
            .where(notice_t.c.id == notice_id)
            .values(acknowledged_at=datetime.now(UTC), acknowledged_by=user)
        )
        return self.get(notice_id, agency)

    def open_conflicts(self, agency: str | None = None) -> list[tuple[Notice, Notice]]:
        """Conflicts not acknowledged by both sides; with ``agency``, only those involving it."""
        unacked = select(notice_t.c.conflict_id).where(notice_t.c.acknowledged_at.is_(None))
        query = _NOTICES.where(notice_t.c.conflict_id.in_(unacked)).order_by(
            notice_t.c.created_at, notice_t.c.conflict_id, notice_t.c.id
        )
        pairs: dict[str, list[Notice]] = {}
        for row in self.conn.execute(query):
            pairs.setdefault(row.conflict_id, []).append(_notice(row))
        out = []
        for notices in pairs.values():
            if len(notices) != 2:
                continue
            if agency is not None:
                notices.sort(key=lambda n: n.agency != agency)
                if notices[0].agency != agency:
                    continue
            out.append((notices[0], notices[1]))
        return out


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


def events_of(conn: Connection, agency: str | None) -> list[Event]:
    """An agency's own events, or with ``None`` every event (the system principal only)."""
    query = (
        select(event_t, *_REG_COLS)
        .join(reg_t, reg_t.c.id == event_t.c.registration_id)
        .join(agency_t, agency_t.c.id == reg_t.c.agency_id)
        .order_by(event_t.c.starts_at, event_t.c.id)
    )
    if agency is not None:
        query = query.where(agency_t.c.code == agency)
    return [event_from_row(r) for r in conn.execute(query)]
