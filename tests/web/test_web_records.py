"""The review-or-purge page, its JSON twin and its actions (CSRF, roles, tokens)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from tests.factories import community, csrf_of, login, make_user, person, web_client, write
from vinculo.access.principal import Role
from vinculo.model.marking import TLP
from vinculo.services import access
from vinculo.store import Store


def _seed(store: Store) -> None:
    community(store)
    old = datetime(2017, 5, 2, tzinfo=UTC)
    write(
        store,
        [
            dataclasses.replace(s, first_seen=old, last_seen=old)
            for s in person("p-1", "Vicente Carrillo Fuentes", agency="DEA", tlp=TLP.GREEN)
        ],
    )
    make_user(store, "admin.dea", "DEA", [Role.AGENCY_ADMIN])


def test_review_or_purge_page(store: Store) -> None:
    _seed(store)
    ana = login(web_client(store), "ana.dea")
    page = ana.get("/records?as_of=2024-01-01")
    assert page.status_code == 200
    assert "Vicente Carrillo Fuentes" in page.text and 'href="/records"' in page.text
    assert "Purge" not in page.text.split("<main>")[1]  # an analyst reviews, does not purge
    twin = ana.get("/records.json?as_of=2024-01-01").json()
    assert [(d["entity_id"], d["review_due"]) for d in twin["due"]] == [("p-1", "2022-05-02")]
    assert ana.get("/records.json?as_of=2022-05-01").json()["due"] == []
    assert ana.get("/records.json?as_of=yesterday").status_code == 400
    # actions need the CSRF token of the session
    assert ana.post("/records/p-1/reviewed", follow_redirects=False).status_code == 403
    ok = ana.post("/records/p-1/reviewed", data={"csrf_token": csrf_of(ana)})
    assert ok.status_code == 200 and ok.url.path == "/records"
    assert ana.get("/records.json?as_of=2024-01-01").json()["due"] == []
    purge = ana.post("/records/p-1/purge", data={"csrf_token": csrf_of(ana), "reason": "x"})
    assert purge.status_code == 403
    fgr = login(web_client(store), "luis.fgr")
    assert fgr.get("/records.json?as_of=2099-01-01").json()["due"] == []
    admin = login(web_client(store), "admin.dea")
    listed = admin.get("/records?as_of=2099-01-01")
    assert "Purge" in listed.text and "Reason for the purge" in listed.text
    empty = admin.post("/records/p-1/purge", data={"csrf_token": csrf_of(admin), "reason": " "})
    assert empty.status_code == 400
    done = admin.post(
        "/records/p-1/purge", data={"csrf_token": csrf_of(admin), "reason": "retention over"}
    )
    assert done.status_code == 200
    purges = admin.get("/records.json").json()["purges"]
    assert [(p["entity_id"], p["statements"], p["reason"]) for p in purges] == [
        ("p-1", 2, "retention over")
    ]
    assert ana.get("/entity/p-1").status_code == 404


def test_tokens_review_with_write_scope_only(store: Store) -> None:
    _seed(store)
    client = web_client(store)
    ana = access.principal_for(store, "ana.dea")
    read = access.create_token(store, ana, "reader", ("read",))
    write_token = access.create_token(store, ana, "writer", ("read", "write"))
    listed = client.get(
        "/records.json?as_of=2030-01-01", headers={"Authorization": f"Bearer {read}"}
    )
    assert [d["entity_id"] for d in listed.json()["due"]] == ["p-1"]
    refused = client.post(
        "/records/p-1/reviewed",
        headers={"Authorization": f"Bearer {read}", "Accept": "application/json"},
    )
    assert refused.status_code == 403 and "write" in refused.json()["error"]
    done = client.post(
        "/records/p-1/reviewed",
        headers={"Authorization": f"Bearer {write_token}", "Accept": "application/json"},
        follow_redirects=False,
    )
    assert done.status_code == 303
