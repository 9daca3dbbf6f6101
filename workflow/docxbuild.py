"""Translated DOCX units -> a new package: each changed paragraph is written anew from its plan, every other
byte of every part is copied, and the edition's direction is set with python-docx's schema-aware
elements (``w:bidi``, ``w:rtl``, complex-script fonts and sizes, ``w:lang w:bidi``).

Identity for a DOCX (``workflow verify``): (1) an identity catalog rebuilds every part byte for byte, and
(2) every paragraph written anew from its msgid reads back as the same msgid with the same formatting
per character (run properties, hyperlinks, fields and images in the same places).
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from typing import Callable, Sequence

from .docxsource import DocxDocument, Plan, W, paragraph_plan, parse_part
from .model import Segment
from .placeholders import Close, Open, Text, Void, restore_numbers, tokens

__all__ = ["build_docx", "verify_docx", "ARABIC_FONT"]

ARABIC_FONT = "Noto Naskh Arabic"
"""The complex-script font of Arabic runs (Debian: fonts-noto-core); Word substitutes its own if missing."""
_RTL_CHARACTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Schema order (ECMA-376 CT_PPrBase, CT_RPr, CT_TblPr): what comes after the element we add.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
              "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight",
              "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
_AFTER_BIDI_VISUAL = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                      "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                      "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _unit_translation(document: DocxDocument, index: int, translate: Callable[[Segment], str]) -> str:
    unit = document.units[index]
    numbers = document.plans[index].numbers
    texts = [translate(segment) for segment in unit.segments]
    text = restore_numbers(texts[0], list(numbers[0]))
    for separator, translation, old in zip(unit.separators, texts[1:], numbers[1:]):
        text += separator + restore_numbers(translation, list(old))
    return text


def _part_texts(document: DocxDocument, translate: Callable[[Segment], str], force: bool) -> dict[str, str]:
    """Each story part's XML with its paragraphs translated (``force``: written anew even when unchanged)."""
    source = document.text
    cuts = sorted(((unit.start, unit.end, index) for index, unit in enumerate(document.units)),
                  key=lambda cut: (cut[0], -cut[1]))
    starts = [cut[0] for cut in cuts]

    def render_range(a: int, b: int, skip: int = -1) -> str:
        """``source[a:b]`` with the units inside it rendered (``skip``: the unit whose inside this is)."""
        out = []
        position = a
        for index in range(bisect.bisect_left(starts, a), len(cuts)):
            start, end, unit_index = cuts[index]
            if start >= b:
                break
            if start < position or end > b or unit_index == skip:
                continue
            out.append(source[position:start])
            out.append(render_unit(unit_index))
            position = end
        out.append(source[position:b])
        return "".join(out)

    def render_unit(index: int) -> str:
        unit = document.units[index]
        text = _unit_translation(document, index, translate)
        if text == unit.text and not force:
            return render_range(unit.start, unit.end, skip=index)
        plan = document.plans[index]
        prefix = _w_prefix(document, unit.start)
        return _write_paragraph(source, plan, text, prefix, render_range)

    return {name: render_range(start, end) for name, start, end, _ in document.parts}


def _w_prefix(document: DocxDocument, offset: int) -> str:
    for (prefix, _), (_, start, end, _) in zip(document.prefixes, document.parts):
        if start <= offset < end:
            return f"{prefix}:" if prefix else ""
    return "w:"


def _write_paragraph(source: str, plan: Plan, text: str, w: str, render_range: Callable[[int, int], str]) -> str:
    out = [source[plan.start_tag[0] : plan.start_tag[1]]]
    if plan.properties:
        out.append(render_range(*plan.properties))
    out.append(_parts(plan.prefix, w, render_range))
    out.append(_runs(w, plan.base, plan.lead))
    stack: list[str] = [plan.base]
    for token in tokens(text):
        if isinstance(token, Text):
            out.append(_runs(w, stack[-1], token.text))
            continue
        spec = plan.specs[token.number - 1] if 1 <= token.number <= len(plan.specs) else None
        if spec is None:  # build refuses such translations; never write a broken document
            continue
        if isinstance(token, Void) and spec[0] == "void":
            out.append(_parts(spec[1], w, render_range))
        elif isinstance(token, Open) and spec[0] == "format":
            stack.append(spec[1])
        elif isinstance(token, Open) and spec[0] == "wrap":
            out.append(source[spec[1][0] : spec[1][1]])
            stack.append(spec[3])
        elif isinstance(token, Close) and spec[0] in ("format", "wrap"):
            if len(stack) > 1:
                stack.pop()
            if spec[0] == "wrap":
                out.append(source[spec[2][0] : spec[2][1]])
    out.append(_runs(w, plan.base, plan.trail))
    out.append(_parts(plan.suffix, w, render_range))
    out.append(f"</{w}p>")
    return "".join(out)


def _parts(parts: Sequence[tuple], w: str, render_range: Callable[[int, int], str]) -> str:
    """Kept content: whole elements as they are, children of a run inside a run of their own."""
    out = []
    for part in parts:
        if part[0] == "span":
            out.append(render_range(part[1], part[2]))
        else:
            out.append(f"<{w}r>{part[1]}{render_range(part[2], part[3])}</{w}r>")
    return "".join(out)


def _runs(w: str, rpr: str, text: str) -> str:
    """One run of ``text`` with the run properties ``rpr``: tabs and line breaks as their elements."""
    if not text:
        return ""
    text = _XML_INVALID.sub("", text)
    pieces = []
    for part in re.split(r"(\t|\n)", text):
        if part == "\t":
            pieces.append(f"<{w}tab/>")
        elif part == "\n":
            pieces.append(f"<{w}br/>")
        elif part:
            escaped = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            pieces.append(f'<{w}t xml:space="preserve">{escaped}</{w}t>')
    return f"<{w}r>{rpr}{''.join(pieces)}</{w}r>"


def _package(document: DocxDocument, parts: dict[str, bytes]) -> bytes:
    """The source package with ``parts`` replaced: same members, order, compression and metadata."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document.package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = parts.get(info.filename)
            target.writestr(info, source.read(info) if data is None else data, compress_type=info.compress_type)
    return out.getvalue()


def build_docx(document: DocxDocument, translate: Callable[[Segment], str], language: str | None = None,
               locale: str | None = None) -> bytes:
    """The edition's package. ``language`` None: the identity rebuild, direction untouched."""
    texts = _part_texts(document, translate, force=False)
    parts = {name: text.encode("utf-8") for name, text in texts.items()}
    if language is not None:
        from .locales import text_direction

        source_rtl = text_direction(document.language) == "rtl"
        target_rtl = text_direction(language) == "rtl"
        if source_rtl != target_rtl:
            styles_bidi = _styles_set_bidi(document)
            tag = (locale or language).replace("_", "-")
            for name, data in parts.items():
                parts[name] = _set_direction(data, target_rtl, tag, styles_bidi)
    return _package(document, parts)


def _styles_set_bidi(document: DocxDocument) -> bool:
    """Whether the document's styles make paragraphs or runs right-to-left (then LTR must be said)."""
    with zipfile.ZipFile(io.BytesIO(document.package)) as archive:
        try:
            styles = archive.read("word/styles.xml")
        except KeyError:
            return False
    return bool(re.search(rb"<w:(?:bidi|rtl)(?:\s*/>|\s+w:val=\"(?:1|true|on)\")", styles))


def _set_direction(data: bytes, rtl: bool, tag: str, styles_bidi: bool) -> bytes:
    """Paragraph direction, run direction, complex-script fonts, sizes and language, and table order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml
    from lxml import etree

    root = parse_xml(data)
    for paragraph in root.iter(qn("w:p")):
        ppr = paragraph.get_or_add_pPr()
        bidi = ppr.find(qn("w:bidi"))
        if not rtl and bidi is not None and bidi.get(qn("w:val"), "1") not in ("0", "false", "off"):
            _mirror_alignment(ppr, qn)
        if rtl:
            if bidi is None:
                bidi = OxmlElement("w:bidi")
                ppr.insert_element_before(bidi, *_AFTER_BIDI)
            bidi.attrib.pop(qn("w:val"), None)
        elif styles_bidi:
            if bidi is None:
                bidi = OxmlElement("w:bidi")
                ppr.insert_element_before(bidi, *_AFTER_BIDI)
            bidi.set(qn("w:val"), "0")
        elif bidi is not None:
            ppr.remove(bidi)
        mark = ppr.find(qn("w:rPr"))  # the paragraph mark's run properties
        if mark is not None and not rtl:
            _clear_rtl_run(mark, styles_bidi, OxmlElement, qn)
    for run in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if rtl and not _RTL_CHARACTER.search(text):
            continue
        rpr = run.get_or_add_rPr()
        if rtl:
            _set_rtl_run(rpr, tag, OxmlElement, qn)
        else:
            _clear_rtl_run(rpr, styles_bidi, OxmlElement, qn)
    for table in root.iter(qn("w:tbl")):
        tblpr = table.find(qn("w:tblPr"))
        if tblpr is None:
            continue
        visual = tblpr.find(qn("w:bidiVisual"))
        if rtl and visual is None:
            tblpr.insert_element_before(OxmlElement("w:bidiVisual"), *_AFTER_BIDI_VISUAL)
        elif not rtl and visual is not None:
            tblpr.remove(visual)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _mirror_alignment(ppr, qn) -> None:  # type: ignore[no-untyped-def]
    """A right-to-left paragraph written left to right: its "right" was its start (LibreOffice writes an
    Arabic paragraph aligned to its start as ``w:jc="right"``), so it becomes "left", and the reverse."""
    jc = ppr.find(qn("w:jc"))
    if jc is not None and jc.get(qn("w:val")) in _MIRRORED:
        jc.set(qn("w:val"), _MIRRORED[jc.get(qn("w:val"))])


_MIRRORED = {"left": "right", "right": "left"}


def _child(rpr, name: str, new, qn):  # type: ignore[no-untyped-def]
    """The ``name`` child of run properties, added in schema order when missing."""
    found = rpr.find(qn(name))
    if found is None:
        found = new(name)
        rpr.insert_element_before(found, *_RPR_ORDER[_RPR_ORDER.index(name) + 1 :])
    return found


def _set_rtl_run(rpr, tag: str, new, qn) -> None:  # type: ignore[no-untyped-def]
    fonts = _child(rpr, "w:rFonts", new, qn)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    for latin, complex_ in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
        # Arabic is complex script: Word and LibreOffice draw it bold or italic only with bCs / iCs.
        found = rpr.find(qn(latin))
        if found is not None and found.get(qn("w:val"), "true") not in ("0", "false", "off"):
            _child(rpr, complex_, new, qn)
    size = rpr.find(qn("w:sz"))
    if size is not None and size.get(qn("w:val")):
        _child(rpr, "w:szCs", new, qn).set(qn("w:val"), size.get(qn("w:val")))
    _child(rpr, "w:rtl", new, qn).attrib.pop(qn("w:val"), None)
    _child(rpr, "w:cs", new, qn).attrib.pop(qn("w:val"), None)
    _child(rpr, "w:lang", new, qn).set(qn("w:bidi"), tag)


def _clear_rtl_run(rpr, styles_bidi: bool, new, qn) -> None:  # type: ignore[no-untyped-def]
    for name in ("w:rtl", "w:cs", "w:szCs"):
        found = rpr.find(qn(name))
        if found is not None:
            rpr.remove(found)
    if styles_bidi:
        _child(rpr, "w:rtl", new, qn).set(qn("w:val"), "0")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        fonts.attrib.pop(qn("w:cs"), None)
        fonts.attrib.pop(qn("w:cstheme"), None)
        if not fonts.attrib:
            rpr.remove(fonts)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.attrib.pop(qn("w:bidi"), None)
        if not lang.attrib:
            rpr.remove(lang)
    if len(rpr) == 0 and not rpr.attrib:
        rpr.getparent().remove(rpr)


# --- identity ---------------------------------------------------------------------------------------------


def verify_docx(document: DocxDocument, identity: Callable[[Segment], str]) -> tuple[int | None, str, str] | None:
    """Prove the identity property on a DOCX (see the module docstring); the first failure as
    (paragraph number, expected, actual), or None."""
    rebuilt = build_docx(document, identity)
    with zipfile.ZipFile(io.BytesIO(document.package)) as source, zipfile.ZipFile(io.BytesIO(rebuilt)) as target:
        for info in source.infolist():
            if source.read(info) != target.read(info.filename):
                return None, f"part {info.filename}", "a part that differs"
    forced = _part_texts(document, identity, force=True)
    for index, unit in enumerate(document.units):
        name, start = _part_start(document, unit.start)
        text = forced[name]
        # Re-read the rewritten paragraph with the splitter's own eyes: same msgid, same formatting.
        root, _ = parse_part(text.encode("utf-8"), 0, name)
        paragraphs = list(root.iter(W + "p"))
        original = _paragraph_index(document, index)
        if original >= len(paragraphs):
            return unit.segments[0].location.line, unit.text, "<paragraph missing>"
        made = paragraph_plan(text, paragraphs[original])
        if made is None or made[0] != unit.text:
            return unit.segments[0].location.line, unit.text, made[0] if made else "<no text>"
        if _signature(document.text, document.plans[index], unit.text) != _signature(text, made[1], made[0]):
            return unit.segments[0].location.line, unit.text, "the same text with other formatting"
    return None


def _part_start(document: DocxDocument, offset: int) -> tuple[str, int]:
    for name, start, end, _ in document.parts:
        if start <= offset < end:
            return name, start
    raise ValueError(offset)


def _paragraph_index(document: DocxDocument, index: int) -> int:
    """The position of unit ``index``'s paragraph among all ``w:p`` start tags of its part."""
    unit = document.units[index]
    _, start = _part_start(document, unit.start)
    before = document.text[start : unit.start]
    prefix = _w_prefix(document, unit.start)
    return len(re.findall(rf"<{re.escape(prefix)}p[ >/]", before))


def _signature(source: str, plan: Plan, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Per character: the run properties it is written with and the wrappers (links) around it."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    formats = [_key(plan.base)]
    wrappers: list[str] = []
    for token in tokens(text):
        if isinstance(token, Text):
            out.extend((char, formats[-1], tuple(wrappers)) for char in token.text)
            continue
        spec = plan.specs[token.number - 1]
        if isinstance(token, Void):
            parts = spec[1]
            out.append(("<void>", "".join(_key(p[1]) if p[0] == "run" else "" for p in parts), tuple(wrappers)))
        elif isinstance(token, Open):
            if spec[0] == "format":
                formats.append(_key(spec[1]))
            else:
                wrappers.append(source[spec[1][0] : spec[1][1]])
                formats.append(_key(spec[3]))
        else:
            formats.pop()
            if spec[0] == "wrap":
                wrappers.pop()
    return out


def _key(rpr: str) -> str:
    return re.sub(r"<w:(?:lang|noProof|webHidden|rtl|cs)\b[^>]*/>", "", rpr)
