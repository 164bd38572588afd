"""What both ORM dumpers (sqlalchemy_dump.py, django_dump.py) write the same way. They find it beside
themselves whether run as a script or loaded from their path by the runtime oracle; the name is one
no project's module has, as it shares sys.modules with the project."""
import re


def stable_repr(v):
    """repr() without object addresses (<... at 0x7f...>): they differ on every import."""
    try:
        return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(v))
    except Exception as e:
        return "<%s>" % type(e).__name__
