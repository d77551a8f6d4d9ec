"""How a feature declares a kind of content to the loader, which knows no feature itself.

The loader runs every kind in three rounds, so that all problems are found at once:
`read` parses and validates the kind's own files; `check` tests its references against
the ids every kind declared; `build` makes the immutable parts the app serves, in the
order the kinds are listed (a kind may use the parts built before it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .problems import Problems


@dataclass(frozen=True)
class ContentPaths:
    lessons: Path
    quizzes: Path
    static: Path
    claimed: frozenset[str] = field(default=frozenset())  # files in quizzes/ that some kind reads on its own

    @property
    def illustrations(self) -> Path:
        return self.static / "illustrations"

    @property
    def media(self) -> Path:
        return self.static / "media"


@dataclass(frozen=True)
class References:
    """Ids that content may point at, by what they name: lessons, sources, scenarios, themes, quizzes."""

    ids: Mapping[str, frozenset[str]]

    def __getattr__(self, name: str) -> frozenset[str]:
        return self.ids.get(name, frozenset())


class ContentKind(Protocol):
    name: str
    files: frozenset[str]  # file names at the top of quizzes/ that this kind reads

    def read(self, paths: ContentPaths, problems: Problems) -> Any: ...

    def ids(self, draft: Any) -> Mapping[str, set[str]]: ...

    def check(self, draft: Any, known: References, problems: Problems) -> None: ...

    def build(self, draft: Any, parts: Mapping[str, Any]) -> Mapping[str, Any]: ...

    def cited(self, parts: Mapping[str, Any]) -> set[str]: ...
