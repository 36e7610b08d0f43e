"""Generated worlds for the property-based marking tests: agencies, users, marked statements.

Every example writes into the same store with fresh, unique ids (agency codes,
usernames, entity ids, a searchable token), so the expected visibility is
computed over everything written so far (the `Universe`), with an oracle of
the marking rule written here from the documentation, independently of
`vinculo.access.policy`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from vinculo.access.principal import Principal, Role
from vinculo.model.marking import TLP, Grading, Marking
from vinculo.model.statement import SCHEMA_PROP, Statement
from vinculo.store import StatementWriter, Store

_counter = itertools.count(1)


def fresh_token() -> str:
    """A unique lowercase token of fixed length (letters only, so it is one search word)."""
    n = next(_counter)
    digits = f"{n:06d}{random.randrange(26**3):05d}"
    return "zq" + digits.translate(str.maketrans("0123456789", "abcdefghij"))


def oracle_may_see(principal: Principal, owner: str, marking: Marking) -> bool:
    """The documented rule (vinculo/model/marking.py), written again for the test."""
    if principal.is_system:
        return True
    if principal.agency == owner:
        return True
    tokens = {f"user:{principal.username}", f"agency:{principal.agency}"}
    if marking.tlp in (TLP.CLEAR, TLP.GREEN):
        return principal.agency is not None
    if marking.tlp is TLP.AMBER:
        return bool(marking.releasable_to & (tokens | {f"country:{principal.country}"}))
    if marking.tlp is TLP.RED:
        return bool(marking.releasable_to & tokens)
    return False


# --- the shape of one example, drawn by hypothesis -------------------------------------

Recipient = tuple[str, int, int]  # ("country", 0=US/1=MX, 0) | ("agency", i, 0) | ("user", i, k)


@dataclass(frozen=True)
class Holding:
    entity: int
    agency: int
    tlp: TLP
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class Link:
    person: int
    associate: int
    agency: int
    tlp: TLP
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class Shape:
    countries: tuple[str, ...]  # one per agency
    users: tuple[int, ...]  # analysts per agency
    holdings: tuple[Holding, ...]
    links: tuple[Link, ...]


@st.composite
def shapes(draw: Any, max_entities: int = 4) -> Shape:
    n_agencies = draw(st.integers(2, 3))
    countries = tuple(draw(st.sampled_from(["US", "MX"])) for _ in range(n_agencies))
    users = tuple(draw(st.integers(1, 2)) for _ in range(n_agencies))
    recipient = st.one_of(
        st.tuples(st.just("country"), st.integers(0, 1), st.just(0)),
        st.tuples(st.just("agency"), st.integers(0, n_agencies - 1), st.just(0)),
        st.tuples(st.just("user"), st.integers(0, n_agencies - 1), st.integers(0, 1)),
    )
    recipients = st.lists(recipient, max_size=3).map(tuple)
    tlp = st.sampled_from(list(TLP))
    n_entities = draw(st.integers(1, max_entities))
    holdings: list[Holding] = []
    for e in range(n_entities):
        owners = draw(st.lists(st.integers(0, n_agencies - 1), min_size=1, max_size=2, unique=True))
        holdings += [Holding(e, a, draw(tlp), draw(recipients)) for a in owners]
    links: list[Link] = []
    if n_entities > 1:
        for _ in range(draw(st.integers(0, 2))):
            a, b = draw(
                st.lists(st.integers(0, n_entities - 1), min_size=2, max_size=2, unique=True)
            )
            links.append(
                Link(a, b, draw(st.integers(0, n_agencies - 1)), draw(tlp), draw(recipients))
            )
    return Shape(countries, users, tuple(holdings), tuple(links))


# --- what an example writes ------------------------------------------------------------


@dataclass
class World:
    token: str
    agencies: list[str]
    analysts: list[Principal]
    auditors: list[Principal]
    entity_ids: list[str]  # persons, then relationships
    statements: list[Statement]


@dataclass
class Universe:
    """Everything written into one store so far, and what each principal may see of it."""

    statements: list[Statement] = field(default_factory=list)

    def visible(self, p: Principal) -> list[Statement]:
        return [s for s in self.statements if oracle_may_see(p, s.agency, s.marking)]

    def visible_entities(self, p: Principal) -> set[str]:
        return {s.entity_id for s in self.visible(p)}

    def forbidden(self, p: Principal) -> set[str]:
        """Strings that must never reach ``p``: ids and values of what it may not see."""
        seen = self.visible(p)
        seen_ids = {s.id for s in seen}
        seen_entities = {s.entity_id for s in seen}
        named = {s.value for s in seen if s.prop_type == "entity"}  # released references
        out: set[str] = set()
        for s in self.statements:
            if s.id in seen_ids:
                continue
            out.add(s.id)
            if s.prop == "name":
                out.add(s.value.split()[-1])  # the statement's unique marker word
            if s.entity_id not in seen_entities and s.entity_id not in named:
                out.add(s.entity_id)
        return out


def _recipients(
    spec: tuple[Recipient, ...], agencies: list[str], users: list[list[str]]
) -> frozenset[str]:
    out = set()
    for kind, i, k in spec:
        if kind == "country":
            out.add(f"country:{('US', 'MX')[i]}")
        elif kind == "agency":
            out.add(f"agency:{agencies[i]}")
        else:
            names = users[i]
            out.add(f"user:{names[k % len(names)]}")
    return frozenset(out)


def build(store: Store, shape: Shape, universe: Universe) -> World:
    """Create the example's agencies, users and statements in ``store``."""
    token = fresh_token()
    agencies: list[str] = []
    analysts: list[list[str]] = []
    auditors: list[Principal] = []
    for i, country in enumerate(shape.countries):
        code = f"{token[2:8].upper()}{i}"
        store.add_agency(code, country, f"agency {code}")
        agencies.append(code)
        names = [f"{token}.u{i}{k}" for k in range(shape.users[i])]
        for name in names:
            store.add_user(name, code, name, None, frozenset({Role.ANALYST}))
        analysts.append(names)
        auditor = f"{token}.aud{i}"
        store.add_user(auditor, code, auditor, None, frozenset({Role.AUDITOR}))
        auditors.append(store.user(auditor).principal())
    statements: list[Statement] = []
    person_ids = sorted({h.entity for h in shape.holdings})
    ids = {e: f"ent-{token}-p{e:02d}-x" for e in person_ids}
    n = 0
    for h in shape.holdings:
        owner = agencies[h.agency]
        mark = Marking(h.tlp, _recipients(h.recipients, agencies, analysts))
        for prop, value in (
            (SCHEMA_PROP, ids[h.entity]),
            ("name", f"{token} mk{token}n{n:03d}q"),
        ):
            statements.append(_stmt(ids[h.entity], "Person", prop, value, owner, mark))
            n += 1
    rel_ids: list[str] = []
    for j, link in enumerate(shape.links):
        rid = f"ent-{token}-r{j:02d}-x"
        rel_ids.append(rid)
        owner = agencies[link.agency]
        mark = Marking(link.tlp, _recipients(link.recipients, agencies, analysts))
        statements.append(_stmt(rid, "Associate", SCHEMA_PROP, rid, owner, mark))
        statements.append(_stmt(rid, "Associate", "person", ids[link.person], owner, mark))
        statements.append(_stmt(rid, "Associate", "associate", ids[link.associate], owner, mark))
    with store.begin() as conn:
        writer = StatementWriter(store, conn)
        for s in statements:
            writer.add(s)
        writer.flush()
    universe.statements.extend(statements)
    return World(
        token=token,
        agencies=agencies,
        analysts=[store.user(u).principal() for names in analysts for u in names],
        auditors=auditors,
        entity_ids=[ids[e] for e in person_ids] + rel_ids,
        statements=statements,
    )


def _stmt(
    entity_id: str, schema: str, prop: str, value: str, agency: str, mark: Marking
) -> Statement:
    prop_type = {"name": "name", SCHEMA_PROP: "id", "person": "entity", "associate": "entity"}
    return Statement(
        entity_id=entity_id,
        schema=schema,
        prop=prop,
        value=value,
        dataset=f"{agency.lower()}_intel",
        agency=agency,
        prop_type=prop_type[prop],
        grading=Grading.parse("B2"),
        marking=mark,
        source_record=f"{agency.lower()}:{entity_id}",
    )


def leaks(text: str, forbidden: set[str]) -> list[str]:
    """The forbidden strings that occur in ``text``."""
    return sorted(f for f in forbidden if f in text)
