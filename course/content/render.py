"""Markdown to sanitised HTML, done once when content loads."""

from __future__ import annotations

import re

import markdown
import nh3

CITATION = re.compile(r"\[(S\d{1,3}b?)\](?!\()")
ADMONITION = re.compile(r"^!!!\s+([\w-]+)", re.MULTILINE)
LESSON_BLOCKS = ("key-points", "try-this", "reflect")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "abbr": {"title"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {
    "div": {"admonition", *LESSON_BLOCKS},
    "p": {"admonition-title"},
    "a": {"cite"},
}


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["admonition", "sane_lists", "smarty", "tables", "toc"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def link_citations(html: str, sources_url: str = "/sources") -> str:
    return CITATION.sub(lambda match: f'<a class="cite" href="{sources_url}#{match[1]}">[{match[1]}]</a>', html)


def render_markdown(text: str, sources_url: str = "/sources") -> str:
    """Render author markdown to HTML that is safe to mark as such in templates."""
    return sanitise(link_citations(_markdown().convert(text), sources_url))


def cited_sources(text: str) -> list[tuple[str, int]]:
    """Each `[S#]` citation in `text` with its 0-based line offset."""
    return [(match[1], text.count("\n", 0, match.start())) for match in CITATION.finditer(text)]


def block_kinds(text: str) -> list[tuple[str, int]]:
    """Each `!!! kind` block in `text` with its 0-based line offset."""
    return [(match[1], text.count("\n", 0, match.start())) for match in ADMONITION.finditer(text)]
