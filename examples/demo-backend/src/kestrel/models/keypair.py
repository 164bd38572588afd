"""API key pairs: every request and every compute session is made with one."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..defs import DEFAULT_RESOURCE_POLICY
from .base import GUID, Base, TimestampMixin

if TYPE_CHECKING:
    from .user import UserRow

__all__ = (
    "KeyPairRow",
    "keypairs",
    "generate_access_key",
    "generate_secret_key",
    "issue_keypair",
)

ACCESS_KEY_PREFIX = "AKIA"


def generate_access_key() -> str:
    return ACCESS_KEY_PREFIX + secrets.token_hex(8).upper()


def generate_secret_key() -> str:
    return secrets.token_urlsafe(30)


class KeyPairRow(TimestampMixin, Base):
    __tablename__ = "keypairs"

    access_key = sa.Column(sa.String(20), primary_key=True)
    secret_key = sa.Column(sa.String(40), nullable=False)
    user_id = sa.Column(GUID, sa.ForeignKey("users.uuid", ondelete="CASCADE"), nullable=False)
    is_active = sa.Column(sa.Boolean, nullable=False, default=True, index=True)
    is_admin = sa.Column(sa.Boolean, nullable=False, default=False)
    rate_limit = sa.Column(sa.Integer, nullable=False, default=10_000)
    resource_policy = sa.Column(
        sa.String(256),
        sa.ForeignKey("keypair_resource_policies.name"),
        nullable=False,
        default=DEFAULT_RESOURCE_POLICY,
    )

    user = relationship("UserRow", back_populates="keypairs")
    resource_policy_row = relationship("KeyPairResourcePolicyRow", back_populates="keypairs")
    sessions = relationship("SessionRow", back_populates="keypair")

    @classmethod
    def by_access_key(cls, db: Session, access_key: str) -> Optional[KeyPairRow]:
        from kestrel.models.keypair import KeyPairRow

        return db.get(KeyPairRow, access_key)


keypairs = KeyPairRow.__table__


def issue_keypair(db: Session, user: UserRow, *, is_admin: bool = False) -> KeyPairRow:
    # Both generators are read from this module's globals: tests patch them here.
    keypair = KeyPairRow(
        access_key=generate_access_key(),
        secret_key=generate_secret_key(),
        is_admin=is_admin,
    )
    user.keypairs.append(keypair)
    db.add(keypair)
    return keypair
