"""Test helpers: a fresh in-memory database, seed rows, and a small `monkeypatch` stand-in."""

from __future__ import annotations

import importlib
from typing import Any, List, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kestrel.models import (
    AgentRow,
    GroupRow,
    KeyPairResourcePolicyRow,
    ProjectResourcePolicyRow,
    ScalingGroupRow,
    UserResourcePolicyRow,
    metadata,
)


def make_db() -> Session:
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    db = Session(bind=engine, future=True)
    db.add_all([
        KeyPairResourcePolicyRow(name="default"),
        UserResourcePolicyRow(name="default"),
        ProjectResourcePolicyRow(name="default"),
        ScalingGroupRow(name="default"),
        GroupRow(name="research", resource_policy="default"),
        AgentRow(id="i-gpu1", region="eu", scaling_group="default", addr="tcp://10.0.0.1:6001",
                 available_slots={"cpu": 32, "cuda.device": 4}),
        AgentRow(id="i-gpu2", region="eu", scaling_group="default", addr="tcp://10.0.0.2:6001",
                 available_slots={"cpu": 32, "cuda.device": 8}),
    ])
    db.flush()
    return db


class MonkeyPatch:
    """The subset of pytest's `monkeypatch` fixture these tests use: dotted-string `setattr`."""

    def __init__(self) -> None:
        self._undo: List[Tuple[Any, str, Any]] = []

    def setattr(self, target: str, value: Any) -> None:
        module_path, _, attr = target.rpartition(".")
        owner = _resolve(module_path)
        self._undo.append((owner, attr, getattr(owner, attr)))
        setattr(owner, attr, value)

    def undo(self) -> None:
        while self._undo:
            owner, attr, old = self._undo.pop()
            setattr(owner, attr, old)


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            obj = importlib.import_module(".".join(parts[: i + 1]))
    return obj
