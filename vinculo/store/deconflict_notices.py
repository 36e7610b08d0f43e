"""Notices in SQL: the two notices of each conflict, read only by their own agency.

A conflict row (the sorted pair of ids, unique) keeps a pair from being
notified twice; each notice row carries only what `Notice` carries (kind,
match, score, the reader's own case and target, the other side's contact).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from vinculo.deconflict.model import MatchKind, Notice, NoticeKind
from vinculo.exc import NotFound
from vinculo.i18n import N_
from vinculo.store.deconflict_tables import deconflict_conflict as conflict_t
from vinculo.store.deconflict_tables import deconflict_notice as notice_t
from vinculo.store.store import aware
from vinculo.store.tables import agency as agency_t


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
        created_at=aware(row.created_at),
        acknowledged_at=aware(row.acknowledged_at) if row.acknowledged_at else None,
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
            raise NotFound(
                N_("no notice {notice_id!r} for agency {agency}"),
                notice_id=notice_id,
                agency=agency,
            )
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
