"""Users: who may log in, their role, and the groups and key pairs they own."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..auth.password import PasswordInfo, hash_password, verify_password
from ..defs import DEFAULT_DOMAIN, DEFAULT_RESOURCE_POLICY
from .base import Base, IDColumn, TimestampMixin
from .group import association_groups_users

if TYPE_CHECKING:
    from .keypair import KeyPairRow

__all__ = (
    "UserRole",
    "UserStatus",
    "UserRow",
    "users",
    "find_user",
    "check_credentials",
)


class UserRole(str, enum.Enum):
    SUPERADMIN = "superadmin"
    ADMIN = "admin"
    USER = "user"
    MONITOR = "monitor"


class UserStatus(str, enum.Enum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    DELETED = "deleted"
    BEFORE_VERIFICATION = "before-verification"


class UserRow(TimestampMixin, Base):
    __tablename__ = "users"

    uuid = IDColumn("uuid")
    email = sa.Column(sa.String(64), nullable=False, unique=True, index=True)
    username = sa.Column(sa.String(64), unique=True)
    password = sa.Column(sa.String(256))
    full_name = sa.Column(sa.String(64))
    domain_name = sa.Column(sa.String(64), nullable=False, default=DEFAULT_DOMAIN)
    role = sa.Column(sa.Enum(UserRole, name="userrole"), nullable=False, default=UserRole.USER)
    status = sa.Column(
        sa.Enum(UserStatus, name="userstatus"), nullable=False, default=UserStatus.ACTIVE
    )
    resource_policy = sa.Column(
        sa.String(256),
        sa.ForeignKey("user_resource_policies.name"),
        nullable=False,
        default=DEFAULT_RESOURCE_POLICY,
    )

    keypairs = relationship("KeyPairRow", back_populates="user", cascade="all, delete-orphan")
    groups = relationship("GroupRow", secondary=association_groups_users, back_populates="users")
    sessions = relationship("SessionRow", back_populates="user")
    resource_policy_row = relationship("UserResourcePolicyRow", back_populates="users")

    def set_password(self, plain: str) -> None:
        # `hash_password` is read from this module's globals: tests patch it here.
        self.password = hash_password(PasswordInfo(plain))

    def check_password(self, plain: str) -> bool:
        return verify_password(plain, self.password)

    def main_keypair(self) -> Optional[KeyPairRow]:
        return next((kp for kp in self.keypairs if kp.is_active), None)

    @classmethod
    def by_email(cls, db: Session, email: str) -> Optional[UserRow]:
        from .user import UserRow  # left over from when this query lived in the service layer

        return db.query(UserRow).filter(UserRow.email == email).one_or_none()


users = UserRow.__table__


def find_user(db: Session, email: str) -> Optional[UserRow]:
    return UserRow.by_email(db, email)


def check_credentials(db: Session, email: str, plain: str) -> Optional[UserRow]:
    user = find_user(db, email)
    if user is None or user.status is not UserStatus.ACTIVE:
        return None
    return user if user.check_password(plain) else None
