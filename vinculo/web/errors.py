"""The one place where exceptions become responses (a fixed JSON envelope or a page)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from vinculo.exc import AuthenticationFailed, VinculoError
from vinculo.i18n import gettext
from vinculo.web.render import render, wants_json


def envelope(
    status: int, message: str, errors: list[dict[str, object]] | None = None
) -> dict[str, object]:
    return {"ok": False, "status": status, "error": message, "errors": errors or []}


def _respond(
    request: Request, status: int, message: str, errors: list[dict[str, object]] | None = None
) -> Response:
    if wants_json(request) or "application/json" in request.headers.get("accept", ""):
        return JSONResponse(envelope(status, message, errors), status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(VinculoError)
    async def vinculo_error(request: Request, exc: VinculoError) -> Response:
        if (
            isinstance(exc, AuthenticationFailed)
            and not wants_json(request)
            and request.method == "GET"
        ):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        # the caller's language (set per request); values such as file names stay as given
        errors = [
            {"message": p.text.translated(), "file": p.file, "line": p.line, "field": p.field}
            for p in exc.errors
        ]
        return _respond(request, exc.status, exc.translated(), errors)  # type: ignore[arg-type]

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"message": str(e.get("msg")), "field": ".".join(str(x) for x in e["loc"])}
            for e in exc.errors()
        ]
        return _respond(request, 422, gettext("The request is not valid."), errors)  # type: ignore[arg-type]

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = gettext("Not found.") if exc.status_code == 404 else str(exc.detail)
        return _respond(request, exc.status_code, message)
