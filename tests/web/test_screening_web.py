"""The screening page (EN/ES), its .json twin and GET /api/screen keep markings."""

from collections.abc import Iterator

import pytest

from tests.factories import community, login, person, web_client, write
from vinculo.model.marking import TLP
from vinculo.services import screening
from vinculo.store import Store


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    screening.clear_cache()
    yield
    screening.clear_cache()


def test_screen_page_twin_and_api(store: Store) -> None:
    community(store)
    write(
        store,
        person("alfredo", "GUZMAN SALAZAR, Jesus Alfredo", agency="DEA", tlp=TLP.AMBER_STRICT),
    )
    write(store, person("ivan", "GUZMAN SALAZAR, Ivan Archivaldo", agency="DEA", tlp=TLP.CLEAR))
    dea = login(web_client(store), "ana.dea")
    fgr = login(web_client(store), "luis.fgr")
    page = dea.get("/screen?q=Chuy+Guzman")
    assert page.status_code == 200
    assert "GUZMAN SALAZAR, Jesus Alfredo" in page.text
    assert "first given names agree" in page.text
    twin = dea.get("/screen.json?q=Chuy+Guzman").json()
    assert twin["results"][0]["id"] == "alfredo"
    api = dea.get("/api/screen", params={"q": "Ivan Guzman", "birth_date": "1980", "top": 1}).json()
    assert [r["id"] for r in api["results"]] == ["ivan"]
    assert "alfredo" not in fgr.get("/screen?q=Chuy+Guzman").text
    assert all(r["id"] != "alfredo" for r in fgr.get("/api/screen?q=Chuy+Guzman").json()["results"])
    assert dea.get("/api/screen?q=x&birth_date=yesterday").status_code in (400, 422)


def test_screen_page_in_spanish(store: Store) -> None:
    community(store)
    write(store, person("alfredo", "GUZMAN SALAZAR, Jesus Alfredo", agency="DEA"))
    dea = login(web_client(store), "ana.dea")
    page = dea.get("/screen?q=Chuy+Guzman&lang=es")
    assert "Cotejo" in page.text
    assert "coinciden los primeros nombres" in page.text
