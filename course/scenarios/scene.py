"""Inline scene SVG for the mock post: each picture edit drawn as what it is, and the hotspot grid.

A blur blurs the detail itself (an SVG filter on its layer), a crop cuts its area out of the picture
with crop marks, and a sticker covers it with the campaign's "Privacy Please" sticker.
"""

from __future__ import annotations

from typing import Protocol

from markupsafe import Markup, escape

from .loader import Scenario
from .schema import SCENE_GRID, Region

BLUR_STRENGTH = 7  # SVG user units (scenes are 400 wide): enough that a name cannot be read


def blur_filter_id(scenario: Scenario) -> str:
    return f"blur-{scenario.slug}"


def scene_markup(scenario: Scenario, edits: dict[str, str]) -> Markup:
    """The scene with every edit this scenario offers drawn in (shown or not), so that scripts can
    toggle them without a round trip; the server draws the first state, so it works without scripts.

    `edits` maps each hidden picture detail to the kind of edit that hides it.
    """
    svg = scenario.scene_svg
    overlays = []
    for detail in scenario.spec.details:
        if detail.where != "picture" or detail.region is None:
            continue
        kind = edits.get(detail.id)
        if kind in ("blur", "crop"):
            attribute = f'filter="url(#{blur_filter_id(scenario)})"' if kind == "blur" else 'class="is-removed"'
            svg = svg.replace(f'id="d-{detail.id}"', f'id="d-{detail.id}" {attribute}', 1)
        offered = {fix.kind for fix in scenario.spec.fixes if detail.id in fix.removes}
        overlays.extend(
            _overlay(detail.id, detail.region, each, each == kind) for each in ("crop", "sticker") if each in offered
        )
    defs = (
        f'<defs><filter id="{blur_filter_id(scenario)}" x="-30%" y="-30%" width="160%" height="160%">'
        f'<feGaussianBlur stdDeviation="{BLUR_STRENGTH}"/></filter></defs>'
    )
    opening = svg.index(">", svg.index("<svg")) + 1
    closing = svg.rfind("</svg>")
    markup = svg[:opening] + defs + svg[opening:closing] + "".join(overlays) + svg[closing:]
    return Markup(markup)  # noqa: S704 - content files are checked at load; the additions are ours


def _overlay(detail_id: str, region: Region, kind: str, shown: bool) -> str:
    attributes = f'class="scene-edit scene-edit--{kind}{" is-shown" if shown else ""}" data-patch="{escape(detail_id)}" data-kind="{kind}"'
    x, y, w, h = region.x, region.y, region.w, region.h
    if kind == "crop":
        return (
            f'<g {attributes}><rect x="{x}" y="{y}" width="{w}" height="{h}" class="scene-edit__cut"/>'
            f'<path d="M{x} {y + 14}V{y}H{x + 14}M{x + w - 14} {y}H{x + w}V{y + 14}'
            f'M{x + w} {y + h - 14}V{y + h}H{x + w - 14}M{x + 14} {y + h}H{x}V{y + h - 14}" class="scene-edit__marks"/></g>'
        )
    radius = max(min(w, h) // 2, 22)
    cx, cy = x + w // 2, y + h // 2
    return (
        f'<g {attributes}><circle cx="{cx}" cy="{cy}" r="{radius}" class="scene-edit__sticker"/>'
        f'<text x="{cx}" y="{cy - 2}" text-anchor="middle" class="scene-edit__sticker-text" font-size="{max(radius // 3, 9)}">Privacy</text>'
        f'<text x="{cx}" y="{cy + radius // 3 + 1}" text-anchor="middle" class="scene-edit__sticker-text" font-size="{max(radius // 3, 9)}">Please</text></g>'
    )


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
