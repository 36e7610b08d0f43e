"""The ASGI application factory: settings in, app out, no import-time state.

Pages are server-rendered (Jinja2) and each has a ``.json`` twin; the REST API
lives under ``/api``. Each capability contributes a router module, listed in
`ROUTER_MODULES`.
"""

from __future__ import annotations

import importlib
import os
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vinculo import i18n
from vinculo.exc import VinculoError
from vinculo.settings import Settings
from vinculo.store import Store
from vinculo.web import errors
from vinculo.web.admission import Admission
from vinculo.web.auth import SESSION_COOKIE, identify
from vinculo.web.render import make_environment

STATIC = Path(__file__).parent / "static"
LANG_COOKIE = "vinculo_lang"

#: Modules exposing ``router`` (an APIRouter); each capability adds its own.
ROUTER_MODULES = [
    "vinculo.web.views.session",
    "vinculo.web.views.entities",
    "vinculo.web.views.entity_panels",
    "vinculo.web.views.admin",
    "vinculo.web.api.core",
    "vinculo.web.views.legal",
    "vinculo.web.api.legal",
    "vinculo.web.views.screening",
    "vinculo.web.api.screening",
    "vinculo.web.views.records",
    "vinculo.web.api.users",
    "vinculo.web.views.resolution",
    "vinculo.web.api.resolution",
    "vinculo.web.views.deconflict",
    "vinculo.web.api.deconflict",
    "vinculo.web.views.network",
    "vinculo.web.api.network",
]


def load_secret(settings: Settings) -> str:
    """The cookie-signing key: from settings, else kept (0600) in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


def pick_locale(request: Request, user_locale: str | None, default: str) -> str:
    return i18n.normalize(
        request.query_params.get("lang")
        or user_locale
        or request.cookies.get(LANG_COOKIE)
        or i18n.from_accept_language(request.headers.get("accept-language"))
        or default
    )


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
}


class CallerAndLocale:
    """Who is calling (``request.state.caller``), in which language, with security headers.

    A plain ASGI middleware rather than ``@app.middleware("http")``, which adds
    a task and a pair of streams to every request.
    """

    def __init__(self, app: ASGIApp, default_locale: str) -> None:
        self.app = app
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        request.state.caller = None
        try:
            if "authorization" in request.headers or SESSION_COOKIE in request.cookies:
                # identifying reads the store: off the event loop, which must not wait on it
                request.state.caller = await run_in_threadpool(identify, request)
        except VinculoError:
            request.state.caller = None
            request.state.auth_error = True
        caller = request.state.caller
        user_locale = caller.principal.locale if caller and caller.principal.user_id else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        with i18n.use_locale(pick_locale(request, user_locale, self.default_locale)):
            await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings.load()
    store = store or Store.open(settings)
    app = FastAPI(
        title="vinculo",
        version="0.1.0",
        description="Binational working picture: statements with markings, "
        "identity resolution, networks, deconfliction, legal proceedings.",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.secret = load_secret(settings)
    app.state.jinja = make_environment()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    errors.install(app)

    app.add_middleware(CallerAndLocale, default_locale=settings.default_locale)
    # outermost: identifying the caller is work too, done within the request's slot
    app.add_middleware(Admission, slots=settings.int("request_slots"))

    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app


def serving_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The app as ``vinculo serve`` runs it: the screening index starts building at once.

    A large store's name index takes a while to build; started here, in the
    background, the first search does not wait for all of it. Tests use
    ``create_app`` and build the index when they first search.
    """
    from vinculo.services import screening

    app = create_app(settings, store)
    screening.warm(app.state.store, freeze=True, watch=True)
    return app
