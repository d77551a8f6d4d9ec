"""Markdown to sanitised HTML, done once when content loads."""

from __future__ import annotations

import re

import markdown
import nh3

from .regional import regionalise

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
    return sanitise(link_citations(_markdown().convert(regionalise(text)), sources_url))


SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]*(?=\s|$)")  # after closing quotes too
CITATION_RUN = re.compile(r"(?:\s*\[S\d{1,3}b?\](?!\())+")
LIST_MARKER = re.compile(r"^\s*\d+\.$")  # "1." opening a numbered list item is not a sentence's end
SEPARATOR = '<span aria-hidden="true">,</span>'
GROUP_MARK = re.compile(r"⟦([S\db,]+)⟧")


def _sentences(line: str) -> list[str]:
    """A line cut after each sentence's final mark (and closing quote); the pieces join back to the line."""
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(line):
        if LIST_MARKER.match(line[start : match.end()]):
            continue
        pieces.append(line[start : match.end()])
        start = match.end()
    pieces.append(line[start:])
    return pieces


def group_citations(text: str) -> str:
    """Move each sentence's `[S#]` citations to its end, once each, as one mark `⟦S1,S3⟧`.

    Citations that open a sentence (after the full stop) belong to the sentence before.
    """
    lines = []
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):  # a heading keeps its citation where it is, as a plain link
            lines.append(line)
            continue
        pieces = _sentences(line)
        cited: list[list[str]] = [[] for _ in pieces]
        for index, piece in enumerate(pieces):
            leading = CITATION_RUN.match(piece)
            owner = index - 1 if leading and leading.group().strip() and index > 0 else index
            if owner != index:
                cited[owner].extend(CITATION.findall(leading.group()))
                piece = piece[leading.end() :]
                pieces[index] = (" " if piece and not piece.startswith(" ") else "") + piece
            cited[index].extend(CITATION.findall(pieces[index]))
        grouped = []
        for piece, ids in zip(pieces, cited, strict=True):
            bare = CITATION_RUN.sub("", piece)
            unique = list(dict.fromkeys(ids))
            if unique:
                trailing = len(bare) - len(bare.rstrip())
                bare = bare.rstrip() + "⟦" + ",".join(unique) + "⟧" + bare[len(bare) - trailing :]
            grouped.append(bare)
        lines.append("".join(grouped))
    return "\n".join(lines)


def _superscripts(html: str) -> tuple[str, tuple[str, ...]]:
    """Each grouped mark as small numbered links to the page's own list of sources, numbered by first use."""
    order: dict[str, int] = {}

    def sup(match: re.Match) -> str:
        ids = match[1].split(",")
        for source_id in ids:
            order.setdefault(source_id, len(order) + 1)
        links = [
            f'<a href="#source-{source_id}"><span class="visually-hidden">source </span>{order[source_id]}</a>'
            for source_id in sorted(ids, key=order.__getitem__)
        ]
        return '<sup class="cite">' + SEPARATOR.join(links) + "</sup>"

    return GROUP_MARK.sub(sup, html), tuple(order)


def render_with_notes(text: str) -> tuple[str, tuple[str, ...]]:
    """A lesson: its HTML with citations as numbered superscripts, and the sources in the order numbered."""
    html = sanitise(link_citations(_markdown().convert(group_citations(regionalise(text))), "/sources"))
    return _superscripts(html)


def cited_sources(text: str) -> list[tuple[str, int]]:
    """Each `[S#]` citation in `text` with its 0-based line offset."""
    return [(match[1], text.count("\n", 0, match.start())) for match in CITATION.finditer(text)]


def block_kinds(text: str) -> list[tuple[str, int]]:
    """Each `!!! kind` block in `text` with its 0-based line offset."""
    return [(match[1], text.count("\n", 0, match.start())) for match in ADMONITION.finditer(text)]
