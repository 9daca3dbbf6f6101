"""HTML sources end to end: the UDHR pages in both directions, a saved news article with site chrome,
placeholders, identity byte for byte, DOM equality (lxml's parser) and the release site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import DATA, Run
from lxml import html as lxml_html

from workflow.config import Config
from workflow.htmlsource import build_html, split_html
from workflow.segment import SplitOptions, split_document

HTML = DATA / "html"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "udhr"
NEWS = "aleppo-water-news.html"
CONFIG = """\
[tool.workflow]
project = "html reports"
sources = ["reports/*.html"]
languages = ["ar", "en"]
"""

# The Arabic edition of the news article: placeholders kept, some moved where Arabic word order puts them.
NEWS_AR = {
    "Aleppo neighbourhoods agree on a water-sharing plan – Syria Hope News":
        "أحياء في حلب تتفق على خطة لتقاسم المياه – أخبار سوريا الأمل",
    "Residents of three Aleppo neighbourhoods agreed on a plan to share water from two restored wells.":
        "اتفق سكان ثلاثة أحياء في حلب على خطة لتقاسم المياه من بئرين أُعيد تأهيلهما.",
    "Aleppo neighbourhoods agree on a water-sharing plan": "أحياء في حلب تتفق على خطة لتقاسم المياه",
    "Syria Hope News": "أخبار سوريا الأمل",
    "Civil peace": "السلم الأهلي",
    "Aleppo neighbourhoods agree on a water\u2011sharing plan": "أحياء في حلب تتفق على خطة لتقاسم المياه",
    "By <1>Rima Haddad</1> · <2>3 November 2025</2>": "<2>3 تشرين الثاني 2025</2> · بقلم <1>ريما حداد</1>",
    "Volunteers repairing a well pump in al-Kalasa": "متطوعون يصلحون مضخة بئر في الكلاسة",
    "Volunteers repair the pump of one of the two restored wells. <1>Photo: Syria Hope</1>":
        "متطوعون يصلحون مضخة إحدى البئرين المؤهلتين. <1>تصوير: سوريا الأمل</1>",
    "Residents of al-Kalasa, Bustan al-Qasr and al-Sukkari agreed on Sunday on a plan to share water from two wells"
    " that volunteers restored in October. The plan, drafted at a <1>public meeting</1> attended by 64\u00a0people,"
    " sets a weekly timetable for each street.":
        "اتفق سكان الكلاسة وبستان القصر والسكري يوم الأحد على خطة لتقاسم المياه من بئرين أعاد متطوعون تأهيلهما"
        " في تشرين الأول. وتحدد الخطة، التي صيغت في <1>اجتماع عام</1> حضره 64\u00a0شخصًا، جدولًا أسبوعيًا لكل شارع.",
    "“For the first time, nobody had to queue at dawn,” said Samer al-Najjar, a teacher who chaired the meeting."
    " Read the <1>full plan</1> or the <2>earlier reports</2>.":
        "«لأول مرة، لم يضطر أحد إلى الوقوف في الطابور عند الفجر»، قال سامر النجار، وهو معلم ترأس الاجتماع."
        " اقرأ <2>التقارير السابقة</2> أو <1>الخطة كاملة</1>.",
    "Download the plan (PDF, 1.2 MB)": "نزّل الخطة (PDF، 1.2 ميغابايت)",
    "What the plan says": "ماذا تقول الخطة",
    "Each street gets water on <1>two fixed days</1> a week.": "يحصل كل شارع على المياه <1>يومين محددين</1> في الأسبوع.",
    "A committee of six residents, three of them women, keeps the timetable.":
        "تتولى لجنة من ستة سكان، ثلاث منهم نساء، متابعة الجدول.",
    "Disputes go first to the committee, then to the <1>CPC</1>.": "تُحال الخلافات أولًا إلى اللجنة، ثم إلى <1>CPC</1>.",
    "Civil Peace Council": "مجلس السلم الأهلي",
    "Water was the reason for most quarrels in our street. Now it is a reason to meet.":
        "كانت المياه سبب معظم الخلافات في شارعنا. أما الآن فهي سبب للقاء.",
    "Weekly timetable": "الجدول الأسبوعي",
    "Neighbourhood": "الحي",
    "Days": "الأيام",
    "al-Kalasa": "الكلاسة",
    "Monday and Thursday": "الاثنين والخميس",
    "Bustan al-Qasr": "بستان القصر",
    "Tuesday and Friday": "الثلاثاء والجمعة",
    "The pumps run on a schedule set in the controller's configuration:": "تعمل المضخات وفق جدول محدد في إعدادات وحدة التحكم:",
    "Technicians can check the state with <1/> at any time.": "يمكن للفنيين التحقق من الحالة بالأمر <1/> في أي وقت.",
}


def make_project(root: Path, *files: Path, config: str = CONFIG) -> Path:
    (root / "reports").mkdir(parents=True)
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    for file in files:
        shutil.copy(file, root / "reports" / file.name)
    return root


def fill(path: Path, translations: dict[str, str]) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalog.save()


def skeleton(page: bytes | str, ordered: bool = True) -> tuple:
    """The element tree without text: tags and attributes, recursively (lxml's HTML parser); not
    ``ordered``, siblings compare as a multiset (a translator may move inline tags)."""
    root = lxml_html.document_fromstring(page.decode("utf-8") if isinstance(page, bytes) else page)

    def walk(element) -> tuple:  # type: ignore[no-untyped-def]
        attrs = tuple(sorted((k, v) for k, v in element.attrib.items() if element.tag != "html" or k not in ("lang", "dir")))
        if not isinstance(element.tag, str):
            return ("#comment",)
        texts = {"alt", "title", "aria-label", "placeholder", "content", "value"}
        attrs = tuple((k, v) for k, v in attrs if k not in texts)
        children = [walk(child) for child in element]
        return (element.tag, attrs, tuple(children if ordered else sorted(children, key=repr)))

    return walk(root)


def texts_by_block(page: bytes | str) -> list[tuple[str, str, str]]:
    """(group, tag, text) of every heading and paragraph, grouped by article (lxml, independent of the splitter)."""
    root = lxml_html.document_fromstring(page.decode("utf-8") if isinstance(page, bytes) else page)
    out = []
    for element in root.iter("title", "h1", "h2", "p"):
        article = next((a for a in element.iterancestors("article", "header")), None)
        group = article.get("data-number", "preamble") if article is not None else "top"
        out.append((group, element.tag, " ".join(element.text_content().split())))
    return out


def structural_pairs(source: bytes, target: bytes) -> dict[str, str]:
    """Translations of ``source``'s blocks from ``target``'s blocks in the same place (same article, same
    position among its headings and paragraphs)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for group, tag, text in texts_by_block(target):
        grouped.setdefault((group, "h" if tag.startswith("h") else tag), []).append(text)
    pairs: dict[str, str] = {}
    counters: dict[tuple[str, str], int] = {}
    for group, tag, text in texts_by_block(source):
        key = (group, "h" if tag.startswith("h") else tag)
        index = counters.get(key, 0)
        counters[key] = index + 1
        if index < len(grouped.get(key, [])):
            pairs[text] = grouped[key][index]
    return pairs


# --- the UDHR pages ------------------------------------------------------------------------------------------


def test_shipped_udhr_pages_are_the_shared_seeds() -> None:
    if SEEDS.is_dir():
        assert (HTML / "udhr.ar.html").read_bytes() == (SEEDS / "arb.html").read_bytes()
        assert (HTML / "udhr.html").read_bytes() == (SEEDS / "eng.html").read_bytes()


def test_udhr_arabic_page_segments_and_verifies_byte_for_byte(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / "udhr.ar.html")
    result = run("segment", "reports/udhr.ar.html", "--json", cwd=project)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    kinds = [record["kind"] for record in records]
    assert kinds[:4] == ["title", "heading", "heading", "paragraph"]
    assert kinds.count("heading") == 32 and kinds.count("paragraph") == 59
    assert records[1] == {**records[1], "line": 7, "text": "الإعلان العالمي لحقوق الإنسان"}
    verified = run("verify", cwd=project)
    assert verified.exit_code == 0, verified.output
    assert verified.stdout == "verified 1 report(s): each rebuilds byte for byte\n"


def test_udhr_arabic_page_builds_in_english_from_a_catalog_filled_by_structure(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / "udhr.ar.html")
    assert run("update", "-l", "en", cwd=project).exit_code == 0
    arabic, english = (HTML / "udhr.ar.html").read_bytes(), (HTML / "udhr.html").read_bytes()
    pairs = structural_pairs(arabic, english)
    # The Arabic text has one recital fewer than the English (friendly relations between nations, the 4th):
    # the English catalog keeps it with the recital before it, as the shipped Markdown edition does.
    english_blocks = [text for group, tag, text in texts_by_block(english) if group == "preamble" and tag == "p"]
    arabic_blocks = [text for group, tag, text in texts_by_block(arabic) if group == "preamble" and tag == "p"]
    pairs.update({a: e for a, e in zip(arabic_blocks[:2], english_blocks[:2])})
    pairs[arabic_blocks[2]] = english_blocks[2] + " " + english_blocks[3]
    pairs.update({a: e for a, e in zip(arabic_blocks[3:], english_blocks[4:])})
    fill(project / "locale/en/LC_MESSAGES/udhr.po", pairs)
    result = run("build", "-l", "en", cwd=project)
    assert result.exit_code == 0, result.output
    built = (project / "build/en/udhr.html").read_bytes()
    assert b'<html data-code="arb" data-iso6393="arb" dir="ltr" lang="en">' in built
    assert skeleton(built) == skeleton(arabic)
    for group in ("1", "2", "13", "29", "30"):
        assert [t for g, _, t in texts_by_block(built) if g == group] == [t for g, _, t in texts_by_block(english) if g == group]


def test_udhr_english_page_builds_in_arabic_from_a_catalog_filled_by_structure(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / "udhr.html")
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    arabic, english = (HTML / "udhr.ar.html").read_bytes(), (HTML / "udhr.html").read_bytes()
    pairs = structural_pairs(english, arabic)
    english_blocks = [text for group, tag, text in texts_by_block(english) if group == "preamble" and tag == "p"]
    arabic_blocks = [text for group, tag, text in texts_by_block(arabic) if group == "preamble" and tag == "p"]
    pairs.update({e: a for e, a in zip(english_blocks[:3], arabic_blocks[:3])})
    pairs[english_blocks[3]] = "ولما كان من الجوهري العمل على تنمية علاقات ودية بين الدول،"  # the official Arabic text
    pairs.update({e: a for e, a in zip(english_blocks[4:], arabic_blocks[3:])})
    fill(project / "locale/ar/LC_MESSAGES/udhr.po", pairs)
    status = run("status", "-l", "ar", "--json", cwd=project)
    assert json.loads(status.stdout)[0]["percent"] == 100.0
    result = run("build", "-l", "ar", cwd=project)
    assert result.exit_code == 0, result.output
    built = (project / "build/ar/udhr.html").read_bytes()
    assert b'<html data-code="eng" data-iso6393="eng" dir="rtl" lang="ar">' in built
    assert skeleton(built) == skeleton(english)
    assert [t for g, _, t in texts_by_block(built) if g == "30"] == [t for g, _, t in texts_by_block(arabic) if g == "30"]


# --- a saved news article ------------------------------------------------------------------------------------


def news_document(granularity: str = "paragraph"):  # type: ignore[no-untyped-def]
    source = (HTML / NEWS).read_text("utf-8")
    return source, split_document(source, NEWS, "html", "en", Config(root=HTML, segmentation=granularity).split_options())


def test_news_article_extracts_the_story_and_leaves_site_chrome_scripts_and_code() -> None:
    _, document = news_document()
    texts = [segment.text for segment in document.segments]
    assert set(texts) == set(NEWS_AR)
    joined = "\n".join(texts)
    for chrome in ("Skip to content", "About us", "Search", "cookies", "All rights reserved", "Privacy", "Scroll to Top",
                   "Share", "dataLayer", "pump.schedule", "pumpctl", "text-decoration"):
        assert chrome not in joined
    kinds = {segment.text: segment.kind for segment in document.segments}
    assert kinds["What the plan says"] == "heading"
    assert kinds["Each street gets water on <1>two fixed days</1> a week."] == "list-item"
    assert kinds["Neighbourhood"] == "table-header" and kinds["al-Kalasa"] == "table-cell"
    assert kinds["Weekly timetable"] == "caption"
    assert kinds["Volunteers repairing a well pump in al-Kalasa"] == "attribute-alt"
    assert kinds["Download the plan (PDF, 1.2 MB)"] == "attribute-title"
    assert kinds["Residents of three Aleppo neighbourhoods agreed on a plan to share water from two restored wells."] == "meta-description"
    assert kinds["Water was the reason for most quarrels in our street. Now it is a reason to meet."] == "blockquote"


def test_news_article_identity_is_byte_for_byte_through_the_general_path(tmp_path: Path, run: Run) -> None:
    source, document = news_document()
    assert build_html(document, lambda segment: segment.text) == source
    project = make_project(tmp_path, HTML / NEWS)
    result = run("verify", cwd=project)
    assert result.exit_code == 0, result.output


def test_news_article_in_arabic_keeps_every_tag_in_the_translators_order(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / NEWS)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / f"locale/ar/LC_MESSAGES/{NEWS[:-5]}.po", NEWS_AR)
    result = run("build", "-l", "ar", cwd=project)
    assert result.exit_code == 0, result.output
    built = (project / f"build/ar/{NEWS}").read_text("utf-8")
    source = (HTML / NEWS).read_text("utf-8")
    assert skeleton(built, ordered=False) == skeleton(source, ordered=False)
    assert skeleton(built) != skeleton(source)  # the links were moved, not lost
    assert '<html dir="rtl" lang="ar" class="no-js">' in built
    # The two links come back with all their attributes, in the order the translator chose.
    assert (' اقرأ <a href="/reports/">التقارير السابقة</a> أو <a href="/reports/water-plan-2025.pdf" class="pdf"'
            ' title="نزّل الخطة (PDF، 1.2 ميغابايت)">الخطة كاملة</a>.</p>') in built
    assert '<time datetime="2025-11-03">3 تشرين الثاني 2025</time> · بقلم <a href="/authors/rima" rel="author">ريما حداد</a>' in built
    assert 'alt="متطوعون يصلحون مضخة بئر في الكلاسة" width="800"' in built
    assert '<meta name="description" content="اتفق سكان ثلاثة أحياء في حلب' in built
    # What is not extracted is left exactly as it was: chrome, scripts, code.
    for kept in ('<footer class="site-footer">\n    <p>&copy; 2025 Syria Hope News. All rights reserved.</p>',
                 'if (document.title.indexOf("<p>") < 0)', '<pre><code>pump.schedule = "06:00-09:00"',
                 'بالأمر <code>pumpctl status</code> في أي وقت', '&uarr; Scroll to Top</a>'):
        assert kept in built


def test_build_format_html_of_an_html_report_is_its_edition_not_a_second_page(tmp_path: Path, run: Run) -> None:
    """Both would be build/ar/NAME.html: each run would overwrite the other's file."""
    project = make_project(tmp_path, HTML / NEWS)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / f"locale/ar/LC_MESSAGES/{NEWS[:-5]}.po", NEWS_AR)
    assert run("build", "-l", "ar", cwd=project).exit_code == 0
    edition = (project / f"build/ar/{NEWS}").read_bytes()

    result = run("build", "-l", "ar", "--format", "html", cwd=project)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"unchanged: build/ar/{NEWS}\n"
    assert (project / f"build/ar/{NEWS}").read_bytes() == edition


def test_a_cell_with_nothing_to_translate_keeps_the_next_cell_in_its_column(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "timeline.html"
    page.write_text("<table><tr><th>Year</th><th>Event</th></tr><tr><td>2011</td><td>Protests begin</td></tr></table>\n",
                    "utf-8")
    project = make_project(tmp_path / "p", page)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/timeline.po", {"Year": "السنة", "Event": "الحدث", "Protests begin": "بدء الاحتجاجات"})

    assert run("release", "-l", "ar", cwd=project).exit_code == 0

    cells = re.findall(r"<t([dh])[^>]*>([^<]*)</t[dh]>", (project / "build/site/ar/timeline.html").read_text("utf-8"))
    assert cells == [("h", "السنة"), ("h", "الحدث"), ("d", "2011"), ("d", "بدء الاحتجاجات")]


def test_release_pages_show_the_code_blocks_of_an_html_report(tmp_path: Path, run: Run) -> None:
    """Never translated, but part of what readers of the page need: a pre block is shown as it is, escaped."""
    page = tmp_path / "install.html"
    page.write_text("<h1>Installing</h1>\n<pre>\n$ ./configure &amp;&amp; make\n<b>$ make install</b><!-- a > b -->\n</pre>\n"
                    "<p>Done.</p>\n", "utf-8")
    project = make_project(tmp_path / "p", page)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/install.po", {"Installing": "التثبيت", "Done.": "تم."})

    assert run("release", "-l", "ar", cwd=project).exit_code == 0

    for language in ("ar", "en"):
        edition = (project / f"build/site/{language}/install.html").read_text("utf-8")
        assert '<pre dir="ltr"><code>$ ./configure &amp;&amp; make\n$ make install\n</code></pre>' in edition
        assert edition.index("<h1") < edition.index("<pre") < edition.index("<p>")


def test_a_line_break_between_two_words_keeps_them_apart_on_release_pages(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "contact.html"
    page.write_text("<p>Aleppo office<br>Baron Street 12</p>\n", "utf-8")
    project = make_project(tmp_path / "p", page)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/contact.po", {"Aleppo office<1/>Baron Street 12": "مكتب حلب<1/>شارع بارون 12"})

    assert run("release", "-l", "ar", cwd=project).exit_code == 0

    assert "مكتب حلب شارع بارون 12" in (project / "build/site/ar/contact.html").read_text("utf-8")
    assert "Aleppo office Baron Street 12" in (project / "build/site/en/contact.html").read_text("utf-8")


def test_source_text_standing_in_for_a_missing_translation_says_its_language(tmp_path: Path, run: Run) -> None:
    """build --allow-missing: the English of an untranslated paragraph, in an Arabic page, is marked English
    (screen readers, hyphenation, and its final period on the right side), as release pages mark it."""
    page = tmp_path / "news.html"
    page.write_text("<html><head><title>Not yet</title></head><body>\n<p>Translated paragraph.</p>\n"
                    "<p>Not translated <b>yet</b>.</p>\n</body></html>\n", "utf-8")
    project = make_project(tmp_path / "p", page)
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/news.po", {"Translated paragraph.": "فقرة مترجمة."})

    result = run("build", "-l", "ar", "--allow-missing", cwd=project)

    assert result.exit_code == 0, result.output
    built = (project / "build/ar/news.html").read_text("utf-8")
    assert "<p>فقرة مترجمة.</p>" in built
    assert '<p><span lang="en" dir="ltr">Not translated <b>yet</b>.</span></p>' in built
    assert "<title>Not yet</title>" in built  # text only: no tag inside a title


def test_html_skip_setting_replaces_the_default_selectors(tmp_path: Path, run: Run) -> None:
    config = CONFIG + 'html-skip = ["nav", "footer", "header.site-header", "div#cookie-consent", "p.share-buttons"]\n'
    project = make_project(tmp_path, HTML / NEWS, config=config)
    result = run("segment", f"reports/{NEWS}", "--json", cwd=project)
    texts = [record["text"] for record in json.loads(result.stdout)]
    assert "Syria Hope News" not in texts  # the logo's alt, in the skipped header
    assert "Skip to content" in texts and "↑ Scroll to Top" in texts  # no longer skipped
    assert "We use cookies to understand how our readers use this site." not in texts


def test_an_invalid_html_skip_selector_is_named(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / NEWS, config=CONFIG + 'html-skip = ["nav:first-child"]\n')
    result = run("segment", f"reports/{NEWS}", cwd=project)
    assert result.exit_code == 1
    assert "'html-skip': selector 'nav:first-child': pseudo-classes such as ':first-child' are not supported" in result.stderr


# --- placeholders that the translator breaks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("<2>3 تشرين الثاني 2025</2> · بقلم <1>ريما حداد", "<1> is opened but never closed (add </1>)"),
        ("3 تشرين الثاني 2025 · بقلم <1>ريما حداد</1>", "<2>…</2> is missing"),
        ("<2>3 تشرين الثاني 2025</2> · بقلم <3>ريما حداد</3>", "<3> is not in the source"),
        ("<2>3 تشرين <1>الثاني</2> 2025</1>", "<1> and <2> cross: close <1> first"),
        ("<2>3</2> <2>تشرين</2> <1>ريما</1>", "<2> appears 2 times; each placeholder is used once"),
    ],
)
def test_a_broken_placeholder_is_a_check_error_and_build_refuses_the_segment(
    tmp_path: Path, run: Run, broken: str, message: str
) -> None:
    project = make_project(tmp_path, HTML / NEWS)
    run("update", "-l", "ar", cwd=project)
    fill(project / f"locale/ar/LC_MESSAGES/{NEWS[:-5]}.po", {**NEWS_AR, "By <1>Rima Haddad</1> · <2>3 November 2025</2>": broken})
    checked = run("check", "--json", cwd=project)
    assert checked.exit_code == 3
    found = [p for p in json.loads(checked.stdout) if p["check"] == "placeholders"]
    assert len(found) == 1 and message in found[0]["message"] and found[0]["severity"] == "error"
    built = run("build", "-l", "ar", "--json", cwd=project)
    assert built.exit_code == 3
    problems = json.loads(built.stdout)["problems"]
    assert [(p["kind"], p["line"]) for p in problems] == [("placeholders", 44)]
    assert message in problems[0]["message"]
    assert not (project / f"build/ar/{NEWS}").exists()
    tolerated = run("build", "-l", "ar", "--allow-missing", cwd=project)
    assert tolerated.exit_code == 0
    assert "using the source text" in tolerated.stderr
    assert 'By <a href="/authors/rima" rel="author">Rima Haddad</a>' in (project / f"build/ar/{NEWS}").read_text("utf-8")


def test_moving_placeholders_passes_the_check(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / NEWS)
    run("update", "-l", "ar", cwd=project)
    fill(project / f"locale/ar/LC_MESSAGES/{NEWS[:-5]}.po", NEWS_AR)
    result = run("check", "--json", cwd=project)
    assert not [p for p in json.loads(result.stdout) if p["check"] in ("placeholders", "number-mismatch")]


# --- splitting details ---------------------------------------------------------------------------------------


def split(source: str, **options: object):  # type: ignore[no-untyped-def]
    return split_html(source, "t.html", "en", SplitOptions(**options))  # type: ignore[arg-type]


def test_sentences_keep_placeholder_pairs_whole_and_number_them_from_one() -> None:
    source = "<p>First <b>one. Still bold.</b> Second <a href=x>two</a>. Third <i>three</i>.</p>"
    document = split(source, granularity="sentence")
    assert [s.text for s in document.segments] == ["First <1>one. Still bold.</1>", "Second <1>two</1>.", "Third <1>three</1>."]
    swapped = {"Second <1>two</1>.": "<1>اثنان</1> ثانيًا."}
    assert build_html(document, lambda s: swapped.get(s.text, s.text)) == (
        "<p>First <b>one. Still bold.</b> <a href=x>اثنان</a> ثانيًا. Third <i>three</i>.</p>"
    )


def test_entities_are_decoded_for_the_translator_and_escaped_on_output() -> None:
    source = '<p title="a &quot;b&quot;">Tom &amp; Jerry&#39;s &lt;show&gt;</p>'
    document = split(source)
    assert [s.text for s in document.segments] == ['a "b"', "Tom & Jerry's <show>"]
    out = build_html(document, lambda s: {"a \"b\"": "أ «ب» & \"ج\"", "Tom & Jerry's <show>": "توم & <جيري>"}[s.text])
    assert out == '<p title="أ «ب» &amp; &quot;ج&quot;">توم &amp; &lt;جيري&gt;</p>'


def test_implied_end_tags_unclosed_and_misnested_inline_tags_rebuild_exactly() -> None:
    source = "<ul><li>One<li>Two <b>bold</ul><p>Para<p>x <i>a <b>b</i> c</b> d</p><p>Line<br>break<BR/>end"
    document = split(source)
    assert [s.text for s in document.segments] == [
        "One", "Two <1>bold</1>", "Para", "x <1>a <2>b</2></1> c<3/> d", "Line<1/>break<2/>end"]
    assert build_html(document, lambda s: s.text) == source


def test_text_that_reads_like_a_placeholder_is_left_alone() -> None:
    document = split("<p>Use &lt;1&gt; here</p><p>Fine</p>")
    assert [s.text for s in document.segments] == ["Fine"]


def test_a_fragment_gets_lang_and_dir_on_its_top_level_blocks() -> None:
    document = split('<article dir="ltr"><p>Hello</p></article>\n<p>World</p>')
    out = build_html(document, lambda s: s.text, "ar", "rtl")
    assert out == '<article lang="ar" dir="rtl"><p>Hello</p></article>\n<p lang="ar" dir="rtl">World</p>'


def test_translate_no_is_never_extracted() -> None:
    document = split('<p>Hello <span translate="no">Syria Hope</span> team</p><div translate=no><p>Brand</p></div>')
    assert [s.text for s in document.segments] == ["Hello <1/> team"]


# --- the release site ---------------------------------------------------------------------------------------


def test_release_shows_the_article_with_headings_lists_and_tables(tmp_path: Path, run: Run) -> None:
    project = make_project(tmp_path, HTML / NEWS)
    run("update", "-l", "ar", cwd=project)
    fill(project / f"locale/ar/LC_MESSAGES/{NEWS[:-5]}.po", NEWS_AR)
    result = run("release", cwd=project)
    assert result.exit_code == 0, result.output
    page = (project / f"build/site/ar/{NEWS}").read_text("utf-8")
    assert re.search(r"<h1[^>]*>أحياء في حلب تتفق على خطة لتقاسم المياه</h1>", page)
    assert re.search(r"<h2[^>]*>ماذا تقول الخطة</h2>", page)
    assert "<ul>" in page and "<table>" in page and "الاثنين والخميس" in page
    assert "&lt;1&gt;" not in page and "<1>" not in page  # placeholders are not shown
    assert "متطوعون يصلحون مضخة بئر" not in page  # alt text is not running text
