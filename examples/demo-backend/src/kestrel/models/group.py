"""Groups (projects): users work inside a group, which owns storage and scaling-group access."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..defs import DEFAULT_DOMAIN
from .base import GUID, Base, IDColumn, TimestampMixin, metadata

if TYPE_CHECKING:
    from .user import UserRow

__all__ = (
    "GroupRow",
    "association_groups_users",
    "groups",
    "add_member",
)

association_groups_users = sa.Table(
    "association_groups_users",
    metadata,
    sa.Column(
        "user_id",
        GUID,
        sa.ForeignKey("users.uuid", onupdate="CASCADE", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "group_id",
        GUID,
        sa.ForeignKey("groups.id", onupdate="CASCADE", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.UniqueConstraint("user_id", "group_id", name="uq_association_user_id_group_id"),
)


class GroupRow(TimestampMixin, Base):
    __tablename__ = "groups"
    __table_args__ = (
        sa.UniqueConstraint("name", "domain_name", name="uq_groups_name_domain_name"),
    )

    id = IDColumn()
    name = sa.Column(sa.String(64), nullable=False)
    description = sa.Column(sa.String(512))
    is_active = sa.Column(sa.Boolean, nullable=False, default=True)
    domain_name = sa.Column(sa.String(64), nullable=False, default=DEFAULT_DOMAIN, index=True)
    total_resource_slots = sa.Column(sa.JSON, nullable=False, default=dict)
    resource_policy = sa.Column(
        sa.String(256), sa.ForeignKey("project_resource_policies.name"), nullable=False
    )

    users = relationship("UserRow", secondary=association_groups_users, back_populates="groups")
    # Module-qualified on purpose: two registries once had a `ProjectResourcePolicyRow`.
    resource_policy_row = relationship(
        "kestrel.models.resource_policy.ProjectResourcePolicyRow", back_populates="groups"
    )
    vfolders = relationship("VFolderRow", back_populates="group_row")

    def members(self) -> List[UserRow]:
        return sorted(self.users, key=lambda u: u.email)


groups = GroupRow.__table__


def add_member(db: Session, group: GroupRow, email: str) -> UserRow:
    # Must stay function-local: models.user imports this module at import time.
    from .user import find_user

    user = find_user(db, email)
    if user is None:
        raise LookupError(f"no user with email {email!r}")
    if user not in group.users:
        group.users.append(user)
    return user
