"""huggingface_hub.utils stand-in: placeholders only (see __init__.py)."""
from . import _missing


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _missing(name)
