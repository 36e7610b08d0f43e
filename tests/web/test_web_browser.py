"""In Debian's chromium: log in, switch to Spanish, search, open an entity, see the badges;
a user of another agency does not see an AMBER+STRICT statement. Screenshots: tests/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import PASSWORD, community, person, stmt, write
from vinculo.model.marking import TLP
from vinculo.store import Store

pytestmark = pytest.mark.browser


def _seed(store: Store) -> None:
    community(store)
    write(store, person("p-mayo", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.GREEN))
    write(
        store,
        [
            stmt(
                "p-mayo",
                "alias",
                "El Mayo Secreto",
                agency="DEA",
                tlp=TLP.AMBER_STRICT,
                grading="A1",
            )
        ],
    )
    write(store, person("p-strict", "Zambada Informant", agency="DEA", tlp=TLP.AMBER_STRICT))


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-button")
    page.wait_for_url(f"{base}/search")


def test_login_spanish_search_entity_badges(
    sqlite_store: Store, live_server: Callable[[Store], Any], page: Any
) -> None:
    _seed(sqlite_store)
    base = live_server(sqlite_store).url
    _login(page, base, "ana.dea")
    assert page.inner_text("h1") == "Search"
    page.click("#lang-es")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Buscar"
    assert page.get_attribute("html", "lang") == "es"
    page.fill("#q", "zambada")
    page.click("#search-button")
    page.wait_for_load_state()
    assert "2 resultados" in page.inner_text("p.count")
    page.click("text=Ismael Zambada Garcia")
    page.wait_for_url(f"{base}/entity/p-mayo")
    table = page.inner_text("#statements")
    assert "Afirmaciones" in page.inner_text("main")  # "Statements", in Spanish
    assert "El Mayo Secreto" in table
    assert page.locator("#statements .badge.tlp.tlp-amber-strict").count() >= 1
    assert page.locator("#statements .badge.tlp.tlp-green").count() >= 1
    assert page.locator("#statements .badge.grading", has_text="A1").count() == 1
    assert page.locator("#statements .badge.agency", has_text="DEA").count() >= 2
    title = page.locator("#statements .badge.grading", has_text="A1").get_attribute("title")
    assert title is not None and "Totalmente confiable" in title


def test_another_agency_does_not_see_amber_strict(
    sqlite_store: Store, live_server: Callable[[Store], Any], page: Any
) -> None:
    _seed(sqlite_store)
    base = live_server(sqlite_store).url
    _login(page, base, "luis.fgr")
    page.fill("#q", "zambada")
    page.click("#search-button")
    page.wait_for_load_state()
    results = page.inner_text("main")
    assert "Ismael Zambada Garcia" in results and "Informant" not in results
    page.click("text=Ismael Zambada Garcia")
    page.wait_for_url(f"{base}/entity/p-mayo")
    assert "El Mayo Secreto" not in page.content()
    assert page.locator(".badge.tlp-amber-strict").count() == 0
    response = page.goto(f"{base}/entity/p-strict")
    assert response is not None and response.status == 404
    assert "Zambada Informant" not in page.content()
