"""Pages and their JSON twins, rendered from the same service results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from vinculo import i18n
from vinculo.model.marking import CREDIBILITY_LABELS, RELIABILITY_LABELS
from vinculo.web.nav import visible_nav

TEMPLATES = Path(__file__).parent / "templates"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = i18n.fmt_date
    env.filters["number"] = i18n.fmt_number
    env.globals["reliability_labels"] = RELIABILITY_LABELS
    env.globals["credibility_labels"] = CREDIBILITY_LABELS
    return env


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.url.path.startswith("/api/")


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    data: Any = None,
    status_code: int = 200,
) -> Response:
    """HTML for a browser, or ``data`` as JSON on the page's ``.json`` twin."""
    if wants_json(request):
        return JSONResponse(data if data is not None else {}, status_code=status_code)
    env: Environment = request.app.state.jinja
    caller = getattr(request.state, "caller", None)
    principal = caller.principal if caller else None
    page = env.get_template(template).render(
        request=request,
        principal=principal,
        csrf_token=caller.csrf if caller else "",
        nav=visible_nav(principal),
        locale=i18n.get_locale(),
        path=request.url.path,
        **context,
    )
    return HTMLResponse(page, status_code=status_code)


def json_path(request: Request) -> str:
    """The URL of this page's JSON twin (keeps the query string)."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}.json{query}"
