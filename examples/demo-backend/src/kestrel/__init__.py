"""Kestrel: schedules GPU compute sessions on a cluster of agents."""

__version__ = "0.9.0"
