"""`vinculo audit`: tampering by raw SQL is found, checkpoints, export, retention, who-viewed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Role
from vinculo.cli import cli
from vinculo.model.marking import TLP
from vinculo.services import audit
from vinculo.services import entities as entity_service
from vinculo.settings import Settings
from vinculo.store import Store, audit_append
from vinculo.store import audit as audit_store

Run = Callable[..., Result]


@pytest.fixture
def run(store: Store, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run a command on the test store's engine, with the settings the command line loads."""
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open",
        classmethod(lambda cls, settings, schema=None: Store(store.engine, settings)),
    )
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(cli, ["--database-url", store.settings.database_url, *args], env=env)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def _seed(store: Store) -> None:
    c = community(store)
    write(store, person("p-mayo", "Ismael Zambada Garcia", agency="DEA", tlp=TLP.GREEN))
    entity_service.show(store, c.dea, "p-mayo")
    entity_service.search(store, c.fgr, "zambada")
    entity_service.show(store, c.fgr, "p-mayo")


def _sql(store: Store, statement: str, **params: Any) -> None:
    with store.begin() as conn:
        conn.execute(text(statement), params)


def test_an_intact_trail_verifies(store: Store, run: Run) -> None:
    _seed(store)
    assert "intact" in run("audit", "verify").output


def test_an_edited_record_is_named(store: Store, run: Run) -> None:
    _seed(store)
    _sql(store, "UPDATE audit_log SET username = 'someone.else' WHERE seq = 6")
    result = run("audit", "verify", ok=False)
    assert result.exit_code != 0
    assert "record 6: content does not match its hash" in result.output
    assert "tampered" in result.output


def test_a_deleted_record_is_named(store: Store, run: Run) -> None:
    _seed(store)
    _sql(store, "DELETE FROM audit_entity WHERE seq = 5")
    _sql(store, "DELETE FROM audit_log WHERE seq = 5")
    result = run("audit", "verify", ok=False)
    assert result.exit_code != 0
    assert "record 5 is missing (next is 6)" in result.output


def test_an_inserted_record_is_named(store: Store, run: Run) -> None:
    _seed(store)
    # a forger shifts the later records up by one and slips a record in as 6
    _sql(store, "DELETE FROM audit_entity WHERE seq >= 6")
    _sql(store, "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6")
    _sql(store, "UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1006")
    _sql(
        store,
        "INSERT INTO audit_log (seq, at, username, agency, action, target, entity_ids, detail,"
        " remote, outcome, prev_hash, hash) SELECT 6, at, 'ghost', agency, 'login', NULL, '',"
        " '{}', NULL, 'ok', hash, hash FROM audit_log WHERE seq = 5",
    )
    result = run("audit", "verify", ok=False)
    assert result.exit_code != 0
    assert "record 6: content does not match its hash" in result.output
    assert "record 7: content does not match its hash" in result.output  # its seq moved


def test_deleting_the_newest_records_is_found_with_a_checkpoint(store: Store, run: Run) -> None:
    _seed(store)
    witness = run("audit", "checkpoint").output.strip()
    seq, _, digest = witness.partition(":")
    assert int(seq) == audit_store.head(store)[0] and len(digest) == 64  # type: ignore[index]
    entity_service.search(store, store.user("bob.fbi").principal(), "zambada")
    assert "intact" in run("audit", "verify", "--checkpoint", witness).output
    # cut the head back to before the checkpoint: the chain alone still looks whole
    _sql(store, "DELETE FROM audit_entity WHERE seq >= :s", s=int(seq) - 1)
    _sql(store, "DELETE FROM audit_log WHERE seq >= :s", s=int(seq) - 1)
    assert run("audit", "verify").exit_code == 0
    result = run("audit", "verify", "--checkpoint", witness, ok=False)
    assert result.exit_code != 0
    assert f"record {seq} of the checkpoint is missing" in result.output
    # a rewritten chain (every hash recomputed) differs from the checkpoint
    bad = run("audit", "verify", "--checkpoint", f"{seq}:{'0' * 64}", ok=False)
    assert bad.exit_code != 0
    assert "bad checkpoint" in run("audit", "verify", "--checkpoint", "x", ok=False).output


def test_export_writes_json_lines(store: Store, run: Run, tmp_path: Any) -> None:
    _seed(store)
    out = tmp_path / "audit.jsonl"
    run("audit", "export", "--action", "entity.view", "-o", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["username"], r["entity_ids"]) for r in rows] == [
        ("ana.dea", ["p-mayo"]),
        ("luis.fgr", ["p-mayo"]),
    ]
    assert all(len(r["hash"]) == 64 and r["outcome"] == "ok" for r in rows)
    make_user(store, "aud.fgr", "FGR", [Role.AUDITOR])
    mine = run("--as", "aud.fgr", "audit", "export").output.splitlines()
    assert {json.loads(line)["agency"] for line in mine} == {"FGR"}
    assert run("--as", "luis.fgr", "audit", "export", ok=False).exit_code != 0


def test_retention_command_applies_the_setting(
    store: Store, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = community(store)
    make_user(store, "root", "DEA", [Role.SYSTEM_ADMIN])
    old = datetime.now(UTC) - timedelta(days=100)
    with monkeypatch.context() as m:
        m.setattr(audit_append, "utcnow", lambda: old)
        for _ in range(4):
            audit.record(store, c.dea, "search")
    keep = audit.record(store, c.dea, "search")
    denied = run("--as", "ana.dea", "audit", "retention", ok=False)
    assert denied.exit_code != 0 and "system administrator" in denied.output
    untouched = run("audit", "retention")  # default setting: 3650 days
    assert "Removed 0 audit records" in untouched.output
    result = run("--as", "root", "audit", "retention", env={"VINCULO_AUDIT_RETENTION_DAYS": "30"})
    assert f"Removed {keep - 1} audit records older than 30 days" in result.output
    assert "intact" in run("audit", "verify").output
    assert Settings.load().audit_retention_days == "3650"


def test_who_viewed_across_agencies(store: Store, run: Run) -> None:
    _seed(store)
    make_user(store, "aud.dea", "DEA", [Role.AUDITOR])
    out = run("--as", "aud.dea", "audit", "who-viewed", "p-mayo", "--format", "json").output
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["username"], r["agency"], r["action"]) for r in rows] == [
        ("ana.dea", "DEA", "entity.view"),
        ("luis.fgr", "FGR", "search"),
        ("luis.fgr", "FGR", "entity.view"),
    ]
    text_out = run("audit", "who-viewed", "p-mayo", "--since", "2000-01-01").output
    assert "luis.fgr\tFGR\tentity.view" in text_out
    future = run("audit", "who-viewed", "p-mayo", "--since", "2999-01-01").output
    assert future.strip() == ""
