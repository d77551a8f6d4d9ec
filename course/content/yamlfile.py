"""YAML that remembers where each value was written, so problems can name a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass(frozen=True)
class LineIndex:
    """Maps a path inside the document (keys and list indexes) to its line."""

    root: yaml.Node | None
    first_line: int

    def line(self, location: tuple[Any, ...] = ()) -> int:
        node = self.root
        if node is None:
            return self.first_line
        best = node
        for part in location:
            node = _child(node, part)
            if node is None:
                break
            best = node
        return best.start_mark.line + self.first_line


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, LineIndex]:
    """Parse once with libyaml's safe loader; `first_line` is where `text` starts in its file.

    The node tree is kept for line numbers, and the data is built from that same tree.
    """
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + first_line if mark else first_line
        message = f"YAML syntax error: {getattr(error, 'problem', None) or error}"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark:
            message += f" ({context} that starts on line {context_mark.line + first_line})"
        raise YamlSyntaxError(line, message) from error
    finally:
        loader.dispose()
    return data, LineIndex(root, first_line)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---` front matter from a markdown body.

    Returns (front matter, body, line where the body starts). Raises
    YamlSyntaxError when the file does not open with a closed `---` block.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise YamlSyntaxError(1, "the file must start with '---' front matter")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise YamlSyntaxError(1, "front matter opened with '---' is never closed")
