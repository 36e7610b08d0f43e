"""Criminal-intelligence records rules (28 CFR Part 23 style): review dates and purges.

An agency's holdings on an entity are its statements of that entity. They are
due for review when the entity's review date has passed; without a recorded
review, the date is the first time the agency's statements were seen plus the
review period. A purge deletes the agency's statements of the entity and keeps
only who purged what, when, why and how many statements (never the content).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import and_, delete, func, or_, select

from vinculo.store.store import Store, stored_time, utcnow
from vinculo.store.tables import entity_review, purge_record, retraction, statement


@dataclass(frozen=True)
class Holding:
    """One agency's statements of one entity, with the entity's review state."""

    entity_id: str
    first_seen: datetime
    statements: int
    reviewed_at: datetime | None
    reviewed_by: str | None
    review_due: date


@dataclass(frozen=True)
class Purge:
    id: int
    entity_id: str
    statements: int
    username: str
    reason: str
    created_at: datetime


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_holdings(
    store: Store, agency_id: int, as_of: date, years: int, limit: int = 500
) -> list[Holding]:
    """The agency's holdings due for review on ``as_of``, oldest first."""
    cutoff = datetime.combine(add_years(as_of, -years), time.max, tzinfo=UTC)
    owned = (
        select(
            statement.c.entity_id,
            func.min(statement.c.first_seen).label("first_seen"),
            func.count().label("n"),
        )
        .where(statement.c.agency_id == agency_id)
        .group_by(statement.c.entity_id)
        .subquery()
    )
    q = (
        select(
            owned.c.entity_id,
            owned.c.first_seen,
            owned.c.n,
            entity_review.c.reviewed_at,
            entity_review.c.reviewed_by,
            entity_review.c.review_due,
        )
        .select_from(owned.outerjoin(entity_review, entity_review.c.entity_id == owned.c.entity_id))
        .where(
            or_(
                entity_review.c.review_due <= as_of,
                and_(entity_review.c.entity_id.is_(None), owned.c.first_seen <= cutoff),
            )
        )
        .order_by(owned.c.first_seen, owned.c.entity_id)
        .limit(limit)
    )
    out: list[Holding] = []
    with store.connect() as conn:
        for row in conn.execute(q):
            first = stored_time(row.first_seen)
            assert first is not None
            due = (
                _date(row.review_due)
                if row.review_due is not None
                else add_years(first.date(), years)
            )
            out.append(
                Holding(
                    row.entity_id,
                    first,
                    int(row.n),
                    stored_time(row.reviewed_at),
                    row.reviewed_by,
                    due,
                )
            )
    return out


def agency_statement_count(store: Store, agency_id: int, entity_id: str) -> int:
    with store.connect() as conn:
        q = select(func.count()).where(
            statement.c.agency_id == agency_id, statement.c.entity_id == entity_id
        )
        return int(conn.execute(q).scalar() or 0)


def mark_reviewed(store: Store, entity_id: str, username: str, due: date) -> datetime:
    """Record a review of the entity; the next one is due on ``due``."""
    now = utcnow()
    with store.begin() as conn:
        found = conn.execute(
            select(entity_review.c.entity_id).where(entity_review.c.entity_id == entity_id)
        ).first()
        values = {"reviewed_at": now, "reviewed_by": username, "review_due": due}
        if found is None:
            conn.execute(entity_review.insert().values(entity_id=entity_id, **values))
        else:
            conn.execute(
                entity_review.update().where(entity_review.c.entity_id == entity_id).values(values)
            )
    return now


def purge(store: Store, agency_id: int, entity_id: str, username: str, reason: str) -> Purge:
    """Delete the agency's statements of an entity, and record the purge without its content."""
    now = utcnow()
    with store.begin() as conn:
        ids = select(statement.c.id).where(
            statement.c.agency_id == agency_id, statement.c.entity_id == entity_id
        )
        conn.execute(delete(retraction).where(retraction.c.statement_id.in_(ids)))
        removed = int(
            conn.execute(
                delete(statement).where(
                    statement.c.agency_id == agency_id, statement.c.entity_id == entity_id
                )
            ).rowcount
        )
        left = conn.execute(select(func.count()).where(statement.c.entity_id == entity_id)).scalar()
        if not left:
            conn.execute(delete(entity_review).where(entity_review.c.entity_id == entity_id))
        res = conn.execute(
            purge_record.insert().values(
                entity_id=entity_id,
                statements=removed,
                username=username,
                reason=reason,
                created_at=now,
            )
        )
        purge_id = int(res.inserted_primary_key[0])  # type: ignore[index]
    return Purge(purge_id, entity_id, removed, username, reason, now)


def purges(store: Store, usernames: Sequence[str] | None = None, limit: int = 200) -> list[Purge]:
    """Recorded purges, newest first; ``usernames`` narrows them to those people's."""
    q = select(purge_record).order_by(purge_record.c.id.desc()).limit(limit)
    if usernames is not None:
        q = q.where(purge_record.c.username.in_(usernames))
    with store.connect() as conn:
        return [
            Purge(
                r.id,
                r.entity_id,
                r.statements,
                r.username,
                r.reason,
                stored_time(r.created_at) or utcnow(),
            )
            for r in conn.execute(q)
        ]
