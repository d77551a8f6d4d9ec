"""The house rules of `course/`, read from the code's own imports (docs/architecture.md draws them)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "course"
FEATURES = ("lessons", "scenarios", "quizzes", "me", "accounts", "live", "pages", "help", "photo_check")
WIRING = {"course", "course.features", "course.cli"}  # the factory and the commands put the features together
PURE = (
    "course.photo_check.caption_rules",
    "course.scenarios.risk",
    "course.scenarios.judgement",
    "course.quizzes.grading",
    "course.live.guessing",
)
WEB_OR_DATABASE = ("flask", "flask_", "werkzeug", "sqlalchemy", "course.extensions", "course.models", "course.database")
VIEW_MODULES = {"views", "admin", "room", "facilitate", "kiosk"}
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.Module):
    """Every node but those under `if TYPE_CHECKING:` (annotations only, never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            skipped.update(id(child) for child in ast.walk(node))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


@cache
def imports_of(name: str) -> frozenset[str]:
    """The modules `name` imports when it runs, relative imports resolved, `from pkg import module` included."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
            found.update(submodules)
            if len(submodules) < len(node.names):  # names defined in `base` itself
                found.add(base)
    return frozenset(found)


def course_imports(name: str) -> set[str]:
    return {target for target in imports_of(name) if target in MODULES and target != name}


def feature_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FEATURES else None


def test_the_import_graph_has_no_cycle():
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " -> ".join([*visiting[visiting.index(name) :], name])
        visiting.append(name)
        for target in sorted(course_imports(name)):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in MODULES:
        visit(name)


def test_features_depend_on_each_other_without_a_cycle():
    edges = {feature: set() for feature in FEATURES}
    for name in MODULES:
        source = feature_of(name)
        for target in course_imports(name):
            if source and (other := feature_of(target)) and other != source:
                edges[source].add(other)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in edges[start])

    assert not [feature for feature in FEATURES if reaches(feature, feature)], edges


def test_the_engine_knows_no_feature_except_where_it_wires_them():
    for name in MODULES:
        if feature_of(name) or name in WIRING:
            continue
        reached = [target for target in course_imports(name) if feature_of(target)]
        assert not reached, f"{name} imports {reached}"


@pytest.mark.parametrize("pure", PURE)
def test_pure_modules_import_nothing_of_the_web_or_the_database(pure):
    seen, todo = set(), [pure]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        outside = [target for target in imports_of(name) if target.startswith(WEB_OR_DATABASE)]
        assert not outside, f"{pure} reaches {outside} through {name}"
        todo.extend(course_imports(name))


def test_content_never_goes_to_the_database():
    for name in MODULES:
        if name.startswith("course.content"):
            assert not [t for t in imports_of(name) if t.startswith(WEB_OR_DATABASE)], name


def test_only_views_read_the_request():
    for name, path in MODULES.items():
        if feature_of(name) and name.rpartition(".")[2] not in VIEW_MODULES:
            tree = ast.parse(path.read_text())
            flask_names = {
                alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == "flask"
                for alias in node.names
            }  # fmt: skip
            assert not flask_names & {"request", "session", "g"}, f"{name} reads the request: services take objects"


def test_no_module_is_longer_than_the_limit():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long


def test_one_module_name_per_idea():
    """Two modules share a name only when they play the same role in their packages."""
    shared_roles = {"__init__", "views", "schema", "loader", "forms", "service"}
    seen: dict[str, str] = {}
    for name, path in MODULES.items():
        stem = path.stem
        if stem in shared_roles:
            continue
        assert stem not in seen, f"{name} and {seen[stem]} share a name"
        seen[stem] = name
