"""Kernels: the containers of a compute session, each placed on one agent."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..defs import ClusterRole
from .base import GUID, Base, IDColumn

if TYPE_CHECKING:
    from .agent import AgentRow
    from .session import SessionRow

__all__ = (
    "KernelStatus",
    "KernelRow",
    "kernels",
    "by_kernel_ids",
)


class KernelStatus(str, enum.Enum):
    PENDING = "PENDING"
    PREPARING = "PREPARING"
    RUNNING = "RUNNING"
    TERMINATED = "TERMINATED"
    ERROR = "ERROR"


class KernelRow(Base):
    __tablename__ = "kernels"

    id = IDColumn()
    session_id = sa.Column(GUID, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False)
    agent_id = sa.Column(sa.String(64), sa.ForeignKey("agents.id"), nullable=True)
    image = sa.Column(sa.String(512), nullable=False)
    cluster_role = sa.Column(sa.String(16), nullable=False, default=ClusterRole.MAIN.value)
    cluster_idx = sa.Column(sa.Integer, nullable=False, default=1)
    status = sa.Column(
        sa.Enum(KernelStatus, name="kernelstatus"), nullable=False, default=KernelStatus.PENDING
    )
    occupied_slots = sa.Column(sa.JSON, nullable=False, default=dict)

    session = relationship("SessionRow", back_populates="kernels")
    agent_row = relationship("AgentRow", back_populates="kernels")

    def placed_on(self) -> Optional[AgentRow]:
        return self.agent_row

    def owning_session(self) -> SessionRow:
        return self.session


kernels = KernelRow.__table__


def by_kernel_ids(db: Session, kernel_ids: Sequence[object]) -> List[KernelRow]:
    return db.query(KernelRow).filter(KernelRow.id.in_(list(kernel_ids))).all()


def sessions_of(db: Session, kernel_ids: Sequence[object]) -> List[SessionRow]:
    # Must stay function-local: models.session imports this module at import time.
    from .session import SessionRow

    rows = by_kernel_ids(db, kernel_ids)
    ids = {k.session_id for k in rows}
    return db.query(SessionRow).filter(SessionRow.id.in_(ids)).all()
