"""Image catalogue handlers."""

from __future__ import annotations

from typing import Any, Dict, List

from sqlalchemy.orm import Session

from kestrel.models.image import *  # noqa: F403


def register_image(db: Session, ref: str, *, arch: str = "x86_64") -> ImageRow:  # noqa: F405
    registry, name, tag = parse_image_ref(ref)  # noqa: F405
    row = ImageRow(  # noqa: F405
        name=name, registry=registry, tag=tag, architecture=Architecture(arch)  # noqa: F405
    )
    db.add(row)
    db.flush()
    return row


def list_images(db: Session) -> List[Dict[str, Any]]:
    rows = db.query(ImageRow).order_by(ImageRow.name).all()  # noqa: F405
    return [{"ref": r.canonical, "arch": r.architecture.value} for r in rows]
