"""Network pages and API through the in-process client, as a logged-in analyst."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import community, csrf_of, login, person, stmt, web_client, write
from vinculo.model.marking import TLP
from vinculo.model.statement import SCHEMA_PROP
from vinculo.store import Store


def link(eid: str, schema: str, a: tuple[str, str], b: tuple[str, str], tlp: TLP) -> list[Any]:
    return [
        stmt(eid, SCHEMA_PROP, eid, schema=schema, tlp=tlp),
        stmt(eid, a[0], a[1], schema=schema, tlp=tlp, prop_type="entity"),
        stmt(eid, b[0], b[1], schema=schema, tlp=tlp, prop_type="entity"),
    ]


@pytest.fixture
def client(store: Store) -> Any:
    community(store)
    facts = [
        stmt("o1", SCHEMA_PROP, "o1", schema="Organization", tlp=TLP.CLEAR),
        stmt("o1", "name", "Cartel Uno", schema="Organization", tlp=TLP.CLEAR),
    ]
    for pid, name in (("p1", "Ana Ruiz"), ("p2", "Beto Lara"), ("p3", "Carl Diaz")):
        facts += person(pid, name, tlp=TLP.CLEAR, country="mx")
        facts += link(f"m{pid}", "Membership", ("member", pid), ("organization", "o1"), TLP.CLEAR)
    facts += link("c1", "Call", ("caller", "p1"), ("receiver", "p2"), TLP.CLEAR)
    facts += link("c2", "Call", ("caller", "p2"), ("receiver", "p3"), TLP.RED)
    write(store, facts)
    return login(web_client(store), "bob.fbi")


def test_api_routes(client: Any) -> None:
    graph = client.get("/api/network/graph", params={"org": "o1", "hops": 2}).json()
    ids = {n["data"]["id"] for n in graph["elements"]["nodes"]}
    assert ids == {"o1", "p1", "p2", "p3"}
    ties = {(e["data"]["source"], e["data"]["target"]) for e in graph["elements"]["edges"]}
    assert ("p1", "p2") in ties and ("p2", "p3") not in ties  # c2 is DEA's RED record
    metrics = client.get("/api/network/metrics", params={"type": "call"}).json()
    assert metrics["summary"]["edges"] == 1
    curves = client.get("/api/network/disrupt", params={"steps": 2, "strategy": "degree"}).json()
    assert curves["strategy"] == "degree" and len(curves["steps"]) == 3
    targets = client.get("/api/network/targets", params={"limit": 2}).json()["targets"]
    assert targets[0]["rank"] == 1
    gexf = client.get("/api/network/export", params={"format": "gexf"})
    assert gexf.status_code == 200 and "<gexf" in gexf.text
    bad = client.get("/api/network/graph", params={"type": "telepathy"})
    assert bad.status_code == 400 and bad.json()["ok"] is False
    upload = client.post(
        "/api/network/disrupt/edgelist",
        params={"steps": 1},
        json={"text": "a b\nb c\nc d\n"},
        headers={"X-CSRF-Token": csrf_of(client)},
    ).json()
    assert upload["steps"][1]["nodes_removed"] == ["c"]


def test_pages_and_json_twins(client: Any) -> None:
    page = client.get("/network")
    assert page.status_code == 200
    assert 'id="cy"' in page.text and "cytoscape-3.35.0.min.js" in page.text
    assert "Cartel Uno" in page.text  # the largest organization is chosen by default
    twin = client.get("/network.json").json()
    assert twin["scope"]["org"] == "o1"
    plot = client.get("/network/disrupt", params={"steps": 2})
    assert plot.status_code == 200 and "<svg" in plot.text
    assert len(client.get("/network/disrupt.json", params={"steps": 2}).json()["results"]) == 4
    ranked = client.get("/network/targets")
    assert ranked.status_code == 200 and "Violence risk" in ranked.text
    spanish = client.get("/lang/es?next=/network/targets")
    assert spanish.status_code == 200 and "Riesgo de violencia" in spanish.text
    vendor = client.get("/static/vendor/cytoscape-3.35.0.min.js")
    assert vendor.status_code == 200 and len(vendor.content) > 100_000
