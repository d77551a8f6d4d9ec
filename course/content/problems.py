"""Content problems are collected, never raised one at a time: authors see them all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


@dataclass
class Problems:
    """A collector that content loaders report into."""

    root: Path
    items: list[ContentProblem] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.items.append(ContentProblem(self.display(path), max(line, 1), message))

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)
