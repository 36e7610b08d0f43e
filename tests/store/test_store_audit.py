"""Audit storage under concurrency: appends share transactions and the chain stays whole."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from vinculo.exc import BackendError, InvalidData
from vinculo.store import Store, audit_append
from vinculo.store import audit as audit_store


def _append(store: Store, i: int) -> int:
    return audit_append.append(
        store,
        username=f"user{i}",
        agency="DEA",
        action="search",
        target=f"query {i}",
        entity_ids=[f"e{i}", f"e{i}", "shared"],
        detail={"i": i},
    )


def test_concurrent_appends_are_grouped_and_each_caller_gets_its_own_record(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = audit_append._append_all
    gate = threading.Event()

    def slow_first(store_: Store, batch: list[Any]) -> None:
        batches.append(len(batch))
        if len(batches) == 1:
            gate.wait(5)  # hold the first transaction until the others have queued
        real(store_, batch)

    monkeypatch.setattr(audit_append, "_append_all", slow_first)
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(_append, store, i) for i in range(24)]
        time.sleep(0.3)
        gate.set()
        seqs = [f.result(timeout=30) for f in futures]
    assert len(set(seqs)) == 24
    assert max(batches) > 1 and sum(batches) == 24  # grouped, each record written once
    for i, seq in enumerate(seqs):
        rec = audit_store.get(store, seq)
        assert rec is not None and rec.username == f"user{i}" and rec.target == f"query {i}"
        assert rec.entity_ids == tuple(sorted({f"e{i}", "shared"})) and rec.detail == {"i": i}
    assert audit_store.verify_chain(store) == []
    query = audit_store.AuditQuery(entity_id="shared", newest_first=True, limit=5)
    assert [r.seq for r in audit_store.records(store, query)] == sorted(seqs)[::-1][:5]


def test_a_record_that_cannot_be_written_fails_alone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = audit_store.record_hash
    gate = threading.Event()
    calls = [0]

    def refuse_bad(*args: Any) -> str:
        calls[0] += 1
        if calls[0] == 1:
            gate.wait(5)  # the first transaction waits, so the rest queue up together
        if args[5] == "query 3":  # target
            raise InvalidData("refused")
        return real(*args)

    monkeypatch.setattr(audit_append, "record_hash", refuse_bad)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(_append, store, i) for i in range(6)]
        time.sleep(0.3)
        gate.set()
        outcomes = [f.exception(timeout=30) or f.result() for f in futures]
    assert isinstance(outcomes[3], InvalidData)
    written = [o for o in outcomes if isinstance(o, int)]
    assert len(written) == 5 and len(set(written)) == 5
    targets = {r.target for r in audit_store.records(store)}
    assert "query 3" not in targets and {f"query {i}" for i in (0, 1, 2, 4, 5)} <= targets
    monkeypatch.setattr(audit_append, "record_hash", real)
    assert audit_store.verify_chain(store) == []


def test_a_store_failure_fails_the_whole_batch_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    gate = threading.Event()

    def down(store_: Store, batch: list[Any]) -> None:
        calls.append(len(batch))
        if len(calls) == 1:
            gate.wait(5)
        raise BackendError("database is locked")

    monkeypatch.setattr(audit_append, "_append_all", down)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(_append, store, i) for i in range(6)]
        time.sleep(0.3)
        gate.set()
        errors = [f.exception(timeout=30) for f in futures]
    assert all(isinstance(e, BackendError) for e in errors)
    assert max(calls) > 1 and sum(calls) == 6  # each record tried once, in its batch
