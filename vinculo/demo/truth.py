"""The true world behind the agencies' records: people, things and links.

These objects never leave the generator except through `ground_truth.jsonl`;
agencies only ever see noisy renderings of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vinculo.demo.names import Nickname
from vinculo.demo.places import City

#: role -> (Spanish label, English label, rank (1 = top), coverage group)
ROLES: dict[str, tuple[str, str, int, str]] = {
    "leader": ("Líder", "Leader", 1, "top"),
    "faction_head": ("Jefe de facción", "Faction head", 1, "top"),
    "security_chief": ("Jefe de seguridad", "Security chief", 2, "top"),
    "finance_chief": ("Operador financiero", "Financial operator", 2, "finance"),
    "lawyer": ("Abogado", "Lawyer", 2, "finance"),
    "plaza_boss": ("Jefe de plaza", "Plaza boss", 2, "plaza"),
    "lieutenant": ("Lugarteniente", "Lieutenant", 3, "plaza"),
    "logistics_chief": ("Jefe de logística", "Logistics chief", 3, "mid"),
    "logistics": ("Logística", "Logistics", 4, "mid"),
    "pilot": ("Piloto", "Pilot", 4, "mid"),
    "chemist": ("Cocinero", "Chemist", 4, "mid"),
    "driver": ("Chofer", "Driver", 5, "foot"),
    "gunman": ("Sicario", "Enforcer", 5, "foot"),
    "lookout": ("Halcón", "Lookout", 6, "foot"),
    "launderer": ("Lavador de dinero", "Money launderer", 3, "finance"),
    "accountant": ("Contador", "Accountant", 4, "finance"),
    "front_man": ("Prestanombres", "Nominee", 5, "finance"),
    "money_courier": ("Mula de dinero", "Money courier", 5, "finance"),
    "smuggling_boss": ("Jefe de pollería", "Smuggling ring leader", 3, "smuggling"),
    "smuggler": ("Pollero", "Human smuggler", 5, "smuggling"),
    "guide": ("Guía", "Guide", 5, "smuggling"),
    "stash_keeper": ("Encargado de casa de seguridad", "Stash house keeper", 4, "smuggling"),
    "cell_leader": ("Jefe de célula", "Cell leader", 3, "us_cell"),
    "distributor": ("Distribuidor", "Distributor", 5, "us_cell"),
    "courier": ("Burrero", "Courier", 5, "us_cell"),
    "straw_buyer": ("Comprador de armas", "Straw purchaser", 6, "us_cell"),
    "official": ("Funcionario corrupto", "Corrupt official", 4, "official"),
    "relative": ("Familiar", "Relative", 6, "foot"),
}


@dataclass(slots=True)
class Address:
    id: str
    street: str
    city: City
    postal: str
    lat: float
    lon: float

    def full(self) -> str:
        c = self.city
        if c.country == "mx":
            return f"{self.street}, {self.postal} {c.name}, {c.abbr}"
        return f"{self.street}, {c.name}, {c.abbr} {self.postal}"


@dataclass(slots=True)
class Vehicle:
    id: str
    make: str
    model: str
    year: int
    color: int  # index into places.COLORS_*
    plate: str
    city: City  # where it is registered


@dataclass(slots=True)
class Account:
    id: str
    bank: str
    number: str
    country: str
    currency: str
    opened: date
    routing: str = ""


@dataclass(slots=True)
class Person:
    id: str
    cell: int
    member: int
    role: str
    country: str  # country of operation
    gender: str
    given: tuple[str, ...]
    paternal: str
    maternal: str
    birth: date
    birth_place: str
    nationality: tuple[str, ...]
    address: Address
    phones: list[str]
    nickname: Nickname | None = None
    curp: str | None = None
    rfc: str | None = None
    ine: str | None = None
    passport_mx: str | None = None
    passport_us: str | None = None
    superior: str | None = None
    vehicles: list[Vehicle] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    #: agency code -> number of records that agency holds (1 or 2)
    seen: dict[str, int] = field(default_factory=dict)
    #: agencies with a wiretap on this person's phones
    tapped: frozenset[str] = frozenset()

    @property
    def rank(self) -> int:
        return ROLES[self.role][2]

    @property
    def group(self) -> str:
        return ROLES[self.role][3]

    def true_name(self) -> str:
        return " ".join((*self.given, self.paternal, self.maternal)).strip()


@dataclass(slots=True)
class Org:
    """The organization, a cell of it, a front company or a public body."""

    id: str
    schema: str  # Organization, Company or PublicBody
    name: str
    country: str
    kind: str  # organization, cell, company, public_body
    address: Address | None = None
    registration: str | None = None
    founded: date | None = None
    sector: str | None = None
    accounts: list[Account] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Link:
    """A true relationship; ``schema`` is the FtM schema of its records."""

    id: str
    schema: str  # Family, Associate, Membership, Call, Payment, Ownership, Employment
    source: str  # person / payer / caller / owner / member / employee
    target: str
    kind: str = ""  # relationship label or role
    when: date | None = None
    duration: int = 0  # seconds (calls)
    amount: int = 0  # payments
    currency: str = ""
    source_number: str = ""  # phone or account id, for calls and payments
    target_number: str = ""


@dataclass(slots=True)
class Event:
    id: str
    kind: str
    when: date
    city: City
    place: str
    lat: float
    lon: float
    people: list[str]
    vehicles: list[str] = field(default_factory=list)
    amount: str = ""


@dataclass(slots=True)
class Cell:
    """Everything true about one cell: what the agencies will partly see."""

    index: int
    kind: str
    city: City
    org: Org
    people: list[Person] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: people of other cells that links of this cell point to
    outside: dict[str, Person] = field(default_factory=dict)
