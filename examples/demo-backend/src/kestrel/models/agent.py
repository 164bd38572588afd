"""Agents: the GPU nodes that run kernels, grouped into scaling groups."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Dict, List

import sqlalchemy as sa
from sqlalchemy.orm import Session, relationship

from ..defs import Architecture
from .base import Base

if TYPE_CHECKING:
    from .kernel import KernelRow

__all__ = (
    "AgentStatus",
    "AgentRow",
    "agents",
    "free_slots",
)


class AgentStatus(str, enum.Enum):
    ALIVE = "ALIVE"
    LOST = "LOST"
    RESTARTING = "RESTARTING"
    TERMINATED = "TERMINATED"


class AgentRow(Base):
    __tablename__ = "agents"

    id = sa.Column(sa.String(64), primary_key=True)
    status = sa.Column(
        sa.Enum(AgentStatus, name="agentstatus"), nullable=False, default=AgentStatus.ALIVE
    )
    region = sa.Column(sa.String(64), nullable=False, index=True)
    scaling_group = sa.Column(
        sa.String(64), sa.ForeignKey("scaling_groups.name"), nullable=False, index=True
    )
    architecture = sa.Column(
        sa.Enum(Architecture, name="architecture"), nullable=False, default=Architecture.X86_64
    )
    addr = sa.Column(sa.String(128), nullable=False)
    available_slots = sa.Column(sa.JSON, nullable=False, default=dict)
    schedulable = sa.Column(sa.Boolean, nullable=False, default=True)

    kernels = relationship("KernelRow", back_populates="agent_row")
    scaling_group_row = relationship("ScalingGroupRow", back_populates="agents")

    def running_kernels(self) -> List[KernelRow]:
        return [k for k in self.kernels if k.status.value == "RUNNING"]


agents = AgentRow.__table__


def free_slots(agent: AgentRow) -> Dict[str, float]:
    free = {k: float(v) for k, v in agent.available_slots.items()}
    for kernel in agent.running_kernels():
        for slot, amount in kernel.occupied_slots.items():
            free[slot] = free.get(slot, 0.0) - float(amount)
    return free


def alive_agents(db: Session, scaling_group: str) -> List[AgentRow]:
    return (
        db.query(AgentRow)
        .filter(AgentRow.scaling_group == scaling_group, AgentRow.status == AgentStatus.ALIVE)
        .all()
    )
