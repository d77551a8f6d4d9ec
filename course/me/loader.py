"""The me content kind: the before/after check-in and the steps of the sharing plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..content import ContentPaths, References
from ..content.files import YamlDoc, read_yaml
from ..content.problems import Problems
from .schema import SelfCheckFile, SharingPlanFile

SELF_CHECK_FILE = "self-check.yaml"
SHARING_PLAN_FILE = "safe-sharing-plan.yaml"


@dataclass(frozen=True)
class MeDraft:
    self_check: YamlDoc[SelfCheckFile] | None
    sharing_plan: YamlDoc[SharingPlanFile] | None


class MeContent:
    name = "me"
    files = frozenset({SELF_CHECK_FILE, SHARING_PLAN_FILE})

    def read(self, paths: ContentPaths, problems: Problems) -> MeDraft:
        def optional(name: str, model: type) -> YamlDoc | None:
            path = paths.quizzes / name
            return read_yaml(path, model, problems) if path.is_file() else None

        return MeDraft(optional(SELF_CHECK_FILE, SelfCheckFile), optional(SHARING_PLAN_FILE, SharingPlanFile))

    def ids(self, draft: MeDraft) -> Mapping[str, set[str]]:
        return {}

    def check(self, draft: MeDraft, known: References, problems: Problems) -> None:
        plan = draft.sharing_plan
        if plan is None:
            return
        for position, item in enumerate(plan.data.items):
            for source_id in item.sources:
                if source_id not in known.sources:
                    line = plan.index.line(("items", position, "sources"))
                    problems.add(plan.path, line, f"unknown source '{source_id}'")
            for lesson in item.when.lessons:
                if lesson not in known.lessons:
                    problems.add(plan.path, plan.index.line(("items", position, "when")), f"unknown lesson '{lesson}'")

    def build(self, draft: MeDraft, parts: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "self_check": draft.self_check.data if draft.self_check else None,
            "sharing_plan": draft.sharing_plan.data if draft.sharing_plan else None,
        }

    def cited(self, parts: Mapping[str, Any]) -> set[str]:
        plan = parts["sharing_plan"]
        return {source for item in plan.items for source in item.sources} if plan else set()
