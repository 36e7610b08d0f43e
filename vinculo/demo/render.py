"""Turning the true world into each agency's records (FtM entities) and the ground truth.

A record id is a keyed hash of (seed, agency, true id, copy): stable, never
the true id, and computable by any cell without shared state, so a Call in
one cell can point at the DEA record of a boss built in another.
"""

from __future__ import annotations

from bisect import bisect
from datetime import date, timedelta
from hashlib import blake2b
from random import Random
from typing import Any

import orjson

from vinculo.demo import noise
from vinculo.demo.agencies import AGENCIES, MARKING_VARIANTS, Agency, partners
from vinculo.demo.places import COLORS_EN, COLORS_ES
from vinculo.demo.truth import ROLES, Account, Address, Org, Person, Vehicle

Props = dict[str, list[str]]

ROLE_NEIGHBOURS = {
    "lieutenant": "gunman",
    "gunman": "lieutenant",
    "lookout": "gunman",
    "distributor": "courier",
    "courier": "distributor",
    "smuggler": "guide",
    "guide": "smuggler",
    "plaza_boss": "lieutenant",
    "accountant": "launderer",
}
CELL_EN = {
    "Plaza": "{city} plaza",
    "Célula": "{city} cell",
    "Red financiera": "{city} money laundering network",
    "Red de polleros": "{city} smuggling ring",
    "Logística": "{city} logistics cell",
    "Red de protección": "{city} protection network",
}


def _cumulative(weights: list[float]) -> list[float]:
    total, out = sum(weights), []
    running = 0.0
    for w in weights[:-1]:
        running += w / total
        out.append(running)
    return out


_VARIANTS = [(tlp, rel) for tlp, rel, _ in MARKING_VARIANTS]
_VARIANT_CUM = _cumulative([w for _, _, w in MARKING_VARIANTS])
_PARTNERS = {a.code: partners(a) for a in AGENCIES}
_SOURCES = {
    a.code: (_cumulative([s[2] for s in a.sources]), [s[1] for s in a.sources]) for a in AGENCIES
}
_DATE0 = date(2016, 1, 1)
_DATES = [(_DATE0 + timedelta(days=n)).isoformat() for n in range(3470)]  # to mid-2025


class Output:
    """Serialized lines of one chunk of cells, per agency and for the ground truth."""

    def __init__(self) -> None:
        self.lines: dict[str, list[bytes]] = {a.code: [] for a in AGENCIES}
        self.truth: list[bytes] = []
        self.counts: dict[str, int] = dict.fromkeys(self.lines, 0)

    def truth_line(self, data: dict[str, Any]) -> None:
        self.truth.append(orjson.dumps(data))


class Renderer:
    """Writes one cell as seen by every agency; one instance per cell."""

    def __init__(self, seed: int, rng: Random, out: Output) -> None:
        self.seed = seed
        self.rng = rng
        self.out = out
        self.held: set[tuple[str, str]] = set()  # (agency, record id) emitted in this cell
        self._salt = seed.to_bytes(8, "little", signed=False)
        self._rids: dict[tuple[str, str, int], str] = {}

    # -- ids, metadata, emission -------------------------------------------------------
    def rid(self, agency: Agency, true_id: str, copy: int = 0) -> str:
        key = (agency.code, true_id, copy)
        rid = self._rids.get(key)
        if rid is None:
            digest = blake2b(
                f"{agency.code}|{true_id}|{copy}".encode(), digest_size=8, key=self._salt
            ).hexdigest()
            rid = self._rids[key] = f"{agency.code.lower()}-{digest}"
        return rid

    def meta(self, agency: Agency, record: dict[str, Any], after: date | None = None) -> None:
        """Record-level overrides of the dataset defaults, and when it was collected
        (never before the fact it records happened)."""
        random = self.rng.random
        tlp, rel = _VARIANTS[bisect(_VARIANT_CUM, random())]
        if tlp != "default":
            record["marking"] = tlp
            if rel:
                others = _PARTNERS[agency.code]
                rel = rel.format(
                    partner=others[0].country, peer=others[int(random() * len(others))].code
                )
                record["releasability"] = [rel]
            else:
                record["releasability"] = []
        cum, gradings = _SOURCES[agency.code]
        grading = gradings[bisect(cum, random())]
        if grading != agency.grading:
            record["grading"] = grading
        if after is None:
            record["collected"] = _DATES[int(random() * len(_DATES))]
        else:
            offset = (after - _DATE0).days + int(random() * random() * 240)
            record["collected"] = _DATES[min(offset, len(_DATES) - 1)]

    def emit(
        self,
        agency: Agency,
        rid: str,
        schema: str,
        props: Props,
        truth: str,
        after: date | None = None,
    ) -> None:
        record: dict[str, Any] = {"id": rid, "schema": schema, "properties": props}
        self.meta(agency, record, after)
        self.out.lines[agency.code].append(orjson.dumps(record))
        self.out.counts[agency.code] += 1
        self.out.truth_line(
            {
                "kind": "record",
                "record": rid,
                "dataset": agency.dataset,
                "truth": truth,
                "schema": schema,
            }
        )

    def lang(self, agency: Agency, es: str, en: str) -> str:
        return es if agency.lang == "es" else en

    # -- things ----------------------------------------------------------------------
    def address(self, agency: Agency, address: Address) -> str:
        rid = self.rid(agency, address.id)
        if (agency.code, rid) in self.held:
            return rid
        self.held.add((agency.code, rid))
        city = address.city
        accents = self.rng.random() < agency.accents
        text = address.full() if accents else noise.strip_accents(address.full())
        props: Props = {
            "full": [text],
            "city": [city.name if accents else noise.strip_accents(city.name)],
            "country": [city.country],
        }
        if self.rng.random() < 0.6:
            props["street"] = [text.split(",")[0]]
            props["postalCode"] = [address.postal]
            props["region"] = [city.state]
        if self.rng.random() < 0.4:
            props["latitude"] = [f"{address.lat:.5f}"]
            props["longitude"] = [f"{address.lon:.5f}"]
        self.emit(agency, rid, "Address", props, address.id)
        return rid

    def vehicle(self, agency: Agency, vehicle: Vehicle, owner: str) -> str:
        rid = self.rid(agency, vehicle.id)
        if (agency.code, rid) in self.held:
            return rid
        self.held.add((agency.code, rid))
        rng = self.rng
        color = (COLORS_ES if agency.lang == "es" else COLORS_EN)[vehicle.color]
        state = vehicle.city.state if agency.lang == "es" else vehicle.city.abbr
        props: Props = {
            "registrationNumber": [noise.plate_variant(rng, vehicle.plate)],
            "name": [f"{vehicle.make} {vehicle.model} {vehicle.year}"],
            "model": [vehicle.model],
            "country": [vehicle.city.country],
            "owner": [owner],
            "description": [
                self.lang(
                    agency,
                    f"{vehicle.make} {color}, placas de {state}",
                    f"{color} {vehicle.make}, {state} plates",
                )
            ],
        }
        if rng.random() < 0.7:
            props["buildDate"] = [str(vehicle.year)]
        self.emit(agency, rid, "Vehicle", props, vehicle.id)
        return rid

    def account(self, agency: Agency, account: Account, holder: str | None) -> str:
        rid = self.rid(agency, account.id)
        if (agency.code, rid) in self.held:
            return rid
        self.held.add((agency.code, rid))
        props: Props = {
            "accountNumber": [noise.mangle_number(self.rng, account.number, 0.02)],
            "bankName": [account.bank],
            "country": [account.country],
            "currency": [account.currency],
            "openingDate": [account.opened.isoformat()],
        }
        if account.routing:
            props["description"] = [f"ABA {account.routing}"]
        self.emit(agency, rid, "BankAccount", props, account.id)
        if holder is not None:
            link = f"{account.id}-holder"
            self.emit(
                agency,
                self.rid(agency, link),
                "Ownership",
                {
                    "owner": [holder],
                    "asset": [rid],
                    "role": [self.lang(agency, "titular", "account holder")],
                },
                link,
            )
        return rid

    def organization(self, agency: Agency, item: Org, copy: int = 0) -> str:
        rid = self.rid(agency, item.id, copy)
        if (agency.code, rid) in self.held:
            return rid
        self.held.add((agency.code, rid))
        name = item.name
        props: Props = {"country": [item.country]}
        if agency.lang == "en" and item.kind == "cell":  # "Plaza Culiacán" -> "Culiacan plaza"
            for prefix, pattern in CELL_EN.items():
                if name.startswith(prefix + " "):
                    city = noise.strip_accents(name[len(prefix) + 1 :])
                    name = pattern.format(city=city)
                    break
        elif agency.lang == "en" and item.kind == "organization" and self.rng.random() < 0.5:
            props["alias"] = [noise.strip_accents(name)]
            core = name.split(" ", 1)[1].removeprefix("de ").removeprefix("del ")
            name = f"{noise.strip_accents(core).removeprefix('la ')} Cartel"
        props["name"] = [name]
        if item.registration:
            key = "taxNumber" if item.country == "mx" else "registrationNumber"
            props[key] = [item.registration]
        if item.founded and self.rng.random() < 0.7:
            props["incorporationDate"] = [item.founded.isoformat()]
        if item.address is not None:
            props["addressEntity"] = [self.address(agency, item.address)]
        self.emit(agency, rid, item.schema, props, item.id)
        for account in item.accounts:
            if self.rng.random() < agency.finance:
                self.account(agency, account, rid)
        return rid

    # -- people ----------------------------------------------------------------------
    def person(self, agency: Agency, person: Person, copy: int) -> str:
        rng = self.rng
        rid = self.rid(agency, person.id, copy)
        fields = agency.fields
        props = noise.render_name(rng, agency, person)
        if rng.random() < fields["alias"]:
            aliases = noise.render_aliases(rng, agency, person)
            if aliases:
                props["alias"] = aliases
        if rng.random() < fields["birthDate"]:
            props["birthDate"] = noise.render_birth(rng, agency, person.birth)
        if rng.random() < fields["gender"]:
            props["gender"] = [person.gender]
        if rng.random() < fields["nationality"]:
            props["nationality"] = list(person.nationality[: 1 + int(rng.random() < 0.5)])
        if rng.random() < fields["birthPlace"]:
            place = person.birth_place
            props["birthPlace"] = [
                place if rng.random() < agency.accents else noise.strip_accents(place)
            ]
        if person.curp and rng.random() < fields["idNumber"]:
            props["idNumber"] = [person.curp]
        elif person.ine and agency.code == "GN" and rng.random() < 0.3:
            props["idNumber"] = [person.ine]
        if person.rfc and rng.random() < fields["taxNumber"]:
            props["taxNumber"] = [person.rfc]
        passport = (
            person.passport_us
            if agency.country == "US" and person.passport_us
            else person.passport_mx or person.passport_us
        )
        if passport and rng.random() < fields["passportNumber"]:
            props["passportNumber"] = [passport]
        if rng.random() < fields["phone"]:
            props["phone"] = [
                noise.mangle_number(rng, p, 0.03) for p in person.phones if rng.random() < 0.8
            ] or person.phones[:1]
        if rng.random() < fields["address"] and (
            person.address.city.country == agency.country.lower() or rng.random() < 0.4
        ):
            props["addressEntity"] = [self.address(agency, person.address)]
        role = person.role if rng.random() < 0.8 else ROLE_NEIGHBOURS.get(person.role, person.role)
        if rng.random() < 0.7:
            es, en, _, _ = ROLES[role]
            props["position"] = [self.lang(agency, es, en)]
        props["country"] = [person.country]
        self.emit(agency, rid, "Person", props, person.id)
        return rid

    def stub(self, agency: Agency, person: Person, cell: int) -> str:
        """A counterpart the agency does not otherwise hold: a name on a transfer or a
        crossing record, kept per cell so that no record is written twice."""
        rid = self.rid(agency, person.id, 100 + cell)
        if (agency.code, rid) in self.held:
            return rid
        self.held.add((agency.code, rid))
        props = noise.render_name(self.rng, agency, person)
        if agency.code == "CBP":
            props["birthDate"] = [person.birth.isoformat()]
            passport = person.passport_us or person.passport_mx
            if passport:
                props["passportNumber"] = [passport]
            props["nationality"] = list(person.nationality[:1])
        self.emit(agency, rid, "Person", props, person.id)
        return rid

    def ref(self, agency: Agency, person: Person, cell: int, stub: bool) -> str | None:
        """The agency's record of a person: its own file, a stub, or nothing."""
        if person.seen.get(agency.code):
            return self.rid(agency, person.id)
        return self.stub(agency, person, cell) if stub else None
