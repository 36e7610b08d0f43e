"""Administration (users of one's agency) and the auditor's pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal, Role
from vinculo.exc import InvalidData, PermissionDenied
from vinculo.i18n import N_
from vinculo.services import access
from vinculo.services import audit as audit_service
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import Caller, require_caller, require_principal
from vinculo.web.render import render

router = APIRouter(tags=["pages"])


async def require_admin(caller: Annotated[Caller, Depends(require_caller)]) -> Principal:
    """User management: a session, or an API token with the ``admin`` scope."""
    caller.require_scope("admin")
    return caller.principal


def _user_json(u: Any) -> dict[str, Any]:
    return {
        "username": u.username,
        "agency": u.agency.code,
        "display_name": u.display_name,
        "roles": sorted(u.roles),
        "active": u.active,
        "locale": u.locale,
    }


@router.get("/admin", name="admin_page")
@router.get("/admin.json", name="admin_json")
def admin_page(
    request: Request, principal: Annotated[Principal, Depends(require_principal)]
) -> Response:
    """Users one may manage, and the agencies of the community."""
    store = store_of(request)
    users = access.list_users(store, principal)
    agencies = store.agencies()
    data = {
        "users": [_user_json(u) for u in users],
        "agencies": [{"code": a.code, "country": a.country, "name": a.name} for a in agencies],
    }
    return render(
        request, "admin.html", {"users": users, "agencies": agencies, "roles": list(Role)}, data
    )


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    principal: Annotated[Principal, Depends(require_admin)],
    username: Annotated[str, Form(max_length=64)],
    agency: Annotated[str, Form(max_length=32)],
    password: Annotated[str, Form(max_length=200)],
    roles: Annotated[list[str], Form()],
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        role_set = frozenset(Role(r) for r in roles)
    except ValueError:
        raise InvalidData(N_("unknown role")) from None
    access.add_user(
        store_of(request), principal, username, agency, password, role_set, display_name or None
    )
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{username}/deactivate")
def admin_deactivate(
    request: Request, username: str, principal: Annotated[Principal, Depends(require_admin)]
) -> Response:
    access.set_active(store_of(request), principal, username, False)
    return RedirectResponse("/admin", status_code=303)


def _parse_since(since: str | None) -> datetime | None:
    if not since:
        return None
    try:
        value = datetime.fromisoformat(since)
    except ValueError:
        raise InvalidData(N_("{since!r} is not an ISO date"), since=since) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@router.get("/audit", name="audit_page")
@router.get("/audit.json", name="audit_json")
def audit_page(
    request: Request,
    principal: Annotated[Principal, Depends(require_principal)],
    entity: Annotated[str | None, Query(max_length=255)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    user: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    verify: bool = False,
) -> Response:
    """The audit trail: recent records, who viewed an entity, chain verification."""
    if not (principal.has(Role.AUDITOR) or principal.has(Role.AGENCY_ADMIN)):
        raise PermissionDenied(N_("only auditors and administrators read the audit trail"))
    store = store_of(request)
    since_dt = _parse_since(since)
    if entity:
        records = audit_service.who_viewed(store, principal, entity, since_dt)
    else:
        records = list(
            audit_service.read(
                store,
                principal,
                audit_service.AuditQuery(
                    since=since_dt,
                    username=user,
                    actions=(action,) if action else (),
                    limit=200,
                    newest_first=True,
                ),
            )
        )
    problems = audit_service.verify(store, principal) if verify else None
    data = {"records": [r.as_dict() for r in records], "verify": problems}
    audit_service.record(
        store,
        principal,
        "audit.view",
        target=entity,
        detail={"since": since, "user": user, "action": action},
        remote=client_ip(request),
    )
    return render(
        request,
        "audit.html",
        {
            "records": records,
            "entity": entity or "",
            "since": since or "",
            "user": user or "",
            "action": action or "",
            "problems": problems,
        },
        data,
    )
