"""Compute sessions: a user's request for containers, made of one or more kernels."""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import TYPE_CHECKING, List, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..config import settings
from ..defs import DEFAULT_SCALING_GROUP
from ..utils.clock import now
from .base import GUID, Base, IDColumn
from .kernel import KernelRow, KernelStatus

if TYPE_CHECKING:
    from .keypair import KeyPairRow
    from .user import UserRow

__all__ = (
    "SessionStatus",
    "SessionTypes",
    "SessionRow",
    "sessions",
    "DEAD_SESSION_STATUSES",
)


class SessionStatus(str, enum.Enum):
    PENDING = "PENDING"
    SCHEDULED = "SCHEDULED"
    RUNNING = "RUNNING"
    TERMINATING = "TERMINATING"
    TERMINATED = "TERMINATED"
    ERROR = "ERROR"
    CANCELLED = "CANCELLED"


class SessionResult(str, enum.Enum):
    """Not in `__all__`, yet services import it from here."""

    UNDEFINED = "undefined"
    SUCCESS = "success"
    FAILURE = "failure"


class SessionTypes(str, enum.Enum):
    INTERACTIVE = "interactive"
    BATCH = "batch"
    INFERENCE = "inference"


DEAD_SESSION_STATUSES = frozenset({
    SessionStatus.TERMINATED,
    SessionStatus.ERROR,
    SessionStatus.CANCELLED,
})


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (sa.Index("ix_sessions_status_created_at", "status", "created_at"),)

    id = IDColumn()
    name = sa.Column(sa.String(64), nullable=False, index=True)
    session_type = sa.Column(
        sa.Enum(SessionTypes, name="sessiontypes"),
        nullable=False,
        default=SessionTypes.INTERACTIVE,
    )
    user_uuid = sa.Column(GUID, sa.ForeignKey("users.uuid"), nullable=False)
    access_key = sa.Column(sa.String(20), sa.ForeignKey("keypairs.access_key"), nullable=False)
    scaling_group_name = sa.Column(
        sa.String(64), sa.ForeignKey("scaling_groups.name"), default=DEFAULT_SCALING_GROUP
    )
    status = sa.Column(
        sa.Enum(SessionStatus, name="sessionstatus"), nullable=False, default=SessionStatus.PENDING
    )
    result = sa.Column(
        sa.Enum(SessionResult, name="sessionresult"),
        nullable=False,
        default=SessionResult.UNDEFINED,
    )
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False, default=now)
    terminated_at = sa.Column(sa.DateTime(timezone=True))

    user = relationship("UserRow", back_populates="sessions")
    keypair = relationship("KeyPairRow", back_populates="sessions")
    kernels = relationship("KernelRow", back_populates="session", order_by="KernelRow.cluster_idx")
    main_kernel = relationship(
        "KernelRow",
        primaryjoin="and_(SessionRow.id == foreign(KernelRow.session_id), "
        "KernelRow.cluster_role == 'main')",
        uselist=False,
        viewonly=True,
    )
    scaling_group = relationship("ScalingGroupRow", back_populates="sessions")

    def is_expired(self) -> bool:
        created = self.created_at
        if created.tzinfo is None:  # SQLite hands back naive datetimes
            created = created.replace(tzinfo=timezone.utc)
        return now() - created > settings.session_lifetime

    def mark_terminated(self, result: SessionResult = SessionResult.SUCCESS) -> datetime:
        # `now` is read from this module's globals: tests replace it here.
        self.terminated_at = now()
        self.status = SessionStatus.TERMINATED
        self.result = result
        for kernel in self.kernels:
            kernel.status = KernelStatus.TERMINATED
        return self.terminated_at

    def owner(self) -> UserRow:
        return self.user

    def used_keypair(self) -> KeyPairRow:
        return self.keypair


sessions = SessionRow.__table__


def running_sessions(db: Session) -> List[SessionRow]:
    return db.query(SessionRow).filter(SessionRow.status == SessionStatus.RUNNING).all()


def add_kernel(session: SessionRow, *, image: str, cluster_role: str = "main") -> KernelRow:
    if len(session.kernels) >= settings.max_kernels_per_session:
        raise ValueError("too many kernels in one session")
    kernel = KernelRow(
        image=image, cluster_role=cluster_role, cluster_idx=len(session.kernels) + 1
    )
    session.kernels.append(kernel)
    return kernel


def find_session(db: Session, name: str) -> Optional[SessionRow]:
    return db.query(SessionRow).filter(SessionRow.name == name).one_or_none()
