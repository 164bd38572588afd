"""Scaling groups: pools of agents with one scheduler, opened to some groups."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from .base import GUID, Base, TimestampMixin, metadata

__all__ = (
    "SchedulerType",
    "ScalingGroupRow",
    "scaling_groups",
    "sgroups_for_groups",
)


class SchedulerType(str, enum.Enum):
    FIFO = "fifo"
    LIFO = "lifo"
    DRF = "drf"


sgroups_for_groups = sa.Table(
    "sgroups_for_groups",
    metadata,
    sa.Column(
        "scaling_group",
        sa.String(64),
        sa.ForeignKey("scaling_groups.name", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "group",
        GUID,
        sa.ForeignKey("groups.id", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class ScalingGroupRow(TimestampMixin, Base):
    __tablename__ = "scaling_groups"

    name = sa.Column(sa.String(64), primary_key=True)
    description = sa.Column(sa.String(512))
    is_active = sa.Column(sa.Boolean, nullable=False, default=True, index=True)
    scheduler = sa.Column(
        sa.Enum(SchedulerType, name="schedulertype"), nullable=False, default=SchedulerType.FIFO
    )
    scheduler_opts = sa.Column(sa.JSON, nullable=False, default=dict)

    agents = relationship("AgentRow", back_populates="scaling_group_row")
    sessions = relationship("SessionRow", back_populates="scaling_group")
    allowed_groups = relationship("GroupRow", secondary=sgroups_for_groups)


scaling_groups = ScalingGroupRow.__table__
