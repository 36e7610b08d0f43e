"""Per-entity analysis: everything the matcher needs, computed once per entity.

Parsing names and normalizing identifiers costs far more than comparing the
results, and a screening run or a benchmark compares each entity many times.
The analysis is cached by the entity's *content* (schema and the properties
the matcher reads), never by its id alone: two records can share an id across
sources, and a stale analysis would silently score the wrong names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from vinculo.names import decode_curp, fold, get_lexicon, parse_org_name, parse_person_name
from vinculo.names.identifiers import identifier_key
from vinculo.names.phonetic import phonetic_key

__all__ = [
    "EntityAnalysis",
    "NameParts",
    "analyze",
    "analyze_key",
    "entity_key",
    "person_name_parts",
    "person_schemata",
    "structured_names",
]

NAME_PROPS = ("name", "alias", "previousName", "abbreviation")
ID_PROPS = {
    "idNumber": None,
    "passportNumber": "passport",
    "taxNumber": None,
    "socialSecurityNumber": "ssn",
    "registrationNumber": "registration",
    "leiCode": "lei",
    "swiftBic": "bic",
    "innCode": "inn",
    "vatCode": "vat",
    "phone": "phone",
    "email": "email",
    "imoNumber": "imo",
}
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "birthCountry")
READ_PROPS = (
    *NAME_PROPS,
    "weakAlias",
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
    "motherName",
    "birthDate",
    "gender",
    *ID_PROPS,
    *COUNTRY_PROPS,
)
person_schemata = frozenset({"Person"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

Date = tuple[int, int | None, int | None]


@dataclass(frozen=True, slots=True)
class NameParts:
    """One written name of an entity, as token tuples by role (core words, no particles)."""

    text: str  # the folded full name
    given: tuple[str, ...]
    paternal: str | None
    maternal: str | None
    initials: tuple[str, ...]
    nicknames: tuple[str, ...]
    tokens: tuple[str, ...]
    phonetic: frozenset[str]
    is_person: bool


@dataclass(frozen=True, slots=True)
class EntityAnalysis:
    """The comparable facts of one entity."""

    schema: str
    is_person: bool
    names: tuple[NameParts, ...]
    nicknames: frozenset[int | str]  # nickname groups (int) or folded nickname (str)
    birth_dates: tuple[Date, ...]
    identifiers: frozenset[str]  # canonical "kind:value"
    strong_ids: frozenset[tuple[str, str]]  # (kind, value) of kinds unique to one person
    countries: frozenset[str]
    gender: str | None
    curp_letters: tuple[str, ...]


def _core(part: str | None) -> str | None:
    if not part:
        return None
    words = [w for w in part.split() if w not in get_lexicon().particles]
    return words[-1] if words else part.split()[-1]


def _nick_code(nick: str) -> int | str:
    group = get_lexicon().nickname_groups.get(nick)
    return group if group is not None else nick


def _person_name(text: str) -> NameParts:
    parsed = parse_person_name(text)
    lex = get_lexicon()
    given_all = [c for c in (_core(g) for g in parsed.given) if c]
    # "GUZMAN, Chapo": a nickname written where the given name goes.
    nicks = [g for g in given_all if g in lex.nickname_groups and not lex.is_given_name(g)]
    given = tuple(g for g in given_all if g not in nicks)
    paternal, maternal = _core(parsed.paternal), _core(parsed.maternal)
    lone = [w for w in (*given, paternal, maternal) if w]
    if len(lone) == 1 and lone[0] in lex.nickname_groups and not lex.is_given_name(lone[0]):
        # "Shorty", "Güero": a one-word name that is a known nickname
        nicks.append(lone[0])
        given, paternal, maternal = (), None, None
    tokens = (*given, *(s for s in (paternal, maternal) if s))
    return NameParts(
        text=fold(text),
        given=given,
        paternal=paternal,
        maternal=maternal,
        initials=parsed.initials,
        nicknames=(*parsed.nicknames, *nicks),
        tokens=tokens,
        phonetic=frozenset(phonetic_key(t) for t in tokens),
        is_person=True,
    )


def person_name_parts(text: str) -> NameParts:
    """One person name, parsed into roles as the matcher reads it."""
    return _person_name(text)


def _org_name(text: str) -> NameParts:
    org = parse_org_name(text)
    tokens = org.tokens
    return NameParts(
        text=org.name,
        given=(),
        paternal=None,
        maternal=org.legal_form,
        initials=(),
        nicknames=(),
        tokens=tokens,
        phonetic=frozenset(phonetic_key(t) for t in tokens),
        is_person=False,
    )


def _parse_date(value: str) -> Date | None:
    m = _DATE.match(value.strip())
    if m is None:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    return (int(m.group(1)), month, day)


def _values(props: Mapping[str, Sequence[str]], prop: str) -> Sequence[str]:
    return props.get(prop, ())


def structured_names(props: Mapping[str, Sequence[str]]) -> list[str]:
    """Names from firstName/lastName/... parts, written "PATERNAL MATERNAL, Given"."""
    given = " ".join(
        v for p in ("firstName", "secondName", "middleName") for v in _values(props, p)
    )
    surnames = " ".join(
        v for p in ("lastName", "fatherName", "motherName") for v in _values(props, p)
    )
    if given and surnames:
        return [f"{surnames}, {given}"]
    return [given or surnames] if (given or surnames) else []


def entity_key(entity: Mapping[str, Any]) -> tuple[Any, ...]:
    """The content key of an entity: schema plus the properties the matcher reads.

    Values are sorted and unique: an entity's analysis, and so its scores, must
    not depend on the order its statements were read in (the database's
    collation, an import's line order). They did: an OFAC entity with seven
    aliases scored 0.40 or 0.31 against the same query depending on it.
    """
    props = entity.get("properties") or {}
    items = []
    for prop in READ_PROPS:
        values = props.get(prop)
        if values:
            clean = tuple(sorted({v for v in values if isinstance(v, str) and v.strip()}))
            if clean:
                items.append((prop, clean))
    return (entity.get("schema", "Thing"), tuple(items))


def analyze(entity: Mapping[str, Any]) -> EntityAnalysis:
    """Analysis of an FtM entity dict (cached by content)."""
    return _analyze(entity_key(entity))


def analyze_key(key: tuple[Any, ...]) -> EntityAnalysis:
    """Analysis of an entity's content key (see :func:`entity_key`), cached."""
    return _analyze(key)


@lru_cache(maxsize=200_000)
def _analyze(key: tuple[Any, ...]) -> EntityAnalysis:
    schema, items = key
    props: dict[str, tuple[str, ...]] = dict(items)
    is_person = schema in person_schemata
    texts = [v for p in NAME_PROPS if p in props for v in props[p]]
    if is_person:
        texts += structured_names(props)
    make = _person_name if is_person else _org_name
    names = tuple(dict.fromkeys(make(t) for t in dict.fromkeys(texts)))
    nick_words = [fold(w) for w in _values(props, "weakAlias")]
    lex = get_lexicon()
    nick_words = [" ".join(w for w in n.split() if w not in lex.articles) for n in nick_words]
    nick_words += [n for name in names for n in name.nicknames]
    dates = {d for v in _values(props, "birthDate") if (d := _parse_date(v))}
    ids: set[str] = set()
    strong: set[tuple[str, str]] = set()
    gender = next(iter(_values(props, "gender")), None)
    curp_letters: list[str] = []
    for prop, kind in ID_PROPS.items():
        for value in props.get(prop, ()):
            ident = identifier_key(value, kind)
            ids.add(f"{ident.kind}:{ident.value}")
            if ident.kind in ("curp", "rfc"):
                strong.add((ident.kind, ident.value))
            if ident.kind == "curp" and (info := decode_curp(ident.value)):
                born = info.birth_date
                dates.add((born.year, born.month, born.day))
                gender = gender or {"H": "male", "M": "female"}.get(info.sex)
                curp_letters.append(info.name_letters)
    countries = {c.lower() for p in COUNTRY_PROPS if p in props for c in props[p]}
    return EntityAnalysis(
        schema=schema,
        is_person=is_person,
        names=names,
        nicknames=frozenset(_nick_code(n) for n in nick_words if n),
        birth_dates=tuple(sorted(dates, key=lambda d: (d[0], d[1] or 0, d[2] or 0))),
        identifiers=frozenset(ids),
        strong_ids=frozenset(strong),
        countries=frozenset(countries),
        gender=gender.lower() if gender else None,
        curp_letters=tuple(curp_letters),
    )
