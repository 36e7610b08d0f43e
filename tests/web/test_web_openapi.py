"""The OpenAPI description is complete, and schemathesis finds no server error behind it."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import make_settings
from tests.factories import community, make_user, person, write
from vinculo.access.principal import Role
from vinculo.model.marking import TLP
from vinculo.services import access
from vinculo.store import Store
from vinculo.web.app import ROUTER_MODULES, create_app


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Store]]:
    """The app over a small seeded SQLite store, shared by the module's tests."""
    root: Path = tmp_path_factory.mktemp("openapi")
    store = Store.open(make_settings(f"sqlite:///{root / 'store.db'}", root))
    store.upgrade()
    community(store)
    make_user(store, "sch.admin", "DEA", list(Role))
    write(store, person("p-1", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.GREEN))
    write(store, person("p-2", "Ovidio Guzman", agency="FGR", tlp=TLP.AMBER, rel=["country:US"]))
    try:
        yield create_app(store.settings, store), store
    finally:
        store.close()


def test_every_api_route_is_documented(served: tuple[Any, Store]) -> None:
    app, _store = served
    spec = app.openapi()
    routes = [
        r
        for name in ROUTER_MODULES
        for r in importlib.import_module(name).router.routes
        if isinstance(r, APIRoute) and r.path.startswith("/api")
    ]
    assert len(routes) >= 10
    for route in routes:
        assert route.include_in_schema, route.path
        documented = spec["paths"].get(route.path)
        assert documented is not None, f"{route.path} is missing from /openapi.json"
        for method in route.methods:
            operation = documented.get(method.lower())
            assert operation is not None, f"{method} {route.path} is missing"
            assert operation.get("summary") and operation.get("responses"), route.path
            for param in route.dependant.path_params:
                names = {p["name"] for p in operation.get("parameters", [])}
                assert param.name in names, (route.path, param.name)
    served_spec = app.openapi_schema
    assert served_spec["info"]["title"] == "vinculo"


#: Routes of the foundation and of access/audit/records; other capabilities add the rest.
FRAME = (
    "/api/me",
    "/api/search",
    "/api/entities",
    "/api/stats",
    "/api/export",
    "/api/tokens",
    "/api/users",
    "/search",
    "/entity",
    "/admin",
    "/audit",
    "/records",
)


def _is_frame(path: str) -> bool:
    return any(path == p or path.startswith((p + "/", p + ".")) for p in FRAME)


def fuzz(app: Any, store: Store, frame: bool) -> tuple[int, list[str]]:
    """Run schemathesis over one group of operations: (operations run, server errors)."""
    api = schemathesis.openapi.from_asgi("/openapi.json", app)
    user = store.user("sch.admin").principal()
    failures: list[str] = []
    operations = [result.ok() for result in api.get_all_operations()]
    operations = [op for op in operations if _is_frame(op.path) == frame]
    for operation in operations:

        @settings(
            max_examples=5,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            # a fresh token per case: a generated DELETE /api/tokens/{id} may revoke an earlier one
            token = access.create_token(store, user, "fuzz", ("read", "write", "admin"), 1)
            where = f"{case.method} {case.formatted_path}"
            try:
                response = case.call(headers={"Authorization": f"Bearer {token}"})
            except Exception as exc:  # the in-process app raises what would be a 500
                failures.append(f"{where} -> {type(exc).__name__}: {exc}")
                return
            if response.status_code >= 500:
                failures.append(f"{where} -> {response.status_code}: {response.text[:300]}")

        check()
    return len(operations), failures


def test_no_server_error_in_the_frame_access_audit_and_records(served: tuple[Any, Store]) -> None:
    """Every operation of /openapi.json that this frame owns, as a system administrator."""
    count, failures = fuzz(*served, frame=True)
    assert count >= 15
    assert not failures, "\n".join(sorted(set(failures)))


def test_no_server_error_in_other_capabilities(served: tuple[Any, Store]) -> None:
    """The pages and API of the other capabilities; their server errors are reported here."""
    count, failures = fuzz(*served, frame=False)
    assert not failures, (
        f"server errors in other capabilities' routes ({count} operations fuzzed):\n"
        + "\n".join(sorted(set(failures)))
    )
