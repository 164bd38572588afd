"""Compute sessions and their kernels.

Revision ID: 8a4e6d21c5f3
Revises: 3f1c2a9b7d10
Create Date: 2025-04-11 16:40:00
"""
import sqlalchemy as sa
from alembic import op

from kestrel.models.base import GUID
from kestrel.models.session import SessionStatus

revision = "8a4e6d21c5f3"
down_revision = "3f1c2a9b7d10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, index=True),
        sa.Column("session_type", sa.Enum("INTERACTIVE", "BATCH", "INFERENCE", name="sessiontypes"), nullable=False),
        sa.Column("user_uuid", GUID(), sa.ForeignKey("users.uuid"), nullable=False),
        sa.Column("access_key", sa.String(20), sa.ForeignKey("keypairs.access_key"), nullable=False),
        sa.Column("scaling_group_name", sa.String(64), sa.ForeignKey("scaling_groups.name")),
        sa.Column("status", sa.Enum(*[s.name for s in SessionStatus], name="sessionstatus"), nullable=False),
        sa.Column("result", sa.Enum("UNDEFINED", "SUCCESS", "FAILURE", name="sessionresult"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("terminated_at", sa.DateTime(timezone=True)),
        sa.Index("ix_sessions_status_created_at", "status", "created_at"),
    )
    op.create_table(
        "kernels",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("session_id", GUID(), sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agent_id", sa.String(64), sa.ForeignKey("agents.id")),
        sa.Column("image", sa.String(512), nullable=False),
        sa.Column("cluster_role", sa.String(16), nullable=False),
        sa.Column("cluster_idx", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("PENDING", "PREPARING", "RUNNING", "TERMINATED", "ERROR", name="kernelstatus"), nullable=False),
        sa.Column("occupied_slots", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kernels")
    op.drop_table("sessions")
