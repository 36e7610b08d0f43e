"""The network as a principal sees it: ties only from visible records, audited."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import community, person, stmt, write
from vinculo.access.principal import Principal
from vinculo.exc import InvalidData, NotFound
from vinculo.model.marking import TLP
from vinculo.model.statement import SCHEMA_PROP
from vinculo.services import network
from vinculo.store import Store
from vinculo.store import audit as audit_store


def rel(
    eid: str,
    schema: str,
    agency: str = "DEA",
    tlp: TLP = TLP.CLEAR,
    grading: str = "B2",
    **props: str,
) -> list:
    out = [stmt(eid, SCHEMA_PROP, eid, schema=schema, agency=agency, tlp=tlp, grading=grading)]
    for k, v in props.items():
        ptype = "date" if k == "date" else ("entity" if k != "role" else "string")
        out.append(
            stmt(eid, k, v, schema=schema, agency=agency, tlp=tlp, grading=grading, prop_type=ptype)
        )
    return out


def seed(store: Store) -> None:
    community(store)
    facts = []
    for pid, name, country in (
        ("p1", "Ana Ruiz", "mx"),
        ("p2", "Beto Lara", "mx"),
        ("p3", "Carl Diaz", "us"),
        ("p4", "Dora Paz", "us"),
    ):
        facts += person(pid, name, tlp=TLP.CLEAR, country=country)
    facts += [
        stmt("o1", SCHEMA_PROP, "o1", schema="Organization", tlp=TLP.CLEAR),
        stmt("o1", "name", "Cartel Uno", schema="Organization", tlp=TLP.CLEAR),
    ]
    facts += rel("m1", "Membership", member="p1", organization="o1", role="Leader")
    facts += rel("m2", "Membership", member="p2", organization="o1")
    facts += rel("c1", "Call", caller="p1", receiver="p2", date="2024-01-05")
    facts += rel("c2", "Call", caller="p1", receiver="p2", date="2024-03-05")
    facts += rel("c3", "Call", caller="p2", receiver="p3", date="2024-02-01", grading="E5")
    # Only DEA may see the payment: AMBER+STRICT.
    facts += rel("pay", "Payment", tlp=TLP.AMBER_STRICT, payer="p3", beneficiary="p4")
    facts += person("p4b", "Dora Paz", tlp=TLP.CLEAR, phone="+1 212 555 0101")
    facts += [stmt("p3", "phone", "(212) 555-0101", tlp=TLP.CLEAR)]
    write(store, facts)


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


def test_principal_sees_only_visible_ties(seeded: Store) -> None:
    dea = network.build(seeded, _user(seeded, "ana.dea"), network.Scope()).graph
    fgr = network.build(seeded, _user(seeded, "luis.fgr"), network.Scope()).graph
    assert dea.has_edge("p3", "p4") and dea["p3"]["p4"]["types"] == {"payment": 1}
    assert not fgr.has_edge("p3", "p4")
    calls = dea["p1"]["p2"]
    assert calls["weight"] == 2 and calls["type"] == "call"
    assert sorted(calls["sources"]) == ["c1", "c2"] and calls["agencies"] == ["DEA"]
    assert (calls["first"], calls["last"]) == ("2024-01-05", "2024-03-05")
    assert calls["grading"] == "B2"
    assert dea["p3"]["p4b"]["type"] == "shared_phone"
    assert dea.nodes["p1"]["role"] == "leader" and dea.nodes["p1"]["country"] == "MX"
    assert dea["p1"]["o1"]["type"] == "membership"


def test_filters_and_scopes(seeded: Store) -> None:
    principal = Principal.system()
    calls = network.build(seeded, principal, network.Scope(types=("call",))).graph
    assert {d["type"] for _, _, d in calls.edges(data=True)} == {"call"}
    spring = network.build(
        seeded, principal, network.Scope(types=("call",), start=date(2024, 2, 1))
    ).graph
    assert spring["p1"]["p2"]["weight"] == 1  # the January call is out
    graded = network.build(seeded, principal, network.Scope(min_grading="C3")).graph
    assert not graded.has_edge("p2", "p3")  # only an E5 record behind it
    org = network.build(seeded, principal, network.Scope(org="o1", hops=1)).graph
    assert set(org) == {"o1", "p1", "p2"}
    ego = network.build(seeded, principal, network.Scope(entity="p4", hops=1)).graph
    assert set(ego) == {"p4", "p3"}
    with pytest.raises(InvalidData):
        network.build(seeded, principal, network.Scope(types=("telepathy",)))
    with pytest.raises(NotFound):
        network.build(seeded, principal, network.Scope(entity="nobody"))


def test_build_is_audited_and_feeds_the_analyses(seeded: Store) -> None:
    principal = _user(seeded, "ana.dea")
    view = network.build(seeded, principal, network.Scope(), remote="127.0.0.1")
    records = list(
        audit_store.records(seeded, audit_store.AuditQuery(actions=("graph.view",), entity_id="p1"))
    )
    assert records and records[-1].detail["nodes"] == view.graph.number_of_nodes()
    measured = network.measure(view)
    assert measured["nodes"]["p2"]["betweenness"] > 0
    curves = network.simulate(view, network.disruption.Options(steps=2))
    assert curves["steps"][1]["nodes_removed"]
    ranked = network.rank(view, limit=3)
    assert ranked[0]["rank"] == 1 and ranked[0]["reasons"]
    assert "<graphml" in network.export_text(view, "graphml")
    chart = network.chart(view)
    node = next(n for n in chart["elements"]["nodes"] if n["data"]["id"] == "p1")
    assert node["data"]["entity"] == "p1" and "betweenness" in node["data"]
    orgs = network.organization_list(seeded, principal)
    assert orgs[0]["id"] == "o1" and orgs[0]["members"] == 2


def _user(store: Store, username: str) -> Principal:
    from vinculo.services.access import principal_for

    return principal_for(store, username)
