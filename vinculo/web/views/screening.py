"""The screening page ("who is this?") with its .json twin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from vinculo.access.principal import Principal
from vinculo.i18n import N_
from vinculo.services import screening
from vinculo.services.screening import ScreenHit
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(NavItem("/screen", N_("Screening")))


@router.get("/screen", name="screen_page")
@router.get("/screen.json", name="screen_json")
def screen_page(
    request: Request,
    principal: Annotated[Principal, Depends(require_principal)],
    q: Annotated[str, Query(max_length=200)] = "",
    birth_date: Annotated[str, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}){0,2})?$")] = "",
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Response:
    """Rank the people and organizations you may see against a name (and birth date)."""
    hits: list[ScreenHit] = []
    if q.strip():
        query = screening.parse_query({"name": q, "birth_date": birth_date or None})
        [hits] = screening.screen(
            store_of(request), principal, [query], top=top, remote=client_ip(request)
        )
    data = {"query": {"q": q, "birth_date": birth_date}, "results": [h.to_dict() for h in hits]}
    context = {"q": q, "birth_date": birth_date, "hits": hits, "json_url": json_path(request)}
    return render(request, "screening/screen.html", context, data)
