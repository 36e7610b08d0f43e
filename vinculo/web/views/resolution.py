"""The review queue and the pair page (with .json twins), judge / undo forms, xref button."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal
from vinculo.i18n import N_
from vinculo.services import resolution
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(NavItem("/review", N_("Review")))
Auth = Annotated[Principal, Depends(require_principal)]


def _is_admin(principal: Principal) -> bool:
    return any(principal.has(r) for r in resolution.XREF_ROLES)


@router.get("/review", name="review_queue")
@router.get("/review.json", name="review_queue_json")
def queue_page(
    request: Request, principal: Auth, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> Response:
    """Pairs waiting for a judgement, best first, among what you may see."""
    items = resolution.queue(store_of(request), principal, limit=limit)
    data = {"results": [resolution.candidate_dict(c) for c in items]}
    context = {"items": items, "can_xref": _is_admin(principal), "json_url": json_path(request)}
    return render(request, "resolution/queue.html", context, data)


@router.get("/review/pair", name="review_pair")
@router.get("/review/pair.json", name="review_pair_json")
def pair_page(
    request: Request,
    principal: Auth,
    left: Annotated[str, Query(min_length=1, max_length=255)],
    right: Annotated[str, Query(min_length=1, max_length=255)],
) -> Response:
    """Two entities side by side, statement by statement, with score and explanation."""
    view = resolution.pair(store_of(request), principal, left, right, remote=client_ip(request))
    props = sorted(set(view.left.properties) | set(view.right.properties))
    context = {"view": view, "props": props, "json_url": json_path(request)}
    return render(request, "resolution/pair.html", context, view.as_dict())


@router.post("/review/judge", name="review_judge")
def judge(
    request: Request,
    principal: Auth,
    left: Annotated[str, Form(max_length=255)],
    right: Annotated[str, Form(max_length=255)],
    judgement: Annotated[str, Form(pattern="^(same|different|unsure)$")],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    resolution.judge(
        store_of(request),
        principal,
        left,
        right,
        judgement,
        reason=reason,
        remote=client_ip(request),
    )
    return RedirectResponse("/review", status_code=303)


@router.post("/review/undo", name="review_undo")
def undo(
    request: Request,
    principal: Auth,
    edge_id: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    edge = resolution.undo(
        store_of(request), principal, edge_id, reason=reason, remote=client_ip(request)
    )
    return RedirectResponse(f"/review/pair?left={edge.left}&right={edge.right}", status_code=303)


@router.post("/review/xref", name="review_xref")
def run_xref(request: Request, principal: Auth) -> Response:
    """The administrators' xref button (the service refuses anyone else)."""
    resolution.run_xref(store_of(request), principal, remote=client_ip(request))
    return RedirectResponse("/review", status_code=303)
