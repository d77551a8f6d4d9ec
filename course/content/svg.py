"""Illustrations are checked against an allow-list: only shapes, text and local references.

Anything not known to be safe is refused at load, with the element or attribute named:
no scripts, styles, animation, foreign content or embedded images, no event handlers, and
no reference (`href`, `url(...)`) outside the drawing itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "symbol", "use", "clipPath", "mask",
        "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan",
        "linearGradient", "radialGradient", "stop",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
        "d", "points", "transform", "href", "role", "aria-labelledby", "aria-label", "aria-hidden", "focusable",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
        "stroke-dasharray", "stroke-opacity", "opacity", "color", "clip-path", "clip-rule", "mask",
        "font-size", "font-family", "font-weight", "font-style", "text-anchor", "dominant-baseline",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "preserveAspectRatio",
        "xml:space", "{http://www.w3.org/XML/1998/namespace}space", XLINK_HREF,
    }
)  # fmt: skip
LOCAL_URL = re.compile(r"url\(\s*#[\w-]+\s*\)")
DECLARATIONS = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def svg_problems(svg: str) -> list[str]:
    """What makes this drawing unsafe to inline in a page (empty when it is fine)."""
    if DECLARATIONS.search(svg):
        return ["declares a DOCTYPE or entities"]
    try:
        root = ElementTree.fromstring(svg)  # noqa: S314 - declarations, and so entity tricks, are refused above
    except ElementTree.ParseError as error:
        return [f"is not well-formed XML ({error})"]
    problems = []
    for element in root.iter():
        name = element.tag.removeprefix(SVG_NAMESPACE)
        if name not in ELEMENTS:
            problems.append(f"has a <{name}> element, which illustrations may not use")
            continue
        for attribute, value in element.attrib.items():
            if problem := _attribute_problem(name, attribute, value):
                problems.append(problem)
    if root.find(f"{SVG_NAMESPACE}title") is None:
        problems.append("has no <title>")
    return problems


def _attribute_problem(element: str, attribute: str, value: str) -> str | None:
    if attribute not in ATTRIBUTES:
        return f"has a '{attribute}' attribute on <{element}>, which illustrations may not use"
    if attribute in ("href", XLINK_HREF) and not re.fullmatch(r"#[\w-]+", value.strip()):
        return f"links outside the drawing from <{element}> ({value})"
    if "url(" in value and not LOCAL_URL.fullmatch(value.strip()):
        return f"refers outside the drawing in '{attribute}' on <{element}>"
    return None
