"""Register targets and events and notify both sides of every conflict at once.

`Deconflictor` is the use case without I/O: a `Registry`, a `NoticeBook` and a
`Checker`. The services layer wraps it with the store, audit and principals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from vinculo.deconflict.checker import Checker, CheckSettings, Hit
from vinculo.deconflict.model import Event, EventKind, Notice, Registration, Target, TargetSpec
from vinculo.deconflict.notices import MemoryNoticeBook, NoticeBook, make_notices, new_id, pair_key
from vinculo.deconflict.person import Scorer, default_scorer
from vinculo.deconflict.registry import MemoryRegistry, Registry


@dataclass(frozen=True)
class Registered:
    """One registered target or event and the notices its registration raised (own side)."""

    item: Target | Event
    notices: tuple[Notice, ...]


@dataclass
class Deconflictor:
    registry: Registry = field(default_factory=MemoryRegistry)
    book: NoticeBook = field(default_factory=MemoryNoticeBook)
    settings: CheckSettings = field(default_factory=CheckSettings)
    scorer: Scorer = field(default_factory=default_scorer)

    @property
    def checker(self) -> Checker:
        return Checker(self.registry, self.settings, self.scorer)

    def register_targets(
        self,
        registration: Registration,
        specs: Iterable[TargetSpec],
        today: date | None = None,
        now: datetime | None = None,
    ) -> list[Registered]:
        """Check then register each target; conflicts are against others' targets only."""
        now = now or datetime.now(UTC)
        today = today or now.date()
        checker = self.checker
        out = []
        for spec in specs:
            target = Target(id=new_id("t"), spec=spec, registration=registration, registered_at=now)
            hits = checker.check_target(spec, registration.agency, today)
            self.registry.add_target(target)
            out.append(Registered(target, self._notify(target, hits, now)))
        return out

    def register_event(
        self,
        registration: Registration,
        kind: EventKind,
        lat: float,
        lon: float,
        radius_m: float,
        start: datetime,
        end: datetime,
        now: datetime | None = None,
    ) -> Registered:
        now = now or datetime.now(UTC)
        event = Event(new_id("e"), kind, lat, lon, radius_m, start, end, registration)
        hits = self.checker.check_event(event, now.date())
        self.registry.add_event(event)
        return Registered(event, self._notify(event, hits, now))

    def _notify(
        self, item: Target | Event, hits: Iterable[Hit], now: datetime
    ) -> tuple[Notice, ...]:
        own = []
        for hit in hits:
            pair = pair_key(item.id, hit.other.id)
            if self.book.has_pair(item.id, hit.other.id):
                continue
            mine, theirs = make_notices(item, hit, now)
            self.book.add(pair, (mine, theirs))
            own.append(mine)
        return tuple(own)

    def notices(self, agency: str) -> list[Notice]:
        return self.book.for_agency(agency)

    def acknowledge(self, notice_id: str, agency: str, user: str) -> Notice:
        return self.book.acknowledge(notice_id, agency, user)
