"""Deconfliction use cases: register targets and events, read and acknowledge notices.

Shared by the CLI and the web. Each call checks that the principal acts for
its own agency (the system principal may act for any), runs the checker and
the inserts in one transaction, and writes an audit record. A principal only
ever reads its own agency's registrations and notices.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import IO, Any

from vinculo.access.principal import Principal, Role
from vinculo.deconflict.blind import spec_from_token_line
from vinculo.deconflict.checker import CheckSettings
from vinculo.deconflict.engine import Deconflictor
from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.model import Event, EventKind, Notice, Registration, TargetSpec
from vinculo.deconflict.person import Scorer, default_scorer
from vinculo.exc import InvalidData, PermissionDenied, Problem
from vinculo.i18n import N_
from vinculo.services import audit
from vinculo.settings import Settings
from vinculo.store import Store
from vinculo.store import deconflict as repo


def check_settings(settings: Settings) -> CheckSettings:
    """Thresholds from the store's settings where declared (``deconflict_*``), else defaults."""
    base = CheckSettings()

    def get(name: str, default: str) -> str:
        value = getattr(settings, f"deconflict_{name}", None)
        return str(value) if value not in (None, "") else default

    key_ids = get("key_ids", "")
    return CheckSettings(
        person_threshold=float(get("person_threshold", str(base.person_threshold))),
        blind_threshold=float(get("blind_threshold", str(base.blind_threshold))),
        buffer_m=float(get("buffer_m", str(base.buffer_m))),
        buffer=timedelta(minutes=float(get("buffer_minutes", "120"))),
        accepted_key_ids=frozenset(k.strip() for k in key_ids.split(",") if k.strip()) or None,
    )


@cache
def _scorer() -> Scorer:
    return default_scorer()


def acting_agency(principal: Principal, agency: str | None) -> str:
    """The agency the principal acts for; a user may only act for their own."""
    if principal.is_system:
        if not agency:
            raise InvalidData.at(N_("an agency is needed"), field="agency")
        return agency.strip().upper()
    if principal.agency is None:
        raise PermissionDenied(N_("this principal belongs to no agency"))
    if agency and agency.strip().upper() != principal.agency.upper():
        raise PermissionDenied(
            N_("{username} cannot act for agency {agency}"),
            username=principal.username,
            agency=agency,
        )
    return principal.agency


def read_json_lines(stream: IO[str], where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidData.at(
                N_("not JSON: {error}"), file=where, line=number, error=exc.msg
            ) from None
        if not isinstance(data, dict):
            raise InvalidData.at(N_("each line must be a JSON object"), file=where, line=number)
        yield number, data


def parse_specs(
    records: Iterable[tuple[int, dict[str, Any]]], *, blind: bool, where: str
) -> list[TargetSpec]:
    """Every target of the input, or InvalidData listing every bad line (nothing registered)."""
    specs: list[TargetSpec] = []
    problems: list[Problem] = []
    for number, data in records:
        try:
            if not isinstance(data, dict):
                raise InvalidData.at(N_("a line must hold one JSON object"))
            if blind:
                specs.append(spec_from_token_line(data, where))
            elif "tokens" in data and "schema" not in data:
                raise InvalidData.at(N_("a token line needs --blind"), field="tokens")
            else:
                specs.append(target_from_entity(data))
        except InvalidData as exc:
            for p in exc.errors or [Problem(exc.text)]:
                problems.append(Problem(p.text, file=where, line=number, field=p.field))
    if problems:
        raise InvalidData.listing(problems, shown=5)
    if not specs:
        raise InvalidData.at(N_("no targets in the input"), file=where)
    return specs


@dataclass(frozen=True)
class Registered:
    id: str
    source_id: str
    kind: str
    notices: tuple[Notice, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "kind": self.kind,
            "notices": [n.to_json() for n in self.notices],
        }


def _deconflictor(store: Store, conn: Any, principal: Principal) -> Deconflictor:
    return Deconflictor(
        registry=repo.SQLRegistry(conn, principal.username),
        book=repo.SQLNoticeBook(conn),
        settings=check_settings(store.settings),
        scorer=_scorer(),
    )


def register_targets(
    store: Store,
    principal: Principal,
    specs: list[TargetSpec],
    *,
    agency: str | None,
    case: str,
    contact: str,
    expires: date | None = None,
    remote: str | None = None,
) -> list[Registered]:
    """Check and register targets for a case; both sides of each conflict get a notice."""
    code = acting_agency(principal, agency)
    registration = Registration(code, case.strip(), contact.strip(), expires)
    with store.begin() as conn:
        repo.lock_registrations(conn, repo.Lock.TARGETS)  # check and insert as one step
        store.agency(code, conn)
        done = _deconflictor(store, conn, principal).register_targets(registration, specs)
    out = [
        Registered(r.item.id, s.source_id, s.kind.value, r.notices)
        for r, s in zip(done, specs, strict=True)
    ]
    audit.record(
        store,
        principal,
        "deconflict.register",
        target=case,
        detail={
            "agency": code,
            "targets": [r.id for r in out],
            "blind": any(s.blind for s in specs),
            "notices": [n.id for r in out for n in r.notices],
        },
        remote=remote,
    )
    return out


def register_event(
    store: Store,
    principal: Principal,
    *,
    agency: str | None,
    case: str,
    contact: str,
    kind: str,
    lat: float,
    lon: float,
    radius_m: float,
    start: datetime,
    end: datetime,
    expires: date | None = None,
    remote: str | None = None,
) -> Registered:
    code = acting_agency(principal, agency)
    registration = Registration(code, case.strip(), contact.strip(), expires)
    with store.begin() as conn:
        repo.lock_registrations(conn, repo.Lock.EVENTS)
        store.agency(code, conn)
        done = _deconflictor(store, conn, principal).register_event(
            registration, EventKind.parse(kind), lat, lon, radius_m, start, end
        )
    audit.record(
        store,
        principal,
        "deconflict.register_event",
        target=case,
        detail={"agency": code, "event": done.item.id, "notices": [n.id for n in done.notices]},
        remote=remote,
    )
    assert isinstance(done.item, Event)
    return Registered(done.item.id, "", done.item.kind.value, done.notices)


def notices(store: Store, principal: Principal, agency: str | None = None) -> list[Notice]:
    code = acting_agency(principal, agency)
    with store.connect() as conn:
        return repo.SQLNoticeBook(conn).for_agency(code)


def acknowledge(
    store: Store, principal: Principal, notice_id: str, agency: str | None = None,
    remote: str | None = None,
) -> Notice:  # fmt: skip
    code = acting_agency(principal, agency)
    with store.begin() as conn:
        notice = repo.SQLNoticeBook(conn).acknowledge(notice_id, code, principal.username)
    audit.record(
        store, principal, "deconflict.ack", target=notice_id, detail={"agency": code}, remote=remote
    )
    return notice


def open_conflicts(
    store: Store, principal: Principal, agency: str | None = None
) -> list[tuple[Notice, Notice]]:
    """Supervisors' view: conflicts of their agency not yet acknowledged by both sides.

    Each pair is (own notice, other side's notice); of the other side's notice
    only whether it was acknowledged may be shown.
    """
    if not principal.has(Role.SUPERVISOR):
        raise PermissionDenied(N_("only supervisors see open conflicts"))
    code = None if principal.is_system and not agency else acting_agency(principal, agency)
    with store.connect() as conn:
        return repo.SQLNoticeBook(conn).open_conflicts(code)


def my_targets(
    store: Store, principal: Principal, agency: str | None = None
) -> list[dict[str, Any]]:
    code = acting_agency(principal, agency)
    with store.connect() as conn:
        return repo.targets_of(conn, code)


def my_events(
    store: Store, principal: Principal, agency: str | None = None, limit: int = 200
) -> list[Event]:
    """The agency's own operations, latest first."""
    code = acting_agency(principal, agency)
    with store.connect() as conn:
        events = repo.events_of(conn, code)
    return sorted(events, key=lambda e: e.start, reverse=True)[:limit]
