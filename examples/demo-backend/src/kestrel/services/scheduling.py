"""Session lifecycle: create, place kernels on agents, terminate."""

from __future__ import annotations

from typing import Dict, List, Optional

from sqlalchemy.orm import Session

import kestrel.models.agent
import kestrel.models.kernel as kernel_models
from kestrel.models import ScalingGroupRow

from ..models.session import SessionResult, SessionRow, SessionStatus, add_kernel
from ..models.user import UserRow


def create_session(
    db: Session, user: UserRow, name: str, *, image: str, size: int = 1, scaling_group: str
) -> SessionRow:
    keypair = user.main_keypair()
    if keypair is None:
        raise PermissionError(f"{user.email} has no active key pair")
    session = SessionRow(
        name=name, user=user, keypair=keypair, scaling_group_name=scaling_group
    )
    for idx in range(size):
        add_kernel(session, image=image, cluster_role="main" if idx == 0 else "sub")
    db.add(session)
    db.flush()
    return session


def schedule(db: Session, session: SessionRow) -> Optional[str]:
    """Place every kernel of a pending session on the agent with the most free GPUs."""
    sgroup = db.get(ScalingGroupRow, session.scaling_group_name)
    if sgroup is None or not sgroup.is_active:
        return None
    candidates: List[kestrel.models.agent.AgentRow] = kestrel.models.agent.alive_agents(
        db, sgroup.name
    )
    if not candidates:
        return None
    free: Dict[str, float] = {
        a.id: kestrel.models.agent.free_slots(a).get("cuda.device", 0.0) for a in candidates
    }
    best = max(candidates, key=lambda a: (free[a.id], a.id))
    for kernel in session.kernels:
        kernel.agent_row = best
        kernel.status = kernel_models.KernelStatus.RUNNING
    session.status = SessionStatus.RUNNING
    db.flush()
    return best.id


def terminate(db: Session, session: SessionRow, *, failed: bool = False) -> None:
    session.mark_terminated(SessionResult.FAILURE if failed else SessionResult.SUCCESS)
    db.flush()


def kernels_by_ids(db: Session, ids: List[object]) -> List[kernel_models.KernelRow]:
    return kernel_models.by_kernel_ids(db, ids)
