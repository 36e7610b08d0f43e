"""SQL storage of the resolver's log and of xref's state (see `resolve_tables`).

`SQLEdgeLog` implements `vinculo.resolve.EdgeLog` and `SQLXrefState`
implements `vinculo.resolve.XrefState`, so the resolver and xref run the same
on the store as in memory. Rows of the edge log are only ever inserted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_

from vinculo.resolve.judgement import Edge, Judgement, Origin
from vinculo.resolve.xref import Candidate
from vinculo.store.resolve_tables import (
    resolve_candidate,
    resolve_edge,
    resolve_model,
    resolve_seen,
)
from vinculo.store.store import Store, aware

BATCH = 500


def _edge(row: Any) -> Edge:
    return Edge(
        id=int(row.id),
        left=row.left_id,
        right=row.right_id,
        judgement=Judgement(row.judgement),
        origin=Origin(row.origin),
        user=row.user_name,
        created_at=aware(row.created_at),
        reason=row.reason,
        score=row.score,
        supersedes=row.supersedes,
        undo=bool(row.undo),
    )


class SQLEdgeLog:
    """The append-only decision log in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._next: int | None = None

    def next_id(self) -> int:
        if self._next is None:
            with self.store.connect() as conn:
                top = conn.execute(select(func.max(resolve_edge.c.id))).scalar()
            self._next = int(top or 0) + 1
        return self._next

    def append(self, edge: Edge) -> Edge:
        with self.store.begin() as conn:
            conn.execute(
                insert(resolve_edge).values(
                    id=edge.id,
                    left_id=edge.left,
                    right_id=edge.right,
                    judgement=edge.judgement.value,
                    origin=edge.origin.value,
                    user_name=edge.user,
                    created_at=edge.created_at,
                    reason=edge.reason,
                    score=edge.score,
                    supersedes=edge.supersedes,
                    undo=edge.undo,
                )
            )
        self._next = edge.id + 1
        return edge

    def edges(self) -> Iterator[Edge]:
        with self.store.connect() as conn:
            rows = conn.execute(select(resolve_edge).order_by(resolve_edge.c.id)).fetchall()
        return (_edge(r) for r in rows)


class SQLXrefState:
    """Model, seen entities and the review queue of xref, in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_model(self) -> dict[str, Any] | None:
        with self.store.connect() as conn:
            text = conn.execute(
                select(resolve_model.c.model).order_by(resolve_model.c.id.desc()).limit(1)
            ).scalar()
        return json.loads(text) if text else None

    def set_model(self, model: dict[str, Any]) -> None:
        with self.store.begin() as conn:
            conn.execute(
                insert(resolve_model).values(created_at=datetime.now(UTC), model=json.dumps(model))
            )

    def seen(self) -> set[str]:
        with self.store.connect() as conn:
            return set(conn.execute(select(resolve_seen.c.entity_id)).scalars())

    def mark_seen(self, entity_ids: Iterable[str]) -> None:
        now = datetime.now(UTC)
        fresh = sorted(set(entity_ids) - self.seen())
        with self.store.begin() as conn:
            for start in range(0, len(fresh), BATCH):
                chunk = fresh[start : start + BATCH]
                conn.execute(
                    insert(resolve_seen), [{"entity_id": e, "seen_at": now} for e in chunk]
                )

    def put_candidates(self, candidates: Iterable[Candidate]) -> None:
        items = {c.key: c for c in candidates}
        keys = sorted(items)
        now = datetime.now(UTC)
        with self.store.begin() as conn:
            for start in range(0, len(keys), BATCH):
                chunk = keys[start : start + BATCH]
                pair = tuple_(resolve_candidate.c.left_id, resolve_candidate.c.right_id)
                conn.execute(delete(resolve_candidate).where(pair.in_(chunk)))
                rows = [
                    {
                        "left_id": items[k].left,
                        "right_id": items[k].right,
                        "score": items[k].score,
                        "rule": items[k].rule,
                        "evidence": json.dumps({n: list(v) for n, v in items[k].evidence.items()}),
                        "created_at": now,
                    }
                    for k in chunk
                ]
                conn.execute(insert(resolve_candidate), rows)

    def candidates(self) -> list[Candidate]:
        with self.store.connect() as conn:
            rows = conn.execute(
                select(resolve_candidate).order_by(
                    resolve_candidate.c.score.desc(),
                    resolve_candidate.c.left_id,
                    resolve_candidate.c.right_id,
                )
            ).fetchall()
        return [
            Candidate(
                r.left_id,
                r.right_id,
                float(r.score),
                r.rule,
                {n: (str(v[0]), float(v[1])) for n, v in json.loads(r.evidence).items()},
            )
            for r in rows
        ]
