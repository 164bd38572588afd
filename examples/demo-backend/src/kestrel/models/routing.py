"""Routes: one inference session behind an endpoint, with its share of the traffic."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from .base import GUID, Base, IDColumn


class RouteStatus(str, enum.Enum):
    PROVISIONING = "provisioning"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    TERMINATING = "terminating"


class RoutingRow(Base):
    __tablename__ = "routings"
    __table_args__ = (
        sa.UniqueConstraint("endpoint", "session", name="uq_routings_endpoint_session"),
    )

    id = IDColumn()
    endpoint = sa.Column(GUID, sa.ForeignKey("endpoints.id", ondelete="CASCADE"), nullable=False)
    session = sa.Column(GUID, sa.ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True)
    status = sa.Column(
        sa.Enum(RouteStatus, name="routestatus"), nullable=False, default=RouteStatus.PROVISIONING
    )
    traffic_ratio = sa.Column(sa.Float, nullable=False, default=1.0)

    endpoint_row = relationship("EndpointRow", back_populates="routings")
    session_row = relationship("SessionRow")
