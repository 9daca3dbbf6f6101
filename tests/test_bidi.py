"""Bidi isolation and override removal on HTML fragments (workflow.bidi)."""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.bidi import (
    OVERRIDE_MARK,
    iter_elements,
    find_runs,
    isolate_html,
    parse_fragment,
    serialize,
    strip_overrides,
    text_content,
)

LANGUAGES = {"ltr": "en", "rtl": "ar"}


def test_phone_number_in_arabic_is_one_left_to_right_run_that_does_not_wrap() -> None:
    html = isolate_html("للتواصل: +963 21 123 4567.", "rtl", LANGUAGES)

    assert html == 'للتواصل: <bdi class="tel" dir="ltr">+963 21 123 4567</bdi>.'


@pytest.mark.parametrize("number", ["+963 21 123 4567", "00963 21 1234567", "021 123 4567", "0944-123-456"])
def test_phone_number_shapes(number: str) -> None:
    assert [run.kind for run in find_runs(f"اتصلوا على {number} اليوم", "rtl")] == ["tel"]


def test_english_name_inside_arabic_is_isolated_with_its_language() -> None:
    html = isolate_html("بالتعاون مع فريق Syria Hope في حلب", "rtl", LANGUAGES)

    assert html == 'بالتعاون مع فريق <bdi dir="ltr" lang="en">Syria Hope</bdi> في حلب'


def test_parentheses_stay_outside_the_run_so_they_mirror_with_the_arabic() -> None:
    html = isolate_html("فريق سوريانا الأمل (Syria Hope)", "rtl", LANGUAGES)

    assert html == 'فريق سوريانا الأمل (<bdi dir="ltr" lang="en">Syria Hope</bdi>)'


def test_urls_emails_and_numbers_with_separators_in_arabic() -> None:
    html = isolate_html(
        "زوروا https://example.org/a?b=1. أو راسلوا info@example.org؛ أجاب 75.5% من 1,250 في 2025-11-01 عام 2025",
        "rtl",
    )

    assert '<bdi class="url" dir="ltr">https://example.org/a?b=1</bdi>.' in html
    assert '<bdi class="email" dir="ltr">info@example.org</bdi>؛' in html
    assert '<bdi class="number" dir="ltr">75.5%</bdi>' in html
    assert '<bdi class="number" dir="ltr">1,250</bdi>' in html
    assert '<bdi class="number" dir="ltr">2025-11-01</bdi>' in html
    assert html.endswith("عام 2025")  # a bare number needs no isolation


def test_arabic_name_inside_english_is_isolated_so_the_count_stays_put() -> None:
    # Without isolation this renders "Reviewer 3 سامر النجار comments" (ARABIC.md §4a).
    html = isolate_html("Reviewer سامر النجار 3 comments", "ltr", LANGUAGES)

    assert html == 'Reviewer <bdi dir="rtl" lang="ar">سامر النجار</bdi> 3 comments'


def test_arabic_phrase_split_by_markup_is_one_run() -> None:
    # Isolating each word would lay the phrase out left to right: the WeasyPrint bug of ARABIC.md §4b.
    html = isolate_html("The phrase السلم <b>الأهلي</b> المستدام means civil peace.", "ltr", LANGUAGES)

    assert html == 'The phrase <bdi dir="rtl" lang="ar">السلم <b>الأهلي</b> المستدام</bdi> means civil peace.'


def test_latin_run_spanning_a_link_and_emphasis_is_wrapped_whole() -> None:
    html = isolate_html('مع <a href="https://x.org">Syria <em>Hope</em></a> اليوم', "rtl", LANGUAGES)

    assert html == 'مع <a href="https://x.org"><bdi dir="ltr" lang="en">Syria <em>Hope</em></bdi></a> اليوم'


def test_run_starting_with_an_element_takes_the_element_in() -> None:
    html = isolate_html("نظمت <strong>Rights Defense</strong> Initiative الجلسة", "rtl", LANGUAGES)

    assert html == 'نظمت <bdi dir="ltr" lang="en"><strong>Rights Defense</strong> Initiative</bdi> الجلسة'


def test_run_cutting_an_element_in_two_is_wrapped_in_pieces_not_broken_markup() -> None:
    html = isolate_html("<b>Reviewer سامر</b> النجار wrote", "ltr", LANGUAGES)

    assert html == '<b>Reviewer <bdi dir="rtl" lang="ar">سامر</bdi></b> <bdi dir="rtl" lang="ar">النجار</bdi> wrote'
    assert serialize(parse_fragment(html)) == html


def test_only_text_nodes_change_never_tags_or_attributes() -> None:
    fragment = '<a href="https://example.org/Syria Hope" title="Syria Hope +963 21 123 4567">حلب</a> نص'

    html = isolate_html(fragment, "rtl", LANGUAGES)

    assert html == fragment


def test_elements_with_their_own_direction_are_processed_in_it() -> None:
    html = isolate_html('نص <span dir="ltr" lang="en">Kept in English with عربي inside</span> نص', "rtl", LANGUAGES)

    assert html == 'نص <span dir="ltr" lang="en">Kept in English with <bdi dir="rtl" lang="ar">عربي</bdi> inside</span> نص'


def test_left_to_right_text_without_arabic_is_unchanged() -> None:
    text = "Whereas recognition of the inherent dignity, 1948-12-10, of all members."

    assert isolate_html(text, "ltr", LANGUAGES) == text


def test_line_breaks_end_a_run() -> None:
    html = isolate_html("Syria<br>Hope نص", "rtl", LANGUAGES)

    assert html == '<bdi dir="ltr" lang="en">Syria</bdi><br><bdi dir="ltr" lang="en">Hope</bdi> نص'


def test_right_to_left_override_is_removed_with_its_pop() -> None:
    text, removed = strip_overrides("فاتورة \u202e321\u202c رقم")

    assert text == f"فاتورة {OVERRIDE_MARK}321 رقم"
    assert removed == ["RIGHT-TO-LEFT OVERRIDE"]


def test_embeddings_and_isolates_are_left_alone() -> None:
    text = "a \u202bb\u202c \u2066c\u2069 \u200fd"

    assert strip_overrides(text) == (text, [])


def test_override_inside_an_embedding_keeps_the_embedding_balanced() -> None:
    text, removed = strip_overrides("\u202ax \u202dy\u202c z\u202c")

    assert text == f"\u202ax {OVERRIDE_MARK}y z\u202c"
    assert removed == ["LEFT-TO-RIGHT OVERRIDE"]


_TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ019+-.,%:/") + list("حلب سلام") + ["\u00a0", "<", "&", '"']),
    max_size=40,
)


@settings(max_examples=200, deadline=None, database=None)  # no example database inside the repository
@given(st.lists(st.tuples(st.sampled_from(["", "b", "em", "a"]), _TEXT), max_size=6), st.sampled_from(["rtl", "ltr"]))
def test_isolation_keeps_the_text_and_yields_well_formed_html(
    pieces: list[tuple[str, str]], direction: str
) -> None:
    fragment = "".join(_element(tag, text) for tag, text in pieces)

    html = isolate_html(fragment, direction, LANGUAGES)

    assert text_content(parse_fragment(html)) == text_content(parse_fragment(fragment))
    assert serialize(parse_fragment(html)) == html
    for bdi in (e for e in iter_elements(parse_fragment(html)) if e.tag == "bdi"):
        text = text_content(bdi)
        assert bdi.get("dir") in ("ltr", "rtl") and text.strip()


def _element(tag: str, text: str) -> str:
    body = escape(text, quote=False)
    if not tag:
        return body
    attrs = ' href="https://e.org"' if tag == "a" else ""
    return f"<{tag}{attrs}>{body}</{tag}>"
