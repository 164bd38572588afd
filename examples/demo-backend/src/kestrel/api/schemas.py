"""Response schemas. Pydantic evaluates annotations at runtime: the enums need real imports."""

from __future__ import annotations

import uuid
from typing import List, Optional

from pydantic import BaseModel

from kestrel.models.session import SessionStatus, SessionTypes
from kestrel.models.user import UserRole, UserStatus


class UserOut(BaseModel):
    uuid: uuid.UUID
    email: str
    role: UserRole
    status: UserStatus

    class Config:
        orm_mode = True


class SessionOut(BaseModel):
    id: uuid.UUID
    name: str
    session_type: SessionTypes
    status: SessionStatus
    kernel_ids: List[uuid.UUID] = []
    agent_id: Optional[str] = None


UserOut.update_forward_refs(uuid=uuid)
SessionOut.update_forward_refs(uuid=uuid)
