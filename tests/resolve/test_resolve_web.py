"""The review pages and API hold the markings: no pair built on what you may not see."""

from __future__ import annotations

from factories import csrf_of, login, web_client
from test_resolve_service import seed

from vinculo.store import Store


def test_review_api_and_pages_follow_markings(store: Store) -> None:
    seed(store)
    ana = login(web_client(store), "ana.dea")
    bob = login(web_client(store), "bob.fbi")

    keys = [(r["left"], r["right"]) for r in ana.get("/api/review").json()["results"]]
    assert keys == [("d1", "f1"), ("b1", "f1")]
    keys = [(r["left"], r["right"]) for r in bob.get("/api/review").json()["results"]]
    assert keys == [("b1", "f1")]

    assert "d1" in ana.get("/review").text
    assert "d1" not in bob.get("/review").text
    assert bob.get("/review.json").json()["results"][0]["left"] == "b1"
    assert ana.get("/review/pair", params={"left": "d1", "right": "f1"}).status_code == 200
    assert bob.get("/review/pair", params={"left": "d1", "right": "f1"}).status_code == 404
    assert bob.get("/api/review/pair", params={"left": "d1", "right": "f1"}).status_code == 404
    refused = bob.post(
        "/api/review/judge",
        json={"left": "d1", "right": "f1", "judgement": "same"},
        headers={"X-CSRF-Token": csrf_of(bob)},
    )
    assert refused.status_code == 404

    page = ana.post(
        "/review/judge",
        data={
            "left": "d1",
            "right": "f1",
            "judgement": "same",
            "reason": "CURP",
            "csrf_token": csrf_of(ana),
        },
    )
    assert page.status_code == 200
    assert ana.get("/api/entities/f1/merged").json()["entity"]["referents"] == ["d1", "f1"]
    merged = bob.get("/api/entities/f1/merged").json()
    assert merged["entity"]["referents"] == ["f1"] and merged["judgements"] == []

    edge_id = ana.get("/api/entities/f1/merged").json()["judgements"][0]["id"]
    undone = ana.post(
        "/api/review/undo", json={"edge_id": edge_id}, headers={"X-CSRF-Token": csrf_of(ana)}
    )
    assert undone.status_code == 200 and undone.json()["judgement"] == "none"
    assert ana.get("/api/entities/f1/merged").json()["entity"]["referents"] == ["f1"]

    assert ana.post("/api/xref", headers={"X-CSRF-Token": csrf_of(ana)}).status_code == 403
