"""The JSON error envelope speaks the caller's language, with the caller's values in it."""

from __future__ import annotations

from tests.factories import community, login, web_client
from vinculo.store import Store


def test_unknown_entity_in_spanish_keeps_the_id(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = login(web_client(sqlite_store), "ana.dea")
    spanish = client.get("/api/entities/p-{0}?lang=es")
    assert spanish.status_code == 404
    body = spanish.json()
    assert body["ok"] is False and body["status"] == 404
    # the value is inserted as given: its braces are not read as a placeholder
    assert body["error"] == "no existe la entidad 'p-{0}'"
    english = client.get("/api/entities/p-{0}?lang=en")
    assert english.json()["error"] == "no entity 'p-{0}'"


def test_bad_grading_in_spanish_in_the_message_and_each_problem(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = login(web_client(sqlite_store), "ana.dea")
    response = client.get("/api/network/graph?all=true&min_grading=X9&lang=es")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == (
        "campo 'min_grading': calificación no válida 'X9': "
        "la confiabilidad de la fuente debe ser de A a F"
    )
    [problem] = body["errors"]
    assert problem["field"] == "min_grading"
    assert problem["message"] == (
        "calificación no válida 'X9': la confiabilidad de la fuente debe ser de A a F"
    )
    english = client.get("/api/network/graph?all=true&min_grading=X9&lang=en").json()
    assert english["errors"][0]["message"] == "bad grading 'X9': source reliability must be A-F"


def test_unknown_schema_of_a_screening_query_in_spanish(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = login(web_client(sqlite_store), "ana.dea")
    response = client.get("/api/screen?q=Juan&schema=Vessel&lang=es")
    assert response.status_code == 400
    assert "no se puede cotejar un Vessel" in response.json()["error"]


def test_an_anonymous_caller_gets_the_language_of_accept_language(sqlite_store: Store) -> None:
    client = web_client(sqlite_store)
    headers = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5", "Accept": "application/json"}
    response = client.get("/api/entities/p-1", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "inicie sesión primero"


def test_a_failed_login_page_in_spanish(sqlite_store: Store) -> None:
    community(sqlite_store)
    client = web_client(sqlite_store)
    page = client.post("/login?lang=es", data={"username": "ana.dea", "password": "nope"})
    assert page.status_code == 401
    assert "usuario o contraseña incorrectos" in page.text
