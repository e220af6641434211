"""Batch jobs in the register: their state and their three result tables, so a job survives a restart
and can be polled from any server process.

Revision ID: r0005_batch_jobs
Revises: r0004_groups
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0005_batch_jobs"
down_revision = "r0004_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("top", sa.Integer(), nullable=True),
        sa.Column("output", sa.String(20), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("bad", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(80), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("process", sa.String(40), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "batch_tables",
        sa.Column(
            "job_id", sa.String(32), sa.ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("which", sa.String(10), primary_key=True),
        sa.Column("filename", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("batch_tables")
    op.drop_table("batch_jobs")
