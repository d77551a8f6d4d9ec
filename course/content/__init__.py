"""The shared content pipeline: files on disk, validated into an immutable catalog. It knows no feature."""

from .catalog import Catalog, Page, Source, SourceGroup
from .loader import load_catalog
from .problems import ContentError, ContentProblem
from .registry import ContentKind, ContentPaths, References

__all__ = [
    "Catalog",
    "ContentError",
    "ContentKind",
    "ContentPaths",
    "ContentProblem",
    "Page",
    "References",
    "Source",
    "SourceGroup",
    "load_catalog",
]
