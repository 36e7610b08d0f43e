"""Login, logout, language switch and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vinculo.access.principal import Principal
from vinculo.exc import AuthenticationFailed
from vinculo.i18n import LOCALES
from vinculo.services import access
from vinculo.web.app_state import client_ip, store_of
from vinculo.web.auth import SESSION_COOKIE, new_session, require_principal
from vinculo.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths, so a login link cannot send a user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/search"


@router.get("/")
def home(request: Request) -> Response:
    if request.state.caller is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/search", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/search",
) -> Response:
    store = store_of(request)
    try:
        principal = access.authenticate(store, username, password, client_ip(request))
    except AuthenticationFailed as exc:
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": exc.translated(), "username": username},
            status_code=401,
        )
    cookie, _csrf = new_session(request.app.state.secret, principal.username)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.secure_cookies == "1",
        max_age=request.app.state.settings.int("session_hours") * 3600,
    )
    return response


@router.post("/logout")
def logout(
    request: Request, principal: Annotated[Principal, Depends(require_principal)]
) -> Response:
    from vinculo.services import audit

    audit.record(store_of(request), principal, "logout", remote=client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    """Switch language in this browser, and for the logged-in user."""
    from vinculo.web.app import LANG_COOKIE

    lang = code if code in LOCALES else "en"
    caller = request.state.caller
    if caller is not None:
        access.set_locale(store_of(request), caller.principal, lang)
    response = RedirectResponse(
        _safe_next(next or request.headers.get("referer-path")), status_code=303
    )
    response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response
