"""Each agency's open cases, registered targets and planned operations.

They are drawn from the hubs of the first cells, which every agency is most
likely to be working, so that two agencies often target the same boss or
plan operations on the same street the same week: the deconfliction demo.
The ground truth says which target is which true entity.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from random import Random
from typing import Any

import orjson

from vinculo.demo import names, noise, org
from vinculo.demo.agencies import AGENCIES, Agency
from vinculo.demo.people import rng_for
from vinculo.demo.render import Output, Renderer
from vinculo.demo.truth import Person
from vinculo.demo.util import below, between, pick

CASE_FORMATS = {
    "DEA": "R3-{yy}-{n:04d}",
    "FBI": "245D-PX-{n6:06d}",
    "HSI": "PX15PR{yy}PX{n:04d}",
    "CBP": "TECS-{yy}-{n6:06d}",
    "ATF": "786055-{yy}-{n:04d}",
    "FGR": "FED/FEMDO/UEIDCS/{n6:07d}/20{yy}",
    "CNI": "CNI/DGI/{n:04d}/20{yy}",
    "UIF": "UIF/110/F/DGAA/{n:04d}/20{yy}",
    "GN": "GN/CS/{n:04d}/20{yy}",
    "SEDENA": "SDN/S-2/{n:04d}/20{yy}",
}
OP_KINDS = {
    "en": ("search warrant", "arrest warrant", "surveillance", "controlled delivery", "buy-bust"),
    "es": ("cateo", "orden de aprehensión", "vigilancia", "entrega vigilada", "operativo"),
}
PLANNING_START = datetime(2025, 7, 1, 6, 0)  # planned operations fall after the data window


def _contact(rng: Random, agency: Agency) -> dict[str, str]:
    if agency.country == "US":
        given, last = names.pick_anglo(rng, "male" if rng.random() < 0.6 else "female")
        first = given[0]
        phone = f"+1202555{between(rng, 100, 200):04d}"
        title = "SA" if agency.code != "CBP" else "CBPO"
    else:
        first = names.pick_mexican_given(rng, "male" if rng.random() < 0.6 else "female")[0]
        last = names.pick_surname(rng)
        phone = f"+5255{between(rng, 50000000, 60000000)}"
        title = "Lic." if agency.code in ("FGR", "UIF") else "Cmdte."
    handle = noise.strip_accents(f"{first}.{last}".lower().replace(" ", ""))
    return {
        "name": f"{title} {first} {last}",
        "phone": phone,
        "email": f"{handle}@{agency.code.lower()}.example",
    }


def _targets_for(agency: Agency, cells: int, seed: int) -> Iterator[Person]:
    for index in range(1, cells):
        hub = org.hub(seed, index)
        if hub.seen.get(agency.code):
            yield hub


def _window(rng: Random) -> tuple[datetime, datetime]:
    start = PLANNING_START + timedelta(days=below(rng, 120), hours=below(rng, 20))
    return start, start + timedelta(hours=pick(rng, (2, 4, 6, 12, 24, 48)))


def render_ops(seed: int, cells: int, out: Output) -> tuple[list[bytes], list[bytes], list[bytes]]:
    """Cases, targets and operations of every agency, plus their ground truth lines."""
    rng = rng_for(seed, 6, 0)
    renderer = Renderer(seed, rng, out)
    cases: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    ops: list[dict[str, Any]] = []
    first = min(cells, 41)
    for agency in AGENCIES:
        # The bosses of the first cells are everybody's priority, so agencies collide.
        hubs = sorted(
            _targets_for(agency, first, seed), key=lambda h: h.cell + rng.expovariate(1 / 6)
        )
        for n, hub in enumerate(hubs[: between(rng, 2, 4 + 1)]):
            yy = pick(rng, (22, 23, 24, 25))
            case_id = CASE_FORMATS[agency.code].format(
                yy=yy, n=between(rng, 1, 10000), n6=between(rng, 1, 10**6)
            )
            contact = _contact(rng, agency)
            head = org.header(seed, hub.cell)
            title = org.CELL_NAMES[head.kind].format(city=head.city.name)
            cases.append(
                {
                    "id": case_id,
                    "agency": agency.code,
                    "title": title,
                    "opened": f"20{yy}-{between(rng, 1, 13):02d}-01",
                    "status": "open",
                    "contact": contact,
                }
            )
            tid = f"{agency.code.lower()}-t{n}"
            name = noise.render_name(rng, agency, hub)["name"][0]
            entries = [
                ("person", name, hub.id, renderer.rid(agency, hub.id)),
                ("phone", hub.phones[0], hub.id, None),
                ("address", hub.address.full(), hub.address.id, None),
            ]
            if hub.vehicles:
                entries.append(("vehicle", hub.vehicles[0].plate, hub.vehicles[0].id, None))
            if hub.accounts:
                entries.append(("account", hub.accounts[0].number, hub.accounts[0].id, None))
            for k, (kind, value, truth, record) in enumerate(entries):
                target = {
                    "id": f"{tid}-{k}",
                    "agency": agency.code,
                    "case": case_id,
                    "kind": kind,
                    "value": value,
                    "record": record,
                }
                targets.append(target)
                out.truth_line({"kind": "target", "target": target["id"], "truth": truth})
            # Planned operations share a window per hub half of the time, so that
            # agencies working the same boss collide, as they do in real life.
            shared = rng_for(seed, 7, hub.cell)
            for m in range(between(rng, 1, 2 + 1)):
                window = _window(shared if rng.random() < 0.5 else rng)
                lat = hub.address.lat + rng.uniform(-0.003, 0.003)
                lon = hub.address.lon + rng.uniform(-0.003, 0.003)
                op_id = f"{tid}-op{m}"
                ops.append(
                    {
                        "id": op_id,
                        "agency": agency.code,
                        "case": case_id,
                        "kind": pick(rng, OP_KINDS[agency.lang]),
                        "lat": round(lat, 5),
                        "lon": round(lon, 5),
                        "radius": pick(rng, (100, 250, 500, 1000)),
                        "start": window[0].isoformat() + "Z",
                        "end": window[1].isoformat() + "Z",
                        "contact": contact,
                        "targets": [t["id"] for t in targets if t["case"] == case_id],
                    }
                )
                out.truth_line({"kind": "operation", "operation": op_id, "truth": hub.id})
    return (
        [orjson.dumps(c) for c in cases],
        [orjson.dumps(t) for t in targets],
        [orjson.dumps(o) for o in ops],
    )
