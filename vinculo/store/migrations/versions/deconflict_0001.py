"""deconfliction tables: registrations, keys, blocks, events, cells, conflicts, notices

Revision ID: deconflict_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "deconflict_0001"
down_revision = "0001"
branch_labels = ("deconflict",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deconflict_conflict",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("a_id", sa.String(length=32), nullable=False),
        sa.Column("b_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deconflict_conflict")),
        sa.UniqueConstraint("a_id", "b_id", name=op.f("uq_deconflict_conflict_a_id")),
    )
    op.create_table(
        "deconflict_notice",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conflict_id", sa.String(length=32), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("match", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("own_case", sa.Text(), nullable=False),
        sa.Column("own_target_id", sa.String(length=32), nullable=False),
        sa.Column("other_contact", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_deconflict_notice_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["conflict_id"],
            ["deconflict_conflict.id"],
            name=op.f("fk_deconflict_notice_conflict_id_deconflict_conflict"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deconflict_notice")),
    )
    op.create_index(
        "ix_deconflict_notice_agency",
        "deconflict_notice",
        ["agency_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_deconflict_notice_conflict", "deconflict_notice", ["conflict_id"], unique=False
    )
    op.create_table(
        "deconflict_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("case_ref", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_deconflict_registration_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deconflict_registration")),
    )
    op.create_table(
        "deconflict_event",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["deconflict_registration.id"],
            name=op.f("fk_deconflict_event_registration_id_deconflict_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deconflict_event")),
    )
    op.create_table(
        "deconflict_target",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=True),
        sa.Column("person", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["deconflict_registration.id"],
            name=op.f("fk_deconflict_target_registration_id_deconflict_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deconflict_target")),
    )
    op.create_index(
        "ix_deconflict_target_registration", "deconflict_target", ["registration_id"], unique=False
    )
    op.create_table(
        "deconflict_block",
        sa.Column("block", sa.String(length=255), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["deconflict_target.id"],
            name=op.f("fk_deconflict_block_target_id_deconflict_target"),
        ),
        sa.PrimaryKeyConstraint("block", "target_id", name=op.f("pk_deconflict_block")),
    )
    op.create_table(
        "deconflict_event_cell",
        sa.Column("cell", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["deconflict_event.id"],
            name=op.f("fk_deconflict_event_cell_event_id_deconflict_event"),
        ),
        sa.PrimaryKeyConstraint("cell", "event_id", name=op.f("pk_deconflict_event_cell")),
    )
    op.create_table(
        "deconflict_key",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["deconflict_target.id"],
            name=op.f("fk_deconflict_key_target_id_deconflict_target"),
        ),
        sa.PrimaryKeyConstraint("key", "target_id", name=op.f("pk_deconflict_key")),
    )


def downgrade() -> None:
    op.drop_table("deconflict_key")
    op.drop_table("deconflict_event_cell")
    op.drop_table("deconflict_block")
    op.drop_index("ix_deconflict_target_registration", table_name="deconflict_target")
    op.drop_table("deconflict_target")
    op.drop_table("deconflict_event")
    op.drop_table("deconflict_registration")
    op.drop_index("ix_deconflict_notice_conflict", table_name="deconflict_notice")
    op.drop_index("ix_deconflict_notice_agency", table_name="deconflict_notice")
    op.drop_table("deconflict_notice")
    op.drop_table("deconflict_conflict")
