"""Every table of the operational store, in one place (SQLAlchemy Core).

Alembic migrations in ``vinculo/store/migrations`` create these; a test checks
that the migrated database and this metadata agree on both backends.
Domain sections added by later capabilities go below the core ones.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# --- core: agencies, users, markings, datasets, statements -------------------

agency = Table(
    "agency",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("country", String(2), nullable=False),
    Column("name", Text, nullable=False),
    Column("default_marking_id", Integer, ForeignKey("marking.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

user = Table(
    "user_account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("agency_id", Integer, ForeignKey("agency.id"), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("roles", Text, nullable=False),  # comma-separated Role values
    Column("locale", String(8), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("user_account.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the secret
    Column("label", Text, nullable=False),
    Column("scopes", Text, nullable=False),  # comma-separated: read, write, admin
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)

marking = Table(
    "marking",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tlp", String(16), nullable=False),
    Column("releasability", Text, nullable=False),  # canonical sorted, comma-separated
    UniqueConstraint("tlp", "releasability", name="uq_marking_tlp_rel"),
)

dataset = Table(
    "dataset",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("agency_id", Integer, ForeignKey("agency.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

statement = Table(
    "statement",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(255), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("prop_type", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("lang", String(8), nullable=True),
    Column("original_value", Text, nullable=True),
    Column("dataset_id", Integer, ForeignKey("dataset.id"), nullable=False),
    Column("agency_id", Integer, ForeignKey("agency.id"), nullable=False),
    Column("marking_id", Integer, ForeignKey("marking.id"), nullable=False),
    Column("reliability", String(1), nullable=True),
    Column("credibility", SmallInteger, nullable=True),
    Column("source_record", Text, nullable=True),
    Column("collected", Date, nullable=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("import_id", Integer, ForeignKey("import_run.id"), nullable=True),
    Column("retracted", Boolean, nullable=False),
    # lowercase ASCII fold of name-like values, for simple search
    Column("search_text", Text, nullable=True),
)
Index("ix_statement_entity", statement.c.entity_id)
Index("ix_statement_type_value", statement.c.prop_type, statement.c.value)
Index("ix_statement_dataset", statement.c.dataset_id)

retraction = Table(
    "retraction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_id", String(40), ForeignKey("statement.id"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

import_run = Table(
    "import_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", Integer, ForeignKey("dataset.id"), nullable=False),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("username", String(64), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("entities", Integer, nullable=False),
    Column("statements", BigInteger, nullable=False),
    Column("added", BigInteger, nullable=False),
    Column("rejected", Integer, nullable=False),
)

entity_review = Table(
    "entity_review",
    metadata,
    Column("entity_id", String(255), primary_key=True),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("reviewed_by", String(64), nullable=False),
    Column("review_due", Date, nullable=False),
)

# --- audit: hash-chained, append-only ------------------------------------------

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64), nullable=False),
    Column("agency", String(32), nullable=True),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=True),
    Column("entity_ids", Text, nullable=False),  # comma-separated
    Column("detail", Text, nullable=False),  # JSON
    Column("remote", String(64), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
Index("ix_audit_action_at", audit_log.c.action, audit_log.c.at)

audit_entity = Table(
    "audit_entity",
    metadata,
    Column("seq", BigInteger, ForeignKey("audit_log.seq"), nullable=False),
    Column("entity_id", String(255), nullable=False),
    UniqueConstraint("seq", "entity_id", name="uq_audit_entity"),
)
Index("ix_audit_entity_entity", audit_entity.c.entity_id)

purge_record = Table(
    "purge_record",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", String(255), nullable=False),
    Column("statements", Integer, nullable=False),
    Column("username", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Each capability's tables, on the same metadata (imported last: they import `metadata`).
from vinculo.store import deconflict_tables, resolve_tables  # noqa: E402,F401
