"""Container images known to the cluster. No `__all__`: `import *` exports every public name."""

from __future__ import annotations

import uuid
from typing import Tuple

import sqlalchemy as sa

from ..defs import Architecture
from .base import GUID, Base, TimestampMixin

# from .container_registry import ContainerRegistryRow  # TODO: back when registries return

DEFAULT_REGISTRY = "cr.kestrel.dev"


class ImageRow(TimestampMixin, Base):
    __tablename__ = "images"
    __table_args__ = (
        sa.UniqueConstraint("name", "architecture", name="uq_images_name_architecture"),
    )

    id = sa.Column(GUID, primary_key=True, default=uuid.uuid4)
    name = sa.Column(sa.String(512), nullable=False, index=True)
    registry = sa.Column(sa.String(256), nullable=False, default=DEFAULT_REGISTRY)
    tag = sa.Column(sa.String(128), nullable=False, default="latest")
    architecture = sa.Column(
        sa.Enum(Architecture, name="architecture"), nullable=False, default=Architecture.X86_64
    )
    size_bytes = sa.Column(sa.BigInteger, nullable=False, default=0)
    labels = sa.Column(sa.JSON, nullable=False, default=dict)

    @property
    def canonical(self) -> str:
        return f"{self.registry}/{self.name}:{self.tag}"


def parse_image_ref(ref: str) -> Tuple[str, str, str]:
    """`registry/name:tag` → (registry, name, tag); the registry and tag may be left out."""
    registry = DEFAULT_REGISTRY
    first, _, rest = ref.partition("/")
    if rest and ("." in first or ":" in first):
        registry, ref = first, rest
    name, _, tag = ref.partition(":")
    return registry, name, tag or "latest"
