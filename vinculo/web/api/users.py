"""User administration over the API: the same rules as the CLI and the admin page.

An agency administrator lists and manages their own agency's users only; a
system administrator, everyone. Changes need a token with the ``admin`` scope
(a logged-in session holds every scope of its user).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from vinculo.access.principal import Role
from vinculo.services import access
from vinculo.store import User
from vinculo.web.app_state import store_of
from vinculo.web.auth import Caller, require_caller

router = APIRouter(prefix="/api/users", tags=["api"])

RoleName = Literal[
    "analyst",
    "supervisor",
    "extradition_officer",
    "agency_admin",
    "auditor",
    "system_admin",
]


class UserOut(BaseModel):
    username: str
    agency: str
    display_name: str
    roles: list[str]
    active: bool
    locale: str | None


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    agency: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    password: str = Field(min_length=10, max_length=200)
    roles: list[RoleName] = Field(default=["analyst"], min_length=1)
    display_name: str | None = Field(default=None, max_length=200, pattern=r"^[^\x00]*$")


class RolesIn(BaseModel):
    roles: list[RoleName] = Field(min_length=1)


def _out(u: User) -> UserOut:
    return UserOut(
        username=u.username,
        agency=u.agency.code,
        display_name=u.display_name,
        roles=sorted(u.roles),
        active=u.active,
        locale=u.locale,
    )


async def admin(caller: Annotated[Caller, Depends(require_caller)]) -> Caller:
    caller.require_scope("admin")
    return caller


@router.get("")
def api_list_users(
    request: Request, caller: Annotated[Caller, Depends(require_caller)]
) -> list[UserOut]:
    """Users the caller administers."""
    caller.require_scope("read")
    return [_out(u) for u in access.list_users(store_of(request), caller.principal)]


@router.post("", status_code=201)
def api_add_user(
    request: Request, body: UserIn, caller: Annotated[Caller, Depends(admin)]
) -> UserOut:
    """Add a user to an agency the caller administers."""
    user = access.add_user(
        store_of(request),
        caller.principal,
        body.username,
        body.agency,
        body.password,
        frozenset(Role(r) for r in body.roles),
        body.display_name,
    )
    return _out(user)


@router.put("/{username}/roles")
def api_set_roles(
    request: Request, username: str, body: RolesIn, caller: Annotated[Caller, Depends(admin)]
) -> UserOut:
    """Replace a user's roles."""
    store = store_of(request)
    access.set_roles(store, caller.principal, username, frozenset(Role(r) for r in body.roles))
    return _out(store.user(username))


@router.post("/{username}/deactivate")
def api_deactivate(
    request: Request, username: str, caller: Annotated[Caller, Depends(admin)]
) -> UserOut:
    """Deactivate a user (nothing is deleted)."""
    store = store_of(request)
    access.set_active(store, caller.principal, username, False)
    return _out(store.user(username))
