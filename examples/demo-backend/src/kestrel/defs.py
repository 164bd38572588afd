"""Constants and enums shared by the whole manager (not only the models)."""

from __future__ import annotations

import enum

DEFAULT_DOMAIN = "default"
DEFAULT_RESOURCE_POLICY = "default"
DEFAULT_SCALING_GROUP = "default"
MAX_VFOLDER_NAME_LENGTH = 64


class Architecture(enum.Enum):
    X86_64 = "x86_64"
    AARCH64 = "aarch64"


class ClusterRole(str, enum.Enum):
    MAIN = "main"
    SUB = "sub"
