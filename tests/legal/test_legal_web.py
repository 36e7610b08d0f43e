"""Legal pages, their JSON twins and the API, as a logged-in user."""

from datetime import date, timedelta

from tests.factories import community, login, make_user, person, web_client, write
from vinculo.access.principal import Principal, Role
from vinculo.legal.example import load_history
from vinculo.model.marking import TLP
from vinculo.services import legal_cases
from vinculo.store import Store


def _client(store: Store):  # type: ignore[no-untyped-def]
    community(store)
    make_user(store, "ext.fgr", "FGR", (Role.EXTRADITION_OFFICER, Role.ANALYST))
    write(store, person("p-5", "Ismael Zambada Sicairos", agency="FGR", tlp=TLP.GREEN))
    legal_cases.ensure_agency(store, Principal.system(), "PUBLIC")
    legal_cases.import_history(store, Principal.system(), load_history(), "PUBLIC")
    return login(web_client(store), "ext.fgr")


def test_pages_and_api(sqlite_store: Store) -> None:
    client = _client(sqlite_store)
    from tests.factories import csrf_of

    csrf = {"X-CSRF-Token": csrf_of(client)}
    opened = client.post(
        "/api/legal/extradition",
        json={
            "person": "p-5",
            "requesting": "US",
            "requested": "MX",
            "on": (date.today() - timedelta(days=55)).isoformat(),
            "marking": "AMBER",
            "release_to": ["country:US"],
        },
        headers=csrf,
    )
    assert opened.status_code == 201, opened.text
    rid = opened.json()["id"]
    dash = client.get("/legal")
    assert dash.status_code == 200 and rid in dash.text and "5 days left" in dash.text
    twin = client.get("/legal.json").json()
    assert twin["due"][0]["request"] == rid and twin["due"][0]["days_left"] == 5
    due = client.get("/api/legal/due", params={"within": "14d"}).json()
    assert [d["request"] for d in due] == [rid]
    bad = client.post(
        f"/api/legal/extradition/{rid}/advance",
        json={"state": "habeas", "on": date.today().isoformat()},
        headers=csrf,
    )
    assert bad.status_code == 409 and "allowed next states" in bad.json()["error"]
    form = client.post(
        f"/legal/extradition/{rid}/advance",
        data={
            "state": "formal_request",
            "on": date.today().isoformat(),
            "document": "Nota 5",
            "csrf_token": csrf["X-CSRF-Token"],
        },
    )
    assert form.status_code == 200 and "formal_request" in form.text
    page = client.get(f"/legal/extradition/{rid}.json").json()
    assert page["state"] == "formal_request" and "objections" in page["allowed_next"]
    case = client.get("/legal/case/case-us-edny-09-cr-466")
    assert case.status_code == 200 and "SDNTK" in case.text and "21 U.S.C. 848" in case.text
    assert "Fourth superseding indictment (S-4)" in case.text
    tl = client.get("/legal/timeline/vl-guzman-loera")
    assert tl.status_code == 200 and "Recaptured in Los Mochis" in tl.text
    es = client.get("/lang/es?next=/legal")
    assert "Plazos de extradición" in es.text
    assert client.get("/api/legal/rules").json()[0]["sources"]
