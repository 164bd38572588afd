"""Model serving: endpoints backed by routes to inference sessions."""

from __future__ import annotations

from typing import List

from sqlalchemy.orm import Session

from kestrel.models.endpoint import EndpointLifecycle, EndpointRow
from kestrel.models.routing import RouteStatus, RoutingRow
from kestrel.models.vfolder import VFolderUsageMode, has_duplicate_mounts


def create_endpoint(db: Session, name: str, *, model, image, owner) -> EndpointRow:
    if model.usage_mode is not VFolderUsageMode.MODEL:
        raise ValueError(f"{model.name} is not a model folder")
    endpoint = EndpointRow(name=name, model=model.id, image=image.id, session_owner=owner.uuid)
    db.add(endpoint)
    db.flush()
    return endpoint


def add_route(db: Session, endpoint: EndpointRow, session, *, ratio: float = 1.0) -> RoutingRow:
    route = RoutingRow(endpoint_row=endpoint, session=session.id, traffic_ratio=ratio)
    db.add(route)
    db.flush()
    return route


def mark_healthy(routes: List[RoutingRow]) -> None:
    for route in routes:
        route.status = RouteStatus.HEALTHY


def destroy(endpoint: EndpointRow) -> None:
    endpoint.lifecycle_stage = EndpointLifecycle.DESTROYED


def check_mounts(paths: List[str]) -> None:
    if has_duplicate_mounts(paths):
        raise ValueError("a folder is mounted twice")
