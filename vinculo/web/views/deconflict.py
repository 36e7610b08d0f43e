"""The deconfliction inbox: notices to acknowledge, open conflicts, own operations.

Data comes from `vinculo.services.deconflict`, which limits every read to the
principal's own agency; `/deconflict.json` is the page's JSON twin.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal, Role
from vinculo.deconflict.model import Event, EventKind
from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.services import deconflict as service
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import require_principal
from vinculo.web.nav import NavItem, add_nav
from vinculo.web.render import json_path, render

router = APIRouter(tags=["pages"])
add_nav(NavItem("/deconflict", N_("Deconfliction")))

Auth = Annotated[Principal, Depends(require_principal)]


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "case": event.registration.case,
        "lat": event.lat,
        "lon": event.lon,
        "radius_m": event.radius_m,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
    }


def _map_points(events: list[Event]) -> list[dict[str, Any]]:
    """Own operations scaled into a 400x240 box for the page's small SVG map."""
    if not events:
        return []
    lats = [e.lat for e in events]
    lons = [e.lon for e in events]
    lat0, lat1 = min(lats) - 0.01, max(lats) + 0.01
    lon0, lon1 = min(lons) - 0.01, max(lons) + 0.01
    return [
        {
            "x": round(10 + 380 * (e.lon - lon0) / (lon1 - lon0), 1),
            "y": round(230 - 220 * (e.lat - lat0) / (lat1 - lat0), 1),
            "label": f"{e.kind.value} {e.registration.case}",
        }
        for e in events
    ]


@router.get("/deconflict", name="deconflict_inbox")
@router.get("/deconflict.json", name="deconflict_inbox_json")
def inbox(request: Request, principal: Auth) -> Response:
    store = store_of(request)
    notices = service.notices(store, principal, principal.agency)
    notices.sort(key=lambda n: (n.acknowledged, -n.created_at.timestamp()))
    supervisor = principal.has(Role.SUPERVISOR) and principal.agency is not None
    conflicts = service.open_conflicts(store, principal, principal.agency) if supervisor else []
    events = service.my_events(store, principal, principal.agency)
    data = {
        "notices": [n.to_json() for n in notices],
        "open_conflicts": [
            {**own.to_json(), "other_acknowledged": other.acknowledged} for own, other in conflicts
        ],
        "events": [event_json(e) for e in events],
    }
    return render(
        request,
        "deconflict/inbox.html",
        {
            "notices": notices,
            "conflicts": conflicts,
            "supervisor": supervisor,
            "events": events,
            "points": _map_points(events),
            "kinds": [k.value for k in EventKind],
            "json_url": json_path(request),
        },
        data,
    )


@router.post("/deconflict/notices/{notice_id}/ack", name="deconflict_ack")
def ack(request: Request, notice_id: str, principal: Auth) -> Response:
    service.acknowledge(store_of(request), principal, notice_id, remote=client_ip(request))
    return RedirectResponse("/deconflict", status_code=303)


def _moment(text: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidData.at(N_("{text!r} is not a date and time"), field=name, text=text) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@router.post("/deconflict/events", name="deconflict_register_event")
def register_event(
    request: Request,
    principal: Auth,
    case: Annotated[str, Form(min_length=1, max_length=200)],
    contact: Annotated[str, Form(min_length=1, max_length=500)],
    kind: Annotated[str, Form(max_length=40)],
    lat: Annotated[float, Form(ge=-90, le=90)],
    lon: Annotated[float, Form(ge=-180, le=180)],
    radius_m: Annotated[float, Form(ge=0)],
    start: Annotated[str, Form(max_length=40)],
    end: Annotated[str, Form(max_length=40)],
) -> Response:
    """Register an operation from the page (times without a zone are taken as UTC)."""
    service.register_event(
        store_of(request), principal, agency=None, case=case, contact=contact, kind=kind,
        lat=lat, lon=lon, radius_m=radius_m, start=_moment(start, "start"),
        end=_moment(end, "end"), remote=client_ip(request),
    )  # fmt: skip
    return RedirectResponse("/deconflict", status_code=303)


@router.post("/deconflict/targets", name="deconflict_register")
def register_targets(
    request: Request,
    principal: Auth,
    case: Annotated[str, Form(min_length=1, max_length=200)],
    contact: Annotated[str, Form(min_length=1, max_length=500)],
    lines: Annotated[str, Form(min_length=1, max_length=2_000_000)],
    expires: Annotated[str, Form(max_length=10)] = "",
    blind: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Register targets pasted as JSON lines (FtM entities, or token lines when blind)."""
    records = []
    for number, line in enumerate(lines.splitlines(), 1):
        if line.strip():
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError:
                raise InvalidData.at(N_("not JSON"), file="lines", line=number) from None
    specs = service.parse_specs(records, blind=bool(blind), where="lines")
    try:
        day = date.fromisoformat(expires) if expires else None
    except ValueError:
        raise InvalidData.at(N_("not an ISO date (YYYY-MM-DD)"), field="expires") from None
    service.register_targets(
        store_of(request), principal, specs, agency=None, case=case, contact=contact,
        expires=day, remote=client_ip(request),
    )  # fmt: skip
    return RedirectResponse("/deconflict", status_code=303)
