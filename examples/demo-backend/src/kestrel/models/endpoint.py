"""Model-serving endpoints: a model folder served by a set of inference sessions."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, List

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from .base import GUID, Base, IDColumn, TimestampMixin

if TYPE_CHECKING:
    from .routing import RoutingRow


class EndpointLifecycle(str, enum.Enum):
    CREATED = "created"
    DESTROYING = "destroying"
    DESTROYED = "destroyed"


class EndpointRow(TimestampMixin, Base):
    __tablename__ = "endpoints"

    id = IDColumn()
    name = sa.Column(sa.String(64), nullable=False, unique=True)
    model = sa.Column(GUID, sa.ForeignKey("vfolders.id", ondelete="RESTRICT"), nullable=False)
    image = sa.Column(GUID, sa.ForeignKey("images.id", ondelete="RESTRICT"), nullable=False)
    session_owner = sa.Column(GUID, sa.ForeignKey("users.uuid"), nullable=False)
    lifecycle_stage = sa.Column(
        sa.Enum(EndpointLifecycle, name="endpointlifecycle"),
        nullable=False,
        default=EndpointLifecycle.CREATED,
    )
    desired_replicas = sa.Column(sa.Integer, nullable=False, default=1)
    url = sa.Column(sa.String(1024))

    routings = relationship(
        "RoutingRow", back_populates="endpoint_row", cascade="all, delete-orphan"
    )
    model_row = relationship("VFolderRow")
    image_row = relationship("ImageRow")

    def healthy_routes(self) -> List[RoutingRow]:
        return [r for r in self.routings if r.status.value == "healthy"]

    def traffic_share(self) -> float:
        return sum(r.traffic_ratio for r in self.healthy_routes())
