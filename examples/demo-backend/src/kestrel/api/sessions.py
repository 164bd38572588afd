"""Session handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from sqlalchemy.orm import Session

from ..services import scheduling
from .schemas import SessionOut

if TYPE_CHECKING:
    from kestrel.models.session import SessionRow


def describe(session: SessionRow) -> SessionOut:
    main = session.main_kernel
    return SessionOut(
        id=session.id,
        name=session.name,
        session_type=session.session_type,
        status=session.status,
        kernel_ids=[k.id for k in session.kernels],
        agent_id=main.agent_id if main is not None else None,
    )


def describe_kernels(db: Session, kernel_ids: List[object]) -> List[SessionOut]:
    from ..models.kernel import sessions_of

    return [describe(s) for s in sessions_of(db, kernel_ids)]


def terminate(db: Session, session: SessionRow) -> SessionOut:
    scheduling.terminate(db, session)
    return describe(session)
