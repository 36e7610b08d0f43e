"""An agency administrator manages their own agency's users only: CLI, web pages and API."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.factories import community, csrf_of, login, make_user, web_client
from vinculo.access.principal import Role
from vinculo.cli import cli
from vinculo.store import Store

NEW_PASSWORD = "another long password"


@pytest.fixture
def admins(store: Store) -> Store:
    community(store)
    make_user(store, "admin.fgr", "FGR", [Role.AGENCY_ADMIN])
    return store


def test_cli(admins: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = admins
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open",
        classmethod(lambda cls, settings, schema=None: Store(store.engine, settings)),
    )
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(
            cli,
            ["--database-url", store.settings.database_url, "--as", "admin.fgr", *args],
            env={"VINCULO_NEW_PASSWORD": NEW_PASSWORD},
        )
        return result.exit_code, result.output

    code, out = run("user", "add", "x.dea", "--agency", "DEA")
    assert code != 0 and "own agency" in out and store.get_user("x.dea") is None
    for args in (
        ("user", "deactivate", "ana.dea"),
        ("user", "roles", "ana.dea", "agency_admin"),
        ("user", "password", "ana.dea"),
    ):
        code, out = run(*args)
        assert code != 0 and "own agency" in out, args
    assert store.user("ana.dea").active and store.user("ana.dea").roles == {Role.ANALYST}
    code, out = run("user", "add", "x.fgr", "--agency", "FGR", "--role", "system_admin")
    assert code != 0 and store.get_user("x.fgr") is None  # no escalation either
    assert run("user", "add", "x.fgr", "--agency", "FGR")[0] == 0
    code, out = run("user", "list")
    assert code == 0 and "x.fgr" in out and "luis.fgr" in out and "ana.dea" not in out
    assert run("user", "deactivate", "luis.fgr")[0] == 0 and not store.user("luis.fgr").active


def test_web_pages(admins: Store) -> None:
    store = admins
    admin = login(web_client(store), "admin.fgr")
    page = admin.get("/admin")
    assert "luis.fgr" in page.text and "ana.dea" not in page.text
    assert {u["agency"] for u in admin.get("/admin.json").json()["users"]} == {"FGR"}
    csrf = csrf_of(admin)
    form = {
        "username": "x.dea",
        "agency": "DEA",
        "password": NEW_PASSWORD,
        "roles": ["analyst"],
        "csrf_token": csrf,
    }
    assert admin.post("/admin/users", data=form).status_code == 403
    assert store.get_user("x.dea") is None
    assert (
        admin.post("/admin/users/ana.dea/deactivate", data={"csrf_token": csrf}).status_code == 403
    )
    assert store.user("ana.dea").active
    ok = admin.post("/admin/users", data={**form, "username": "x.fgr", "agency": "FGR"})
    assert ok.status_code == 200 and store.user("x.fgr").agency.code == "FGR"
    analyst = login(web_client(store), "luis.fgr")
    assert analyst.get("/admin.json").status_code == 403


def test_api(admins: Store) -> None:
    store = admins
    session = login(web_client(store), "admin.fgr")
    token = session.post(
        "/api/tokens",
        json={"label": "admin", "scopes": ["read", "admin"]},
        headers={"X-CSRF-Token": csrf_of(session)},
    ).json()["token"]
    api = web_client(store)
    api.headers.update({"Authorization": f"Bearer {token}"})
    assert {u["agency"] for u in api.get("/api/users").json()} == {"FGR"}
    body = {"username": "x.dea", "agency": "DEA", "password": NEW_PASSWORD}
    assert api.post("/api/users", json=body).status_code == 403
    assert api.put("/api/users/ana.dea/roles", json={"roles": ["agency_admin"]}).status_code == 403
    assert api.post("/api/users/ana.dea/deactivate").status_code == 403
    assert store.user("ana.dea").active and store.user("ana.dea").roles == {Role.ANALYST}
    made = api.post("/api/users", json={**body, "username": "x.fgr", "agency": "FGR"})
    assert made.status_code == 201 and made.json()["agency"] == "FGR"
    roles = api.put("/api/users/x.fgr/roles", json={"roles": ["analyst", "supervisor"]})
    assert roles.status_code == 200 and roles.json()["roles"] == ["analyst", "supervisor"]
    assert api.post("/api/users/x.fgr/deactivate").json()["active"] is False
    # a read-only token of the same administrator changes nothing
    reader = session.post(
        "/api/tokens", json={"label": "ro"}, headers={"X-CSRF-Token": csrf_of(session)}
    ).json()["token"]
    ro = web_client(store)
    ro.headers.update({"Authorization": f"Bearer {reader}"})
    assert ro.get("/api/users").status_code == 200
    assert (
        ro.post("/api/users", json={**body, "username": "y.fgr", "agency": "FGR"}).status_code
        == 403
    )
