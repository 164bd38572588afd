"""Kestrel's ORM layer. Importing this package registers every table on `metadata`."""

from .base import GUID, Base, IDColumn, metadata  # bound first: audit_log reads `metadata` here

# isort: split
from . import agent as _agent
from . import audit_log  # noqa: F401  (registers the audit_logs table on the metadata)
from . import group as _group
from . import kernel as _kernel
from . import keypair as _keypair
from . import resource_policy as _resource_policy
from . import scaling_group as _scaling_group
from . import session as _session
from . import user as _user
from . import vfolder as _vfolder
from .agent import *  # noqa: F403
from .endpoint import EndpointLifecycle, EndpointRow
from .group import *  # noqa: F403
from .image import ImageRow, parse_image_ref
from .kernel import *  # noqa: F403
from .keypair import *  # noqa: F403
from .resource_policy import *  # noqa: F403
from .routing import RouteStatus, RoutingRow
from .scaling_group import *  # noqa: F403
from .session import *  # noqa: F403
from .user import *  # noqa: F403
from .vfolder import *  # noqa: F403

__all__ = (
    "GUID",
    "Base",
    "IDColumn",
    "metadata",
    "EndpointLifecycle",
    "EndpointRow",
    "ImageRow",
    "parse_image_ref",
    "RouteStatus",
    "RoutingRow",
    *_agent.__all__,
    *_group.__all__,
    *_kernel.__all__,
    *_keypair.__all__,
    *_resource_policy.__all__,
    *_scaling_group.__all__,
    *_session.__all__,
    *_user.__all__,
    *_vfolder.__all__,
)
