"""Virtual folders: persistent storage mounted into sessions, owned by a user or a group."""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Iterable, List

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from ..config import settings
from ..defs import MAX_VFOLDER_NAME_LENGTH
from .base import GUID, Base, IDColumn, TimestampMixin

if TYPE_CHECKING:
    from .group import GroupRow

__all__ = (
    "VFolderUsageMode",
    "VFolderPermission",
    "VFolderOwnershipType",
    "VFolderRow",
    "vfolders",
    "verify_vfolder_name",
    "has_duplicate_mounts",
)

_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")
RESERVED_NAMES = frozenset({".logs", ".local", ".config", "tmp"})


class VFolderUsageMode(str, enum.Enum):
    GENERAL = "general"
    MODEL = "model"
    DATA = "data"


class VFolderPermission(str, enum.Enum):
    READ_ONLY = "ro"
    READ_WRITE = "rw"
    RW_DELETE = "wd"


class VFolderOwnershipType(str, enum.Enum):
    USER = "user"
    GROUP = "group"


class VFolderRow(TimestampMixin, Base):
    __tablename__ = "vfolders"
    __table_args__ = (
        sa.CheckConstraint(
            "(ownership_type = 'USER' AND \"user\" IS NOT NULL) OR "
            "(ownership_type = 'GROUP' AND \"group\" IS NOT NULL)",
            name="ownership_type_match_with_user_or_group",
        ),
    )

    id = IDColumn()
    name = sa.Column(sa.String(MAX_VFOLDER_NAME_LENGTH), nullable=False, index=True)
    host = sa.Column(sa.String(128), nullable=False, default=lambda: settings.vfolder_default_host)
    quota_scope_id = sa.Column(sa.String(64), nullable=False)
    usage_mode = sa.Column(
        sa.Enum(VFolderUsageMode, name="vfolderusagemode"),
        nullable=False,
        default=VFolderUsageMode.GENERAL,
    )
    permission = sa.Column(
        sa.Enum(VFolderPermission, name="vfolderpermission"),
        nullable=False,
        default=VFolderPermission.READ_WRITE,
    )
    ownership_type = sa.Column(
        sa.Enum(VFolderOwnershipType, name="vfolderownershiptype"), nullable=False
    )
    user = sa.Column(GUID, sa.ForeignKey("users.uuid"), nullable=True)
    group = sa.Column(GUID, sa.ForeignKey("groups.id"), nullable=True)

    group_row = relationship("GroupRow", back_populates="vfolders")

    def owning_group(self) -> GroupRow:
        return self.group_row


vfolders = VFolderRow.__table__


def verify_vfolder_name(name: str) -> bool:
    if name in RESERVED_NAMES or len(name) > MAX_VFOLDER_NAME_LENGTH:
        return False
    return bool(_NAME_PATTERN.match(name))


def has_duplicate_mounts(mount_paths: Iterable[str]) -> bool:
    seen: List[str] = []
    for path in mount_paths:
        normalized = path.rstrip("/") or "/"
        if normalized in seen:
            return True
        seen.append(normalized)
    return False
