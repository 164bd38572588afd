"""Password hashing. `PasswordInfo` travels through models.user, where most callers import it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PasswordInfo:
    """A plain-text password plus the hashing parameters to apply to it."""

    password: str
    algorithm: str = "pbkdf2_sha256"
    rounds: int = 1000
    salt: str = field(default_factory=lambda: secrets.token_hex(8))


def hash_password(info: PasswordInfo) -> str:
    digest = hashlib.pbkdf2_hmac(
        "sha256", info.password.encode(), info.salt.encode(), info.rounds
    ).hex()
    return f"{info.algorithm}${info.rounds}${info.salt}${digest}"


def verify_password(plain: str, hashed: str | None) -> bool:
    if not hashed:
        return False
    algorithm, rounds, salt, _ = hashed.split("$", 3)
    info = PasswordInfo(plain, algorithm=algorithm, rounds=int(rounds), salt=salt)
    candidate = hash_password(info)
    return hmac.compare_digest(candidate, hashed)
