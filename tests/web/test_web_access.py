"""API tokens end to end, login lockout and CSRF refusal."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.factories import PASSWORD, community, csrf_of, login, make_user, web_client
from vinculo.access.principal import Role
from vinculo.cli import cli
from vinculo.store import Store


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def test_token_from_the_cli_is_scoped_and_revocable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    community(store)
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open",
        classmethod(lambda cls, settings, schema=None: Store(store.engine, settings)),
    )
    runner = CliRunner()
    url = store.settings.database_url
    made = runner.invoke(cli, ["--database-url", url, "user", "token", "ana.dea", "--label", "ci"])
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    assert token.startswith("vnc_")
    client = web_client(store)
    me = client.get("/api/me", headers=_bearer(token))
    assert me.status_code == 200 and me.json()["username"] == "ana.dea"
    assert client.get("/search.json?q=x", headers=_bearer(token)).status_code == 200
    # read-only: no POST of any kind
    refused = client.post("/api/tokens", json={"label": "more"}, headers=_bearer(token))
    assert refused.status_code == 403
    assert client.post("/logout", headers=_bearer(token)).status_code == 403
    listed = client.get("/api/tokens", headers=_bearer(token)).json()
    assert [(t["label"], t["scopes"]) for t in listed] == [("ci", "read")]
    revoke = [
        "--database-url",
        url,
        "--as",
        "ana.dea",
        "user",
        "revoke-token",
        str(listed[0]["id"]),
    ]
    assert runner.invoke(cli, revoke).exit_code == 0
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401
    assert client.get("/api/me", headers=_bearer("vnc_made_up")).status_code == 401
    # a token of a deactivated user stops working too
    again = runner.invoke(cli, ["--database-url", url, "user", "token", "bob.fbi", "--label", "x"])
    other = again.output.strip()
    assert client.get("/api/me", headers=_bearer(other)).status_code == 200
    assert (
        runner.invoke(cli, ["--database-url", url, "user", "deactivate", "bob.fbi"]).exit_code == 0
    )
    assert client.get("/api/me", headers=_bearer(other)).status_code == 401


def test_token_from_the_api_with_admin_scope(store: Store) -> None:
    community(store)
    session = login(web_client(store), "luis.fgr")
    assert session.post("/api/tokens", json={"label": "x"}).status_code == 403  # no CSRF token
    made = session.post(
        "/api/tokens",
        json={"label": "robot", "scopes": ["read", "admin"], "days": 1},
        headers={"X-CSRF-Token": csrf_of(session)},
    )
    assert made.status_code == 201
    token = made.json()["token"]
    robot = web_client(store)
    listed = robot.get("/api/tokens", headers=_bearer(token)).json()
    assert [t["label"] for t in listed] == ["robot"]
    child = robot.post("/api/tokens", json={"label": "child"}, headers=_bearer(token))
    assert child.status_code == 201  # admin scope creates tokens (no CSRF: not a cookie)
    child_token = child.json()["token"]
    child_id = robot.get("/api/tokens", headers=_bearer(token)).json()[-1]["id"]
    assert robot.delete(f"/api/tokens/{child_id}", headers=_bearer(child_token)).status_code == 403
    assert robot.delete(f"/api/tokens/{child_id}", headers=_bearer(token)).status_code == 204
    assert robot.get("/api/me", headers=_bearer(child_token)).status_code == 401
    assert robot.delete(f"/api/tokens/{child_id}", headers=_bearer(token)).status_code == 404
    # another user's token cannot be revoked by id
    ana_token = login(web_client(store), "ana.dea")
    ana_made = ana_token.post(
        "/api/tokens", json={"label": "a"}, headers={"X-CSRF-Token": csrf_of(ana_token)}
    ).json()["token"]
    ana_id = robot.get("/api/tokens", headers=_bearer(ana_made)).json()[0]["id"]
    assert robot.delete(f"/api/tokens/{ana_id}", headers=_bearer(token)).status_code == 404
    assert robot.get("/api/me", headers=_bearer(ana_made)).status_code == 200


def test_login_locks_after_repeated_failures(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = web_client(sqlite_store)
    limit = sqlite_store.settings.int("login_max_failures")
    for _ in range(limit):
        bad = client.post("/login", data={"username": "ana.dea", "password": "not the password"})
        assert bad.status_code == 401
    locked = client.post("/login", data={"username": "ana.dea", "password": PASSWORD})
    assert locked.status_code == 401 and "locked" in locked.text
    assert client.get("/api/me").status_code == 401
    other = web_client(sqlite_store)
    login(other, "bob.fbi")  # only that account is locked
    spanish = client.post("/login?lang=es", data={"username": "ana.dea", "password": PASSWORD})
    assert spanish.status_code == 401 and "bloqueada" in spanish.text
    # an administrator's password reset unlocks the account
    from vinculo.access.principal import Principal
    from vinculo.services import access

    access.set_password(sqlite_store, Principal.system(), "ana.dea", PASSWORD)
    login(client, "ana.dea")


def test_csrf_is_required_for_every_unsafe_request_of_a_session(store: Store) -> None:
    community(store)
    make_user(store, "admin.dea", "DEA", [Role.AGENCY_ADMIN])
    admin = login(web_client(store), "admin.dea")
    form = {
        "username": "new.dea",
        "agency": "DEA",
        "password": "a long enough password",
        "roles": ["analyst"],
    }
    assert admin.post("/admin/users", data=form).status_code == 403
    assert admin.post("/admin/users", data={**form, "csrf_token": "forged"}).status_code == 403
    assert admin.post("/admin/users/ana.dea/deactivate").status_code == 403
    assert store.get_user("new.dea") is None and store.user("ana.dea").active
    ok = admin.post("/admin/users", data={**form, "csrf_token": csrf_of(admin)})
    assert ok.status_code == 200 and store.user("new.dea").agency.code == "DEA"
    # the token of another session does not do either
    other = login(web_client(store), "ana.dea")
    stolen = csrf_of(other)
    assert (
        admin.post("/admin/users/new.dea/deactivate", data={"csrf_token": stolen}).status_code
        == 403
    )
    header = admin.post("/admin/users/new.dea/deactivate", headers={"X-CSRF-Token": csrf_of(admin)})
    assert header.status_code == 200 and not store.user("new.dea").active
