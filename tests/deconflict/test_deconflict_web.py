"""The inbox page, its JSON twin and the API: each agency sees its own notices only."""

from __future__ import annotations

from factories import community, csrf_of, login, make_user, web_client

from vinculo.access.principal import Role
from vinculo.store import Store

PHONE = {"id": "p", "schema": "Phone", "properties": {"number": ["+52 667 123 4567"]}}


def test_api_register_notices_ack_and_inbox(sqlite_store: Store) -> None:
    community(sqlite_store)
    make_user(sqlite_store, "sup.fgr", "FGR", (Role.SUPERVISOR,))
    dea = login(web_client(sqlite_store), "ana.dea")
    body = {"case": "OCDETF-9", "contact": "SA Smith +1 915 555 0100", "entities": [PHONE]}
    r = dea.post("/api/deconflict/targets", json=body, headers={"X-CSRF-Token": csrf_of(dea)})
    assert r.status_code == 201, r.text
    fgr = login(web_client(sqlite_store), "luis.fgr")
    body = {"case": "FED/22", "contact": "Lic. Pérez", "entities": [{**PHONE, "id": "q"}]}
    r = fgr.post("/api/deconflict/targets", json=body, headers={"X-CSRF-Token": csrf_of(fgr)})
    (done,) = r.json()
    assert done["notices"][0]["other_contact"] == "SA Smith +1 915 555 0100"
    (notice,) = fgr.get("/api/deconflict/notices").json()
    assert notice["own"]["case"] == "FED/22"
    page = fgr.get("/deconflict")
    assert page.status_code == 200 and "SA Smith" in page.text and "OCDETF-9" not in page.text
    twin = fgr.get("/deconflict.json").json()
    assert [n["id"] for n in twin["notices"]] == [notice["id"]]
    assert "OCDETF-9" not in fgr.get("/deconflict.json").text
    assert fgr.get("/api/deconflict/targets").json()[0]["source_id"] == "q"
    # DEA's notice is not FGR's to acknowledge
    (dea_notice,) = dea.get("/api/deconflict/notices").json()
    r = fgr.post(f"/api/deconflict/notices/{dea_notice['id']}/ack",
                 headers={"X-CSRF-Token": csrf_of(fgr)})  # fmt: skip
    assert r.status_code == 404
    r = fgr.post(f"/deconflict/notices/{notice['id']}/ack", data={"csrf_token": csrf_of(fgr)})
    assert r.status_code == 200
    assert fgr.get("/api/deconflict/notices").json()[0]["acknowledged"] is True
    sup = login(web_client(sqlite_store), "sup.fgr")
    (conflict,) = sup.get("/api/deconflict/conflicts").json()
    assert conflict["acknowledged"] is True and conflict["other_acknowledged"] is False
    assert "Open conflicts" in sup.get("/deconflict").text
    assert fgr.get("/api/deconflict/conflicts").status_code == 403


def test_page_registers_an_operation(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = login(web_client(sqlite_store), "ana.dea")
    form = {
        "csrf_token": csrf_of(client), "case": "OP-1", "contact": "SA Smith", "kind": "raid",
        "lat": "31.7397", "lon": "-106.4869", "radius_m": "300",
        "start": "2099-05-01T20:00", "end": "2099-05-01T23:00",
    }  # fmt: skip
    r = client.post("/deconflict/events", data=form)
    assert r.status_code == 200, r.text
    (event,) = client.get("/deconflict.json").json()["events"]
    assert (event["case"], event["kind"], event["radius_m"]) == ("OP-1", "raid", 300.0)
    assert 'id="operations-map"' in client.get("/deconflict").text
