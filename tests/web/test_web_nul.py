"""A NUL character anywhere in a request is bad input (4xx), never a server error.

PostgreSQL refuses NUL in text; the store turns the refusal into InvalidData,
and the web layer refuses NUL in paths and queries before any query runs.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, community, csrf_of, login, make_user, web_client
from vinculo.access.principal import Role
from vinculo.services import access
from vinculo.store import Store


def _bad_input(response: Any, store: Store) -> None:
    """4xx on PostgreSQL; SQLite stores NUL like any character, but never fails on it."""
    low = 400 if store.backend == "postgresql" else 200
    assert low <= response.status_code < 500, (response.status_code, response.text[:300])


def test_nul_in_a_login_form_is_refused_cleanly(store: Store) -> None:
    community(store)
    client = web_client(store)
    for username, password in (("ana\x00dea", PASSWORD), ("ana.dea", "pass\x00word")):
        response = client.post(
            "/login",
            data={"username": username, "password": password},
            headers={"Accept": "application/json"},
        )
        assert 400 <= response.status_code < 500, response.text[:300]
    login(client, "ana.dea")  # and nothing was locked or broken by it


@pytest.mark.parametrize("path", ["/api/search?q=ana%00dea", "/search.json?q=%00", "/api/me?x=%00"])
def test_nul_in_a_query_is_refused_before_any_query(store: Store, path: str) -> None:
    c = community(store)
    token = access.create_token(store, c.dea, "t", ("read",), 1)
    client = web_client(store)
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_nul_in_a_form_or_json_body_is_bad_input(store: Store) -> None:
    community(store)
    make_user(store, "adm.dea", "DEA", [Role.AGENCY_ADMIN])
    client = login(web_client(store), "adm.dea")
    csrf = csrf_of(client)
    form = {
        "username": "new.user",
        "agency": "DEA",
        "password": "a long enough password 1",
        "roles": ["analyst"],
        "display_name": "New\x00User",
        "csrf_token": csrf,
    }
    response = client.post("/admin/users", data=form, headers={"Accept": "application/json"})
    _bad_input(response, store)
    response = client.post(
        "/api/tokens", json={"label": "bad\x00label"}, headers={"X-CSRF-Token": csrf}
    )
    _bad_input(response, store)
    if store.backend == "postgresql":
        assert "new.user" not in {u.username for u in store.users()}
    assert client.get("/api/me").status_code == 200  # the session still works
