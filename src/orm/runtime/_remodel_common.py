"""What both ORM dumpers (sqlalchemy_dump.py, django_dump.py) write the same way. They load it by its
path beside them (importlib.util.spec_from_file_location), whether run as a script or loaded from
their path by the runtime oracle, from any working directory and without touching sys.path, which
is the project's; it is not put in sys.modules, which the project shares."""
import re


def stable_repr(v):
    """repr() without object addresses (<... at 0x7f...>): they differ on every import."""
    try:
        return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(v))
    except Exception as e:
        return "<%s>" % type(e).__name__
