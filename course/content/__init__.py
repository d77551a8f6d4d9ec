"""Course content: files on disk, validated into an immutable catalog."""

from .catalog import Catalog, Lesson, Page, Source, SourceGroup
from .loader import ContentPaths, load_catalog
from .problems import ContentError, ContentProblem

__all__ = [
    "Catalog",
    "ContentError",
    "ContentPaths",
    "ContentProblem",
    "Lesson",
    "Page",
    "Source",
    "SourceGroup",
    "load_catalog",
]
