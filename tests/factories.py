"""Builders shared by every test: agencies, users, statements, FtM entities."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vinculo.access.principal import Principal, Role
from vinculo.model.marking import TLP, Grading, Marking
from vinculo.model.statement import SCHEMA_PROP, Statement
from vinculo.services import access
from vinculo.store import StatementWriter, Store

PASSWORD = "correct horse battery"


@dataclass
class Community:
    """Two US agencies and two Mexican ones, each with an analyst."""

    store: Store
    dea: Principal
    fbi: Principal
    fgr: Principal
    uif: Principal


def make_agency(store: Store, code: str, country: str) -> None:
    if store.get_agency(code) is None:
        store.add_agency(code, country, f"{code} agency")


def make_user(
    store: Store,
    username: str,
    agency: str,
    roles: Iterable[Role] = (Role.ANALYST,),
    password: str = PASSWORD,
) -> Principal:
    user = access.add_user(store, Principal.system(), username, agency, password, frozenset(roles))
    return user.principal()


def community(store: Store) -> Community:
    for code, country in (("DEA", "US"), ("FBI", "US"), ("FGR", "MX"), ("UIF", "MX")):
        make_agency(store, code, country)
    return Community(
        store,
        make_user(store, "ana.dea", "DEA"),
        make_user(store, "bob.fbi", "FBI"),
        make_user(store, "luis.fgr", "FGR"),
        make_user(store, "rosa.uif", "UIF"),
    )


def stmt(
    entity_id: str,
    prop: str,
    value: str,
    *,
    agency: str = "DEA",
    schema: str = "Person",
    dataset: str | None = None,
    tlp: TLP = TLP.AMBER,
    rel: Iterable[str] = (),
    grading: str = "B2",
    prop_type: str | None = None,
) -> Statement:
    types = {
        "name": "name",
        "alias": "name",
        "birthDate": "date",
        "phone": "phone",
        SCHEMA_PROP: "id",
    }
    return Statement(
        entity_id=entity_id,
        schema=schema,
        prop=prop,
        value=value,
        dataset=dataset or f"{agency.lower()}_cases",
        agency=agency,
        prop_type=prop_type or types.get(prop, "string"),
        grading=Grading.parse(grading),
        marking=Marking(tlp, frozenset(rel)),
        source_record="test:1",
    )


def person(
    entity_id: str,
    name: str,
    *,
    agency: str = "DEA",
    tlp: TLP = TLP.AMBER,
    rel: Iterable[str] = (),
    **props: str,
) -> list[Statement]:
    out = [
        stmt(entity_id, SCHEMA_PROP, entity_id, agency=agency, tlp=tlp, rel=rel),
        stmt(entity_id, "name", name, agency=agency, tlp=tlp, rel=rel),
    ]
    out += [stmt(entity_id, k, v, agency=agency, tlp=tlp, rel=rel) for k, v in props.items()]
    return out


def write(store: Store, statements: Iterable[Statement]) -> int:
    with store.begin() as conn:
        writer = StatementWriter(store, conn)
        for s in statements:
            writer.add(s)
        writer.flush()
        return writer.added


def ftm_line(entity_id: str, schema: str, **props: Any) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }


def write_jsonl(path: Path, entities: Iterable[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8"
    )
    return path


def web_client(store: Store) -> Any:
    """An in-process client of the web app over ``store`` (cookies kept between calls)."""
    from fastapi.testclient import TestClient

    from vinculo.web.app import create_app

    return TestClient(create_app(store.settings, store), follow_redirects=True)


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    """Log a client in; returns the client, whose later requests carry the session."""
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return client


def csrf_of(client: Any) -> str:
    """The CSRF token of the client's session (send as X-CSRF-Token or csrf_token)."""
    from itsdangerous import URLSafeTimedSerializer

    cookie = client.cookies.get("vinculo_session")
    data = URLSafeTimedSerializer(client.app.state.secret, salt="vinculo-session").loads(cookie)
    return str(data["c"])


def extradition_request(
    *,
    requesting: str = "US",
    requested: str = "MX",
    state: Any = None,
    on: Any = None,
    by: str = "x",
    id: str = "req-1",
    person: str = "p-1",
    document: str | None = None,
) -> Any:
    """An extradition request opened in memory (default: US asks MX, provisional arrest)."""
    from datetime import date

    from vinculo.legal.request import open_request
    from vinculo.legal.state import State

    return open_request(
        id=id,
        person=person,
        requesting=requesting,
        requested=requested,
        state=state or State.PROVISIONAL_ARREST,
        on=date(2024, 1, 10) if on is None else on,
        by=by,
        document=document,
    )


def walk(request: Any, steps: Iterable[tuple[Any, Any]], *, by: str = "x") -> Any:
    """Advance ``request`` through (state, date) steps, returning the last version."""
    for state, on in steps:
        request = request.advance(state, on=on, by=by)
    return request
