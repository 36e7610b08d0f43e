"""Identity-resolution tables: the decision log, the review queue, xref's memory.

``resolve_edge`` is append-only: rows are inserted, never updated or deleted
(an undo is a new row). Edges and candidates carry no marking of their own:
they are about entities, and a principal sees one only when both entities
are visible to them (checked through the reader, in `vinculo.services.resolution`).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from vinculo.store.tables import metadata

resolve_edge = Table(
    "resolve_edge",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("left_id", String(255), nullable=False),
    Column("right_id", String(255), nullable=False),
    Column("judgement", String(16), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("user_name", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=True),
    Column("score", Float, nullable=True),
    Column("supersedes", Integer, nullable=True),
    Column("undo", Boolean, nullable=False),
    Index("ix_resolve_edge_pair", "left_id", "right_id"),
    Index("ix_resolve_edge_right", "right_id"),
)

resolve_candidate = Table(
    "resolve_candidate",
    metadata,
    Column("left_id", String(255), nullable=False),
    Column("right_id", String(255), nullable=False),
    Column("score", Float, nullable=False),
    Column("rule", String(32), nullable=False),
    Column("evidence", Text, nullable=False),  # JSON: comparison -> [label, bits]
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("left_id", "right_id"),
    Index("ix_resolve_candidate_score", "score"),
)

resolve_seen = Table(
    "resolve_seen",
    metadata,
    Column("entity_id", String(255), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

resolve_model = Table(
    "resolve_model",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("model", Text, nullable=False),  # JSON: vinculo linkage model
)
