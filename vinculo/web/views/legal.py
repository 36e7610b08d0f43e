"""Legal pages: deadline dashboard, extradition request, criminal case, timeline.

Each page has a ``.json`` twin; all data comes from `vinculo.services.legal`
and `vinculo.services.legal_cases`, which read through the principal-aware
reader and write the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal, Role
from vinculo.i18n import N_
from vinculo.legal.dates import parse_date, parse_window
from vinculo.legal.state import parse_state
from vinculo.services import legal as legal_service
from vinculo.services import legal_cases
from vinculo.services.legal_json import (
    case_json,
    deadline_json,
    event_json,
    request_json,
    summary_json,
)
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(NavItem("/legal", N_("Legal")))

Auth = Annotated[Principal, Depends(require_principal)]


@router.get("/legal", name="legal_dashboard")
@router.get("/legal.json", name="legal_dashboard_json")
def dashboard(
    request: Request,
    principal: Auth,
    within: Annotated[str, Query(max_length=8)] = "30d",
    as_of: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """Deadlines falling due (lapsed first), open requests and cases."""
    store = store_of(request)
    day = parse_date(as_of, field="as_of") if as_of else date.today()
    days = parse_window(within)
    due = legal_service.due(store, principal, as_of=day, days=days, remote=client_ip(request))
    requests = legal_service.list_requests(store, principal)
    titles = {r.id: r for r in requests}
    cases = legal_cases.list_cases(store, principal)
    data = {
        "as_of": day.isoformat(),
        "within_days": days,
        "due": [deadline_json(d, day) for d in due],
        "requests": [request_json(r) for r in requests],
        "cases": [{"id": c.id, "title": c.title, "court": c.court.label} for c, _e in cases],
    }
    return render(
        request,
        "legal/dashboard.html",
        {
            "due": due,
            "as_of": day,
            "within": within,
            "days": days,
            "titles": titles,
            "requests": requests,
            "cases": [c for c, _e in cases],
            "json_url": json_path(request),
        },
        data,
    )


@router.get("/legal/extradition/{request_id}", name="legal_request")
@router.get("/legal/extradition/{request_id}.json", name="legal_request_json")
def request_page(request: Request, request_id: str, principal: Auth) -> Response:
    """One extradition request: stages, deadlines, and the moves the law allows."""
    page = legal_service.get_request(
        store_of(request), principal, request_id, remote=client_ip(request)
    )
    today = date.today()
    data: dict[str, Any] = request_json(page.request)
    data["deadlines"] = [deadline_json(d, today) for d in page.deadlines]
    data["allowed_next"] = [s.value for s in page.allowed]
    data["person_entity"] = summary_json(page.person) if page.person else None
    return render(
        request,
        "legal/request.html",
        {
            "page": page,
            "today": today,
            "can_advance": principal.has(Role.EXTRADITION_OFFICER),
            "json_url": f"/legal/extradition/{request_id}.json",
        },
        data,
    )


@router.post("/legal/extradition/{request_id}/advance", name="legal_advance")
def advance(
    request: Request,
    request_id: str,
    principal: Auth,
    state: Annotated[str, Form(max_length=40)],
    on: Annotated[str, Form(max_length=10)],
    document: Annotated[str, Form(max_length=500)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    legal_service.advance_extradition(
        store_of(request),
        principal,
        request_id,
        parse_state(state),
        on=parse_date(on, field="on"),
        document=document or None,
        note=note or None,
        remote=client_ip(request),
    )
    return RedirectResponse(f"/legal/extradition/{request_id}", status_code=303)


@router.get("/legal/case/{case_id}", name="legal_case")
@router.get("/legal/case/{case_id}.json", name="legal_case_json")
def case_page(request: Request, case_id: str, principal: Auth) -> Response:
    """A criminal case: versions, counts, what changed, and sanctions designations."""
    page = legal_cases.get_case(store_of(request), principal, case_id, remote=client_ip(request))
    return render(
        request,
        "legal/case.html",
        {"page": page, "json_url": f"/legal/case/{case_id}.json"},
        case_json(page),
    )


@router.get("/legal/timeline/{entity_id}", name="legal_timeline")
@router.get("/legal/timeline/{entity_id}.json", name="legal_timeline_json")
def timeline_page(request: Request, entity_id: str, principal: Auth) -> Response:
    """Captures, escapes, indictments, designations and extradition stages, in order."""
    subject, dated, undated = legal_cases.timeline(
        store_of(request), principal, entity_id, remote=client_ip(request)
    )
    data = {
        "entity": summary_json(subject),
        "events": [event_json(e) for e in dated],
        "undated": [event_json(e) for e in undated],
    }
    return render(
        request,
        "legal/timeline.html",
        {
            "subject": subject,
            "dated": dated,
            "undated": undated,
            "json_url": f"/legal/timeline/{entity_id}.json",
        },
        data,
    )
