"""XLIFF and TMX, proven against a real third-party reader: translate-toolkit (a test-only dependency)."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import Run, msgfmt_check
from translate.storage import tmx as tt_tmx
from translate.storage import xliff as tt_xliff

from workflow.tmx import TmxUnit, read_tmx, write_tmx

ALEPPO = "aleppo-civil-peace-dialogue"
ALEPPO_PO = f"locale/ar/LC_MESSAGES/{ALEPPO}.po"
XLF = f"build/exchange/{ALEPPO}.ar.xlf"


def prepare(project: Path) -> dict[str, polib.POEntry]:
    """Give the Aleppo catalog one fuzzy entry (with its previous source) and one empty entry."""
    path = project / ALEPPO_PO
    catalog = polib.pofile(str(path), wrapwidth=79)
    entries = [entry for entry in catalog if entry.msgid]
    entries[1].flags.append("fuzzy")
    entries[1].previous_msgid = "An older version of the first paragraph."
    entries[2].msgstr = ""
    entries[3].tcomment = "Keep «السلم الأهلي», the project's key term."
    catalog.save()
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if entry.msgid}


def test_exported_xliff_loads_in_translate_toolkit_with_the_same_units(project: Path, run: Run) -> None:
    entries = prepare(project)

    result = run("export", "--format", "xliff", "-l", "ar", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"wrote: {XLF} (16 units)"
    store = tt_xliff.xlifffile.parsefile(str(project / XLF))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "ar")
    assert len(store.units) == len(entries) == 16
    for unit in store.units:
        entry = entries[unit.source]
        assert unit.target == entry.msgstr
        assert unit.isfuzzy() == (entry.fuzzy and bool(entry.msgstr))
        assert unit.istranslated() == (bool(entry.msgstr) and not entry.fuzzy)
        assert unit.getlocations() == [f"{path}:{line}" for path, line in entry.occurrences]
        assert unit.getnotes("developer") == entry.comment
        assert unit.getnotes("translator") == entry.tcomment
    states = [unit.xmlelement.find(unit.namespaced("target")).get("state") for unit in store.units]
    assert states[:4] == ["translated", "needs-review-translation", "new", "translated"]
    assert "The translation was made for: An older version" in store.units[1].getnotes("workflow")


def test_exported_tmx_loads_in_translate_toolkit_with_the_whole_memory(project: Path, run: Run) -> None:
    result = run("export", "--format", "tmx", "--json", cwd=project)

    assert result.exit_code == 0, result.stderr
    [written] = json.loads(result.stdout)
    assert written == {"path": "build/exchange/memory.tmx", "written": True, "units": 16 + 6 + 91}
    store = tt_tmx.tmxfile.parsefile(str(project / "build/exchange/memory.tmx"))
    assert len(store.units) == 113
    first, last = store.units[0], store.units[-1]
    assert first.source.startswith("Aleppo Hosts the Seventh") and first.target.startswith("حلب تستضيف")
    assert last.source.startswith("ليس في هذا الإعلان") and last.target.startswith("Nothing in this Declaration")
    languages = {
        tuple(node.get("{http://www.w3.org/XML/1998/namespace}lang") for node in unit.getlanguageNodes())
        for unit in store.units
    }
    assert languages == {("en", "ar"), ("ar", "en")}
    catalog = {e.msgid: e.msgstr for e in polib.pofile(str(project / "locale/en/LC_MESSAGES/udhr.po")) if e.msgid}
    assert all(catalog[unit.source] == unit.target for unit in store.units if unit.source in catalog)


def test_xliff_edited_by_translate_toolkit_imports_back(project: Path, run: Run) -> None:
    entries = prepare(project)
    run("export", "--format", "xliff", "-l", "ar", cwd=project)
    store = tt_xliff.xlifffile.parsefile(str(project / XLF))
    fuzzy_unit, empty_unit = store.units[1], store.units[2]
    fuzzy_unit.target = fuzzy_unit.target.replace("السابعة", "السابعة (مراجَعة)")
    fuzzy_unit.markfuzzy(False)  # reviewed in the CAT tool
    empty_unit.target = "انطلقت الجلسة بعيداً عن الصيغة التقليدية للنقاشات."
    empty_unit.markfuzzy(True)  # a draft
    empty_unit.addnote("Draft: check with the editor.", origin="translator")
    store.savefile(str(project / XLF))

    result = run("import", XLF, cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"updated: {ALEPPO_PO} (from {XLF}: 2 applied, 14 unchanged)\n"
    after = {entry.msgid: entry for entry in polib.pofile(str(project / ALEPPO_PO)) if entry.msgid}
    first, second = (after[unit.source] for unit in (fuzzy_unit, empty_unit))
    assert not first.fuzzy and "(مراجَعة)" in first.msgstr and first.previous_msgid is None
    assert second.fuzzy and second.msgstr == "انطلقت الجلسة بعيداً عن الصيغة التقليدية للنقاشات."
    assert second.tcomment == "Draft: check with the editor."
    assert after[list(entries)[3]].tcomment == "Keep «السلم الأهلي», the project's key term."
    assert msgfmt_check(project / ALEPPO_PO) == ""
    again = run("import", XLF, cwd=project)
    assert again.exit_code == 0 and again.stdout == f"unchanged: {ALEPPO_PO} (from {XLF}: 0 applied, 16 unchanged)\n"


def test_notes_without_a_translator_origin_are_imported_too(project: Path, run: Run) -> None:
    """OmegaT writes ``<note>`` with no ``from``; XLIFF lets ``from`` name a person. Both are the translator's;
    the developer and workflow notes export wrote are not copied back into the comment."""
    run("export", "--format", "xliff", "-l", "ar", cwd=project)
    xliff = project / XLF
    text = xliff.read_text("utf-8")
    units = text.split("</trans-unit>")
    units[0] = units[0].replace("</target>", "</target>\n<note>راجع التاريخ مع المحرر.</note>", 1)
    units[1] = units[1].replace("</target>", "</target>\n<note from=\"Rania\">Checked against the video.</note>", 1)
    xliff.write_text("</trans-unit>".join(units), "utf-8")

    result = run("import", XLF, cwd=project)

    assert result.exit_code == 0, result.stderr
    store = tt_xliff.xlifffile.parsefile(str(xliff))
    after = {entry.msgid: entry for entry in polib.pofile(str(project / ALEPPO_PO)) if entry.msgid}
    assert after[store.units[0].source].tcomment == "راجع التاريخ مع المحرر."
    assert after[store.units[1].source].tcomment == "Checked against the video."
    assert all(not entry.tcomment or "Exported from" not in entry.tcomment for entry in after.values())
    assert msgfmt_check(project / ALEPPO_PO) == ""


def test_approving_a_fuzzy_unit_takes_workflows_fuzzy_note_away_for_good(project: Path, run: Run) -> None:
    """The translator note export wrote carries workflow's own notes; importing them back would restore a
    note ``update`` then removes, and the two commands would rewrite the catalog in turn forever."""
    catalog = polib.pofile(str(project / ALEPPO_PO), wrapwidth=79)
    entry = [e for e in catalog if e.msgid][1]
    entry.flags.append("fuzzy")
    entry.tcomment = "Rania: check the date.\nworkflow: fuzzy: 97% memory match from seeds/other.txt:4"
    catalog.save()
    run("export", "--format", "xliff", "-l", "ar", cwd=project)
    xliff = project / XLF
    store = tt_xliff.xlifffile.parsefile(str(xliff))
    unit = next(u for u in store.units if u.source == entry.msgid)
    unit.target = unit.target + " (مراجَع)"
    unit.markfuzzy(False)
    store.savefile(str(xliff))

    assert run("import", XLF, cwd=project).exit_code == 0
    after = next(e for e in polib.pofile(str(project / ALEPPO_PO)) if e.msgid == entry.msgid)
    assert not after.fuzzy and after.tcomment == "Rania: check the date."
    imported = (project / ALEPPO_PO).read_bytes()
    assert run("update", cwd=project).exit_code == 0
    again = run("import", XLF, cwd=project)
    assert again.stdout.startswith(f"unchanged: {ALEPPO_PO}")
    assert (project / ALEPPO_PO).read_bytes() == imported


def test_native_codes_of_another_tools_tmx_are_not_text(project: Path, run: Run, tmp_path: Path) -> None:
    """Trados and others wrap a source's markup in <bpt>/<ept>/<ph>: the sentence is the text around them."""
    tmx = tmp_path / "other.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" datatype="html"'
        ' segtype="sentence" o-tmf="x" adminlang="en" creationtool="x" creationtoolversion="1"/><body>\n'
        '<tu><prop type="x-origin">tm</prop><tuv xml:lang="en-US"><seg>Report <bpt i="1">&lt;b&gt;</bpt>abuse'
        '<ept i="1">&lt;/b&gt;</ept> to the moderators<ph>&lt;br/&gt;</ph> immediately.</seg></tuv>\n'
        '<tuv xml:lang="ar-SY"><seg>أبلغ عن <bpt i="1">&lt;b&gt;</bpt>الإساءة<ept i="1">&lt;/b&gt;</ept>'
        ' إلى المشرفين<ph>&lt;br/&gt;</ph> فوراً.</seg></tuv></tu>\n</body></tmx>\n',
        "utf-8",
    )
    [pair] = read_tmx(tmx.read_bytes(), "other.tmx")
    assert (pair.source, pair.target) == (
        "Report abuse to the moderators immediately.", "أبلغ عن الإساءة إلى المشرفين فوراً."
    )
    assert run("import", str(tmx), cwd=project).exit_code == 0

    result = run("suggest", "Report abuse to the moderators immediately.", cwd=project)

    assert result.exit_code == 0, result.output
    assert "100.0% exact" in result.stdout and "أبلغ عن الإساءة إلى المشرفين فوراً." in result.stdout


def test_exporting_twice_writes_the_same_bytes(project: Path, run: Run) -> None:
    run("export", "--format", "xliff", cwd=project)
    run("export", "--format", "tmx", cwd=project)
    before = {path: path.read_bytes() for path in (project / "build/exchange").iterdir()}

    xliff = run("export", "--format", "xliff", cwd=project)
    tmx = run("export", "--format", "tmx", cwd=project)

    assert xliff.stdout.startswith("unchanged: ") and tmx.stdout.startswith("unchanged: ")
    assert {path: path.read_bytes() for path in (project / "build/exchange").iterdir()} == before
    assert sorted(before) == sorted(
        project / "build/exchange" / name
        for name in (f"{ALEPPO}.ar.xlf", "aleppo-dialogue-follow-up.ar.xlf", "udhr.en.xlf", "memory.tmx")
    )


def test_a_unit_whose_source_changed_since_the_export_is_reported_not_applied(project: Path, run: Run) -> None:
    run("export", "--format", "xliff", "-l", "ar", cwd=project)
    store = tt_xliff.xlifffile.parsefile(str(project / XLF))
    store.units[0].target = "عنوان جديد"
    store.units[4].target = "فقرة منقحة"
    store.savefile(str(project / XLF))
    source = project / f"seeds/{ALEPPO}.txt"
    source.write_text(source.read_text("utf-8").replace("the Seventh Dialogue", "the 7th Dialogue"), "utf-8")
    assert run("update", cwd=project).exit_code == 0
    catalog_before = (project / ALEPPO_PO).read_bytes()
    exported = (project / XLF).read_text("utf-8").split("\n")
    line = next(number for number, text in enumerate(exported, 1) if "<trans-unit" in text)

    result = run("import", XLF, "--json", cwd=project)

    assert result.exit_code == 3
    report = json.loads(result.stdout)
    kinds = [(p["kind"], p["path"], p["line"]) for p in report["problems"]]
    assert kinds == [("source-changed", XLF, line), ("conflict", XLF, kinds[1][2])]
    assert result.stderr.splitlines()[0].startswith(
        f"{XLF}:{line}: error: the source of this unit is no longer in {ALEPPO_PO}"
        " (the report changed since the export)"
    )
    assert (project / ALEPPO_PO).read_bytes() == catalog_before


def test_a_different_reviewed_translation_is_a_conflict_unless_overwrite(project: Path, run: Run) -> None:
    run("export", "--format", "xliff", "-l", "ar", cwd=project)
    store = tt_xliff.xlifffile.parsefile(str(project / XLF))
    old = store.units[3].target
    store.units[3].target = "السلم الأهلي: مسار تراكمي وليس مجرد استراتيجية"
    store.savefile(str(project / XLF))

    refused = run("import", XLF, cwd=project)
    applied = run("import", "--overwrite", XLF, cwd=project)

    assert refused.exit_code == 3
    assert (
        "differs from the reviewed translation in" in refused.stderr
        and "(pass --overwrite to replace it) [conflict]" in refused.stderr
    )
    assert applied.exit_code == 0, applied.stderr
    entry = [e for e in polib.pofile(str(project / ALEPPO_PO)) if e.msgid == store.units[3].source][0]
    assert entry.msgstr == "السلم الأهلي: مسار تراكمي وليس مجرد استراتيجية" and not entry.fuzzy
    assert " ".join(line.strip() for line in entry.tcomment.split("\n")) == (
        f"workflow: replaced: translation before the import of {XLF}: {old}"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "laughs.xlf",
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<xliff>&b;</xliff>',
            "laughs.xlf:2: error: the file declares XML entities, which are refused",
        ),
        (
            "xxe.xlf",
            '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xliff>&e;</xliff>',
            "xxe.xlf:3: error: the file declares XML entities, which are refused",
        ),
        (
            "broken.xlf",
            '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n',
            "broken.xlf:4: error: not well-formed XML: mismatched tag",
        ),
        (
            "other.xlf",
            '<?xml version="1.0"?>\n<html/>',
            "other.xlf:2: error: not an XLIFF 1.2 file: the root element is <html>",
        ),
    ],
)
def test_malicious_or_broken_xml_is_refused(project: Path, run: Run, name: str, content: str, message: str) -> None:
    (project / name).write_text(content, "utf-8")
    before = (project / ALEPPO_PO).read_bytes()

    result = run("import", name, cwd=project)

    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert (project / ALEPPO_PO).read_bytes() == before


def test_markup_quotes_and_bidi_marks_travel_unchanged(tmp_path: Path, run: Run) -> None:
    (tmp_path / "notes.md").write_text('# A & B <br> "C"\n\nCall **5 < 6** & ‘x’ now.\n', "utf-8")
    assert run("update", "-l", "ar", "notes.md", cwd=tmp_path).exit_code == 0
    po = tmp_path / "locale/ar/LC_MESSAGES/notes.po"
    catalog = polib.pofile(str(po), wrapwidth=79)
    translations = ['أ & ب <br> "ج"', "اتصل **5 < 6** & ‘x’ عبر \u2066WhatsApp\u2069 الآن\u200f."]
    for entry, text in zip((e for e in catalog if e.msgid), translations):
        entry.msgstr = text
    catalog.save()
    before = po.read_bytes()

    assert run("export", "--format", "xliff", "notes.md", cwd=tmp_path).exit_code == 0
    xlf = tmp_path / "build/exchange/notes.ar.xlf"
    store = tt_xliff.xlifffile.parsefile(str(xlf))
    assert [unit.target for unit in store.units] == translations
    assert [unit.source for unit in store.units] == ['A & B <br> "C"', "Call **5 < 6** & ‘x’ now."]
    assert "&amp; B &lt;br&gt;" in xlf.read_text("utf-8")
    result = run("import", "build/exchange/notes.ar.xlf", cwd=tmp_path)
    assert result.exit_code == 0 and po.read_bytes() == before


def test_a_tmx_file_is_kept_in_the_memory_and_answers_suggest(project: Path, run: Run, tmp_path: Path) -> None:
    partner = tmp_path / "partner.tmx"
    partner.write_bytes(write_tmx([TmxUnit("en", "ar_SY", "The water network of Aleppo", "شبكة مياه حلب")]))

    imported = run("import", str(partner), cwd=project)
    suggested = run("suggest", "--json", "-l", "ar", "The water network of Aleppo", cwd=project)

    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.startswith("updated: locale/memory/partner.tmx (from ")
    assert (project / "locale/memory/partner.tmx").read_bytes() == partner.read_bytes()
    [match] = json.loads(suggested.stdout)[0]["matches"]
    assert match["exact"] and match["target"] == "شبكة مياه حلب" and match["file"] == "locale/memory/partner.tmx"
    partner.write_bytes(write_tmx([TmxUnit("en", "ar", "Water", "مياه")]))
    again = run("import", str(partner), cwd=project)
    assert again.exit_code == 3 and "a different locale/memory/partner.tmx is already imported" in again.stderr


def test_tmx_round_trip_through_our_writer_and_reader() -> None:
    units = [
        TmxUnit("en", "ar", "A & <b>", "أ & <ب>", (("x-origin", "seeds/a.txt:3"),)),
        TmxUnit("ar", "en", "نص", "Text"),
    ]

    pairs = read_tmx(write_tmx(units), "memory.tmx")

    assert [(p.source_language, p.target_language, p.source, p.target, p.props) for p in pairs] == [
        ("en", "ar", "A & <b>", "أ & <ب>", (("x-origin", "seeds/a.txt:3"),)),
        ("ar", "en", "نص", "Text", ()),
    ]
    assert [p.line for p in pairs] == [5, 14]
