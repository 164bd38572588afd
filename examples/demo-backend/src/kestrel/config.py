"""Process-wide settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Settings:
    database_url: str
    session_lifetime: timedelta
    max_kernels_per_session: int
    vfolder_default_host: str


def load_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("KESTREL_DATABASE_URL", "sqlite:///kestrel.db"),
        session_lifetime=timedelta(hours=int(os.environ.get("KESTREL_SESSION_HOURS", "12"))),
        max_kernels_per_session=int(os.environ.get("KESTREL_MAX_KERNELS", "8")),
        vfolder_default_host=os.environ.get("KESTREL_VFOLDER_HOST", "local:volume1"),
    )


settings = load_settings()
