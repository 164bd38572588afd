"""Audit log: a plain imperative table, written with Core only (no mapped class)."""

from __future__ import annotations

import uuid
from typing import Any, Dict, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..utils.clock import now
from . import metadata  # read from the parent package, which binds it before importing us
from .base import GUID

audit_logs = sa.Table(
    "audit_logs",
    metadata,
    sa.Column("id", GUID, primary_key=True, default=uuid.uuid4),
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("operation", sa.String(32), nullable=False),
    sa.Column("actor", GUID, sa.ForeignKey("users.uuid", ondelete="SET NULL"), nullable=True),
    sa.Column("details", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, default=now),
    sa.Index("ix_audit_logs_entity", "entity_type", "entity_id"),
)


def record(
    conn: Connection,
    entity_type: str,
    entity_id: str,
    operation: str,
    *,
    actor: Optional[uuid.UUID] = None,
    details: Optional[Dict[str, Any]] = None,
) -> None:
    conn.execute(
        audit_logs.insert().values(
            entity_type=entity_type,
            entity_id=entity_id,
            operation=operation,
            actor=actor,
            details=details or {},
        )
    )
