"""Inline scene SVG for the mock post: hidden layers for blurred details, and the hotspot grid."""

from __future__ import annotations

from typing import Protocol

from markupsafe import Markup, escape

from .loader import Scenario
from .schema import SCENE_GRID, Region


def scene_markup(scenario: Scenario, hidden: set[str]) -> Markup:
    """The scene with a blur patch over each picture detail; removed details hide their layer.

    Every patch is in the markup (shown or not) so that scripts can toggle it without
    a round trip; the server decides the first state, so it works without scripts.
    """
    svg = scenario.scene_svg
    patches = []
    for detail in scenario.spec.details:
        if detail.where != "picture" or detail.region is None:
            continue
        removed = detail.id in hidden
        if removed:
            svg = svg.replace(f'id="d-{detail.id}"', f'id="d-{detail.id}" class="is-removed"', 1)
        region = detail.region
        patches.append(
            f'<rect class="blur-patch{" is-shown" if removed else ""}" data-patch="{escape(detail.id)}" '
            f'x="{region.x}" y="{region.y}" width="{region.w}" height="{region.h}" rx="12"/>'
        )
    closing = svg.rfind("</svg>")
    return Markup(svg[:closing] + "".join(patches) + svg[closing:])  # noqa: S704 - content files are checked at load


class Placed(Protocol):
    region: Region | None


def hotspot_classes(detail: Placed) -> str:
    """Position classes on the 20-unit grid (see static/css/hotspots.css): no inline styles under the CSP."""
    assert detail.region is not None
    region = detail.region
    return " ".join(
        f"hs-{axis}-{value // SCENE_GRID}"
        for axis, value in (("x", region.x), ("y", region.y), ("w", region.w), ("h", region.h))
    )
