"""Course content: files on disk, validated into an immutable catalog."""

from .catalog import Catalog, Lesson, Source, SourceGroup
from .loader import ContentPaths, load_catalog
from .problems import ContentError, ContentProblem

__all__ = [
    "Catalog",
    "ContentError",
    "ContentPaths",
    "ContentProblem",
    "Lesson",
    "Source",
    "SourceGroup",
    "load_catalog",
]
