"""Who is calling: a signed session cookie (with CSRF token) or a bearer API token."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from vinculo.access.principal import Principal
from vinculo.exc import AuthenticationFailed, InvalidData, PermissionDenied
from vinculo.i18n import N_
from vinculo.services import access
from vinculo.store import Store

SESSION_COOKIE = "vinculo_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Caller:
    principal: Principal
    csrf: str | None  # set for cookie sessions
    scopes: frozenset[str]  # token scopes; a session holds every scope of the user

    def require_scope(self, scope: str) -> None:
        if scope not in self.scopes:
            raise PermissionDenied(N_("this API token lacks the {scope!r} scope"), scope=scope)


def serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="vinculo-session")


def new_session(secret: str, username: str) -> tuple[str, str]:
    csrf = secrets.token_urlsafe(24)
    return serializer(secret).dumps({"u": username, "c": csrf}), csrf


def read_session(request: Request) -> tuple[str, str] | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    settings = request.app.state.settings
    max_age = settings.int("session_hours") * 3600
    try:
        data = serializer(request.app.state.secret).loads(cookie, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or "u" not in data or "c" not in data:
        return None
    return str(data["u"]), str(data["c"])


def identify(request: Request) -> Caller | None:
    """The caller, or None when anonymous; raises on a bad token or a forged request."""
    store: Store = request.app.state.store
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal, scopes = access.principal_for_token(store, header[7:].strip())
        return Caller(principal, None, scopes)
    session = read_session(request)
    if session is None:
        return None
    username, csrf = session
    try:
        principal = access.principal_for(store, username)
    except Exception:
        return None
    return Caller(principal, csrf, frozenset(access.TOKEN_SCOPES))


async def check_csrf(request: Request, caller: Caller) -> None:
    """Cookie sessions must echo their CSRF token on every unsafe request."""
    if request.method in SAFE_METHODS or caller.csrf is None:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, caller.csrf):
        raise PermissionDenied(N_("missing or wrong CSRF token; reload the page and try again"))


async def require_caller(request: Request) -> Caller:
    """The authenticated caller; unsafe methods need the CSRF token, or a token's write scope."""
    caller = getattr(request.state, "caller", None)
    if caller is None:
        raise AuthenticationFailed(N_("log in first"))
    assert isinstance(caller, Caller)
    if "\x00" in request.url.path or "%00" in request.url.query:
        # no stored text holds NUL (PostgreSQL refuses it): refuse it before it reaches a query
        raise InvalidData(N_("the request contains a NUL character"))
    await check_csrf(request, caller)
    if request.method not in SAFE_METHODS and not caller.scopes & {"write", "admin"}:
        caller.require_scope("write")  # a read-only API token changes nothing
    return caller


async def require_principal(request: Request) -> Principal:
    return (await require_caller(request)).principal
