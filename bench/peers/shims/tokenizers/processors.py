"""tokenizers.processors stand-in (see __init__.py)."""
from . import _Missing

TemplateProcessing = _Missing
