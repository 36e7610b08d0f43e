"""`vinculo records`: the review-or-purge list, reviews and purges from the command line."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner, Result

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Role
from vinculo.cli import cli
from vinculo.model.marking import TLP
from vinculo.store import Store

Run = Callable[..., Result]


@pytest.fixture
def run(store: Store, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open",
        classmethod(lambda cls, settings, schema=None: Store(store.engine, settings)),
    )
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(cli, ["--database-url", store.settings.database_url, *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_due_reviewed_and_purge(store: Store, run: Run) -> None:
    community(store)
    old = datetime(2018, 1, 15, tzinfo=UTC)
    write(
        store,
        [
            dataclasses.replace(s, first_seen=old, last_seen=old)
            for s in person("p-1", "Arturo Beltran Leyva", agency="DEA", tlp=TLP.GREEN)
        ],
    )
    write(store, person("p-2", "Recent Person", agency="DEA", tlp=TLP.GREEN))
    make_user(store, "admin.dea", "DEA", [Role.AGENCY_ADMIN])
    out = run("--as", "ana.dea", "records", "due", "--as-of", "2023-01-16", "--format", "json")
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [(r["entity_id"], r["review_due"], r["statements"]) for r in rows] == [
        ("p-1", "2023-01-15", 2)
    ]
    assert rows[0]["caption"] == "Arturo Beltran Leyva" and rows[0]["reviewed_by"] is None
    assert (
        "Nothing is due" in run("--as", "ana.dea", "records", "due", "--as-of", "2023-01-14").output
    )
    assert "next review due" in run("--as", "ana.dea", "records", "reviewed", "p-1").output
    assert "p-1" not in run("--as", "ana.dea", "records", "due", "--as-of", "2023-01-16").output
    denied = run("--as", "ana.dea", "records", "purge", "p-1", "--reason", "old", ok=False)
    assert denied.exit_code != 0 and "administrator of the owning agency" in denied.output
    other = run("--as", "luis.fgr", "records", "purge", "p-1", "--reason", "x", ok=False)
    assert other.exit_code != 0
    done = run("--as", "admin.dea", "records", "purge", "p-1", "--reason", "criteria no longer met")
    assert "Purged 2 statements of p-1" in done.output
    purges = [
        json.loads(x) for x in run("records", "purges", "--format", "json").output.splitlines()
    ]
    assert [(p["entity_id"], p["statements"], p["username"], p["reason"]) for p in purges] == [
        ("p-1", 2, "admin.dea", "criteria no longer met")
    ]
    assert run("show", "p-1", ok=False).exit_code != 0
    system = run("records", "due", "--agency", "DEA", "--as-of", "2099-01-01").output
    assert "p-2" in system and "p-1" not in system
