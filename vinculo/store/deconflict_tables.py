"""Deconfliction tables: registrations, their match keys, events, conflicts and notices.

Checks are indexed equality lookups: ``deconflict_key.key`` (normalized
identifier or blind token), ``deconflict_block.block`` (person blocking key or
block token) and ``deconflict_event_cell.cell`` (grid cell + UTC day); each has
the key as the leading column of its primary key. These rows are never
released to another agency: every read is filtered by the reader's agency in
`vinculo.store.deconflict`, not by markings, because a registration is not a
fact to share but a private statement of interest.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from vinculo.store.tables import metadata

deconflict_registration = Table(
    "deconflict_registration",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agency.id"), nullable=False),
    Column("case_ref", Text, nullable=False),
    Column("contact", Text, nullable=False),
    Column("expires", Date, nullable=True),
    Column("blind", Boolean, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

deconflict_target = Table(
    "deconflict_target",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("registration_id", Integer, ForeignKey("deconflict_registration.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_id", Text, nullable=False),
    Column("key_id", String(32), nullable=True),
    Column("person", Text, nullable=True),  # JSON: plain features or blind tokens and CLKs
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_deconflict_target_registration", "registration_id"),
)

deconflict_key = Table(
    "deconflict_key",
    metadata,
    Column("key", String(255), nullable=False),
    Column("target_id", String(32), ForeignKey("deconflict_target.id"), nullable=False),
    PrimaryKeyConstraint("key", "target_id"),
)

deconflict_block = Table(
    "deconflict_block",
    metadata,
    Column("block", String(255), nullable=False),
    Column("target_id", String(32), ForeignKey("deconflict_target.id"), nullable=False),
    PrimaryKeyConstraint("block", "target_id"),
)

deconflict_event = Table(
    "deconflict_event",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("registration_id", Integer, ForeignKey("deconflict_registration.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("radius_m", Float, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

deconflict_event_cell = Table(
    "deconflict_event_cell",
    metadata,
    Column("cell", String(64), nullable=False),
    Column("event_id", String(32), ForeignKey("deconflict_event.id"), nullable=False),
    PrimaryKeyConstraint("cell", "event_id"),
)

deconflict_conflict = Table(
    "deconflict_conflict",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("a_id", String(32), nullable=False),  # the two target or event ids, sorted
    Column("b_id", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("a_id", "b_id"),
)

deconflict_notice = Table(
    "deconflict_notice",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("conflict_id", String(32), ForeignKey("deconflict_conflict.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("agency.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("match", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("own_case", Text, nullable=False),
    Column("own_target_id", String(32), nullable=False),
    Column("other_contact", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Column("acknowledged_by", String(64), nullable=True),
    Index("ix_deconflict_notice_agency", "agency_id", "created_at"),
    Index("ix_deconflict_notice_conflict", "conflict_id"),
)
