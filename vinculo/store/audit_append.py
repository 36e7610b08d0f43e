"""Appending to the audit log: the hash chain extended, with group commit.

Records that threads of this process append at the same moment share one
transaction; across processes the chain is serialized by the write lock
(PostgreSQL: an advisory lock; SQLite: ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from vinculo.exc import BackendError, InvalidData
from vinculo.i18n import N_
from vinculo.store.audit import GENESIS, chain_head, detail_text, record_hash
from vinculo.store.store import Store, utcnow
from vinculo.store.tables import audit_entity, audit_log


@dataclass
class _Pending:
    """One record waiting to be appended, and what became of it."""

    fields: dict[str, Any]
    seq: int | None = None
    error: BaseException | None = None


@dataclass
class _Appender:
    """The records of one engine waiting for the transaction that appends them."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    queue: list[_Pending] = field(default_factory=list)
    busy: bool = False


_appenders: weakref.WeakKeyDictionary[Engine, _Appender] = weakref.WeakKeyDictionary()
_appenders_lock = threading.Lock()
_BATCH = 500  # records per transaction at most


def append(
    store: Store,
    *,
    username: str,
    agency: str | None,
    action: str,
    target: str | None = None,
    entity_ids: Sequence[str] = (),
    detail: dict[str, Any] | None = None,
    remote: str | None = None,
    outcome: str = "ok",
) -> int:
    """Append a record and return its sequence number once it is committed.

    Group commit: records that threads of this process append at the same time
    share one transaction. The first caller to find no transaction running
    writes everything queued so far; the others wait for it (or for the next
    one), so each caller still returns only after its own record is committed,
    and concurrent requests do not each take the write lock in turn.
    """
    item = _Pending(
        {
            "username": username,
            "agency": agency,
            "action": action,
            "target": target,
            "entity_ids": sorted(set(entity_ids)),
            "detail": detail_text(detail),
            "remote": remote,
            "outcome": outcome,
        }
    )
    with _appenders_lock:
        appender = _appenders.setdefault(store.engine, _Appender())
    with appender.cond:
        appender.queue.append(item)
        while item.seq is None and item.error is None and appender.busy:
            appender.cond.wait()
        batch: list[_Pending] = []
        if item.seq is None and item.error is None:  # nobody is writing: lead the next batch
            appender.busy = True
            batch, appender.queue = appender.queue[:_BATCH], appender.queue[_BATCH:]
    if batch:
        try:
            _write(store, batch)
        finally:
            for lost in batch:  # interrupted: no waiter may be left without an answer
                if lost.seq is None and lost.error is None:
                    lost.error = BackendError(N_("the audit record was not written"))
            with appender.cond:
                appender.busy = False
                appender.cond.notify_all()
    if item.error is not None:
        raise item.error
    assert item.seq is not None
    return item.seq


def _write(store: Store, batch: list[_Pending]) -> None:
    """Append ``batch`` in one transaction; if a record is refused, the others on their own.

    A refused record (InvalidData: say, text PostgreSQL does not store) fails
    alone; any other failure (the store unreachable, the lock never free) is
    every record's, without trying each again.
    """
    try:
        _append_all(store, batch)
        return
    except InvalidData as exc:
        if len(batch) == 1:
            batch[0].error = exc
            return
    except Exception as exc:
        for item in batch:
            item.error = exc
        return
    for item in batch:
        try:
            _append_all(store, [item])
        except Exception as exc:
            item.error = exc


def _append_all(store: Store, batch: list[_Pending]) -> None:
    for _attempt in range(20):
        try:
            with store.begin() as conn:
                if store.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(7411)"))
                seq, prev = chain_head(conn) or (0, GENESIS)
                rows, links = [], []
                for item in batch:
                    seq, at, f = seq + 1, utcnow(), item.fields
                    digest = record_hash(
                        seq,
                        at,
                        f["username"],
                        f["agency"],
                        f["action"],
                        f["target"],
                        f["entity_ids"],
                        f["detail"],
                        f["remote"],
                        f["outcome"],
                        prev,
                    )
                    row = dict(f, seq=seq, at=at, prev_hash=prev, hash=digest)
                    row["entity_ids"] = ",".join(f["entity_ids"])
                    rows.append(row)
                    links += [{"seq": seq, "entity_id": i} for i in f["entity_ids"]]
                    prev = digest
                conn.execute(audit_log.insert(), rows)
                if links:
                    conn.execute(audit_entity.insert(), links)
            for item, row in zip(batch, rows, strict=True):
                item.seq = row["seq"]
            return
        except IntegrityError:
            continue  # another process took these sequence numbers; read the chain again
    raise BackendError(N_("could not append to the audit log (contention)"))
