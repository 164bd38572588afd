"""Merge the sessions and serving branches; add routes, which need both.

Revision ID: d2c5f8e1b6a0
Revises: 8a4e6d21c5f3, b7d90e3f4a12
Create Date: 2025-05-02 13:30:00
"""
import sqlalchemy as sa
from alembic import op

from kestrel.models.base import GUID

revision = "d2c5f8e1b6a0"
down_revision = ("8a4e6d21c5f3", "b7d90e3f4a12")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routings",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("endpoint", GUID(), sa.ForeignKey("endpoints.id", ondelete="CASCADE"), nullable=False),
        sa.Column("session", GUID(), sa.ForeignKey("sessions.id", ondelete="SET NULL")),
        sa.Column("status", sa.Enum("PROVISIONING", "HEALTHY", "UNHEALTHY", "TERMINATING", name="routestatus"), nullable=False),
        sa.Column("traffic_ratio", sa.Float(), nullable=False),
        sa.UniqueConstraint("endpoint", "session", name="uq_routings_endpoint_session"),
    )


def downgrade() -> None:
    op.drop_table("routings")
