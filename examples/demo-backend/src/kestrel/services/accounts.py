"""Sign-up, login and group membership."""

from __future__ import annotations

from typing import Optional

from sqlalchemy.orm import Session

from kestrel.models import user as user_mod
from kestrel.models.group import GroupRow as Group
from kestrel.models.group import add_member
from kestrel.models.keypair import issue_keypair
from kestrel.models.user import PasswordInfo, UserRole, UserRow


def sign_up(
    db: Session, email: str, password: str, *, role: UserRole = UserRole.USER
) -> UserRow:
    if user_mod.find_user(db, email) is not None:
        raise ValueError(f"{email} is already registered")
    user = user_mod.UserRow(email=email, username=email.split("@")[0], role=role)
    user.set_password(password)
    db.add(user)
    issue_keypair(db, user, is_admin=role in (UserRole.ADMIN, UserRole.SUPERADMIN))
    db.flush()
    return user


def login(db: Session, email: str, password: str) -> Optional[UserRow]:
    return user_mod.check_credentials(db, email, password)


def strong_password_info(password: str) -> PasswordInfo:
    """Hashing parameters for administrators, who get more rounds."""
    return PasswordInfo(password, rounds=20_000)


def join_group(db: Session, email: str, group_name: str) -> Group:
    group = db.query(Group).filter(Group.name == group_name).one()
    add_member(db, group, email)
    return group
