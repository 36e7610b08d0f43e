"""identity resolution: decision log, review queue, xref state

Revision ID: resolve_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "resolve_0001"
down_revision = "0001"
branch_labels = ("resolve",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolve_edge",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("left_id", sa.String(length=255), nullable=False),
        sa.Column("right_id", sa.String(length=255), nullable=False),
        sa.Column("judgement", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("undo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolve_edge")),
    )
    op.create_index("ix_resolve_edge_pair", "resolve_edge", ["left_id", "right_id"])
    op.create_index("ix_resolve_edge_right", "resolve_edge", ["right_id"])
    op.create_table(
        "resolve_candidate",
        sa.Column("left_id", sa.String(length=255), nullable=False),
        sa.Column("right_id", sa.String(length=255), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("left_id", "right_id", name=op.f("pk_resolve_candidate")),
    )
    op.create_index("ix_resolve_candidate_score", "resolve_candidate", ["score"])
    op.create_table(
        "resolve_seen",
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_resolve_seen")),
    )
    op.create_table(
        "resolve_model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolve_model")),
    )


def downgrade() -> None:
    op.drop_table("resolve_model")
    op.drop_table("resolve_seen")
    op.drop_index("ix_resolve_candidate_score", table_name="resolve_candidate")
    op.drop_table("resolve_candidate")
    op.drop_index("ix_resolve_edge_right", table_name="resolve_edge")
    op.drop_index("ix_resolve_edge_pair", table_name="resolve_edge")
    op.drop_table("resolve_edge")
