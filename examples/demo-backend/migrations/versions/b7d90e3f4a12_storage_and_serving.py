"""Virtual folders, model-serving endpoints and the audit log.

Revision ID: b7d90e3f4a12
Revises: 3f1c2a9b7d10
Create Date: 2025-04-14 09:05:00
"""
import sqlalchemy as sa
from alembic import op

from kestrel.models.base import GUID

revision = "b7d90e3f4a12"
down_revision = "3f1c2a9b7d10"
branch_labels = None
depends_on = None


def timestamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "vfolders",
        *timestamps(),
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, index=True),
        sa.Column("host", sa.String(128), nullable=False),
        sa.Column("quota_scope_id", sa.String(64), nullable=False),
        sa.Column("usage_mode", sa.Enum("GENERAL", "MODEL", "DATA", name="vfolderusagemode"), nullable=False),
        sa.Column("permission", sa.Enum("READ_ONLY", "READ_WRITE", "RW_DELETE", name="vfolderpermission"), nullable=False),
        sa.Column("ownership_type", sa.Enum("USER", "GROUP", name="vfolderownershiptype"), nullable=False),
        sa.Column("user", GUID(), sa.ForeignKey("users.uuid")),
        sa.Column("group", GUID(), sa.ForeignKey("groups.id")),
        sa.CheckConstraint(
            "(ownership_type = 'USER' AND \"user\" IS NOT NULL) OR "
            "(ownership_type = 'GROUP' AND \"group\" IS NOT NULL)",
            name="ownership_type_match_with_user_or_group",
        ),
    )
    op.create_table(
        "endpoints",
        *timestamps(),
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("model", GUID(), sa.ForeignKey("vfolders.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("image", GUID(), sa.ForeignKey("images.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("session_owner", GUID(), sa.ForeignKey("users.uuid"), nullable=False),
        sa.Column("lifecycle_stage", sa.Enum("CREATED", "DESTROYING", "DESTROYED", name="endpointlifecycle"), nullable=False),
        sa.Column("desired_replicas", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(1024)),
    )
    op.create_table(
        "audit_logs",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("entity_type", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("operation", sa.String(32), nullable=False),
        sa.Column("actor", GUID(), sa.ForeignKey("users.uuid", ondelete="SET NULL")),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_audit_logs_entity", "entity_type", "entity_id"),
    )


def downgrade() -> None:
    op.drop_table("audit_logs")
    op.drop_table("endpoints")
    op.drop_table("vfolders")
