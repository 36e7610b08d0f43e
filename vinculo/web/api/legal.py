"""The legal REST API: rules, deadlines, extradition requests, cases, timelines."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from vinculo.legal.dates import parse_date, parse_window
from vinculo.legal.state import State
from vinculo.model.marking import Marking
from vinculo.services import legal as legal_service
from vinculo.services import legal_cases
from vinculo.services.legal_json import case_json, deadline_json, event_json, request_json
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller

router = APIRouter(prefix="/api/legal", tags=["legal"])


async def reader(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("read")
    return caller


async def writer(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("write")
    return caller


@router.get("/rules")
def api_rules(caller: Annotated[Caller, Depends(reader)]) -> list[dict[str, Any]]:
    """Every deadline rule with its legal source."""
    return [
        {
            "id": r.id,
            "requested": r.requested,
            "states": [s.value for s in r.states],
            "period": {"count": r.count, "unit": r.unit.value},
            "start": r.start.describe(),
            "on_expiry": r.on_expiry.value if r.on_expiry else None,
            "action": {"en": r.action, "es": r.action_es},
            "sources": list(r.sources),
            "note": r.note,
        }
        for r in legal_service.rules().rules
    ]


@router.get("/due")
def api_due(
    request: Request,
    caller: Annotated[Caller, Depends(reader)],
    within: Annotated[str, Query(max_length=8)] = "14d",
    as_of: Annotated[str | None, Query(max_length=10)] = None,
) -> list[dict[str, Any]]:
    """Deadlines due within the window as of a date (lapsed ones included)."""
    day = parse_date(as_of, field="as_of") if as_of else date.today()
    found = legal_service.due(
        store_of(request),
        caller.principal,
        as_of=day,
        days=parse_window(within),
        remote=client_ip(request),
    )
    return [deadline_json(d, day) for d in found]


@router.get("/extradition")
def api_requests(
    request: Request, caller: Annotated[Caller, Depends(reader)]
) -> list[dict[str, Any]]:
    return [
        request_json(r) for r in legal_service.list_requests(store_of(request), caller.principal)
    ]


class OpenRequest(BaseModel):
    person: str = Field(max_length=200)
    requesting: Literal["US", "MX"]
    requested: Literal["US", "MX"]
    state: Literal["provisional_arrest", "formal_request"] = "provisional_arrest"
    on: date
    document: str | None = Field(default=None, max_length=500)
    cases: list[str] = Field(default_factory=list, max_length=50)
    diplomatic_notes: list[str] = Field(default_factory=list, max_length=50)
    title: str | None = Field(default=None, max_length=300)
    marking: str = Field(default="AMBER+STRICT", max_length=40)
    release_to: list[str] = Field(default_factory=list, max_length=50)


@router.post("/extradition", status_code=201)
def api_open(
    request: Request, body: OpenRequest, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, str]:
    """Open a request; returns ``{"id": ...}``."""
    p = caller.principal
    owner = legal_service.owner_for(p, None, Marking.parse(body.marking, body.release_to))
    req = legal_service.open_extradition(
        store_of(request),
        p,
        person=body.person,
        requesting=body.requesting,
        requested=body.requested,
        state=State(body.state),
        on=body.on,
        owner=owner,
        document=body.document,
        cases=body.cases,
        notes=body.diplomatic_notes,
        title=body.title,
        remote=client_ip(request),
    )
    return {"id": req.id}


@router.get("/extradition/{request_id}")
def api_request(
    request: Request, request_id: str, caller: Annotated[Caller, Depends(reader)]
) -> dict[str, Any]:
    page = legal_service.get_request(
        store_of(request), caller.principal, request_id, remote=client_ip(request)
    )
    data = request_json(page.request)
    data["deadlines"] = [deadline_json(d, date.today()) for d in page.deadlines]
    data["allowed_next"] = [s.value for s in page.allowed]
    return data


class Advance(BaseModel):
    state: State
    on: date
    document: str | None = Field(default=None, max_length=500)
    note: str | None = Field(default=None, max_length=1000)


@router.post("/extradition/{request_id}/advance")
def api_advance(
    request: Request, request_id: str, body: Advance, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, Any]:
    """Move a request; 409 with the allowed next states when the law does not allow it."""
    req = legal_service.advance_extradition(
        store_of(request),
        caller.principal,
        request_id,
        body.state,
        on=body.on,
        document=body.document,
        note=body.note,
        remote=client_ip(request),
    )
    return request_json(req)


@router.get("/case/{case_id}")
def api_case(
    request: Request, case_id: str, caller: Annotated[Caller, Depends(reader)]
) -> dict[str, Any]:
    page = legal_cases.get_case(
        store_of(request), caller.principal, case_id, remote=client_ip(request)
    )
    return case_json(page)


@router.get("/timeline/{entity_id}")
def api_timeline(
    request: Request, entity_id: str, caller: Annotated[Caller, Depends(reader)]
) -> dict[str, Any]:
    subject, dated, undated = legal_cases.timeline(
        store_of(request), caller.principal, entity_id, remote=client_ip(request)
    )
    return {
        "entity": {"id": subject.id, "schema": subject.schema, "caption": subject.caption},
        "events": [event_json(e) for e in dated],
        "undated": [event_json(e) for e in undated],
    }
