"""Turn conflicts into notices, two per conflict, and record acknowledgements.

Each side of a conflict gets a notice naming its *own* case and target and the
*other* side's point of contact; both must acknowledge. A conflict stays open
until both have. Notices are kept by a `NoticeBook` (in memory here, in the
store's tables in phase 2); `make_notices` is the one place that decides what
a notice contains.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from vinculo.deconflict.checker import Hit
from vinculo.deconflict.model import Event, Notice, NoticeKind, Target
from vinculo.exc import NotFound, PermissionDenied
from vinculo.i18n import N_


def new_id(prefix: str) -> str:
    """Unguessable ids: a notice or target id must not reveal how many others exist."""
    return f"{prefix}-{secrets.token_hex(8)}"


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def make_notices(new: Target | Event, hit: Hit, now: datetime) -> tuple[Notice, Notice]:
    """The two notices of one conflict: each side learns the other's contact only."""
    other = hit.other
    kind = NoticeKind.EVENT if isinstance(new, Event) else NoticeKind.TARGET
    conflict_id = new_id("c")

    def notice(mine: Target | Event, theirs: Target | Event) -> Notice:
        return Notice(
            id=new_id("n"),
            agency=mine.registration.agency,
            kind=kind,
            match=hit.match,
            score=hit.score,
            own_case=mine.registration.case,
            own_target_id=mine.id,
            other_contact=theirs.registration.contact,
            conflict_id=conflict_id,
            created_at=now,
        )

    return notice(new, other), notice(other, new)


class NoticeBook(Protocol):
    def has_pair(self, a: str, b: str) -> bool: ...

    def add(self, pair: str, notices: tuple[Notice, Notice]) -> None: ...

    def for_agency(self, agency: str) -> list[Notice]: ...

    def acknowledge(self, notice_id: str, agency: str, user: str) -> Notice: ...

    def open_conflicts(self) -> list[tuple[Notice, Notice]]: ...


class MemoryNoticeBook:
    def __init__(self) -> None:
        self._notices: dict[str, Notice] = {}
        self._pairs: dict[str, tuple[str, str]] = {}

    def has_pair(self, a: str, b: str) -> bool:
        return pair_key(a, b) in self._pairs

    def add(self, pair: str, notices: tuple[Notice, Notice]) -> None:
        for n in notices:
            self._notices[n.id] = n
        self._pairs[pair] = (notices[0].id, notices[1].id)

    def for_agency(self, agency: str) -> list[Notice]:
        mine = [n for n in self._notices.values() if n.agency == agency]
        return sorted(mine, key=lambda n: (n.created_at, n.id))

    def acknowledge(self, notice_id: str, agency: str, user: str) -> Notice:
        """Mark one's own notice read; another agency's notice does not exist for the caller."""
        notice = self._notices.get(notice_id)
        if notice is None or notice.agency != agency:
            raise NotFound(
                N_("no notice {notice_id!r} for agency {agency}"),
                notice_id=notice_id,
                agency=agency,
            )
        if notice.acknowledged:
            return notice
        if not user:
            raise PermissionDenied(N_("an acknowledgement needs a user"))
        done = replace(notice, acknowledged_at=datetime.now(UTC), acknowledged_by=user)
        self._notices[notice_id] = done
        return done

    def open_conflicts(self) -> list[tuple[Notice, Notice]]:
        """Conflicts with at least one side that has not acknowledged yet."""
        out = []
        for a, b in self._pairs.values():
            na, nb = self._notices[a], self._notices[b]
            if not (na.acknowledged and nb.acknowledged):
                out.append((na, nb))
        return out
