"""Accounts, resource policies, scaling groups, agents and images.

Revision ID: 3f1c2a9b7d10
Revises:
Create Date: 2025-03-02 10:14:00
"""
import sqlalchemy as sa
from alembic import op

from kestrel.models.base import GUID

revision = "3f1c2a9b7d10"
down_revision = None
branch_labels = None
depends_on = None


def timestamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "keypair_resource_policies",
        *timestamps(),
        sa.Column("name", sa.String(256), primary_key=True),
        sa.Column("default_for_unspecified", sa.Enum("LIMITED", "UNLIMITED", name="defaultforunspecified"), nullable=False),
        sa.Column("total_resource_slots", sa.JSON(), nullable=False),
        sa.Column("max_session_lifetime", sa.Integer(), nullable=False),
        sa.Column("max_concurrent_sessions", sa.Integer(), nullable=False),
        sa.Column("max_containers_per_session", sa.Integer(), nullable=False),
        sa.Column("idle_timeout", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "user_resource_policies",
        *timestamps(),
        sa.Column("name", sa.String(256), primary_key=True),
        sa.Column("max_vfolder_count", sa.Integer(), nullable=False),
        sa.Column("max_quota_scope_size", sa.BigInteger(), nullable=False),
        sa.Column("max_session_count_per_model_session", sa.Integer(), nullable=False),
    )
    op.create_table(
        "project_resource_policies",
        *timestamps(),
        sa.Column("name", sa.String(256), primary_key=True),
        sa.Column("max_vfolder_count", sa.Integer(), nullable=False),
        sa.Column("max_quota_scope_size", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "scaling_groups",
        *timestamps(),
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("description", sa.String(512)),
        sa.Column("is_active", sa.Boolean(), nullable=False, index=True),
        sa.Column("scheduler", sa.Enum("FIFO", "LIFO", "DRF", name="schedulertype"), nullable=False),
        sa.Column("scheduler_opts", sa.JSON(), nullable=False),
    )
    op.create_table(
        "agents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("status", sa.Enum("ALIVE", "LOST", "RESTARTING", "TERMINATED", name="agentstatus"), nullable=False),
        sa.Column("region", sa.String(64), nullable=False, index=True),
        sa.Column("scaling_group", sa.String(64), sa.ForeignKey("scaling_groups.name"), nullable=False, index=True),
        sa.Column("architecture", sa.Enum("X86_64", "AARCH64", name="architecture"), nullable=False),
        sa.Column("addr", sa.String(128), nullable=False),
        sa.Column("available_slots", sa.JSON(), nullable=False),
        sa.Column("schedulable", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "groups",
        *timestamps(),
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.String(512)),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("domain_name", sa.String(64), nullable=False, index=True),
        sa.Column("total_resource_slots", sa.JSON(), nullable=False),
        sa.Column("resource_policy", sa.String(256), sa.ForeignKey("project_resource_policies.name"), nullable=False),
        sa.UniqueConstraint("name", "domain_name", name="uq_groups_name_domain_name"),
    )
    op.create_table(
        "users",
        *timestamps(),
        sa.Column("uuid", GUID(), primary_key=True),
        sa.Column("email", sa.String(64), nullable=False, unique=True, index=True),
        sa.Column("username", sa.String(64), unique=True),
        sa.Column("password", sa.String(256)),
        sa.Column("full_name", sa.String(64)),
        sa.Column("domain_name", sa.String(64), nullable=False),
        sa.Column("role", sa.Enum("SUPERADMIN", "ADMIN", "USER", "MONITOR", name="userrole"), nullable=False),
        sa.Column("status", sa.Enum("ACTIVE", "INACTIVE", "DELETED", "BEFORE_VERIFICATION", name="userstatus"), nullable=False),
        sa.Column("resource_policy", sa.String(256), sa.ForeignKey("user_resource_policies.name"), nullable=False),
    )
    op.create_table(
        "association_groups_users",
        sa.Column("user_id", GUID(), sa.ForeignKey("users.uuid", onupdate="CASCADE", ondelete="CASCADE"), nullable=False),
        sa.Column("group_id", GUID(), sa.ForeignKey("groups.id", onupdate="CASCADE", ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("user_id", "group_id", name="uq_association_user_id_group_id"),
    )
    op.create_table(
        "keypairs",
        *timestamps(),
        sa.Column("access_key", sa.String(20), primary_key=True),
        sa.Column("secret_key", sa.String(40), nullable=False),
        sa.Column("user_id", GUID(), sa.ForeignKey("users.uuid", ondelete="CASCADE"), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False, index=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("rate_limit", sa.Integer(), nullable=False),
        sa.Column("resource_policy", sa.String(256), sa.ForeignKey("keypair_resource_policies.name"), nullable=False),
    )
    op.create_table(
        "sgroups_for_groups",
        sa.Column("scaling_group", sa.String(64), sa.ForeignKey("scaling_groups.name", onupdate="CASCADE", ondelete="CASCADE"), primary_key=True),
        sa.Column("group", GUID(), sa.ForeignKey("groups.id", onupdate="CASCADE", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "images",
        *timestamps(),
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", sa.String(512), nullable=False, index=True),
        sa.Column("registry", sa.String(256), nullable=False),
        sa.Column("tag", sa.String(128), nullable=False),
        sa.Column("architecture", sa.Enum("X86_64", "AARCH64", name="architecture", create_type=False), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.UniqueConstraint("name", "architecture", name="uq_images_name_architecture"),
    )


def downgrade() -> None:
    for table in (
        "images", "sgroups_for_groups", "keypairs", "association_groups_users", "users", "groups",
        "agents", "scaling_groups", "project_resource_policies", "user_resource_policies",
        "keypair_resource_policies",
    ):
        op.drop_table(table)
