"""The review-or-purge list of criminal-intelligence records (and its JSON twin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, PermissionDenied
from vinculo.i18n import N_
from vinculo.services import records as records_service
from vinculo.services.records import DueItem
from vinculo.store.records import Purge
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(
    NavItem(
        "/records",
        N_("Records review"),
        frozenset({Role.ANALYST, Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    )
)


def due_json(item: DueItem) -> dict[str, Any]:
    h = item.holding
    return {
        "entity_id": h.entity_id,
        "caption": item.caption,
        "schema": item.entity.schema if item.entity else None,
        "agency": item.agency,
        "statements": h.statements,
        "first_seen": h.first_seen.isoformat(),
        "reviewed_at": h.reviewed_at.isoformat() if h.reviewed_at else None,
        "reviewed_by": h.reviewed_by,
        "review_due": h.review_due.isoformat(),
    }


def purge_json(p: Purge) -> dict[str, Any]:
    return {
        "id": p.id,
        "entity_id": p.entity_id,
        "statements": p.statements,
        "username": p.username,
        "reason": p.reason,
        "created_at": p.created_at.isoformat(),
    }


def _as_of(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidData.at(N_("not a date (YYYY-MM-DD)"), field="as_of") from None


@router.get("/records", name="records_page")
@router.get("/records.json", name="records_json")
def records_page(
    request: Request,
    caller: Annotated[Caller, Depends(require_caller)],
    as_of: Annotated[str | None, Query(max_length=10)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Response:
    """Entities of one's agency due for review (five years by default), to review or purge."""
    caller.require_scope("read")
    principal = caller.principal
    store = store_of(request)
    day = _as_of(as_of)
    items = records_service.due(store, principal, as_of=day, limit=limit, remote=client_ip(request))
    may_purge = principal.has(Role.AGENCY_ADMIN)
    purges = records_service.purges(store, principal, limit=50) if may_purge else []
    data = {
        "as_of": (day or date.today()).isoformat(),
        "review_years": records_service.review_years(store),
        "due": [due_json(i) for i in items],
        "purges": [purge_json(p) for p in purges],
    }
    return render(
        request,
        "records/due.html",
        {
            "items": items,
            "purges": purges,
            "as_of": as_of or "",
            "may_purge": may_purge,
            "review_years": data["review_years"],
            "json_url": json_path(request),
        },
        data,
    )


def _writer(caller: Caller) -> Principal:
    caller.require_scope("write")
    return caller.principal


@router.post("/records/{entity_id}/reviewed")
def records_reviewed(
    request: Request,
    entity_id: str,
    caller: Annotated[Caller, Depends(require_caller)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Mark an entity reviewed: it still meets the rules for keeping it."""
    records_service.mark_reviewed(
        store_of(request), _writer(caller), entity_id, note=note, remote=client_ip(request)
    )
    return RedirectResponse("/records", status_code=303)


@router.post("/records/{entity_id}/purge")
def records_purge(
    request: Request,
    entity_id: str,
    caller: Annotated[Caller, Depends(require_caller)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Purge one's agency's statements of an entity (agency administrators)."""
    principal = _writer(caller)
    if not principal.has(Role.AGENCY_ADMIN):
        raise PermissionDenied(N_("only an administrator of the owning agency purges records"))
    records_service.purge(
        store_of(request), principal, entity_id, reason, remote=client_ip(request)
    )
    return RedirectResponse("/records", status_code=303)
