"""Identity and access: agencies, users, roles, login with lockout, API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from vinculo.access.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from vinculo.access.principal import Principal, Role
from vinculo.exc import AuthenticationFailed, InvalidData, NotFound, PermissionDenied
from vinculo.i18n import N_
from vinculo.services import audit
from vinculo.store import Agency, Store, User
from vinculo.store.store import utcnow

TOKEN_SCOPES = ("read", "write", "admin")


def add_agency(store: Store, principal: Principal, code: str, country: str, name: str) -> Agency:
    if not principal.has(Role.SYSTEM_ADMIN):
        raise PermissionDenied(N_("only a system administrator adds agencies"))
    agency = store.add_agency(code, country, name)
    audit.record(
        store,
        principal,
        "admin.agency.add",
        target=agency.code,
        detail={"country": agency.country, "name": name},
    )
    return agency


def _may_manage(principal: Principal, agency_code: str) -> None:
    if principal.has(Role.SYSTEM_ADMIN):
        return
    if principal.has(Role.AGENCY_ADMIN) and principal.agency == agency_code.upper():
        return
    raise PermissionDenied(N_("an agency administrator manages only their own agency's users"))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidData(
            N_("a password needs at least {minimum} characters"),
            minimum=MIN_PASSWORD_LENGTH,
        )


def add_user(
    store: Store,
    principal: Principal,
    username: str,
    agency_code: str,
    password: str | None,
    roles: frozenset[Role],
    display_name: str | None = None,
    locale: str | None = None,
) -> User:
    _may_manage(principal, agency_code)
    if Role.SYSTEM_ADMIN in roles and not principal.has(Role.SYSTEM_ADMIN):
        raise PermissionDenied(N_("only a system administrator grants system_admin"))
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise InvalidData(
            N_("bad username {username!r}: letters, digits, '.', '_' and '-' only"),
            username=username,
        )
    if password is not None:
        check_password_strength(password)
    user = store.add_user(
        username,
        agency_code,
        display_name or username,
        hash_password(password) if password else None,
        roles,
        locale,
    )
    audit.record(
        store,
        principal,
        "admin.user.add",
        target=username,
        detail={"agency": user.agency.code, "roles": sorted(roles)},
    )
    return user


def set_password(store: Store, principal: Principal, username: str, password: str) -> None:
    target = store.user(username)
    if principal.username != username:
        _may_manage(principal, target.agency.code)
    check_password_strength(password)
    store.update_user(
        username, password_hash=hash_password(password), failed_logins=0, locked_until=None
    )
    audit.record(store, principal, "admin.user.password", target=username)


def set_roles(store: Store, principal: Principal, username: str, roles: frozenset[Role]) -> None:
    target = store.user(username)
    _may_manage(principal, target.agency.code)
    if Role.SYSTEM_ADMIN in roles and not principal.has(Role.SYSTEM_ADMIN):
        raise PermissionDenied(N_("only a system administrator grants system_admin"))
    store.update_user(username, roles=",".join(sorted(roles)))
    audit.record(
        store, principal, "admin.user.roles", target=username, detail={"roles": sorted(roles)}
    )


def set_active(store: Store, principal: Principal, username: str, active: bool) -> None:
    target = store.user(username)
    _may_manage(principal, target.agency.code)
    store.update_user(username, active=active)
    audit.record(store, principal, "admin.user.active", target=username, detail={"active": active})


def set_locale(store: Store, principal: Principal, locale: str) -> None:
    if principal.is_system:
        return
    store.update_user(principal.username, locale=locale)


def list_users(store: Store, principal: Principal) -> list[User]:
    if principal.has(Role.SYSTEM_ADMIN):
        return store.users()
    if principal.has(Role.AGENCY_ADMIN) and principal.agency:
        return store.users(principal.agency)
    raise PermissionDenied(N_("only administrators list users"))


def authenticate(
    store: Store, username: str, password: str, remote: str | None = None
) -> Principal:
    """Check a password; lock the account after repeated failures. Audited either way."""
    user = store.get_user(username)
    now = utcnow()
    failure = AuthenticationFailed(N_("wrong username or password"))
    if user is None:
        verify_password(None, password)
        audit.record(
            store,
            _anonymous(username),
            "login",
            remote=remote,
            outcome="failed",
            detail={"reason": "unknown user"},
        )
        raise failure
    principal = user.principal()
    if user.locked_until is not None and user.locked_until > now:
        audit.record(
            store, principal, "login", remote=remote, outcome="denied", detail={"reason": "locked"}
        )
        raise AuthenticationFailed(N_("this account is locked for a while after failed logins"))
    if not user.active or not verify_password(user.password_hash, password):
        failures = user.failed_logins + 1
        locked: datetime | None = None
        if failures >= store.settings.int("login_max_failures"):
            locked = now + timedelta(minutes=store.settings.int("login_lockout_minutes"))
            failures = 0
        store.update_user(username, failed_logins=failures, locked_until=locked)
        audit.record(
            store,
            principal,
            "login",
            remote=remote,
            outcome="failed",
            detail={
                "reason": "inactive" if not user.active else "password",
                "locked": locked is not None,
            },
        )
        raise failure
    store.update_user(username, failed_logins=0, locked_until=None)
    audit.record(store, principal, "login", remote=remote)
    return principal


def _anonymous(username: str) -> Principal:
    return Principal(username=username[:64] or "?", agency=None, country=None)


def principal_for(store: Store, username: str) -> Principal:
    user = store.user(username)
    if not user.active:
        raise AuthenticationFailed(N_("user {username} is deactivated"), username=username)
    return user.principal()


def create_token(
    store: Store,
    principal: Principal,
    label: str,
    scopes: tuple[str, ...] = ("read",),
    days: int | None = 90,
) -> str:
    if principal.user_id is None:
        raise PermissionDenied(N_("the system principal has no API tokens"))
    bad = set(scopes) - set(TOKEN_SCOPES)
    if bad:
        raise InvalidData(
            N_("unknown token scopes {bad}; use {scopes}"),
            bad=sorted(bad),
            scopes=", ".join(TOKEN_SCOPES),
        )
    token, digest = new_token()
    expires = utcnow() + timedelta(days=days) if days else None
    token_id = store.add_token(principal.user_id, digest, label, ",".join(scopes), expires)
    audit.record(
        store,
        principal,
        "token.create",
        target=str(token_id),
        detail={"label": label, "scopes": list(scopes)},
    )
    return token


def principal_for_token(store: Store, token: str) -> tuple[Principal, frozenset[str]]:
    found = store.token_user(token_hash(token))
    if found is None:
        raise AuthenticationFailed(N_("unknown API token"))
    user, scopes, expires, revoked = found
    now = utcnow()
    if revoked is not None or (expires is not None and expires <= now):
        raise AuthenticationFailed(N_("this API token is revoked or expired"))
    if not user.active:
        raise AuthenticationFailed(N_("user {username} is deactivated"), username=user.username)
    return user.principal(), frozenset(scopes.split(","))


def revoke_token(store: Store, principal: Principal, token_id: int) -> None:
    if principal.user_id is None and not principal.is_system:
        raise NotFound(N_("no such token"))
    if not 0 < token_id < 2**31:  # ids are 32-bit integers; larger ones name no token
        raise NotFound(N_("no active token {token_id}"), token_id=token_id)
    store.revoke_token(token_id, None if principal.is_system else principal.user_id)
    audit.record(store, principal, "token.revoke", target=str(token_id))
