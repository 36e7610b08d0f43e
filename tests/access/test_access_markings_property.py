"""No path returns what a principal may not see (hypothesis, on SQLite and PostgreSQL).

Each example generates agencies of both countries, users, and statements under
random TLP levels and releasability (countries, agencies, users), then asks
every read path as each user: the store's reader, the services, the pages and
their JSON twins, the REST API, the CLI (``--as``), and the audit views. No
response may carry the id or value of a statement the user may not see, nor the
id of an entity they may see nothing of; and what they may see must be there.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from tests.access.world import Shape, Universe, World, build, leaks, shapes
from vinculo.access.principal import Principal
from vinculo.cli import cli
from vinculo.exc import NotFound
from vinculo.services import audit as audit_service
from vinculo.services import entities as entity_service
from vinculo.store import Store, reader
from vinculo.web.auth import SESSION_COOKIE, new_session

EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _principals(world: World) -> list[Principal]:
    return world.analysts[:3]


def _assert_clean(what: str, text: str, forbidden: set[str]) -> None:
    found = leaks(text, forbidden)
    assert not found, f"{what} leaked {found}"


def test_reader_and_services_hide_what_is_not_released(store: Store) -> None:
    universe = Universe()

    @EXAMPLES
    @given(shapes())
    def check(shape: Shape) -> None:
        world = build(store, shape, universe)
        for p in _principals(world):
            forbidden = universe.forbidden(p)
            expected = universe.visible_entities(p)
            mine = expected & set(world.entity_ids)
            for eid in world.entity_ids:
                if eid in expected:
                    ent = reader.get_entity(store, p, eid)
                    assert {s.id for s in ent.statements} <= {s.id for s in universe.visible(p)}
                    page = entity_service.show(store, p, eid)
                    text = repr(page)
                    _assert_clean(f"show({eid})", text, forbidden)
                else:
                    with pytest.raises(NotFound):
                        reader.get_entity(store, p, eid)
                    with pytest.raises(NotFound):
                        entity_service.show(store, p, eid)
                refs = reader.referencing_ids(store, p, eid)
                assert set(refs) <= expected
            got = reader.get_entities(store, p, world.entity_ids)
            assert {e.id for e in got} == mine
            _assert_clean("get_entities", repr(got), forbidden)
            persons = {e for e in mine if "-p" in e}
            assert set(reader.search_entity_ids(store, p, world.token, limit=500)) == persons
            found = entity_service.search(store, p, world.token, limit=500)
            # the service may match loosely (screening): never beyond what p may see
            assert persons <= {e.id for e in found} <= expected
            _assert_clean("search", repr(found), forbidden)
            streamed = list(reader.iter_entities(store, p))
            assert {e.id for e in streamed} == expected
            _assert_clean("iter_entities", repr(streamed), forbidden)
            for fmt in ("ftm", "csv"):
                _assert_clean(
                    f"export {fmt}", "".join(entity_service.export(store, p, fmt)), forbidden
                )
            stats = entity_service.stats(store, p)
            assert stats["entities"] == len(expected)
            assert stats["statements"] == len(universe.visible(p))

    check()


@pytest.fixture
def web(store: Store) -> Iterator[Callable[[Principal], Any]]:
    """An in-process client of the app; ``as_(principal)`` switches its session."""
    from fastapi.testclient import TestClient

    from vinculo.web.app import create_app

    app = create_app(store.settings, store)
    with TestClient(app, follow_redirects=False) as client:

        def as_(p: Principal) -> Any:
            client.cookies.clear()
            client.cookies.set(SESSION_COOKIE, new_session(app.state.secret, p.username)[0])
            return client

        yield as_


def test_pages_json_twins_and_api_hide_what_is_not_released(
    store: Store, web: Callable[[Principal], Any]
) -> None:
    universe = Universe()

    @EXAMPLES
    @given(shapes(max_entities=3))
    def check(shape: Shape) -> None:
        world = build(store, shape, universe)
        for p in _principals(world):
            client = web(p)
            forbidden = universe.forbidden(p)
            expected = universe.visible_entities(p)
            persons = {e for e in expected & set(world.entity_ids) if "-p" in e}
            for path in (f"/search?q={world.token}", f"/api/search?q={world.token}"):
                res = client.get(path)
                assert res.status_code == 200, (path, res.text)
                _assert_clean(path, res.text, forbidden)
            twin = client.get(f"/search.json?q={world.token}&limit=200")
            assert persons <= {r["id"] for r in twin.json()["results"]} <= expected
            for eid in world.entity_ids:
                asked = forbidden - {eid}  # a "not found" may repeat the id that was asked for
                for path in (f"/entity/{eid}", f"/entity/{eid}.json", f"/api/entities/{eid}"):
                    res = client.get(path)
                    assert res.status_code == (200 if eid in expected else 404), path
                    _assert_clean(path, res.text, asked)
            for path in ("/api/export", "/api/export?format=csv", "/api/stats"):
                res = client.get(path)
                assert res.status_code == 200
                _assert_clean(path, res.text, forbidden)
            assert client.get("/api/stats").json()["entities"] == len(expected)

    check()


@pytest.fixture
def run(store: Store, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Run the CLI against the test store; returns its output (the command must succeed)."""
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open", classmethod(lambda cls, settings, schema=None: store)
    )
    monkeypatch.setattr(store, "close", lambda: None)
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(
            cli, ["--database-url", store.settings.database_url, *args], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def _exported_ids(lines: str) -> set[str]:
    """Entity ids of an FtM export; a resolved (canonical) entity counts by its referents."""
    out: set[str] = set()
    for line in lines.splitlines():
        data = json.loads(line)
        members = {data["id"], *data.get("referents", [])}
        out |= {m for m in members if not m.startswith("vc-")}
    return out


def test_cli_as_user_hides_what_is_not_released(store: Store, run: Callable[..., str]) -> None:
    universe = Universe()

    @EXAMPLES
    @given(shapes(max_entities=3))
    def check(shape: Shape) -> None:
        world = build(store, shape, universe)
        for p in _principals(world):
            forbidden = universe.forbidden(p)
            expected = universe.visible_entities(p)
            persons = {e for e in expected & set(world.entity_ids) if "-p" in e}
            out = run(
                "--as", p.username, "search", world.token, "--limit", "200", "--format", "json"
            )
            assert persons <= {json.loads(line)["id"] for line in out.splitlines()} <= expected
            _assert_clean("cli search", out, forbidden)
            for eid in sorted(expected & set(world.entity_ids)):
                shown = run("--as", p.username, "show", eid, "--format", "json")
                _assert_clean(f"cli show {eid}", shown, forbidden)
            exported = run("--as", p.username, "export")
            assert _exported_ids(exported) == expected
            _assert_clean("cli export", exported, forbidden)
            _assert_clean(
                "cli export csv", run("--as", p.username, "export", "--format", "csv"), forbidden
            )
            stats = json.loads(run("--as", p.username, "stats", "--json"))
            assert stats["entities"] == len(expected)
            _assert_clean("cli stats", json.dumps(stats), forbidden)

    check()


def test_audit_views_hide_other_agencies_and_unreleased_ids(
    store: Store, web: Callable[[Principal], Any]
) -> None:
    universe = Universe()

    @EXAMPLES
    @given(shapes(max_entities=3))
    def check(shape: Shape) -> None:
        world = build(store, shape, universe)
        for p in world.analysts:  # everyone looks at everything: the log fills up
            entity_service.search(store, p, world.token)
            for eid in world.entity_ids:
                with contextlib.suppress(NotFound):
                    entity_service.show(store, p, eid)
        for auditor in world.auditors:
            forbidden = universe.forbidden(auditor)
            visible = universe.visible_entities(auditor)
            records = list(audit_service.read(store, auditor))
            assert records and {r.agency for r in records} == {auditor.agency}
            _assert_clean("audit.read", repr(records), forbidden)
            client = web(auditor)
            res = client.get("/audit.json")
            assert res.status_code == 200
            assert {r["agency"] for r in res.json()["records"]} <= {auditor.agency}
            _assert_clean("/audit.json", res.text, forbidden)
            for eid in world.entity_ids:
                res = client.get(f"/audit.json?entity={eid}")
                if eid in visible:
                    assert res.status_code == 200
                    viewers = {r["username"] for r in res.json()["records"]}
                    # who looked, across agencies: everyone who could see it did look
                    assert {
                        a.username for a in world.analysts if eid in universe.visible_entities(a)
                    } <= viewers
                else:
                    assert res.status_code == 404
                asked = forbidden - {eid}  # a "not found" may repeat the id that was asked for
                _assert_clean(f"/audit.json?entity={eid}", res.text, asked)
                html = client.get(f"/audit?entity={eid}")
                _assert_clean(f"/audit?entity={eid}", html.text, asked)

    check()
