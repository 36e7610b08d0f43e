"""What deconfliction holds: registrations, targets, events, and the notices it sends.

A notice tells an agency that someone else works the same thing, how sure the
system is, and whom to call. It deliberately has no field that could carry the
other side's case, target, identifiers or plans: the type itself is the
guarantee that nothing else leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from vinculo.exc import InvalidData
from vinculo.i18n import N_


class TargetKind(StrEnum):
    PERSON = "person"
    PHONE = "phone"
    EMAIL = "email"
    VEHICLE = "vehicle"
    ADDRESS = "address"
    BANK_ACCOUNT = "bank_account"
    DOCUMENT = "document"
    IP = "ip"
    ORGANIZATION = "organization"


class EventKind(StrEnum):
    RAID = "raid"
    ARREST = "arrest"
    SURVEILLANCE = "surveillance"
    CONTROLLED_DELIVERY = "controlled_delivery"
    UNDERCOVER_MEETING = "undercover_meeting"

    @classmethod
    def parse(cls, text: str) -> EventKind:
        try:
            return cls(text.strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            allowed = ", ".join(k.value for k in cls)
            raise InvalidData(
                N_("unknown event kind {text!r}; expected one of {allowed}"),
                text=text,
                allowed=allowed,
            ) from None


class NoticeKind(StrEnum):
    TARGET = "target"
    EVENT = "event"


class MatchKind(StrEnum):
    IDENTIFIER = "identifier"
    PERSON = "person"
    OVERLAP = "overlap"


@dataclass(frozen=True)
class Registration:
    """Who registered something and whom the other side should call."""

    agency: str
    case: str
    contact: str
    expires: date | None = None

    def __post_init__(self) -> None:
        for name in ("agency", "case", "contact"):
            if not str(getattr(self, name)).strip():
                raise InvalidData.at(N_("{name} must not be empty"), field=name, name=name)

    def is_active(self, today: date) -> bool:
        """A registration stops matching on the day after its expiry."""
        return self.expires is None or today <= self.expires


@dataclass(frozen=True)
class PersonFeatures:
    """What fuzzy person matching compares, in plain mode.

    ``names`` are as written (the matcher parses "GUZMAN LOERA, Joaquin"
    better than its tokens); ``norm`` holds the normalized token strings that
    blocking, the prefilter and blind encodings use.
    """

    names: tuple[str, ...]
    norm: tuple[str, ...]
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    gender: str | None = None

    def to_ftm(self, entity_id: str) -> dict[str, Any]:
        props: dict[str, list[str]] = {"name": list(self.names)}
        if self.birth_dates:
            props["birthDate"] = list(self.birth_dates)
        if self.countries:
            props["nationality"] = list(self.countries)
        if self.gender:
            props["gender"] = [self.gender]
        return {"id": entity_id, "schema": "Person", "properties": props}


@dataclass(frozen=True)
class BlindPerson:
    """What fuzzy person matching compares, in blind mode: CLKs and keyed tokens.

    One CLK (Bloom filter of character bigrams) per name; keyed tokens of the
    first given name (phonetic code with hypocorisms folded, three-letter
    prefix; two-letter prefix as weak evidence; its one-deletion neighbourhood,
    so that a typo still meets), of the other given names and
    of the surnames; of full birth dates, their years, and their likely typos
    (``dob_alt``: day and month swapped, a day off); and the block tokens.
    """

    clks: tuple[bytes, ...]
    blocks: tuple[str, ...]
    given: tuple[str, ...] = ()
    given_weak: tuple[str, ...] = ()
    given_typo: tuple[str, ...] = ()
    given_other: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    dob_full: tuple[str, ...] = ()
    dob_year: tuple[str, ...] = ()
    dob_alt: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetSpec:
    """One target read from an input line, before it is registered.

    ``keys`` are the exact match keys: plain ``kind:value`` texts, or in blind
    mode HMAC tokens. ``point`` is a coordinate (lat, lon) matched by distance;
    ``probes`` are extra keys to look up but not register (a blind coordinate's
    neighbouring cells). ``source_id`` is the entity id on the agency's side, kept
    so that the agency can tell which of its entities a target id stands for.
    """

    kind: TargetKind
    keys: tuple[str, ...]
    source_id: str
    point: tuple[float, float] | None = None
    probes: tuple[str, ...] = ()
    person: PersonFeatures | None = None
    blind_person: BlindPerson | None = None
    key_id: str | None = None

    @property
    def blind(self) -> bool:
        return self.key_id is not None


@dataclass(frozen=True)
class Target:
    id: str
    spec: TargetSpec
    registration: Registration
    registered_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class Event:
    """A planned operation: a disc on the ground and a time window (UTC)."""

    id: str
    kind: EventKind
    lat: float
    lon: float
    radius_m: float
    start: datetime
    end: datetime
    registration: Registration

    def __post_init__(self) -> None:
        check_event_geometry(self.lat, self.lon, self.radius_m, self.start, self.end)


def check_event_geometry(
    lat: float, lon: float, radius_m: float, start: datetime, end: datetime
) -> None:
    """Collect every problem of an event's place and window before raising."""
    problems = []
    if not -90.0 <= lat <= 90.0:
        problems.append(
            InvalidData.at(N_("latitude {lat} outside [-90, 90]"), field="lat", lat=lat)
        )
    if not -180.0 <= lon <= 180.0:
        problems.append(
            InvalidData.at(N_("longitude {lon} outside [-180, 180]"), field="lon", lon=lon)
        )
    if not radius_m >= 0:
        problems.append(
            InvalidData.at(
                N_("radius {radius_m} m is negative"), field="radius_m", radius_m=radius_m
            )
        )
    if start.tzinfo is None or end.tzinfo is None:
        problems.append(InvalidData.at(N_("start and end need a time zone"), field="start"))
    elif end < start:
        problems.append(InvalidData.at(N_("the window ends before it starts"), field="end"))
    if problems:
        errors = [p for e in problems for p in e.errors]
        raise InvalidData.listing(errors)


@dataclass(frozen=True)
class Conflict:
    """A match between a new registration and an existing one (internal, never shown)."""

    kind: NoticeKind
    match: MatchKind
    score: float
    new: Target | Event
    existing: Target | Event


@dataclass(frozen=True)
class Notice:
    """What one agency is told about one conflict: kind, confidence, whom to call.

    ``own_case`` and ``own_target_id`` are the receiving agency's own; the only
    thing about the other side is ``other_contact``.
    """

    id: str
    agency: str
    kind: NoticeKind
    match: MatchKind
    score: float
    own_case: str
    own_target_id: str
    other_contact: str
    conflict_id: str
    created_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def to_json(self) -> dict[str, Any]:
        """The interface shape of ``vinculo deconflict notices --format json``."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "match": self.match.value,
            "score": round(self.score, 4),
            "own": {"case": self.own_case, "target_id": self.own_target_id},
            "other_contact": self.other_contact,
            "acknowledged": self.acknowledged,
        }
