"""Translator-written text -> safe HTML: Markdown inline markup (raw HTML off) or escaping, then an
allow-list sanitizer (nh3), bidi overrides removed and marked, opposite-direction runs isolated."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .bidi import (
    OVERRIDE_MARK, Element, isolate, iter_elements, parse_fragment, serialize, strip_overrides, text_content,
)
from .placeholders import strip_placeholders

__all__ = ["ALLOWED_TAGS", "ALLOWED_ATTRIBUTES", "URL_SCHEMES", "Fragment", "sanitize_html", "render_inline"]

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "a", "code", "bdi", "span", "br", "sup", "sub", "s", "del"})
"""What a translation may put on a page. ``s``/``del`` keep struck-out text from reading as asserted."""
ALLOWED_ATTRIBUTES = {"*": {"lang", "dir"}, "a": {"href", "title"}, "span": {"class", "title"}, "bdi": {"class"}}
"""nh3 drops ``dir`` by default (ARABIC.md §5), so it is listed for every tag."""
URL_SCHEMES = frozenset({"https", "http", "mailto"})

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("strikethrough")


def _image_as_text(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    """Images are not published with the text (they are not copied into the site): their alt text is."""
    alt = renderer.renderInlineAsText(tokens[index].children or [], options, env)
    return f'<span class="image-alt">{html.escape(alt, quote=False)}</span>'


_MARKDOWN.add_render_rule("image", _image_as_text)


@dataclass(frozen=True)
class Fragment:
    """Safe HTML for one piece of text, and what was removed from it."""

    html: str
    overrides: tuple[str, ...] = ()
    """Names of the bidi override controls removed (each is marked in ``html``)."""


def sanitize_html(fragment: str) -> str:
    """The allow-list: unknown tags go (``script`` and ``style`` with their content), event handlers,
    ``style`` and ``javascript:`` links go; ``lang`` and ``dir`` stay.

    >>> sanitize_html('<b dir="rtl" onclick="x()">نص</b><script>alert(1)</script>')
    '<b dir="rtl">نص</b>'
    """
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_inline(text: str, fmt: str) -> Fragment:
    """``text`` as sanitized inline HTML, not yet isolated: Markdown inline markup for ``markdown``
    (raw HTML is shown as text, ``javascript:`` links stay text), escaped text for ``text``.

    >>> render_inline("**حقوق** <img src=x onerror=alert(1)>", "markdown").html
    '<strong>حقوق</strong> &lt;img src=x onerror=alert(1)&gt;'
    """
    text, removed = strip_overrides(text)
    if fmt in ("html", "docx"):
        text = strip_placeholders(text)  # the tags they stand for are the source page's, not for the site
    if fmt == "markdown":
        rendered = _MARKDOWN.renderInline(text)
    else:
        rendered = html.escape(text, quote=False).replace("\n", "<br>\n")
    return Fragment(_defuse_links(sanitize_html(rendered)), tuple(removed))


def _defuse_links(fragment: str) -> str:
    """A link whose text shows another address than its target, or whose domain mixes scripts
    (``exаmple.org``, Cyrillic а), is published as plain text (checks/security.py says why)."""
    if "<a " not in fragment:
        return fragment
    from .checks.security import deceptive_link  # the checks package loads only when a page has a link

    root = parse_fragment(fragment)
    defused = False
    for element in iter_elements(root):
        if element.tag == "a" and deceptive_link(text_content(element), element.get("href") or ""):
            element.tag, element.attrs, defused = "span", [("class", "link-removed")], True
    return serialize(root) if defused else fragment


def finish(fragment: str, direction: str, languages: dict[str, str], marker_title: str) -> str:
    """Turn removed-override marks into visible markers and isolate opposite-direction runs."""
    root = parse_fragment(fragment)
    _mark_overrides(root, marker_title)
    isolate(root, direction, languages)
    return serialize(root)


def _mark_overrides(element: Element, title: str) -> None:
    children: list[Any] = []
    for child in element.children:
        if isinstance(child, str) and OVERRIDE_MARK in child:
            parts = child.split(OVERRIDE_MARK)
            for index, part in enumerate(parts):
                if index:
                    children.append(Element("span", [("class", "bidi-removed"), ("title", title)]))
                if part:
                    children.append(part)
        else:
            if isinstance(child, Element):
                _mark_overrides(child, title)
            children.append(child)
    element.children = children
