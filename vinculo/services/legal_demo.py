"""The legal part of the demo: the Guzmán Loera worked example and live requests.

The worked example is public and closed (extradited in 2017). To show the
deadline dashboard at work, the demo also opens a few requests on generated
people, dated relative to the day the demo is built, so that some deadlines
fall due within two weeks and one has lapsed.
"""

from __future__ import annotations

from datetime import date, timedelta

from vinculo.access.principal import Principal
from vinculo.demo import Manifest
from vinculo.legal import entities as legal_entities
from vinculo.legal.example import load_history
from vinculo.legal.request import ExtraditionRequest, open_request
from vinculo.legal.state import Country, State
from vinculo.model.marking import Marking
from vinculo.services.demo import Echo
from vinculo.services.legal import Owner, write_entities
from vinculo.services.legal_cases import PUBLIC_AGENCY, ensure_agency, import_history
from vinculo.store import Store, reader

S = State

#: (id, requested state, owning agency, stages as (state, days before today))
LIVE: list[tuple[str, Country, str, list[tuple[State, int]]]] = [
    ("ext-demo-01", "MX", "FGR", [(S.PROVISIONAL_ARREST, 50)]),  # due in 10 days
    ("ext-demo-02", "MX", "FGR", [(S.FORMAL_REQUEST, 40), (S.OBJECTIONS, 1)]),
    (
        "ext-demo-03",
        "US",
        "DEA",
        [
            (S.FORMAL_REQUEST, 120),
            (S.OBJECTIONS, 90),
            (S.JUDICIAL_OPINION, 80),
            (S.EXECUTIVE_DECISION, 52),
        ],
    ),
    ("ext-demo-04", "MX", "FGR", [(S.PROVISIONAL_ARREST, 64)]),  # lapsed 4 days ago
]


def _person_of(store: Store, agency: str, skip: int) -> str | None:
    """A generated person the owning agency itself holds (deterministic for a seed)."""
    info = store.agency(agency)
    viewer = Principal(username=f"demo.{agency.lower()}", agency=agency, country=info.country)
    seen = 0
    for entity in reader.iter_entities(store, viewer, schemata=["Person"]):
        if entity.id.startswith(("ofac-", "vl-")) or agency not in entity.agencies:
            continue
        if seen == skip:
            return entity.id
        seen += 1
    return None


def live_requests(store: Store, today: date) -> list[tuple[ExtraditionRequest, str]]:
    out = []
    for n, (rid, requested, agency, stages) in enumerate(LIVE):
        if store.get_agency(agency) is None:
            continue
        person = _person_of(store, agency, n)
        if person is None:
            continue
        requesting: Country = "US" if requested == "MX" else "MX"
        first, back = stages[0]
        req = open_request(
            id=rid,
            person=person,
            requesting=requesting,
            requested=requested,
            state=first,
            on=today - timedelta(days=back),
            by=f"extradition.{agency.lower()}",
            document="Demo",
            title=f"Demo request {n + 1}: {requesting} → {requested}",
        )
        for state, days in stages[1:]:
            req = req.advance(state, on=today - timedelta(days=days), by=req.history[0].by)
        out.append((req, agency))
    return out


def demo_step(store: Store, manifest: Manifest, echo: Echo) -> None:
    system = Principal.system()
    ensure_agency(store, system, PUBLIC_AGENCY[0])
    added = import_history(store, system, load_history(), PUBLIC_AGENCY[0])
    echo(f"  {'PUBLIC':<7} {'legal (Guzmán Loera)':<22} {added:>17} new statements")
    shared = Marking.parse("AMBER", ["country:US", "country:MX"])
    for req, agency in live_requests(store, date.today()):
        rows = [(legal_entities.request_entity(req), f"demo:{req.id}")]
        for i, step in enumerate(req.history, start=1):
            sid = legal_entities.stage_id(req.id, i)
            rows.append((legal_entities.stage_entity(req.id, i, step, sid), f"demo:{req.id}"))
        write_entities(store, Owner(agency, shared), rows)
    echo(f"  {'':<7} {'extradition requests':<22} {len(LIVE):>7} live, dated from today")
