"""The foundation's pages keep markings: an AMBER+STRICT fact of DEA never reaches FGR."""

from tests.factories import community, login, person, web_client, write
from vinculo.model.marking import TLP
from vinculo.store import Store


def test_pages_json_twins_and_api_hide_what_is_not_released(store: Store) -> None:
    community(store)
    write(store, person("p-strict", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.AMBER_STRICT))
    write(
        store,
        person(
            "p-open",
            "Ovidio Guzman Lopez",
            agency="DEA",
            tlp=TLP.AMBER,
            rel=["country:MX"],
            alias="El Raton",
        ),
    )
    dea = login(web_client(store), "ana.dea")
    fgr = login(web_client(store), "luis.fgr")
    assert "Zambada" in dea.get("/search?q=zambada").text
    assert "Zambada" not in fgr.get("/search?q=zambada").text
    assert fgr.get("/search.json?q=zambada").json()["results"] == []
    assert fgr.get("/api/search?q=zambada").json()["results"] == []
    assert fgr.get("/entity/p-strict").status_code == 404
    assert fgr.get("/entity/p-strict.json").json()["status"] == 404
    assert fgr.get("/api/entities/p-strict").status_code == 404
    page = fgr.get("/entity/p-open")
    assert page.status_code == 200 and "El Raton" in page.text and "TLP:AMBER" in page.text
    twin = fgr.get("/entity/p-open.json").json()
    assert {s["agency"] for s in twin["statements"]} == {"DEA"}
    assert twin["statements"][0]["marking"]["releasable_to"] == ["country:MX"]
    exported = fgr.get("/api/export").text
    assert "p-open" in exported and "p-strict" not in exported
    assert fgr.get("/api/stats").json()["entities"] == 1


def test_login_required_csrf_and_language(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = web_client(sqlite_store)
    assert client.get("/search").url.path == "/login"
    assert client.get("/api/stats").status_code == 401
    bad = client.post("/login", data={"username": "ana.dea", "password": "wrong password!"})
    assert bad.status_code == 401 and "wrong username or password" in bad.text
    login(client, "ana.dea")
    assert client.post("/logout", follow_redirects=False).status_code == 403  # no CSRF token
    spanish = client.get("/lang/es?next=/search")
    assert "Buscar" in spanish.text and spanish.url.path == "/search"
    assert "Search" in client.get("/search?lang=en").text
