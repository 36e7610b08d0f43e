"""The audit log's storage: the hash chain, reading it back, verifying it.

Appending (with group commit) is `vinculo.store.audit_append`.

Each record carries the hash of the previous one; its own hash covers every
field. Editing, inserting or deleting a row breaks the chain, which
`verify_chain` reports by sequence number.

Two deletions leave no break inside the chain: cutting its head (the newest
records) and cutting its tail (the oldest). The head is witnessed by a
checkpoint (``seq:hash`` of a record, printed by `vinculo audit checkpoint` and
kept outside the store, e.g. in a ticket or a signed e-mail): verifying against
it fails if that record is gone or changed. The tail may only go by retention,
whose own record names the last sequence number it removed; a chain that starts
after 1 without such a record is reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.store.store import Store, aware
from vinculo.store.tables import audit_entity, audit_log

GENESIS = "0" * 64
RETENTION_ACTION = "audit.retention"


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: datetime
    username: str
    agency: str | None
    action: str
    target: str | None
    entity_ids: tuple[str, ...]
    detail: dict[str, Any]
    remote: str | None
    outcome: str
    prev_hash: str
    hash: str
    redacted: bool = False  # some fields withheld from this reader (hash no longer matches)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["at"] = self.at.isoformat()
        out["entity_ids"] = list(self.entity_ids)
        return out


@dataclass(frozen=True)
class AuditQuery:
    """Which records to read: one object from the adapters through the service to the SQL."""

    since: datetime | None = None
    until: datetime | None = None  # exclusive
    actions: tuple[str, ...] = ()  # empty: every action
    username: str | None = None
    agencies: tuple[str, ...] | None = None  # None: every agency
    entity_id: str | None = None  # records naming this entity
    limit: int | None = None
    newest_first: bool = False


def detail_text(detail: dict[str, Any] | None) -> str:
    """A record's detail as stored and hashed: canonical JSON, so verifying re-derives it."""
    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)


def record_hash(
    seq: int,
    at: datetime,
    username: str,
    agency: str | None,
    action: str,
    target: str | None,
    entity_ids: Sequence[str],
    detail: str,
    remote: str | None,
    outcome: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            at.astimezone(UTC).isoformat(),
            username,
            agency,
            action,
            target,
            list(entity_ids),
            detail,
            remote,
            outcome,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _row(row: Any) -> AuditRecord:
    at = row.at if isinstance(row.at, datetime) else datetime.fromisoformat(str(row.at))
    return AuditRecord(
        seq=row.seq,
        at=aware(at),
        username=row.username,
        agency=row.agency,
        action=row.action,
        target=row.target,
        entity_ids=tuple(i for i in row.entity_ids.split(",") if i),
        detail=json.loads(row.detail),
        remote=row.remote,
        outcome=row.outcome,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def records(store: Store, query: AuditQuery | None = None) -> Iterator[AuditRecord]:
    """The records ``query`` selects (all of them, oldest first, by default), streamed."""
    query = query or AuditQuery()
    with store.connect() as conn:
        q = select(audit_log)
        if query.since is not None:
            q = q.where(audit_log.c.at >= query.since)
        if query.until is not None:
            q = q.where(audit_log.c.at < query.until)
        if query.actions:
            q = q.where(audit_log.c.action.in_(query.actions))
        if query.username:
            q = q.where(audit_log.c.username == query.username)
        if query.agencies is not None:
            q = q.where(audit_log.c.agency.in_(query.agencies))
        if query.entity_id:
            q = q.where(
                audit_log.c.seq.in_(
                    select(audit_entity.c.seq).where(audit_entity.c.entity_id == query.entity_id)
                )
            )
        q = q.order_by(audit_log.c.seq.desc() if query.newest_first else audit_log.c.seq)
        if query.limit:
            q = q.limit(query.limit)
        for row in conn.execution_options(stream_results=True, yield_per=2000).execute(q):
            yield _row(row)


def parse_checkpoint(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` as printed by `vinculo audit checkpoint`."""
    seq, sep, digest = text.strip().partition(":")
    if not sep or not seq.isdigit() or len(digest) != 64:
        raise InvalidData(
            N_("bad checkpoint {text!r}; expected SEQ:HASH as printed by checkpoint"), text=text
        )
    return int(seq), digest.lower()


def verify_chain(store: Store, checkpoints: Sequence[tuple[int, str]] = ()) -> list[str]:
    """Every break in the chain, as readable problems; empty when intact."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    first_seq: int | None = None
    pruned_through = 0  # highest sequence number removed by a recorded retention
    witnessed = dict(checkpoints)
    for rec in records(store):
        if first_seq is None:
            first_seq = rec.seq
            if rec.seq != 1:
                # retention may have pruned the tail: the first kept record anchors the chain
                prev, expected_seq = rec.prev_hash, rec.seq
        if rec.seq != expected_seq:
            problems.append(f"record {expected_seq} is missing (next is {rec.seq})")
        if rec.prev_hash != prev:
            problems.append(f"record {rec.seq}: previous-hash link broken")
        detail = detail_text(rec.detail)
        digest = record_hash(
            rec.seq,
            rec.at,
            rec.username,
            rec.agency,
            rec.action,
            rec.target,
            rec.entity_ids,
            detail,
            rec.remote,
            rec.outcome,
            rec.prev_hash,
        )
        if digest != rec.hash:
            problems.append(f"record {rec.seq}: content does not match its hash")
        if rec.seq in witnessed and witnessed.pop(rec.seq) != rec.hash:
            problems.append(f"record {rec.seq}: differs from the checkpoint")
        if rec.action == RETENTION_ACTION and digest == rec.hash:
            pruned_through = max(pruned_through, int(rec.detail.get("pruned_through") or 0))
        prev, expected_seq = rec.hash, rec.seq + 1
    if first_seq is not None and first_seq > 1 and pruned_through < first_seq - 1:
        problems.append(
            f"records {pruned_through + 1} to {first_seq - 1} are missing "
            "(not removed by a recorded retention)"
        )
    last = expected_seq - 1
    for seq in sorted(witnessed):
        if seq > last:
            problems.append(
                f"record {seq} of the checkpoint is missing: the log ends at record {last}"
            )
        elif seq > pruned_through:
            problems.append(f"record {seq} of the checkpoint is missing")
    return problems


def get(store: Store, seq: int) -> AuditRecord | None:
    with store.connect() as conn:
        row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).first()
    return _row(row) if row is not None else None


def head(store: Store) -> tuple[int, str] | None:
    """(seq, hash) of the newest record, the chain's head."""
    with store.connect() as conn:
        return chain_head(conn)


def chain_head(conn: Connection) -> tuple[int, str] | None:
    """(seq, hash) of the newest record as ``conn`` sees it (inside a write: locked)."""
    row = conn.execute(
        select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    return (int(row.seq), str(row.hash)) if row else None


def prune(store: Store, before: datetime) -> tuple[int, int]:
    """Drop the records older than ``before``: (how many, the last sequence number dropped).

    Records go by sequence number, oldest first, so the kept ones stay one
    unbroken chain even if clocks went backwards.
    """
    with store.begin() as conn:
        cut = conn.execute(
            select(func.max(audit_log.c.seq)).where(audit_log.c.at < before)
        ).scalar()
        if cut is None:
            return 0, 0
        conn.execute(delete(audit_entity).where(audit_entity.c.seq <= cut))
        removed = int(conn.execute(delete(audit_log).where(audit_log.c.seq <= cut)).rowcount)
        return removed, int(cut)


def count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_log)).scalar() or 0)
