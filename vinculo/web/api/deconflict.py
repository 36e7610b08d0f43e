"""Deconfliction REST API: register targets and operations, read and acknowledge notices.

Every route acts for the caller's own agency; registrations are rate limited
per user, because a participant who registers guesses could otherwise use the
server as an oracle (see docs/deconfliction.md).
"""

from __future__ import annotations

import time
from collections import deque
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from vinculo.exc import PermissionDenied
from vinculo.i18n import N_
from vinculo.services import deconflict as service
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller

router = APIRouter(prefix="/api/deconflict", tags=["deconflict"])

#: Targets (and events) one user may register per hour.
HOURLY_LIMIT = 5_000


async def reader(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("read")
    return caller


async def writer(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("write")
    return caller


def check_rate(request: Request, username: str, count: int) -> None:
    """Sliding one-hour window per user, kept on the app (one process)."""
    windows: dict[str, deque[tuple[float, int]]] = request.app.state.__dict__.setdefault(
        "deconflict_rate", {}
    )
    now = time.monotonic()
    window = windows.setdefault(username, deque())
    while window and window[0][0] < now - 3600:
        window.popleft()
    if sum(n for _, n in window) + count > HOURLY_LIMIT:
        raise PermissionDenied(
            N_("more than {limit} registrations in an hour; try later"),
            limit=HOURLY_LIMIT,
        )
    window.append((now, count))


class TargetBatch(BaseModel):
    case: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=1, max_length=500)
    expires: date | None = None
    blind: bool = False
    entities: list[dict[str, Any]] = Field(min_length=1, max_length=10_000)


class EventIn(BaseModel):
    case: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=1, max_length=500)
    kind: str = Field(max_length=40)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_m: float = Field(ge=0)
    start: datetime
    end: datetime
    expires: date | None = None


@router.post("/targets", status_code=201)
def api_register(
    request: Request, body: TargetBatch, caller: Annotated[Caller, Depends(writer)]
) -> list[dict[str, Any]]:
    """Register targets (FtM entities, or token lines with ``blind``); one result per target."""
    check_rate(request, caller.principal.username, len(body.entities))
    specs = service.parse_specs(enumerate(body.entities, 1), blind=body.blind, where="entities")
    done = service.register_targets(
        store_of(request), caller.principal, specs, agency=None, case=body.case,
        contact=body.contact, expires=body.expires, remote=client_ip(request),
    )  # fmt: skip
    return [r.to_json() for r in done]


@router.post("/events", status_code=201)
def api_register_event(
    request: Request, body: EventIn, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, Any]:
    check_rate(request, caller.principal.username, 1)
    done = service.register_event(
        store_of(request), caller.principal, agency=None, case=body.case, contact=body.contact,
        kind=body.kind, lat=body.lat, lon=body.lon, radius_m=body.radius_m, start=body.start,
        end=body.end, expires=body.expires, remote=client_ip(request),
    )  # fmt: skip
    return done.to_json()


@router.get("/notices")
def api_notices(
    request: Request, caller: Annotated[Caller, Depends(reader)]
) -> list[dict[str, Any]]:
    """The caller's agency's notices, in the CLI's JSON shape."""
    return [n.to_json() for n in service.notices(store_of(request), caller.principal)]


@router.post("/notices/{notice_id}/ack")
def api_ack(
    request: Request, notice_id: str, caller: Annotated[Caller, Depends(writer)]
) -> dict[str, Any]:
    notice = service.acknowledge(
        store_of(request), caller.principal, notice_id, remote=client_ip(request)
    )
    return notice.to_json()


@router.get("/conflicts")
def api_conflicts(
    request: Request, caller: Annotated[Caller, Depends(reader)]
) -> list[dict[str, Any]]:
    """Supervisors: their agency's open conflicts (own notice, and whether the other side read)."""
    pairs = service.open_conflicts(store_of(request), caller.principal)
    return [{**own.to_json(), "other_acknowledged": other.acknowledged} for own, other in pairs]


@router.get("/targets")
def api_targets(
    request: Request, caller: Annotated[Caller, Depends(reader)]
) -> list[dict[str, Any]]:
    """The caller's agency's own registered targets."""
    rows = service.my_targets(store_of(request), caller.principal)
    return [{**r, "created_at": r["created_at"].isoformat()} for r in rows]
