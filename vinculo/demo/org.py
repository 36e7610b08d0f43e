"""The true organization: its cells, their members and what links them.

Cell 0 is the leadership. Every other cell is a plaza, a logistics cell, a
laundering network, a smuggling ring or a U.S. distribution cell, and hangs
from the leadership through its hub (member 0), whose superior or supplier
sits in cell 0 or in an earlier cell. A cell's header (kind, city, roles) and
its hub are pure functions of the seed, so a cell can be built alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from random import Random
from typing import NamedTuple

from vinculo.demo import places
from vinculo.demo.people import KIN_RELATIONS, make_person, rng_for
from vinculo.demo.places import City
from vinculo.demo.truth import Cell, Link, Org, Person
from vinculo.demo.util import below, between, pick

ORG_NAMES = (
    "Cártel de la Sierra Madre",
    "Organización del Noroeste",
    "Cártel de Los Altos",
    "Organización Pacífico-Frontera",
)
#: The first cells follow this order, so that even a small scenario has every kind.
OPENING = (
    "plaza",
    "us_cell",
    "laundering",
    "smuggling",
    "logistics",
    "plaza",
    "us_cell",
    "plaza",
    "officials",
)
KIND_WEIGHTS = (
    ("plaza", 30),
    ("us_cell", 30),
    ("laundering", 10),
    ("smuggling", 12),
    ("logistics", 12),
    ("officials", 6),
)
CELL_NAMES = {
    "leadership": "Dirección",
    "plaza": "Plaza {city}",
    "us_cell": "Célula {city}",
    "laundering": "Red financiera {city}",
    "smuggling": "Red de polleros {city}",
    "logistics": "Logística {city}",
    "officials": "Red de protección {city}",
}
START = date(2021, 1, 1)  # the scenario's window of activity
SPAN = 1640  # days, up to mid-2025


class Header(NamedTuple):
    cell: int
    kind: str
    city: City
    roles: tuple[str, ...]


def _counts(rng: Random, spec: tuple[tuple[str, int, int], ...]) -> tuple[str, ...]:
    out: list[str] = []
    for role, low, high in spec:
        out.extend([role] * between(rng, low, high + 1))
    return tuple(out)


_SPECS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "leadership": (
        ("leader", 1, 1),
        ("faction_head", 3, 3),
        ("security_chief", 1, 1),
        ("finance_chief", 1, 1),
        ("lawyer", 1, 1),
        ("relative", 3, 3),
        ("gunman", 4, 4),
    ),
    "plaza": (
        ("plaza_boss", 1, 1),
        ("lieutenant", 2, 4),
        ("logistics", 1, 2),
        ("driver", 1, 3),
        ("gunman", 4, 12),
        ("lookout", 3, 10),
        ("official", 1, 3),
        ("relative", 0, 2),
    ),
    "logistics": (
        ("logistics_chief", 1, 1),
        ("pilot", 0, 2),
        ("chemist", 1, 4),
        ("driver", 3, 8),
        ("logistics", 2, 4),
        ("stash_keeper", 1, 2),
    ),
    "laundering": (
        ("launderer", 1, 1),
        ("accountant", 1, 3),
        ("front_man", 2, 6),
        ("money_courier", 2, 6),
        ("relative", 0, 1),
    ),
    "smuggling": (
        ("smuggling_boss", 1, 1),
        ("smuggler", 3, 8),
        ("guide", 2, 5),
        ("stash_keeper", 1, 3),
        ("driver", 2, 5),
    ),
    "us_cell": (
        ("cell_leader", 1, 1),
        ("stash_keeper", 1, 2),
        ("distributor", 4, 15),
        ("courier", 2, 6),
        ("straw_buyer", 0, 3),
        ("official", 0, 1),
        ("relative", 0, 2),
    ),
    "officials": (("lieutenant", 1, 1), ("official", 4, 10), ("money_courier", 1, 2)),
}
_US_SIDE = frozenset({"stash_keeper", "driver"})  # smuggling roles on the U.S. side


@lru_cache(maxsize=4096)
def header(seed: int, index: int) -> Header:
    """Kind, base city and roles of a cell, from the cell's own random stream."""
    rng = rng_for(seed, 2, index)
    if index == 0:
        city = next(c for c in places.MX_CITIES if c.name == "Culiacán")
        return Header(0, "leadership", city, _counts(rng, _SPECS["leadership"]))
    if index <= len(OPENING):
        kind = OPENING[index - 1]
    else:
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        kind = rng.choices(kinds, weights)[0]
    if kind == "us_cell":
        city = pick(rng, places.US_CITIES)
    elif kind == "smuggling":
        city = pick(rng, places.BORDER_MX)
    elif kind == "laundering" and rng.random() < 0.4:
        city = pick(rng, places.US_CITIES)
    else:
        city = pick(rng, places.PLAZA_CITIES)
    return Header(index, kind, city, _counts(rng, _SPECS[kind]))


def plan(seed: int, people: int) -> Iterator[tuple[Header, int]]:
    """Cells in order with how many of their members to build (the last one may be cut)."""
    left, index = people, 0
    while left > 0:
        head = header(seed, index)
        take = min(left, len(head.roles))
        yield head, take
        left -= take
        index += 1


def member_city(head: Header, role: str, rng: Random) -> City:
    if head.kind == "smuggling" and role in _US_SIDE:
        return pick(rng, places.BORDER_US)
    return head.city


@lru_cache(maxsize=4096)
def hub(seed: int, index: int) -> Person:
    """Member 0 of a cell (its boss), rebuilt on demand by any later cell."""
    head = header(seed, index)
    return make_person(seed, index, 0, head.roles[0], head.city)


def leadership_member(seed: int, member: int) -> Person:
    head = header(seed, 0)
    return make_person(seed, 0, member, head.roles[member], head.city)


def earlier(seed: int, index: int, kinds: tuple[str, ...], rng: Random) -> int | None:
    """A recent earlier cell of one of ``kinds``: a supplier or a financier."""
    found = [c for c in range(max(1, index - 24), index) if header(seed, c).kind in kinds]
    return pick(rng, found) if found else None


def superior_of_hub(seed: int, head: Header, rng: Random) -> Person:
    """Plazas answer to a faction head; other cells to a plaza or the finance chief."""
    if head.kind in ("plaza", "logistics", "officials"):
        return leadership_member(seed, 1 + head.cell % 3)
    if head.kind == "laundering":
        return leadership_member(seed, 5)
    supplier = earlier(seed, head.cell, ("plaza", "logistics"), rng)
    if supplier is None:
        return leadership_member(seed, 1 + head.cell % 3)
    return hub(seed, supplier)


def cell_org(seed: int, index: int) -> Org:
    head = header(seed, index)
    if index == 0:
        name = ORG_NAMES[seed % len(ORG_NAMES)]
        return Org("to-0", "Organization", name, "mx", "organization")
    name = CELL_NAMES[head.kind].format(city=head.city.name)
    return Org(f"to-{index}", "Organization", name, head.city.country, "cell")


def day(rng: Random) -> date:
    return START + timedelta(days=below(rng, SPAN))


def build_people(
    seed: int, head: Header, take: int
) -> tuple[list[Person], dict[str, tuple[str, str]], Random]:
    """The members of a cell with their superiors; also who is kin of whom, and the
    cell's own random stream for what follows."""
    rng = rng_for(seed, 3, head.cell)
    people: list[Person] = [hub(seed, head.cell)] if head.cell else []
    kin_of: dict[str, tuple[str, str]] = {}
    lieutenants: list[Person] = []
    for member, role in enumerate(head.roles[:take]):
        if member == 0 and head.cell:
            continue
        kin: tuple[Person, str] | None = None
        boss = people[0] if people else None
        if boss is not None and (
            role == "relative" or (role == "lieutenant" and rng.random() < 0.2)
        ):
            relation = pick(rng, KIN_RELATIONS) if role == "relative" else "sibling"
            kin = (boss, relation)
        person = make_person(seed, head.cell, member, role, member_city(head, role, rng), kin)
        if kin is not None:
            kin_of[person.id] = (kin[0].id, kin[1])
        if boss is not None and role not in ("official", "relative"):
            chief = pick(rng, lieutenants) if lieutenants and person.rank >= 5 else boss
            person.superior = chief.id
        if role == "lieutenant":
            lieutenants.append(person)
        people.append(person)
    return people, kin_of, rng


def link_id(cell: int, n: int) -> str:
    return f"tl-{cell}-{n}"


def new_link(cell: Cell, schema: str, source: str, target: str, **kw: object) -> Link:
    link = Link(link_id(cell.index, len(cell.links)), schema, source, target)
    for key, value in kw.items():
        setattr(link, key, value)
    cell.links.append(link)
    return link
