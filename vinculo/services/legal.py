"""Extradition requests and their deadlines, stored as marked statements.

A request is an ``ExtraditionRequest`` entity and each move an
``ExtraditionStage`` entity (see `vinculo.legal.entities`), written with the
owning agency and marking like any other fact and read back through the
principal-aware reader, so a principal sees only the requests and stages
released to them. The state machine and the deadline rules are those of
`vinculo.legal`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, NotFound, PermissionDenied
from vinculo.i18n import N_
from vinculo.ingest.base import ImportOptions, SourceEntity
from vinculo.ingest.importer import entity_statements
from vinculo.legal import entities as legal_entities
from vinculo.legal.deadline import Deadline, deadlines, due_within
from vinculo.legal.request import ExtraditionRequest, open_request
from vinculo.legal.rules import RuleBook, default_rules
from vinculo.legal.state import Country, State
from vinculo.model.entity import Entity
from vinculo.model.marking import TLP, Grading, Marking
from vinculo.model.statement import SCHEMA_PROP
from vinculo.services import audit
from vinculo.store import StatementWriter, Store, reader
from vinculo.store.store import utcnow


def dataset_for(agency: str) -> str:
    """Each agency's legal facts form its own dataset (a dataset has one owner)."""
    return f"legal_{agency.lower()}"


REQUEST_SCHEMATA = ("ExtraditionRequest", "ExtraditionStage")


@dataclass(frozen=True)
class Owner:
    """Who owns new legal facts, under which marking and grading, in which dataset."""

    agency: str
    marking: Marking
    dataset: str = ""
    grading: Grading = field(default_factory=Grading)

    def __post_init__(self) -> None:
        if not self.dataset:
            object.__setattr__(self, "dataset", dataset_for(self.agency))


def require_officer(principal: Principal) -> None:
    if not principal.has(Role.EXTRADITION_OFFICER):
        raise PermissionDenied(N_("recording legal proceedings needs the extradition officer role"))


def owner_for(principal: Principal, agency: str | None, marking: Marking) -> Owner:
    code = (agency or principal.agency or "").upper()
    if not code:
        raise InvalidData(N_("give the owning agency with --agency"))
    if principal.agency and not principal.is_system and code != principal.agency:
        raise PermissionDenied(N_("you may record facts only for your own agency"))
    return Owner(code, marking)


def stage_owner(principal: Principal, request_agency: str, marking: Marking) -> Owner:
    """Who owns a stage recorded on another agency's request, so both keep seeing it.

    The recording agency owns its stage; the request's owner is added to the
    releasability (an AMBER request released to Mexico, advanced by the FGR,
    stays visible to the DEA that opened it). AMBER+STRICT facts stay with
    their owner.
    """
    agency = principal.agency or request_agency
    if agency == request_agency or marking.tlp in (TLP.CLEAR, TLP.GREEN):
        return Owner(agency, marking)
    if marking.tlp is TLP.AMBER_STRICT:
        return Owner(request_agency, marking)
    return Owner(agency, Marking(marking.tlp, marking.releasable_to | {f"agency:{request_agency}"}))


def write_entities(
    store: Store, owner: Owner, entities: Iterable[tuple[dict[str, object], str]]
) -> int:
    """Validate (FtM entity dict, source record) pairs against the model; write statements."""
    opts = ImportOptions(
        format="legal",
        agency=owner.agency,
        dataset=owner.dataset,
        marking=owner.marking,
        grading=owner.grading,
    )
    with store.begin() as conn:
        writer = StatementWriter(store, conn)
        for data, record in entities:
            for stmt in entity_statements(SourceEntity(data, record), opts):
                writer.add(stmt)
        writer.flush()
        return writer.added


def _group(entities: Iterable[Entity]) -> list[ExtraditionRequest]:
    requests: dict[str, Entity] = {}
    stages: dict[str, list[Entity]] = {}
    for e in entities:
        if e.schema == "ExtraditionRequest":
            requests[e.id] = e
        elif e.schema == "ExtraditionStage":
            for rid in e.get("request"):
                stages.setdefault(rid, []).append(e)
    out = []
    for rid, req in requests.items():
        visible = stages.get(rid, [])
        if visible:
            out.append(legal_entities.request_from_entities(req, visible))
    return out


def list_requests(store: Store, principal: Principal) -> list[ExtraditionRequest]:
    """Every request the principal may see, with the stages they may see."""
    found = reader.iter_entities(store, principal, schemata=REQUEST_SCHEMATA)
    return sorted(_group(found), key=lambda r: r.id)


@dataclass
class RequestPage:
    request: ExtraditionRequest
    entity: Entity
    person: Entity | None
    deadlines: list[Deadline]
    allowed: tuple[State, ...]


def load_request(
    store: Store, principal: Principal, request_id: str
) -> tuple[ExtraditionRequest, Entity]:
    entity = reader.get_entity(store, principal, request_id)
    if entity.schema != "ExtraditionRequest":
        raise NotFound(N_("no extradition request {request_id!r}"), request_id=request_id)
    stage_ids = [
        i
        for i in reader.referencing_ids(store, principal, request_id, limit=10_000)
        if i != request_id
    ]
    stages = [
        s
        for s in reader.get_entities(store, principal, stage_ids)
        if s.schema == "ExtraditionStage"
    ]
    if not stages:
        raise NotFound(N_("no extradition request {request_id!r}"), request_id=request_id)
    return legal_entities.request_from_entities(entity, stages), entity


def get_request(
    store: Store,
    principal: Principal,
    request_id: str,
    *,
    book: RuleBook | None = None,
    remote: str | None = None,
) -> RequestPage:
    from vinculo.legal.state import allowed_next

    req, entity = load_request(store, principal, request_id)
    person = reader.get_entities(store, principal, [req.person])
    audit.record(
        store,
        principal,
        "legal.view",
        target=request_id,
        entity_ids=[request_id, req.person],
        remote=remote,
    )
    return RequestPage(
        req,
        entity,
        person[0] if person else None,
        deadlines(req, book or default_rules()),
        allowed_next(req.requested, req.state),
    )


def open_extradition(
    store: Store,
    principal: Principal,
    *,
    person: str,
    requesting: Country,
    requested: Country,
    state: State,
    on: date,
    owner: Owner,
    document: str | None = None,
    cases: Sequence[str] = (),
    notes: Sequence[str] = (),
    title: str | None = None,
    remote: str | None = None,
) -> ExtraditionRequest:
    require_officer(principal)
    subject = reader.get_entity(store, principal, person)  # NotFound unless visible
    for case_id in cases:
        reader.get_entity(store, principal, case_id)
    req = open_request(
        id=f"ext-{uuid.uuid4().hex[:12]}",
        person=subject.id,
        requesting=requesting,
        requested=requested,
        state=state,
        on=on,
        by=principal.username,
        document=document,
        cases=tuple(cases),
        diplomatic_notes=tuple(notes),
        title=title or f"{subject.caption}: {requesting} → {requested}",
        recorded_at=utcnow(),
    )
    _write_request(store, owner, req)
    audit.record(
        store,
        principal,
        "legal.open",
        target=req.id,
        entity_ids=[req.id, person],
        detail={"state": state.value, "on": on.isoformat()},
        remote=remote,
    )
    return req


def _write_request(store: Store, owner: Owner, req: ExtraditionRequest, first: int = 1) -> None:
    rows: list[dict[str, object]] = []
    if first == 1:
        rows.append(legal_entities.request_entity(req))
    for n, step in enumerate(req.history[first - 1 :], start=first):
        sid = legal_entities.stage_id(req.id, n)
        rows.append(legal_entities.stage_entity(req.id, n, step, sid))
    write_entities(store, owner, [(row, f"legal:{req.id}") for row in rows])


def advance_extradition(
    store: Store,
    principal: Principal,
    request_id: str,
    state: State,
    *,
    on: date,
    document: str | None = None,
    note: str | None = None,
    book: RuleBook | None = None,
    remote: str | None = None,
) -> ExtraditionRequest:
    """Record a move; `vinculo.exc.Conflict` when the law does not allow it."""
    require_officer(principal)
    req, entity = load_request(store, principal, request_id)
    try:
        moved = req.advance(
            state,
            on=on,
            by=principal.username,
            document=document,
            note=note,
            recorded_at=utcnow(),
            rules=book or default_rules(),
        )
    except Exception as exc:
        audit.record(
            store,
            principal,
            "legal.advance",
            target=request_id,
            entity_ids=[request_id],
            detail={"state": state.value, "error": str(exc)},
            outcome="refused",
            remote=remote,
        )
        raise
    head = next(s for s in entity.statements if s.prop == SCHEMA_PROP)
    owner = stage_owner(principal, head.agency, head.marking)
    _write_request(store, owner, moved, first=len(moved.history))
    audit.record(
        store,
        principal,
        "legal.advance",
        target=request_id,
        entity_ids=[request_id, req.person],
        detail={"from": req.state.value, "to": state.value, "on": on.isoformat()},
        remote=remote,
    )
    return moved


def due(
    store: Store,
    principal: Principal,
    *,
    as_of: date,
    days: int,
    book: RuleBook | None = None,
    remote: str | None = None,
) -> list[Deadline]:
    """Deadlines of visible open requests due within ``days`` of ``as_of`` (lapsed too)."""
    found = due_within(
        list_requests(store, principal), as_of=as_of, days=days, book=book or default_rules()
    )
    audit.record(
        store,
        principal,
        "legal.due",
        entity_ids=sorted({d.request for d in found}),
        detail={"as_of": as_of.isoformat(), "days": days, "found": len(found)},
        remote=remote,
    )
    return found


def rules() -> RuleBook:
    return default_rules()
