"""Hostile translations: markup that runs code, links that run code or lie about where they go.

A translation may carry what its source carries; anything active it adds is reported, however it is
disguised (``jav&#x61;script:``, a tab inside the scheme, an unquoted ``onerror``, an upper-case tag):

- ``unsafe-html``: a script, style, frame, form, embedded object or SVG/MathML element, an event
  handler (``on...=``), a ``style`` or ``srcdoc`` attribute;
- ``unsafe-url``: a link or resource whose scheme is not http, https, mailto or tel (``javascript:``,
  ``vbscript:``, ``data:``, ``file:``...), in Markdown (``[x](...)``, ``<...>``, ``[id]: ...``) or HTML;
- ``link-homoglyph``: link text that shows one address while the link goes to another, or a domain
  that mixes scripts in one label (``exаmple.org`` with a Cyrillic а).

HTML pages (``release``, ``build --format html``) are inert without these checks: inline.py sanitizes
every translation and publishes a deceptive link (``deceptive_link``) as plain text. A Markdown or text
edition is rendered by whoever publishes it, not by workflow, so ``build`` refuses such a translation
(``unsafe_content``) as it refuses a missing one; ``check`` reports it, which stops a release.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterator, Sequence

from .base import Context, Entry, entry_check

__all__ = [
    "SAFE_SCHEMES", "ACTIVE_TAGS", "GATE_KINDS", "unsafe_content", "deceptive_link", "html_findings", "url_findings",
    "link_findings", "CHECKS",
]

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ACTIVE_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "meta", "link", "base", "svg", "math", "template", "noscript", "portal", "xml", "xmp",
    "plaintext", "listing", "noembed", "noframes", "isindex", "bgsound", "marquee",
})
"""Elements that run code, restyle the page, submit data or embed other documents."""
_ACTIVE_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "action"})
_URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "cite", "codebase",
    "lowsrc", "dynsrc", "ping", "manifest", "longdesc", "usemap", "profile", "icon", "srcset",
})
_NONE: Sequence[str] = ()

# An HTML start tag as a browser's tokenizer sees it: '<' and a letter, the name up to a space, '/' or '>',
# then attributes separated by spaces or '/', values quoted or not, up to the '>' outside quotes.
# An HTML start tag as a browser's tokenizer reads it: '<' and a letter, the name up to a space, '/' or '>',
# then attributes separated by spaces or '/', values quoted or not, up to the '>' outside quotes. Possessive,
# and matched without overlap: linear time on any text.
_TAG = re.compile(r"<([A-Za-z][^\s/>]*+)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>?")
# The same as CommonMark reads raw HTML in Markdown: where a browser sees one tag ``<data:x,<script>``,
# Markdown sees text and then a live ``<script>``.
_MD_TAG = re.compile(
    r"""<([A-Za-z][A-Za-z0-9-]*+)((?:\s++[A-Za-z_:][A-Za-z0-9_.:-]*+(?:\s*+=\s*+(?:[^\s"'=<>`]++|'[^']*+'|"[^"]*+"))?+)*+)"""
    r"""\s*+/?>"""
)
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s/>"'=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_MD_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*)>")
_MD_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*(<[^<>\n]*>|\S+)", re.M)
_HTML_ANCHOR = re.compile(r"<a\b([^<>]*+)>|</a\s*+>", re.I)
_BARE_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]{0,31}://|www\.)[^\s<>\"'()\[\]]++")
_LABEL = r"[^\s./:@<>\"'()\[\]]"
_HOST_IN_TEXT = re.compile(rf"(?:[A-Za-z][A-Za-z0-9+.\-]*://)?((?:{_LABEL}+\.)+(?:(?!\d){_LABEL}){{2,}})\.?(?:[:/?#]\S*)?")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_IGNORED = re.compile("[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""Characters a browser strips from or ignores in a URL's scheme (controls, spaces) and invisible ones."""


def _hint(text: str) -> bool:
    return "<" in text or "](" in text or "]:" in text or "://" in text or "www." in text


def _tags(text: str) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(tag name, [(attribute, decoded value)]) of every start tag as a browser reads it, and as Markdown does."""
    seen: set[int] = set()
    for match in [*_TAG.finditer(text), *_MD_TAG.finditer(text)]:
        if match.start() in seen:
            continue
        seen.add(match.start())
        attributes = []
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            value = attribute.group(2) or ""
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            attributes.append((attribute.group(1).lower(), html.unescape(value)))
        yield match.group(1).lower(), attributes


def scheme(url: str) -> str:
    """The scheme a browser would give ``url`` (entities decoded, controls and spaces dropped), '' if none.

    >>> scheme("jav&#x61;script:alert(1)"), scheme(" java\\tscript:x"), scheme("/path"), scheme("HTTPS://x")
    ('javascript', 'javascript', '', 'https')
    """
    cleaned = _URL_IGNORED.sub("", html.unescape(url.strip("<>")))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


@lru_cache(maxsize=4096)
def html_findings(text: str) -> tuple[str, ...]:
    """Every active piece of HTML in ``text``, described."""
    if "<" not in text:
        return ()
    found = []
    for name, attributes in _tags(text):
        if name in ACTIVE_TAGS:
            found.append(f"a <{name}> element")
        for attribute, _ in attributes:
            if attribute.startswith("on"):
                found.append(f"an event handler {attribute}= on <{name}>")
            elif attribute in _ACTIVE_ATTRIBUTES:
                found.append(f"a {attribute}= attribute on <{name}>")
    return tuple(found)


def _urls(text: str) -> Iterator[str]:
    """Link and resource addresses: Markdown links, images, autolinks and definitions, HTML attributes."""
    for match in _MD_LINK.finditer(text):
        yield match.group(3)
    yield from _MD_AUTOLINK.findall(text)
    yield from _MD_DEFINITION.findall(text)
    for _, attributes in _tags(text):
        for attribute, value in attributes:
            if attribute in _URL_ATTRIBUTES:
                yield value


@lru_cache(maxsize=4096)
def url_findings(text: str) -> tuple[str, ...]:
    """Every link or resource address whose scheme could run code or read local files."""
    if not _hint(text):
        return ()
    found = []
    for url in _urls(text):
        kind = scheme(url)
        if kind and kind not in SAFE_SCHEMES:
            shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], url.strip())
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            found.append(f"a {kind}: address ({shown})")
    return tuple(found)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else ""


def _mixed_label(host: str) -> str | None:
    """The first label of ``host`` whose letters come from more than one script, described."""
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                return f"{label} (not valid punycode)"
        scripts: dict[str, str] = {}
        for char in label:
            if char.isalpha():
                scripts.setdefault(_script(char), char)
        if len(scripts) > 1:
            odd = [f"{c} U+{ord(c):04X} {script.lower()}" for script, c in scripts.items() if script != "LATIN"]
            return f"{label} ({', '.join(odd) or 'mixed scripts'})"
    return None


def _host(url: str) -> str:
    """The host of an address, lower-cased, '' when it has none."""
    match = re.match(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^@/?#]*@)?([^:/?#]+)", url.strip("<> "))
    if match is None and url.lower().startswith("www."):
        match = re.match(r"([^:/?#]+)", url)
    return match.group(1).lower().rstrip(".") if match else ""


_FILE_EXTENSIONS = frozenset(
    "md txt pdf html htm doc docx odt xls xlsx csv png jpg jpeg gif svg webp zip json xml po pot mo py js css".split()
)


def _shown_address(text: str) -> str:
    """The host a link's text shows (``https://a.org/x``, ``www.a.org``, ``a.org``), lower-cased; '' if it
    shows none. A file name (``report.md``) is not an address."""
    match = _HOST_IN_TEXT.fullmatch(text)
    if match is None:
        return ""
    host = match.group(1).lower().rstrip(".")
    bare = "://" not in text and not host.startswith("www.")
    if bare and host.rsplit(".", 1)[-1] in _FILE_EXTENSIONS:
        return ""
    return host


def _links(text: str) -> Iterator[tuple[str, str]]:
    """(shown text, address) of every Markdown and HTML link."""
    for match in _MD_LINK.finditer(text):
        if not match.group(1):
            yield match.group(2), match.group(3).strip("<>")
    opened: list[tuple[int, str]] = []
    for match in _HTML_ANCHOR.finditer(text):
        if match.group(1) is not None:
            _, attributes = next(_tags(f"<a{match.group(1)}>"))
            opened.append((match.end(), dict(attributes).get("href", "")))
        elif opened:
            start, href = opened.pop()
            yield re.sub(r"<[^>]*>", "", text[start : match.start()]), href


def deceptive_link(text: str, href: str) -> str | None:
    """Why a link with this text and target misleads its reader, or None.

    >>> deceptive_link("example.org", "https://evil.example.net/login")
    'link text shows example.org but the link goes to evil.example.net'
    >>> deceptive_link("the report", "https://ex\u0430mple.org")
    'the domain exаmple.org mixes scripts in one name: exаmple (а U+0430 cyrillic)'
    >>> deceptive_link("www.a.org", "https://a.org/x") is None
    True
    """
    target = _host(html.unescape(href))
    visible = _shown_address(html.unescape(text).strip())
    if visible and target and visible.removeprefix("www.") != target.removeprefix("www."):
        return f"link text shows {visible} but the link goes to {target}"
    for host in (target, visible):
        mixed = _mixed_label(host) if host else None
        if mixed:
            return f"the domain {host} mixes scripts in one name: {mixed}"
    return None


@lru_cache(maxsize=4096)
def link_findings(text: str) -> tuple[str, ...]:
    """Links whose text shows another address than they lead to, and mixed-script domains."""
    if not _hint(text):
        return ()
    found = [problem for shown, url in _links(text) if (problem := deceptive_link(shown, url))]
    for url in _BARE_URL.findall(text):
        host = _host(url)
        mixed = _mixed_label(host) if host else None
        if mixed:
            found.append(f"the domain {host} mixes scripts in one name: {mixed}")
    return tuple(dict.fromkeys(found))


Finder = Callable[[str], tuple[str, ...]]


def _added(source: str, translation: str, finder: Finder) -> list[str]:
    """What ``finder`` reports in the translation and not in the source (the source is trusted)."""
    got = finder(translation)
    if not got:
        return []
    extra = Counter(got) - Counter(finder(source))
    return [item for item in dict.fromkeys(got) if extra[item]]


def unsafe_content(source: str, translation: str) -> tuple[str, str] | None:
    """(check id, message) of the first thing that makes ``translation`` unsafe to publish, or None.

    >>> unsafe_content("See the map.", "انظر <a href='jav&#x61;script:alert(1)'>الخريطة</a>.")[1]
    'the translation links to a javascript: address (javascript:alert(1)); links may only be http, https, mailto or tel'
    >>> unsafe_content("<b>Aleppo</b>", "<b>حلب</b>") is None
    True
    """
    if not _hint(translation) and _OVERRIDES.isdisjoint(translation):
        return None
    for kind, finder, lead, tail in _GATES:
        added = _added(source, translation, finder)
        if added:
            return kind, f"{lead}{added[0]}{tail}"
    return None


_OVERRIDES = frozenset("\u202d\u202e")


def _override_findings(text: str) -> tuple[str, ...]:
    return tuple(f"U+{ord(char):04X}" for char in text if char in _OVERRIDES)


_GATES: tuple[tuple[str, Finder, str, str], ...] = (
    ("unsafe-html", html_findings, "the translation adds ", " that could run code in a published page; remove it"),
    ("unsafe-url", url_findings, "the translation links to ", "; links may only be http, https, mailto or tel"),
    ("link-homoglyph", link_findings, "", ": a reader would be misled about where the link goes"),
    ("bidi-override", _override_findings, "the translation adds a bidi override ", " (Trojan Source): remove it"),
)


GATE_KINDS = frozenset(kind for kind, *_ in _GATES)
"""Problem kinds the build gate reports for an unsafe translation."""


def _entry_messages(entry: Entry, finder: Finder, lead: str, tail: str) -> Sequence[str]:
    messages: dict[str, None] = {}
    for source, translation in entry.pairs():
        for item in _added(source, translation, finder):
            messages[f"{lead}{item}{tail}"] = None
    return list(messages) or _NONE


@entry_check("unsafe-html")
def unsafe_html(entry: Entry, context: Context) -> Sequence[str]:
    """The translation adds HTML that runs code or restyles the page: <script>, <style>, <iframe>, on...=, style=.

    Release pages drop it (they are sanitized), but a Markdown edition published elsewhere would not.
    """
    return _entry_messages(entry, html_findings, "the translation adds ", "; remove it")


@entry_check("unsafe-url")
def unsafe_url(entry: Entry, context: Context) -> Sequence[str]:
    """The translation links to a javascript:, vbscript:, data: or other non-web address, however encoded."""
    return _entry_messages(
        entry, url_findings, "the translation links to ", "; use an http, https, mailto or tel address"
    )


@entry_check("link-homoglyph")
def link_homoglyph(entry: Entry, context: Context) -> Sequence[str]:
    """A link's text shows another address than it leads to, or a domain mixes scripts (exаmple.org, Cyrillic а)."""
    return _entry_messages(entry, link_findings, "", "")


CHECKS = (unsafe_html, unsafe_url, link_homoglyph)
