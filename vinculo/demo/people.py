"""True people: names, papers, phones, homes, cars and accounts.

A person is a pure function of (seed, cell, member, role, kin): any cell can
rebuild the hub of another cell without keeping it in memory, which is what
lets the generator stream a million people and split the work across
processes while staying byte-for-byte deterministic.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from vinculo.demo import ids, names, places
from vinculo.demo.agencies import AGENCIES
from vinculo.demo.places import City
from vinculo.demo.truth import ROLES, Account, Address, Person, Vehicle
from vinculo.demo.util import below, between, pick

MX_BANKS: tuple[tuple[str, str], ...] = (
    ("BBVA México", "012"),
    ("Banamex", "002"),
    ("Santander México", "014"),
    ("Banorte", "072"),
    ("HSBC México", "021"),
    ("Scotiabank México", "044"),
    ("Banco Azteca", "127"),
    ("BanCoppel", "137"),
    ("Inbursa", "036"),
)
US_BANKS: tuple[str, ...] = (
    "Wells Fargo Bank",
    "Bank of America",
    "JPMorgan Chase Bank",
    "Zions Bancorporation",
    "International Bank of Commerce",
    "Texas Community Bank",
    "BBVA USA",
    "Banner Bank",
)
KIN_RELATIONS = ("sibling", "child", "spouse", "cousin", "nephew")


def rng_for(seed: int, *parts: int) -> Random:
    """An independent, reproducible random stream for one part of the world."""
    key = seed & 0xFFFFFFFF
    for part in parts:
        key = (key << 24) | (part & 0xFFFFFF)
    return Random(key)


def make_address(rng: Random, aid: str, city: City) -> Address:
    lat, lon = places.jitter(rng, city)
    if city.country == "mx":
        street = (
            f"{pick(rng, places.MX_STREETS)} {between(rng, 1, 3000)}, "
            f"Col. {pick(rng, places.MX_COLONIAS)}"
        )
        postal = f"{city.postal + 10 * below(rng, 30):05d}"
    else:
        street = f"{between(rng, 100, 9999)} {pick(rng, places.US_STREETS)}"
        postal = f"{city.postal + between(rng, 0, 20):05d}"
    return Address(aid, street, city, postal, lat, lon)


def make_account(rng: Random, aid: str, country: str, when: date) -> Account:
    if country == "mx":
        bank, code = pick(rng, MX_BANKS)
        return Account(aid, bank, ids.clabe(rng, code), "mx", "MXN", when)
    number = f"{between(rng, 10**9, 10**12)}"
    return Account(
        aid, pick(rng, US_BANKS), number, "us", "USD", when, routing=ids.aba_routing(rng)
    )


def _birth(rng: Random, rank: int) -> date:
    oldest, youngest = (1952, 1976) if rank <= 2 else (1965, 2003)
    start = date(oldest, 1, 1)
    return start + timedelta(days=below(rng, (date(youngest, 12, 31) - start).days))


def _kin_names(rng: Random, gender: str, kin: Person, relation: str) -> tuple[str, str]:
    if relation == "sibling":
        return kin.paternal, kin.maternal
    if relation == "child":
        parent_surname = kin.paternal if kin.gender == "male" else kin.maternal
        return parent_surname or names.pick_surname(rng), names.pick_surname(rng)
    if relation == "cousin":
        return kin.paternal, names.pick_surname(rng)
    if relation == "nephew":
        return names.pick_surname(rng), kin.paternal
    return names.pick_surname(rng), names.pick_surname(rng)  # spouse keeps her own


def make_person(
    seed: int,
    cell: int,
    member: int,
    role: str,
    city: City,
    kin: tuple[Person, str] | None = None,
) -> Person:
    """One true person, drawn from their own random stream."""
    rng = rng_for(seed, 1, cell, member)
    rank = ROLES[role][2]
    country = city.country
    gender = (
        "female" if rng.random() < (0.3 if role in ("relative", "front_man") else 0.08) else "male"
    )
    if kin and kin[1] == "spouse":
        gender = "female" if kin[0].gender == "male" else "male"
    origin = rng.random()
    given: tuple[str, ...]
    nationality: tuple[str, ...]
    if country == "us" and origin < 0.15:
        given, paternal = names.pick_anglo(rng, gender)
        maternal, nationality = "", ("us",)
    elif country == "us" and origin < 0.5:
        given = names.pick_mexican_given(rng, gender)[:1]
        paternal, maternal, nationality = names.pick_surname(rng), "", ("us",)
    else:
        given = names.pick_mexican_given(rng, gender)
        paternal, maternal = names.pick_surname(rng), names.pick_surname(rng)
        nationality = ("mx", "us") if country == "us" and rng.random() < 0.2 else ("mx",)
    if kin is not None and maternal:
        paternal, maternal = _kin_names(rng, gender, *kin)
    born = _birth(rng, rank)
    if kin is not None and kin[1] == "child":
        born = max(born, kin[0].birth + timedelta(days=365 * 19 + below(rng, 4000)))
        born = min(born, date(2005, 12, 31))
    if "mx" in nationality and rng.random() < 0.7 and city.country == "mx":
        state_code, birth_place = city.state_code, f"{city.name}, {city.state}"
    elif "mx" in nationality:
        state_code, birth_place = pick(rng, places.OTHER_BIRTH_STATES)
    else:
        state_code, birth_place = city.state_code, f"{city.name}, {city.state}"
    pid = f"tp-{cell}-{member}"
    home = (
        kin[0].address
        if kin and kin[1] in ("spouse", "child") and rng.random() < 0.7
        else make_address(rng, f"ta-{cell}-{member}", city)
    )
    person = Person(
        pid,
        cell,
        member,
        role,
        country,
        gender,
        given,
        paternal,
        maternal,
        born,
        birth_place,
        nationality,
        home,
        [places.phone(rng, city) for _ in range(1 + (rng.random() < 0.35 + 0.1 * (rank < 4)))],
    )
    if rng.random() < (0.95 if rank <= 3 else 0.6) and role != "official":
        person.nickname = names.pick_nickname(rng, gender, given)
    if "mx" in nationality:
        person.curp = ids.curp(paternal, maternal, given, born, gender, state_code, rng)
        person.rfc = ids.rfc_person(paternal, maternal, given, born)
        person.ine = ids.ine_key(person.curp[:4], born, gender, 1 + below(rng, 32), rng)
        if rng.random() < (0.8 if rank <= 3 or country == "us" else 0.3):
            person.passport_mx = ids.mx_passport(rng)
    if "us" in nationality:
        person.passport_us = ids.us_passport(rng) if rng.random() < 0.6 else None
    _possessions(rng, person, city, rank)
    _coverage(rng, person)
    return person


def _possessions(rng: Random, person: Person, city: City, rank: int) -> None:
    cars = int(rng.random() < 0.75) + int(rng.random() < (0.5 if rank <= 3 else 0.15))
    for k in range(cars):
        make, model = pick(rng, places.VEHICLES)
        reg_city = city
        if person.country == "mx" and rng.random() < 0.12:  # chocolate or U.S.-plated car
            reg_city = pick(rng, places.BORDER_US)
        person.vehicles.append(
            Vehicle(
                f"tv-{person.cell}-{person.member}-{k}",
                make,
                model,
                between(rng, 2006, 2025),
                below(rng, len(places.COLORS_EN)),
                places.plate(rng, reg_city),
                reg_city,
            )
        )
    accounts = int(rng.random() < 0.7) + int(rng.random() < (0.6 if rank <= 3 else 0.1))
    if person.group == "finance":
        accounts += 2
    for k in range(accounts):
        country = (
            person.country if rng.random() < 0.8 else ("us" if person.country == "mx" else "mx")
        )
        opened = date(2008, 1, 1) + timedelta(days=below(rng, 5000))
        person.accounts.append(
            make_account(rng, f"tb-{person.cell}-{person.member}-{k}", country, opened)
        )


def _coverage(rng: Random, person: Person) -> None:
    """Which agencies hold this person, how often, and who taps their phones."""
    tapped = []
    for agency in AGENCIES:
        chance = agency.coverage[person.group]
        if agency.country.lower() != person.country:
            chance *= agency.abroad
        if person.rank <= 2 and person.role != "relative":
            chance = max(chance, 0.5 * agency.coverage["top"])
        if person.rank == 1:  # the heads of the organization are everybody's business
            chance = min(1.0, 1.5 * chance)
        if rng.random() < chance:
            person.seen[agency.code] = 2 if rng.random() < agency.duplicate else 1
            if rng.random() < agency.wiretap:
                tapped.append(agency.code)
    person.tapped = frozenset(tapped)
