"""Inline scene SVG for the mock post: each picture edit drawn as what it is, and the hotspot grid.

A blur blurs the detail itself (an SVG filter on its layer), a crop cuts its area out of the picture
with crop marks, and a sticker covers it with the campaign's "Privacy Please" sticker.
"""

from __future__ import annotations

import gzip
from functools import cache
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
    state = " is-shown" if shown else ""
    opening = f'<g class="scene-edit scene-edit--{kind}{state}" data-patch="{escape(detail_id)}" data-kind="{kind}">'
    return opening + (_crop(region) if kind == "crop" else _sticker(region)) + "</g>"


def _crop(region: Region) -> str:
    """The detail's area cut away, with crop marks at its corners."""
    x, y, w, h, m = region.x, region.y, region.w, region.h, 14
    marks = (
        f"M{x} {y + m}V{y}H{x + m}M{x + w - m} {y}H{x + w}V{y + m}"
        f"M{x + w} {y + h - m}V{y + h}H{x + w - m}M{x + m} {y + h}H{x}V{y + h - m}"
    )
    cut = f'<rect x="{x}" y="{y}" width="{w}" height="{h}" class="scene-edit__cut"/>'
    return cut + f'<path d="{marks}" class="scene-edit__marks"/>'


def _sticker(region: Region) -> str:
    """The campaign's round "Privacy Please" sticker over the detail."""
    radius = max(min(region.w, region.h) // 2, 22)
    cx, cy, size = region.x + region.w // 2, region.y + region.h // 2, max(radius // 3, 9)
    text = f'text-anchor="middle" class="scene-edit__sticker-text" font-size="{size}"'
    return (
        f'<circle cx="{cx}" cy="{cy}" r="{radius}" class="scene-edit__sticker"/>'
        f'<text x="{cx}" y="{cy - 2}" {text}>Privacy</text>'
        f'<text x="{cx}" y="{cy + size + 1}" {text}>Please</text>'
    )


def scene_file(scenario: Scenario, gzipped: bool) -> bytes:
    """The scene as a file of its own (the deck's thumbnails), gzipped when asked."""
    return _scene_bytes(scenario.slug, scenario.content_hash, scenario.scene_svg, gzipped)


@cache
def _scene_bytes(slug: str, content_hash: str, svg: str, gzipped: bool) -> bytes:
    """Compressed once per process and version of the scene."""
    data = svg.encode()
    return gzip.compress(data, compresslevel=9, mtime=0) if gzipped else data


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
