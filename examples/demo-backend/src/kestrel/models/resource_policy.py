"""Resource policies: how much a key pair, a user or a project may consume."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from .base import Base, TimestampMixin

__all__ = (
    "DefaultForUnspecified",
    "KeyPairResourcePolicyRow",
    "UserResourcePolicyRow",
    "ProjectResourcePolicyRow",
    "keypair_resource_policies",
    "user_resource_policies",
    "project_resource_policies",
)


class DefaultForUnspecified(str, enum.Enum):
    LIMITED = "limited"
    UNLIMITED = "unlimited"


class KeyPairResourcePolicyRow(TimestampMixin, Base):
    __tablename__ = "keypair_resource_policies"

    name = sa.Column(sa.String(256), primary_key=True)
    default_for_unspecified = sa.Column(
        sa.Enum(DefaultForUnspecified, name="defaultforunspecified"),
        nullable=False,
        default=DefaultForUnspecified.LIMITED,
    )
    total_resource_slots = sa.Column(sa.JSON, nullable=False, default=dict)
    max_session_lifetime = sa.Column(sa.Integer, nullable=False, default=0)
    max_concurrent_sessions = sa.Column(sa.Integer, nullable=False, default=4)
    max_containers_per_session = sa.Column(sa.Integer, nullable=False, default=1)
    idle_timeout = sa.Column(sa.BigInteger, nullable=False, default=3600)

    keypairs = relationship("KeyPairRow", back_populates="resource_policy_row")


class UserResourcePolicyRow(TimestampMixin, Base):
    __tablename__ = "user_resource_policies"

    name = sa.Column(sa.String(256), primary_key=True)
    max_vfolder_count = sa.Column(sa.Integer, nullable=False, default=10)
    max_quota_scope_size = sa.Column(sa.BigInteger, nullable=False, default=-1)
    max_session_count_per_model_session = sa.Column(sa.Integer, nullable=False, default=10)

    users = relationship("UserRow", back_populates="resource_policy_row")


class ProjectResourcePolicyRow(TimestampMixin, Base):
    __tablename__ = "project_resource_policies"

    name = sa.Column(sa.String(256), primary_key=True)
    max_vfolder_count = sa.Column(sa.Integer, nullable=False, default=10)
    max_quota_scope_size = sa.Column(sa.BigInteger, nullable=False, default=-1)

    groups = relationship("GroupRow", back_populates="resource_policy_row")


keypair_resource_policies = KeyPairResourcePolicyRow.__table__
user_resource_policies = UserResourcePolicyRow.__table__
project_resource_policies = ProjectResourcePolicyRow.__table__
