"""Building one cell of the true world: members, companies, links and events."""

from __future__ import annotations

from random import Random

from vinculo.demo import org, places
from vinculo.demo.ids import ein, rfc_company
from vinculo.demo.names import pick_surname
from vinculo.demo.people import make_account, make_address
from vinculo.demo.places import City
from vinculo.demo.truth import Account, Cell, Event, Org, Person
from vinculo.demo.util import below, between, pick

MX_PREFIXES = (
    "Comercializadora",
    "Transportes",
    "Inmobiliaria",
    "Constructora",
    "Agrícola",
    "Servicios Integrales",
    "Distribuidora",
    "Importadora",
    "Casa de Cambio",
    "Exportadora",
)
MX_CORES = (
    "del Pacífico",
    "Los Álamos",
    "Frontera Norte",
    "El Dorado",
    "Sierra Madre",
    "Santa Fe",
    "del Humaya",
    "Las Palmas",
    "Valle del Fuerte",
    "San Miguel",
)
US_CORES = (
    "Desert Sun",
    "Golden Eagle",
    "Sonoran",
    "Rio Grande",
    "Lone Star",
    "Pacific Coast",
    "Windy City",
    "Southwest",
    "Border Star",
    "Saguaro",
)
US_TRADES = (
    "Auto Sales",
    "Trucking",
    "Produce Distributors",
    "Money Services",
    "Tire Shop",
    "Construction",
    "Imports",
    "Check Cashing",
    "Transport",
)
PUBLIC_BODIES_MX = (
    "Policía Municipal de {city}",
    "Secretaría de Seguridad Pública de {state}",
    "Fiscalía General del Estado de {state}",
    "Agencia Nacional de Aduanas de México, aduana de {city}",
)
PUBLIC_BODIES_US = ("{city} Police Department", "{state} Department of Public Safety")
POSTS_MX = ("comandante", "agente ministerial", "director operativo", "verificador aduanal")
POSTS_US = ("patrol officer", "detective", "sergeant")


def public_bodies() -> list[Org]:
    """Every public body an official may serve in, with stable ids (one per name)."""
    bodies: dict[str, Org] = {}
    for city in (*places.MX_CITIES, *places.US_CITIES):
        patterns = PUBLIC_BODIES_MX if city.country == "mx" else PUBLIC_BODIES_US
        for k, pattern in enumerate(patterns):
            name = pattern.format(city=city.name, state=city.state)
            key = (
                f"tg-{city.state_code}-{k}"
                if "{city}" not in pattern
                else (f"tg-{city.state_code}-{city.postal}-{k}")
            )
            bodies.setdefault(key, Org(key, "PublicBody", name, city.country, "public_body"))
    return list(bodies.values())


def body_for(city: City, rng: Random) -> str:
    patterns = PUBLIC_BODIES_MX if city.country == "mx" else PUBLIC_BODIES_US
    k = below(rng, len(patterns))
    if "{city}" in patterns[k]:
        return f"tg-{city.state_code}-{city.postal}-{k}"
    return f"tg-{city.state_code}-{k}"


def _company(rng: Random, cell: Cell, k: int, city: City) -> Org:
    founded = org.START.replace(year=between(rng, 2005, 2021))
    if city.country == "mx":
        core = pick(rng, MX_CORES) if rng.random() < 0.7 else f"Hermanos {pick_surname(rng)}"
        form = "S.A. de C.V." if rng.random() < 0.75 else "S. de R.L. de C.V."
        name = f"{pick(rng, MX_PREFIXES)} {core}, {form}"
        reg = rfc_company(name, founded)
    else:
        form = "LLC" if rng.random() < 0.8 else "Inc."
        name = f"{pick(rng, US_CORES)} {pick(rng, US_TRADES)} {form}"
        reg = ein(rng)
    company = Org(
        f"tc-{cell.index}-{k}",
        "Company",
        name,
        city.country,
        "company",
        make_address(rng, f"ta-{cell.index}-c{k}", city),
        reg,
        founded,
        sector=name.split(" ")[0],
    )
    for n in range(1 + int(rng.random() < 0.5)):
        company.accounts.append(
            make_account(rng, f"tb-{cell.index}-c{k}-{n}", city.country, founded)
        )
    return company


def _call(cell: Cell, rng: Random, a: Person, b: Person) -> None:
    org.new_link(
        cell,
        "Call",
        a.id,
        b.id,
        when=org.day(rng),
        duration=int(rng.expovariate(1 / 150)) + 5,
        source_number=pick(rng, a.phones),
        target_number=pick(rng, b.phones),
    )


def _pay(
    cell: Cell,
    rng: Random,
    payer: tuple[str, list[Account]],
    payee: tuple[str, list[Account]],
    low: int,
    high: int,
    kind: str,
) -> None:
    src = pick(rng, payer[1]) if payer[1] else None
    dst = pick(rng, payee[1]) if payee[1] else None
    held = dst or src
    currency = held.currency if held is not None else "USD"
    amount = max(low // 4, min(high, int(rng.lognormvariate(0, 0.8) * low))) // 100 * 100
    org.new_link(
        cell,
        "Payment",
        payer[0],
        payee[0],
        when=org.day(rng),
        kind=kind,
        amount=amount,
        currency=currency,
        source_number=src.id if src else "",
        target_number=dst.id if dst else "",
    )


def _party(p: Person | Org) -> tuple[str, list[Account]]:
    return p.id, p.accounts


def build_cell(seed: int, head: org.Header, take: int) -> Cell:
    people, kin_of, rng = org.build_people(seed, head, take)
    cell = Cell(head.cell, head.kind, head.city, org.cell_org(seed, head.cell), people)
    by_id = {p.id: p for p in people}
    boss = people[0]
    for pid, (relative_of, relation) in kin_of.items():
        org.new_link(cell, "Family", relative_of, pid, kind=relation)
    if head.cell:
        chief = org.superior_of_hub(seed, head, rng)
        boss.superior = chief.id
        cell.outside[chief.id] = chief
    for person in people:
        org.new_link(cell, "Membership", person.id, cell.org.id, kind=person.role)
    if head.cell:
        org.new_link(cell, "Membership", cell.org.id, "to-0", kind="cell")
    for person in people:
        if person.superior:
            org.new_link(cell, "Associate", person.id, person.superior, kind="subordinate")
            sup = by_id.get(person.superior) or cell.outside[person.superior]
            for _ in range(between(rng, 1, (4 if person.rank <= 3 else 2) + 1)):
                _call(cell, rng, *((person, sup) if rng.random() < 0.6 else (sup, person)))
        if len(people) > 2 and rng.random() < 0.5:
            peer = pick(rng, people)
            if peer is not person:
                _call(cell, rng, person, peer)
    _money(seed, cell, rng)
    _events(cell, rng)
    return cell


def _money(seed: int, cell: Cell, rng: Random) -> None:
    """Officials on the payroll, front companies and their flows, proceeds sent up."""
    people, boss, head = cell.people, cell.people[0], org.header(seed, cell.index)
    for person in people:
        if person.role == "official":
            body = body_for(person.address.city, rng)
            posts = POSTS_MX if person.country == "mx" else POSTS_US
            org.new_link(cell, "Employment", person.id, body, kind=pick(rng, posts))
            for _ in range(between(rng, 1, 4 + 1)):
                _pay(cell, rng, _party(boss), _party(person), 20_000, 900_000, "bribe")
    if (
        head.kind == "laundering"
        or (head.kind == "logistics" and rng.random() < 0.7)
        or (head.kind == "us_cell" and rng.random() < 0.3)
    ):
        count = between(rng, 3, 6 + 1) if head.kind == "laundering" else 1
        fronts = [p for p in people if p.role in ("front_man", "accountant")] or [boss]
        for k in range(count):
            city = (
                head.city
                if rng.random() < 0.6
                else pick(
                    rng, places.US_CITIES if head.city.country == "mx" else places.PLAZA_CITIES
                )
            )
            company = _company(rng, cell, k, city)
            cell.orgs.append(company)
            owner = pick(rng, fronts)
            org.new_link(
                cell,
                "Ownership",
                owner.id,
                company.id,
                kind="shareholder",
                amount=pick(rng, (50, 51, 60, 99, 100)),
            )
            manager = pick(rng, fronts)
            org.new_link(
                cell,
                "Employment",
                manager.id,
                company.id,
                kind="administrador único" if city.country == "mx" else "manager",
            )
        couriers = [p for p in people if p.role in ("money_courier", "courier")] or [boss]
        companies = [c for c in cell.orgs if c.schema == "Company"]
        for _ in range(len(people) * 2):
            src = pick(rng, couriers)
            _pay(
                cell,
                rng,
                _party(src),
                _party(pick(rng, companies)),
                8_000,
                9_900,
                "structured deposit",
            )
        for _ in range(len(companies) * 2):
            a, b = rng.sample(companies, 2) if len(companies) > 1 else (companies[0], boss)
            _pay(cell, rng, _party(a), _party(b), 50_000, 2_500_000, "invoice")
    if boss.superior and boss.superior in cell.outside:
        chief = cell.outside[boss.superior]
        for _ in range(between(rng, 1, 3 + 1)):
            _pay(cell, rng, _party(boss), _party(chief), 100_000, 5_000_000, "proceeds")
    if head.kind == "us_cell":
        financier = org.earlier(seed, cell.index, ("laundering",), rng)
        if financier is not None:
            launderer = org.hub(seed, financier)
            cell.outside[launderer.id] = launderer
            org.new_link(cell, "Associate", boss.id, launderer.id, kind="business")
            for _ in range(between(rng, 1, 4 + 1)):
                _pay(cell, rng, _party(boss), _party(launderer), 20_000, 500_000, "proceeds")


EVENT_KINDS = {
    "plaza": ("seizure", "shooting", "checkpoint", "arrest", "meeting", "firearm_trace"),
    "logistics": ("lab", "checkpoint", "seizure"),
    "laundering": ("arrest", "meeting"),
    "smuggling": ("stash_house", "crossing", "arrest", "checkpoint"),
    "us_cell": ("seizure", "arrest", "crossing", "firearm_trace", "meeting"),
    "officials": ("meeting", "arrest"),
    "leadership": ("meeting", "shooting"),
}
AMOUNTS = (
    "kg de cocaína",
    "kg de metanfetamina",
    "kg of fentanyl pills",
    "kg de marihuana",
    "USD en efectivo",
    "armas largas",
)


def _events(cell: Cell, rng: Random) -> None:
    kinds = EVENT_KINDS[cell.kind]
    for n in range(max(1, len(cell.people) // 6)):
        kind = pick(rng, kinds)
        city = cell.city
        involved = rng.sample(cell.people, min(len(cell.people), between(rng, 1, 4 + 1)))
        if kind == "crossing":
            travellers = [p for p in cell.people if p.vehicles] or cell.people
            involved = [pick(rng, travellers)]
            port = pick(rng, places.PORTS)
            city = next(c for c in places.US_CITIES if c.state_code == port.state)
            place, lat, lon = port.name, port.lat, port.lon
        else:
            lat, lon = places.jitter(rng, city, 0.08)
            place = (
                involved[0].address.full()
                if kind in ("seizure", "stash_house", "arrest")
                else f"{city.name}, {city.state}"
            )
        vehicles = [v.id for p in involved for v in p.vehicles[:1]]
        amount = ""
        if kind in ("seizure", "lab"):
            amount = f"{between(rng, 2, 900 + 1)} {pick(rng, AMOUNTS)}"
        cell.events.append(
            Event(
                f"te-{cell.index}-{n}",
                kind,
                org.day(rng),
                city,
                place,
                lat,
                lon,
                [p.id for p in involved],
                vehicles,
                amount,
            )
        )
