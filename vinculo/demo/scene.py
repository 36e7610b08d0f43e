"""One cell, seen by every agency: people and their things, then links and events.

Also writes the ground truth of the cell: every true entity with its place in
the organization, and every true link, so that resolution and network
analysis can be scored against what really is.
"""

from __future__ import annotations

from vinculo.demo.agencies import AGENCIES, Agency
from vinculo.demo.cells import public_bodies
from vinculo.demo.org import cell_org
from vinculo.demo.people import rng_for
from vinculo.demo.render import Output, Renderer
from vinculo.demo.truth import ROLES, Account, Address, Cell, Event, Link, Org, Person

RELATIONS = {
    "sibling": ("hermano(a)", "sibling"),
    "child": ("hijo(a)", "child"),
    "spouse": ("cónyuge", "spouse"),
    "cousin": ("primo(a)", "cousin"),
    "nephew": ("sobrino(a)", "nephew"),
    "subordinate": ("subordinado de", "works for"),
    "business": ("socio", "business associate"),
    "bribe": ("soborno", "bribe"),
    "structured deposit": ("depósito fraccionado", "structured deposit"),
    "invoice": ("factura simulada", "sham invoice"),
    "proceeds": ("envío de ganancias", "drug proceeds"),
    "shareholder": ("accionista", "shareholder"),
    "cell": ("célula", "cell"),
}
EVENTS = {
    "seizure": ("Aseguramiento", "Seizure"),
    "shooting": ("Enfrentamiento armado", "Shooting"),
    "checkpoint": ("Revisión en puesto de control", "Checkpoint stop"),
    "arrest": ("Detención", "Arrest"),
    "meeting": ("Reunión observada", "Meeting observed"),
    "firearm_trace": ("Rastreo de arma", "Firearm trace"),
    "lab": ("Laboratorio clandestino", "Clandestine laboratory"),
    "stash_house": ("Casa de seguridad", "Stash house"),
    "crossing": ("Cruce fronterizo", "Border crossing"),
}


def render_preamble(seed: int, out: Output) -> None:
    """What every agency knows before any cell: the organization and the public bodies."""
    rng = rng_for(seed, 5, 0)
    renderer = Renderer(seed, rng, out)
    top = cell_org(seed, 0)
    bodies = public_bodies()
    for item in (top, *bodies):
        out.truth_line(
            {
                "kind": item.kind,
                "id": item.id,
                "schema": item.schema,
                "name": item.name,
                "country": item.country,
            }
        )
    for agency in AGENCIES:
        renderer.organization(agency, top)
        for body in bodies:
            renderer.organization(agency, body)


def _truth_person(out: Output, cell: Cell, person: Person) -> None:
    es, en, rank, group = ROLES[person.role]
    out.truth_line(
        {
            "kind": "person",
            "id": person.id,
            "name": person.true_name(),
            "nickname": person.nickname.es if person.nickname else None,
            "role": person.role,
            "role_en": en,
            "role_es": es,
            "rank": rank,
            "group": group,
            "cell": cell.index,
            "cell_kind": cell.kind,
            "organization": cell.org.id,
            "country": person.country,
            "superior": person.superior,
            "birth_date": person.birth.isoformat(),
            "nationality": list(person.nationality),
            "curp": person.curp,
            "rfc": person.rfc,
            "phones": person.phones,
            "address": person.address.id,
            "vehicles": [v.id for v in person.vehicles],
            "accounts": [a.id for a in person.accounts],
        }
    )


def _truth_address(out: Output, address: Address) -> None:
    out.truth_line(
        {
            "kind": "address",
            "id": address.id,
            "full": address.full(),
            "lat": address.lat,
            "lon": address.lon,
        }
    )


def _truth_account(out: Output, account: Account, holder: str) -> None:
    out.truth_line(
        {"kind": "account", "id": account.id, "number": account.number, "holder": holder}
    )
    out.truth_line(
        {
            "kind": "link",
            "id": f"{account.id}-holder",
            "schema": "Ownership",
            "source": holder,
            "target": account.id,
            "label": "account holder",
            "date": account.opened.isoformat(),
        }
    )


def _truth_things(out: Output, cell: Cell) -> None:
    out.truth_line(
        {
            "kind": cell.org.kind,
            "id": cell.org.id,
            "schema": "Organization",
            "name": cell.org.name,
            "country": cell.org.country,
            "cell": cell.index,
            "cell_kind": cell.kind,
            "city": cell.city.name,
        }
    )
    for item in cell.orgs:
        if item.address is not None:
            _truth_address(out, item.address)
        for account in item.accounts:
            _truth_account(out, account, item.id)
        out.truth_line(
            {
                "kind": item.kind,
                "id": item.id,
                "schema": item.schema,
                "name": item.name,
                "country": item.country,
                "cell": cell.index,
            }
        )
    for person in cell.people:
        for v in person.vehicles:
            out.truth_line({"kind": "vehicle", "id": v.id, "plate": v.plate, "owner": person.id})
        for a in person.accounts:
            _truth_account(out, a, person.id)
        if person.address.id == f"ta-{cell.index}-{person.member}":
            _truth_address(out, person.address)
    for link in cell.links:
        out.truth_line(
            {
                "kind": "link",
                "id": link.id,
                "schema": link.schema,
                "source": link.source,
                "target": link.target,
                "label": link.kind,
                "date": link.when.isoformat() if link.when else None,
            }
        )
    for event in cell.events:
        out.truth_line(
            {
                "kind": "event",
                "id": event.id,
                "event": event.kind,
                "date": event.when.isoformat(),
                "people": event.people,
                "lat": event.lat,
                "lon": event.lon,
            }
        )


def render_cell(seed: int, cell: Cell, out: Output) -> None:
    renderer = Renderer(seed, rng_for(seed, 4, cell.index), out)
    for person in cell.people:
        _truth_person(out, cell, person)
    _truth_things(out, cell)
    people = {p.id: p for p in cell.people} | cell.outside
    orgs = {o.id: o for o in cell.orgs}
    candidates = [(link, _candidates(link, people)) for link in cell.links]
    for agency in AGENCIES:
        links = [link for link, codes in candidates if agency.code in codes]
        _agency_view(renderer, agency, cell, people, orgs, links)


_ALL = frozenset(a.code for a in AGENCIES)
_FINANCE = frozenset(a.code for a in AGENCIES if a.finance >= 0.2)


def _candidates(link: Link, people: dict[str, Person]) -> frozenset[str]:
    """Agencies that could record a link at all: a cheap filter before the dice."""
    if link.schema == "Call":
        return people[link.source].tapped | people[link.target].tapped
    ends = [people[x].seen.keys() for x in (link.source, link.target) if x in people]
    if link.schema == "Payment":
        if len(ends) < 2:
            return _FINANCE
        return _FINANCE.intersection(ends[0] | ends[1])
    codes = _ALL
    for end in ends:
        codes = codes.intersection(end)
    return codes


def _agency_view(
    r: Renderer,
    agency: Agency,
    cell: Cell,
    people: dict[str, Person],
    orgs: dict[str, Org],
    links: list[Link],
) -> None:
    rng, code = r.rng, agency.code
    held_people = [p for p in cell.people if p.seen.get(code)]
    for person in held_people:
        rid = r.person(agency, person, 0)
        if person.seen[code] > 1:
            r.person(agency, person, 1)
        for vehicle in person.vehicles:
            if rng.random() < agency.vehicles:
                r.vehicle(agency, vehicle, rid)
        for account in person.accounts:
            if rng.random() < agency.finance:
                r.account(agency, account, rid)
    held_orgs: dict[str, str] = {}
    if cell.index == 0:  # the organization itself, written by the preamble
        held_orgs[cell.org.id] = r.rid(agency, cell.org.id)
    elif held_people and rng.random() < 0.9:
        held_orgs[cell.org.id] = r.organization(agency, cell.org)
    for link in links:
        _link(r, agency, cell, link, people, orgs, held_orgs)
    for event in cell.events:
        if event.kind in agency.events:
            _event(r, agency, cell, event, people)


def _entity_ref(
    r: Renderer,
    agency: Agency,
    cell: Cell,
    true_id: str,
    people: dict[str, Person],
    orgs: dict[str, Org],
    held_orgs: dict[str, str],
    stub: bool,
) -> str | None:
    person = people.get(true_id)
    if person is not None:
        return r.ref(agency, person, cell.index, stub)
    if true_id in held_orgs:
        return held_orgs[true_id]
    item = orgs.get(true_id)
    if item is not None and (stub or r.rng.random() < agency.finance):
        held_orgs[true_id] = r.organization(agency, item)
        return held_orgs[true_id]
    if true_id.startswith("tg-") or true_id == "to-0":
        return r.rid(agency, true_id)  # written by the preamble
    return None


def _link(
    r: Renderer,
    agency: Agency,
    cell: Cell,
    link: Link,
    people: dict[str, Person],
    orgs: dict[str, Org],
    held: dict[str, str],
) -> None:
    rng = r.rng
    label = RELATIONS.get(link.kind)
    if link.schema == "Call":
        caller, receiver = people[link.source], people[link.target]
        if agency.code not in caller.tapped and agency.code not in receiver.tapped:
            return
        props = {
            "callerNumber": [link.source_number],
            "receiverNumber": [link.target_number],
            "date": [link.when.isoformat() if link.when else ""],
            "duration": [str(link.duration)],
        }
        for key, who in (("caller", caller), ("receiver", receiver)):
            ref = r.ref(agency, who, cell.index, False)
            if ref:
                props[key] = [ref]
        r.emit(agency, r.rid(agency, link.id), "Call", props, link.id, link.when)
        return
    if link.schema == "Payment":
        if agency.finance < 0.2 or rng.random() > agency.finance:
            return
        a = _entity_ref(r, agency, cell, link.source, people, orgs, held, False)
        b = _entity_ref(r, agency, cell, link.target, people, orgs, held, False)
        if a is None and b is None:
            return
        a = a or _entity_ref(r, agency, cell, link.source, people, orgs, held, True)
        b = b or _entity_ref(r, agency, cell, link.target, people, orgs, held, True)
        if a is None or b is None:
            return
        props = {
            "payer": [a],
            "beneficiary": [b],
            "amount": [str(link.amount)],
            "currency": [link.currency],
            "date": [link.when.isoformat() if link.when else ""],
        }
        if label:
            props["purpose"] = [r.lang(agency, *label)]
        for key, account in (
            ("payerAccount", link.source_number),
            ("beneficiaryAccount", link.target_number),
        ):
            if account and (agency.code, r.rid(agency, account)) in r.held:
                props[key] = [r.rid(agency, account)]
        r.emit(agency, r.rid(agency, link.id), "Payment", props, link.id, link.when)
        return
    if rng.random() > agency.links:
        return
    a = _entity_ref(r, agency, cell, link.source, people, orgs, held, False)
    b = _entity_ref(r, agency, cell, link.target, people, orgs, held, False)
    if a is None or b is None:
        return
    keys = {
        "Family": ("person", "relative", "relationship"),
        "Associate": ("person", "associate", "relationship"),
        "Membership": ("member", "organization", "role"),
        "Ownership": ("owner", "asset", "role"),
        "Employment": ("employee", "employer", "role"),
    }[link.schema]
    props = {keys[0]: [a], keys[1]: [b]}
    if link.schema == "Membership" and link.kind in ROLES:
        es, en, _, _ = ROLES[link.kind]
        props["role"] = [r.lang(agency, es, en)]
    elif label:
        props[keys[2]] = [r.lang(agency, *label)]
    elif link.kind:
        props[keys[2]] = [link.kind]
    if link.schema == "Ownership" and link.amount:
        props["percentage"] = [str(link.amount)]
    r.emit(agency, r.rid(agency, link.id), link.schema, props, link.id)


def _event(
    r: Renderer, agency: Agency, cell: Cell, event: Event, people: dict[str, Person]
) -> None:
    stub = agency.code == "CBP"
    refs = [ref for pid in event.people if (ref := r.ref(agency, people[pid], cell.index, stub))]
    if not refs and r.rng.random() > 0.3:
        return
    es, en = EVENTS[event.kind]
    where = event.place if event.kind == "crossing" else event.city.name
    name = r.lang(agency, f"{es} en {where}", f"{en}, {where}")
    props = {
        "name": [name],
        "date": [event.when.isoformat()],
        "location": [event.place],
        "country": [event.city.country],
    }
    if refs:
        props["involved"] = refs
    for pid in event.people:
        owner = people[pid]
        owner_ref = r.ref(agency, owner, cell.index, stub) if owner.vehicles else None
        if owner_ref and (stub or agency.vehicles > 0.3):
            vehicle = owner.vehicles[0]
            props.setdefault("involved", []).append(r.vehicle(agency, vehicle, owner_ref))
    if event.amount:
        props["description"] = [event.amount]
    r.emit(agency, r.rid(agency, event.id), "Event", props, event.id, event.when)
