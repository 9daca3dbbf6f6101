"""DOCX sources end to end, on documents a real word processor wrote: LibreOffice converts OpenDocument
(flat XML written here) and pandoc's Markdown output to DOCX in the test. The Arabic edition, printed to PDF
by LibreOffice, must read right to left (poppler's ``pdftotext -bbox``) and keep bold and links."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import polib
import pytest
from conftest import Run

# LibreOffice (libreoffice-writer-nogui), pandoc and poppler-utils are test requirements: .ci/run installs them,
# and these tests fail, never skip, without them.
OFFICE = shutil.which("libreoffice") or shutil.which("soffice") or "libreoffice"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAMESPACES = """xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text\""""
STYLES = """<office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>
  <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-complex="italic"/></style:style>
  <style:style style:name="RTL" style:family="paragraph" style:parent-style-name="Text_20_body"><style:paragraph-properties style:writing-mode="rl-tb" fo:text-align="start"/><style:text-properties style:language-complex="ar" style:country-complex="SY"/></style:style>
  <style:style style:name="RTLH" style:family="paragraph" style:parent-style-name="Heading_20_1"><style:paragraph-properties style:writing-mode="rl-tb"/></style:style>
  <text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
 </office:automatic-styles>"""
REPORT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NAMESPACES}>
 {STYLES}
 <office:body><office:text>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Civil peace in Aleppo</text:h>
  <text:p text:style-name="Text_20_body">The dialogue brought together <text:span text:style-name="T1">sixty-four residents</text:span> of <text:span text:style-name="T2">three neighbourhoods</text:span> and produced a <text:a xlink:type="simple" xlink:href="https://example.org/report.pdf">joint action plan</text:a> for the water network.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Attendance was counted at the door.</text:p></text:note-body></text:note></text:p>
  <text:p text:style-name="Text_20_body"><office:annotation><dc:creator>Reviewer</dc:creator><text:p>Check this figure.</text:p></office:annotation>Women made up half of the participants.</text:p>
  <text:p text:style-name="Text_20_body"><draw:frame draw:name="Box" text:anchor-type="paragraph" svg:width="6cm" svg:height="2cm"><draw:text-box><text:p>Key result: a shared timetable.</text:p></draw:text-box></draw:frame>The committee meets every month.</text:p>
  <text:list text:style-name="L1"><text:list-item><text:p>Each street gets water twice a week.</text:p></text:list-item><text:list-item><text:p>Disputes go first to the committee.</text:p></text:list-item></text:list>
  <table:table table:name="Timetable"><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell><text:p>Neighbourhood</text:p></table:table-cell><table:table-cell><text:p>Days</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>al-Kalasa</text:p></table:table-cell><table:table-cell><text:p>Monday and Thursday</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body>
</office:document>
"""
REPORT_AR = {
    "Civil peace in Aleppo": "السلم الأهلي في حلب",
    "The dialogue brought together <1>sixty-four residents</1> of <2>three neighbourhoods</2> and produced a <3>joint"
    " action plan</3> for the water network.":
        "جمع الحوار <1>أربعة وستين من السكان</1> من <2>ثلاثة أحياء</2> وخرج <3>بخطة عمل مشتركة</3> لشبكة المياه.",
    "Attendance was counted at the door.": "أُحصي الحضور عند الباب.",
    "Check this figure.": "تحقق من هذا الرقم.",
    "Women made up half of the participants.": "شكّلت النساء نصف المشاركين.",
    "Key result: a shared timetable.": "النتيجة الرئيسية: جدول زمني مشترك.",
    "The committee meets every month.": "تجتمع اللجنة كل شهر.",
    "Each street gets water twice a week.": "يحصل كل شارع على المياه مرتين في الأسبوع.",
    "Disputes go first to the committee.": "تُحال الخلافات أولًا إلى اللجنة.",
    "Neighbourhood": "الحي",
    "Days": "الأيام",
    "al-Kalasa": "الكلاسة",
    "Monday and Thursday": "الاثنين والخميس",
}
ARABIC_REPORT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NAMESPACES}>
 {STYLES}
 <office:body><office:text>
  <text:h text:style-name="RTLH" text:outline-level="1">السلم الأهلي في حلب</text:h>
  <text:p text:style-name="RTL">جمع الحوار <text:span text:style-name="T1">أربعة وستين من السكان</text:span> وخرج <text:a xlink:type="simple" xlink:href="https://example.org/plan.pdf">بخطة عمل مشتركة</text:a>.</text:p>
 </office:text></office:body>
</office:document>
"""
ARABIC_EN = {
    "السلم الأهلي في حلب": "Civil peace in Aleppo",
    "جمع الحوار <1>أربعة وستين من السكان</1> وخرج <2>بخطة عمل مشتركة</2>.":
        "The dialogue brought together <1>sixty-four residents</1> and produced a <2>joint action plan</2>.",
}
CONFIG = """\
[tool.workflow]
project = "word reports"
sources = ["reports/*.docx"]
languages = ["ar", "en"]

[tool.workflow.checks]
arabic-locale = "ar_SY"
"""


def office(source: Path, target_format: str, out: Path) -> Path:
    """Convert with LibreOffice (its own profile in the test's folder, so runs never share one)."""
    profile = out / ".lo-profile"
    result = subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target_format,
         "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    produced = out / (source.stem + "." + target_format.split(":")[0])
    assert result.returncode == 0 and produced.is_file(), result.stdout + result.stderr
    return produced


@pytest.fixture(scope="module")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """DOCX files written by LibreOffice from OpenDocument, and by pandoc + LibreOffice from Markdown."""
    folder = tmp_path_factory.mktemp("word")
    (folder / "report.fodt").write_text(REPORT, encoding="utf-8")
    (folder / "tagrir.fodt").write_text(ARABIC_REPORT, encoding="utf-8")
    files = {
        "report": office(folder / "report.fodt", "docx:MS Word 2007 XML", folder),
        "arabic": office(folder / "tagrir.fodt", "docx:MS Word 2007 XML", folder),
    }
    (folder / "notes.md").write_text(
        "# Field notes\n\nA **bold claim**, an *aside* and a [link](https://example.org/notes).\n\n"
        "- First point.\n- Second point.\n\n| Area | Result |\n|---|---|\n| Aleppo | Better |\n\n"
        "Counted at the door.[^1]\n\n[^1]: By two volunteers.\n", encoding="utf-8")
    (folder / "pandoc").mkdir()
    subprocess.run(["pandoc", str(folder / "notes.md"), "-o", str(folder / "pandoc" / "notes.docx")],
                   check=True, capture_output=True, cwd=folder)
    resaved = folder / "resaved"
    resaved.mkdir()
    files["pandoc"] = office(folder / "pandoc" / "notes.docx", "docx:MS Word 2007 XML", resaved)
    return files


def make_project(root: Path, source: Path, name: str) -> Path:
    (root / "reports").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copy(source, root / "reports" / name)
    return root


def fill(path: Path, translations: dict[str, str]) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalog.save()


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def arabic_edition(tmp_path: Path, run: Run, word_files: dict[str, Path]) -> Path:
    project = make_project(tmp_path, word_files["report"], "report.docx")
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/report.po", REPORT_AR)
    result = run("build", "-l", "ar", cwd=project)
    assert result.exit_code == 0, result.output
    return project


# --- splitting -------------------------------------------------------------------------------------------


def test_segments_cover_body_lists_tables_text_boxes_footnotes_and_comments(tmp_path: Path, run: Run,
                                                                            word_files: dict[str, Path]) -> None:
    project = make_project(tmp_path, word_files["report"], "report.docx")
    result = run("segment", "reports/report.docx", "--json", cwd=project)
    assert result.exit_code == 0, result.output
    found = {(record["kind"], record["text"]) for record in json.loads(result.stdout)}
    assert found == {
        ("heading", "Civil peace in Aleppo"),
        ("paragraph", next(key for key in REPORT_AR if key.startswith("The dialogue"))),
        ("paragraph", "Women made up half of the participants."),
        ("paragraph", "The committee meets every month."),
        ("text-box", "Key result: a shared timetable."),
        ("list-item", "Each street gets water twice a week."),
        ("list-item", "Disputes go first to the committee."),
        ("table-cell", "Neighbourhood"), ("table-cell", "Days"), ("table-cell", "al-Kalasa"),
        ("table-cell", "Monday and Thursday"),
        ("footnote", "Attendance was counted at the door."),
        ("comment", "Check this figure."),
    }
    lines = [record["line"] for record in json.loads(result.stdout)]
    assert lines == sorted(lines) and lines[0] == 1  # paragraph numbers, body first


@pytest.mark.parametrize("which", ["report", "arabic", "pandoc"])
def test_verify_proves_identity_on_word_processor_files(tmp_path: Path, run: Run, word_files: dict[str, Path],
                                                        which: str) -> None:
    project = make_project(tmp_path, word_files[which], "tagrir.ar.docx" if which == "arabic" else "report.docx")
    result = run("verify", cwd=project)
    assert result.exit_code == 0, result.output
    from workflow.build import build_edition
    from workflow.config import find_sources, load_config
    from workflow.project import load_document

    config = load_config(project)
    [source] = find_sources(config)
    document = load_document(config, source)
    rebuilt = build_edition(document, lambda segment: segment.text)
    with zipfile.ZipFile(io.BytesIO(rebuilt)) as built, zipfile.ZipFile(source.path) as original:
        assert built.namelist() == original.namelist()
        assert all(built.read(name) == original.read(name) for name in original.namelist())


# --- the Arabic edition -----------------------------------------------------------------------------------


def test_arabic_edition_sets_direction_fonts_and_language_and_keeps_the_rest(tmp_path: Path, run: Run,
                                                                           word_files: dict[str, Path]) -> None:
    project = arabic_edition(tmp_path, run, word_files)
    built = project / "build/ar/report.docx"
    source = word_files["report"]
    with zipfile.ZipFile(built) as new, zipfile.ZipFile(source) as old:
        assert new.namelist() == old.namelist()
        for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/_rels/document.xml.rels"):
            assert new.read(name) == old.read(name), name
    body = part(built, "word/document.xml")
    assert "جمع الحوار" in body and "The dialogue" not in body
    # Bold and italic survive, with their complex-script twins; the link keeps its relationship id.
    assert re.search(r"<w:b/><w:bCs/>.*?<w:t xml:space=\"preserve\">أربعة وستين من السكان</w:t>", body)
    assert re.search(r"<w:i/><w:iCs/>.*?<w:t xml:space=\"preserve\">ثلاثة أحياء</w:t>", body)
    link_id = re.search(r'<w:hyperlink r:id="(rId\d+)"', part(source, "word/document.xml")).group(1)
    assert re.search(rf'<w:hyperlink r:id="{link_id}"><w:r><w:rPr>.*?</w:rPr><w:t xml:space="preserve">بخطة عمل مشتركة', body)
    assert '<w:lang w:bidi="ar-SY"/>' in body and 'w:cs="Noto Naskh Arabic"' in body
    assert "<w:bidiVisual/>" in body
    # python-docx reads the edition back: every paragraph right to left, in schema order.
    document = docx.Document(str(built))
    for paragraph in document.paragraphs:
        ppr = paragraph._p.pPr
        assert ppr is not None and ppr.find(W + "bidi") is not None and ppr.find(W + "bidi").get(W + "val") is None
        names = [child.tag for child in ppr]
        if W + "spacing" in names:
            assert names.index(W + "bidi") < names.index(W + "spacing")
        if W + "pStyle" in names:
            assert names.index(W + "pStyle") < names.index(W + "bidi")
    assert "أُحصي الحضور عند الباب." in part(built, "word/footnotes.xml")
    assert "تحقق من هذا الرقم." in part(built, "word/comments.xml")
    assert body.count("النتيجة الرئيسية: جدول زمني مشترك.") == 2  # the text box, and its VML fallback


def words(pdf: Path) -> list[tuple[float, float, str]]:
    """(y, x, word) of every word on the first page, from poppler's ``pdftotext -bbox``."""
    result = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                            text=True, check=True)
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', result.stdout)
    return [(round(float(y)), float(x), word) for x, y, word in found]


def test_arabic_edition_printed_by_libreoffice_reads_right_to_left_with_bold_and_links(
    tmp_path: Path, run: Run, word_files: dict[str, Path]
) -> None:
    project = arabic_edition(tmp_path, run, word_files)
    pdf = office(project / "build/ar/report.docx", "pdf", tmp_path / "pdf")
    placed = words(pdf)
    # pdftotext gives each Arabic word in visual (reversed) order; its logical form is the reverse.
    logical = [(y, x, word[::-1]) for y, x, word in placed]

    def positions(sentence: str) -> list[float]:
        wanted = sentence.split()
        for index in range(len(logical) - len(wanted) + 1):
            window = logical[index : index + len(wanted)]
            if {w for _, _, w in window} == set(wanted) and len({y for y, _, _ in window}) == 1:
                by_word = {w: x for _, x, w in window}
                return [by_word[w] for w in wanted]
        raise AssertionError(f"{sentence!r} not found on one line in {[w for *_, w in logical]}")

    for sentence in ("السلم الأهلي في حلب", "تجتمع اللجنة كل شهر.", "الاثنين والخميس"):
        xs = positions(sentence)
        assert xs == sorted(xs, reverse=True), (sentence, xs)  # each next word is further left
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoNaskhArabic-Bold" in fonts and "NotoNaskhArabic-Regular" in fonts
    assert b"https://example.org/report.pdf" in pdf.read_bytes()  # the link annotation


# --- the English edition of an Arabic document ----------------------------------------------------------


def test_english_edition_of_an_arabic_document_is_left_to_right(tmp_path: Path, run: Run,
                                                              word_files: dict[str, Path]) -> None:
    source = word_files["arabic"]
    right_to_left = re.compile(r'<w:(?:bidi|rtl)(?: w:val="(?:1|true)")?/>')
    assert right_to_left.search(part(source, "word/document.xml"))
    # LibreOffice writes an Arabic paragraph aligned to its start as right-aligned: in English, that is left.
    assert part(source, "word/document.xml").count('<w:jc w:val="right"/>') == 1
    project = make_project(tmp_path, source, "tagrir.ar.docx")
    assert run("update", "-l", "en", cwd=project).exit_code == 0
    fill(project / "locale/en/LC_MESSAGES/tagrir.po", ARABIC_EN)
    result = run("build", "-l", "en", cwd=project)
    assert result.exit_code == 0, result.output
    body = part(project / "build/en/tagrir.docx", "word/document.xml")
    assert "The dialogue brought together" in body
    assert not right_to_left.search(body) and 'w:bidi="ar' not in body
    assert '<w:jc w:val="right"/>' not in body and body.count('<w:jc w:val="left"/>') == 1
    document = docx.Document(str(project / "build/en/tagrir.docx"))
    bold = [run.text for paragraph in document.paragraphs for run in paragraph.runs if run.bold]
    assert bold == ["sixty-four residents"]


# --- placeholders ---------------------------------------------------------------------------------------


def test_a_dropped_placeholder_stops_the_build_and_writes_no_document(tmp_path: Path, run: Run,
                                                                     word_files: dict[str, Path]) -> None:
    project = make_project(tmp_path, word_files["report"], "report.docx")
    run("update", "-l", "ar", cwd=project)
    key = next(key for key in REPORT_AR if key.startswith("The dialogue"))
    fill(project / "locale/ar/LC_MESSAGES/report.po",
         {**REPORT_AR, key: "جمع الحوار <1>أربعة وستين من السكان</1> من ثلاثة أحياء وخرج <3>بخطة عمل مشتركة</3>."})
    result = run("build", "-l", "ar", cwd=project)
    assert result.exit_code == 3
    assert "reports/report.docx:2: error: broken placeholders (<2>…</2> is missing)" in result.stderr
    assert not (project / "build/ar/report.docx").exists()
    checked = run("check", cwd=project)
    assert checked.exit_code == 3 and "[placeholders]" in checked.stdout


def test_release_includes_the_word_report(tmp_path: Path, run: Run, word_files: dict[str, Path]) -> None:
    project = make_project(tmp_path, word_files["report"], "report.docx")
    run("update", "-l", "ar", cwd=project)
    fill(project / "locale/ar/LC_MESSAGES/report.po", REPORT_AR)
    result = run("release", cwd=project)
    assert result.exit_code == 0, result.output
    page = (project / "build/site/ar/report.html").read_text("utf-8")
    assert re.search(r"<h1[^>]*>السلم الأهلي في حلب</h1>", page)
    assert "<table>" in page and "الاثنين والخميس" in page and "<ul>" in page
    assert "تحقق من هذا الرقم" not in page  # a reviewer's comment is not report text
    assert page.count("النتيجة الرئيسية") == 1  # the text box once, not its fallback copy


def test_a_part_that_declares_entities_is_refused_not_expanded(tmp_path: Path, run: Run,
                                                               word_files: dict[str, Path]) -> None:
    """Word never writes a DOCTYPE in a package part; nested entities ("billion laughs") would take minutes."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(word_files["report"]) as original, zipfile.ZipFile(bomb, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/document.xml":
                entities = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
                                                        for n in range(9))
                data = data.replace(b"?>", f"?><!DOCTYPE w:document [{entities}]>".encode(), 1)
                data = data.replace(b"<w:t>", b"<w:t>&j;", 1)
            copy.writestr(item, data)
    project = make_project(tmp_path / "p", bomb, "report.docx")

    result = run("segment", "reports/report.docx", cwd=project)

    assert result.exit_code == 1
    assert result.stderr == ("reports/report.docx:word/document.xml: error: not a valid Word document: the file"
                             " declares XML entities, which are refused (entity expansion and external entities)\n")


def test_a_field_and_its_result_move_together(tmp_path: Path, run: Run) -> None:
    """"Total pages: 3" with the 3 a page-count field: its result is the text between the field's
    separate and end marks, which Word recomputes. Put before the words in Arabic, the pair must carry
    the result along, or the words land inside it and the next field update replaces them."""
    (tmp_path / "pages.fodt").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
        ' office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>\n'
        "<text:p>Total pages: <text:page-count>1</text:page-count></text:p>\n</office:text></office:body></office:document>\n",
        encoding="utf-8",
    )
    project = make_project(tmp_path / "p", office(tmp_path / "pages.fodt", "docx:MS Word 2007 XML", tmp_path), "pages.docx")
    segments = run("segment", "reports/pages.docx", cwd=project)
    assert segments.stdout == "reports/pages.docx:1: paragraph: Total pages: <1>1</1>\n"
    assert run("verify", cwd=project).exit_code == 0
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/pages.po", {"Total pages: <1>1</1>": "<1>1</1> صفحات في المجموع"})

    assert run("build", "-l", "ar", cwd=project).exit_code == 0

    body = part(project / "build/ar/pages.docx", "word/document.xml")
    result = re.search(r'fldCharType="separate"/>(.*?)fldCharType="end"/>', body).group(1)
    assert "1" in re.sub(r"<[^>]+>", "", result) and "صفحات" not in result
    assert "صفحات في المجموع" in body[body.index('fldCharType="end"/>'):]


def test_release_keeps_a_word_documents_nested_lists_and_quotes(tmp_path: Path, run: Run) -> None:
    """pandoc gives a numbered sub-list its own numbering id and quotes the "Block Text" style: the page must
    still show one bulleted list holding a numbered one, and a quotation."""
    (tmp_path / "plan.md").write_text("Intro paragraph.\n\n- Return of refugees\n\n  1. Housing\n  2. Documents\n\n"
                                      "- Justice\n\n> Civil peace is everyone's responsibility.\n\nEnd.\n", encoding="utf-8")
    subprocess.run(["pandoc", "plan.md", "-o", "plan.docx"], check=True, capture_output=True, cwd=tmp_path)
    project = make_project(tmp_path / "p", tmp_path / "plan.docx", "plan.docx")
    assert run("update", "-l", "ar", cwd=project).exit_code == 0

    assert run("release", "-l", "ar", "--allow-missing", cwd=project).exit_code == 0

    page = (project / "build/site/en/plan.html").read_text("utf-8")
    article = re.sub(r">\s+<", "><", page[page.index("<article") : page.index("</article>")])
    assert re.search(r"<ul><li><p>Return of refugees</p><ol><li value=\"1\"><p>Housing</p></li>"
                     r"<li value=\"2\"><p>Documents</p></li></ol></li><li><p>Justice</p></li></ul>", article), article
    assert "<blockquote><p>Civil peace is everyone" in article


def test_words_list_number_style_is_a_numbered_list_on_the_release_page(tmp_path: Path, run: Run) -> None:
    """The numbering of Word's built-in "List Number" style is named by the style, not by the paragraph."""
    document = docx.Document()
    for step in ("First step", "Second step"):
        document.add_paragraph(step, style="List Number")
    document.save(str(tmp_path / "steps.docx"))
    project = make_project(tmp_path / "p", tmp_path / "steps.docx", "steps.docx")
    assert run("update", "-l", "ar", cwd=project).exit_code == 0

    assert run("release", "-l", "ar", "--allow-missing", cwd=project).exit_code == 0

    page = re.sub(r">\s+<", "><", (project / "build/site/en/steps.html").read_text("utf-8"))
    assert '<ol><li value="1"><p>First step</p></li><li value="2"><p>Second step</p></li></ol>' in page


def test_release_pages_show_a_word_tables_number_cells_in_their_columns(tmp_path: Path, run: Run) -> None:
    """A cell holding only a number has nothing to translate, so no unit: the page must still show it, escaped,
    in its own column, with the next cell after it."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    rows = (("City", "Year", "Count"), ("Aleppo", "2024", "١٢٣"), ("Homs", "<5%", "45%"))
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(docx.oxml.parse_xml(f'<w:tblHeader {docx.oxml.ns.nsdecls("w")}/>'))
    document.save(str(tmp_path / "cities.docx"))
    project = make_project(tmp_path / "p", tmp_path / "cities.docx", "cities.docx")
    assert run("update", "-l", "ar", cwd=project).exit_code == 0
    fill(project / "locale/ar/LC_MESSAGES/cities.po",
         {"City": "المدينة", "Year": "السنة", "Count": "العدد", "Aleppo": "حلب", "Homs": "حمص"})

    result = run("release", "-l", "ar", cwd=project)

    assert result.exit_code == 0, result.output
    for language, words in (("en", ("City", "Year", "Count", "Aleppo", "Homs")),
                            ("ar", ("المدينة", "السنة", "العدد", "حلب", "حمص"))):
        page = (project / f"build/site/{language}/cities.html").read_text("utf-8")
        rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)
        cells = [[(tag, re.sub(r"<[^>]+>|\s+", "", text)) for tag, text in re.findall(r"<(t[dh])[^>]*>(.*?)</t", row)]
                 for row in rows]
        assert cells == [[("th", word) for word in words[:3]], [("td", words[3]), ("td", "2024"), ("td", "١٢٣")],
                         [("td", words[4]), ("td", "&lt;5%"), ("td", "45%")]], page
