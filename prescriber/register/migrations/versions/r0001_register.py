"""The register: snapshots, records, confirmations.

Revision ID: r0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("fingerprint", sa.String(80), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("enterprise", sa.String(400), nullable=False, index=True),
        sa.Column("credit_code", sa.String(40), nullable=True, index=True),
        sa.Column("source_name", sa.String(200), nullable=False),
        sa.Column("profile_text", sa.Text(), nullable=False),
        sa.Column("prescription_json", sa.Text(), nullable=False),
        sa.Column(
            "fingerprint", sa.String(80), sa.ForeignKey("snapshots.fingerprint"), nullable=False, index=True
        ),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("top", sa.Integer(), nullable=True),
        sa.Column("engine", sa.String(40), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=True),
    )
    op.create_table(
        "confirmations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.Integer(), sa.ForeignKey("records.id"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("confirmations")
    op.drop_table("records")
    op.drop_table("snapshots")
