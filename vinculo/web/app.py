"""The ASGI application factory: settings in, app out, no import-time state.

Pages are server-rendered (Jinja2) and each has a ``.json`` twin; the REST API
lives under ``/api``. Each capability contributes a router module, listed in
`ROUTER_MODULES`.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from vinculo import i18n
from vinculo.exc import VinculoError
from vinculo.settings import Settings
from vinculo.store import Store
from vinculo.web import errors
from vinculo.web.auth import identify
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

    @app.middleware("http")
    async def caller_and_locale(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.caller = None
        try:
            request.state.caller = identify(request)
        except VinculoError:
            request.state.caller = None
            request.state.auth_error = True
        caller = request.state.caller
        user_locale = caller.principal.locale if caller and caller.principal.user_id else None
        with i18n.use_locale(pick_locale(request, user_locale, settings.default_locale)):
            response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; frame-ancestors 'none'",
        )
        return response

    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
