"""QR codes drawn locally as inline SVG (segno): nothing is fetched from a QR service."""

import segno
from markupsafe import escape


def qr_svg(url: str, title: str) -> str:
    """An accessible inline SVG QR code for `url`, named by `title` for screen readers."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, dark="#1f2a44", light="#ffffff", title=title, svgclass="qr"
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
