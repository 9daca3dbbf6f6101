"""Our merge against GNU ``msgmerge --previous`` on the same old catalog and new template.

Both outputs are read back and compared as sets: translated entries and their msgstr, fuzzy entries with
msgstr and previous msgid, untranslated entries, obsolete entries, dropped entries. The only differences
allowed are the deliberate ones, each pinned by its own test: an untranslated entry with a translator
comment is kept as obsolete, and translator flags survive.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import ARABIC_HEADER, DATA, Run, catalog_and_template, msgfmt_check

from workflow.catalog import parse_catalog, render_catalog
from workflow.merge import merge_catalog

CASES = DATA / "catalogs"


Key = tuple[str | None, str]


@dataclass
class Outcome:
    """A merged catalog reduced to what the comparison is about."""

    active: list[Key]
    translated: dict[Key, str]
    fuzzy: dict[Key, tuple[str, str | None]]
    untranslated: set[Key]
    obsolete: dict[Key, tuple[str, bool, str | None]]
    comments: dict[Key, str]

    @classmethod
    def of(cls, catalog: polib.POFile) -> Outcome:
        outcome = cls([], {}, {}, set(), {}, {})
        for entry in catalog:
            key = (entry.msgctxt, entry.msgid)
            if entry.tcomment:
                outcome.comments[key] = entry.tcomment
            if entry.obsolete:
                outcome.obsolete[key] = (entry.msgstr, entry.fuzzy, entry.previous_msgid)
                continue
            outcome.active.append(key)
            if not entry.msgstr:
                outcome.untranslated.add(key)
            elif entry.fuzzy:
                outcome.fuzzy[key] = (entry.msgstr, entry.previous_msgid)
            else:
                outcome.translated[key] = entry.msgstr
        return outcome

    def dropped(self, old: polib.POFile) -> set[Key]:
        kept = set(self.active) | set(self.obsolete)
        keys: set[Key] = {(entry.msgctxt, entry.msgid) for entry in old}
        return keys - kept


def gnu_merge(old: Path, template: Path, folder: Path) -> polib.POFile:
    """GNU msgmerge's result, read with our reader (which also keeps ``#~|`` lines)."""
    output = folder / "msgmerge.po"
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", str(output), str(old), str(template)], check=True
    )
    return parse_catalog(output.read_text("utf-8"), output.name)


def our_merge(old: Path, template: Path, folder: Path) -> polib.POFile:
    """Our result, written and read back as ``workflow update`` would."""
    merged = merge_catalog(
        parse_catalog(old.read_text("utf-8"), old.name), parse_catalog(template.read_text("utf-8"), template.name)
    )
    output = folder / "ours.po"
    output.write_bytes(render_catalog(merged))
    return parse_catalog(output.read_text("utf-8"), output.name)


def merge_both(tmp_path: Path, old_text: str, template_text: str) -> tuple[Outcome, Outcome, polib.POFile]:
    old, template = catalog_and_template(tmp_path, old_text, template_text)
    ours = our_merge(old, template, tmp_path)
    return Outcome.of(gnu_merge(old, template, tmp_path)), Outcome.of(ours), ours


def commented_untranslated(old: polib.POFile) -> set[Key]:
    return {(e.msgctxt, e.msgid) for e in old if not e.msgstr and e.tcomment}


@pytest.mark.parametrize("case", ["aleppo", "udhr"])
def test_merge_keeps_fuzzies_and_obsoletes_the_same_entries_as_msgmerge(case: str, tmp_path: Path) -> None:
    old_path, template_path = CASES / case / "old.po", CASES / case / "new.pot"
    old = parse_catalog(old_path.read_text("utf-8"), "old.po")

    gnu = Outcome.of(gnu_merge(old_path, template_path, tmp_path))
    ours = Outcome.of(our_merge(old_path, template_path, tmp_path))

    assert ours.active == gnu.active
    assert ours.translated == gnu.translated
    assert ours.fuzzy == gnu.fuzzy
    assert ours.untranslated == gnu.untranslated
    kept_for_their_comment = {key: ("", False, None) for key in commented_untranslated(old) if key not in gnu.active}
    assert ours.obsolete == {**gnu.obsolete, **kept_for_their_comment}
    assert ours.dropped(old) == gnu.dropped(old) - set(kept_for_their_comment)
    assert ours.comments == {**gnu.comments, **{key: old_comment(old, key) for key in kept_for_their_comment}}
    # The fixture exercises every outcome, so none of the comparisons above is vacuous.
    assert min(len(gnu.translated), len(gnu.fuzzy), len(gnu.untranslated), len(gnu.obsolete)) >= 3
    assert gnu.dropped(old) and kept_for_their_comment


def old_comment(old: polib.POFile, key: Key) -> str:
    return next(entry.tcomment for entry in old if (entry.msgctxt, entry.msgid) == key)


def test_fixture_edits_cover_the_cases_that_matter() -> None:
    """What the two fixture pairs contain, so a regenerated fixture cannot silently lose a case."""
    aleppo = (CASES / "aleppo/old.po").read_text("utf-8")
    udhr = (CASES / "udhr/new.pot").read_text("utf-8")
    assert aleppo.count("#, fuzzy") == 3 and aleppo.count("#~ msgid") == 5 and "#~| msgid" in aleppo
    # Renumbered Arabic heading, diacritics and hamza fixed, a duplicated list item:
    assert 'msgid "المادة 31"' in udhr and "لما كان الاعتراف" in udhr and "ضمان اطراد" in udhr
    assert "#: seeds/udhr.ar.md:88 seeds/udhr.ar.md:91" in udhr


def test_similarity_counts_utf8_bytes_like_gettext_fstrcmp(tmp_path: Path) -> None:
    """gettext compares bytes: Arabic letters share their lead byte, so Arabic strings look more alike.

    These two are 59% alike by characters but 66% by bytes: msgmerge proposes the old translation.
    """
    gnu, ours, _ = merge_both(
        tmp_path,
        'msgid "لكل شخص الحق في حرية الاشتراك في الجمعيات والجماعات السلمية."\n'
        'msgstr "Everyone has the right to freedom of peaceful assembly and association."\n',
        'msgid "لكل شخص الحق في بيئة نظيفة وصحية ومستدامة."\nmsgstr ""\n',
    )

    assert ours == gnu
    assert ours.fuzzy == {
        (None, "لكل شخص الحق في بيئة نظيفة وصحية ومستدامة."): (
            "Everyone has the right to freedom of peaceful assembly and association.",
            "لكل شخص الحق في حرية الاشتراك في الجمعيات والجماعات السلمية.",
        )
    }


def test_no_fuzzy_match_without_a_common_four_character_run(tmp_path: Path) -> None:
    """msgmerge only considers old strings sharing a 4-gram: "Stap 1" is 83% like "Step 1" but shares none."""
    gnu, ours, _ = merge_both(
        tmp_path,
        'msgid "Step 1"\nmsgstr "الخطوة 1"\n\nmsgid "Article 3"\nmsgstr "المادة 3"\n',
        'msgid "Stap 1"\nmsgstr ""\n\nmsgid "Article 4"\nmsgstr ""\n',
    )

    assert ours == gnu
    assert ours.untranslated == {(None, "Stap 1")}
    assert ours.fuzzy == {(None, "Article 4"): ("المادة 3", "Article 3")}
    assert set(ours.obsolete) == {(None, "Step 1")}


def test_equal_scores_go_to_the_candidate_sharing_more_four_grams(tmp_path: Path) -> None:
    """"Article 31" is 90% like both; "Article 30" shares the 4-gram "le 3" too, so it wins though it comes later."""
    gnu, ours, _ = merge_both(
        tmp_path,
        'msgid "Article 13"\nmsgstr "المادة 13"\n\nmsgid "Article 30"\nmsgstr "المادة 30"\n',
        'msgid "Article 31"\nmsgstr ""\n',
    )

    assert ours == gnu
    assert ours.fuzzy == {(None, "Article 31"): ("المادة 30", "Article 30")}


def test_threshold_is_sixty_percent_inclusive(tmp_path: Path) -> None:
    """Exactly 60% similar is proposed (msgmerge adds a tiny bonus to same-context candidates); 59.6% is not."""
    gnu, ours, _ = merge_both(
        tmp_path,
        'msgid "Water and bread for all the people."\nmsgstr "الماء والخبز للناس جميعاً."\n\n'
        'msgid "Roads and clinics for all of the people!"\nmsgstr "الطرق والمستوصفات للناس جميعاً!"\n',
        'msgid "Water and bread"\nmsgstr ""\n\nmsgid "Roads and clinics"\nmsgstr ""\n',
    )

    assert ours == gnu
    assert set(ours.fuzzy) == {(None, "Water and bread")}
    assert ours.untranslated == {(None, "Roads and clinics")}


def test_a_fuzzy_match_on_a_fuzzy_entry_keeps_the_msgid_its_translation_was_made_for(tmp_path: Path) -> None:
    gnu, ours, merged = merge_both(
        tmp_path,
        '#, fuzzy\n#| msgid "The council met on Sunday."\nmsgid "The council met on Monday."\nmsgstr "اجتمع المجلس يوم الأحد."\n\n'
        '#, fuzzy\nmsgid "The pumps were repaired in May."\nmsgstr "أُصلحت المضخات في أيار."\n',
        'msgid "The council met on Monday morning."\nmsgstr ""\n\n'
        'msgid "The pumps were repaired in June."\nmsgstr ""\n',
    )

    assert ours == gnu
    assert ours.fuzzy == {
        (None, "The council met on Monday morning."): ("اجتمع المجلس يوم الأحد.", "The council met on Sunday."),
        (None, "The pumps were repaired in June."): ("أُصلحت المضخات في أيار.", None),
    }
    assert "msgid_plural" not in render_catalog(merged).decode("utf-8")


def test_exact_matches_keep_their_state_and_obsolete_entries_return(tmp_path: Path) -> None:
    gnu, ours, merged = merge_both(
        tmp_path,
        '#, fuzzy\n#| msgid "Old wording of the title"\nmsgid "Water in Aleppo"\nmsgstr "المياه في حلب"\n\n'
        '#, fuzzy\n#| msgid "Never translated before"\nmsgid "Still untranslated"\nmsgstr ""\n\n'
        '#~ msgid "Returning paragraph."\n#~ msgstr "فقرة عائدة."\n\n'
        '#, fuzzy\n#~| msgid "A returning fuzzy paragraph, first wording."\n'
        '#~ msgid "A returning fuzzy paragraph."\n#~ msgstr "فقرة ضبابية عائدة."\n\n'
        '#~ msgid "Untranslated and obsolete."\n#~ msgstr ""\n\n'
        '#, fuzzy\n#~| msgid "Stays obsolete, first wording."\n#~ msgid "Stays obsolete."\n#~ msgstr "تبقى مهملة."\n',
        'msgid "Water in Aleppo"\nmsgstr ""\n\nmsgid "Still untranslated"\nmsgstr ""\n\n'
        'msgid "Returning paragraph."\nmsgstr ""\n\nmsgid "A returning fuzzy paragraph."\nmsgstr ""\n',
    )

    assert ours == gnu
    assert ours.translated == {(None, "Returning paragraph."): "فقرة عائدة."}
    assert ours.fuzzy == {
        (None, "Water in Aleppo"): ("المياه في حلب", "Old wording of the title"),
        (None, "A returning fuzzy paragraph."): ("فقرة ضبابية عائدة.", "A returning fuzzy paragraph, first wording."),
    }
    assert ours.untranslated == {(None, "Still untranslated")}
    assert ours.obsolete == {(None, "Stays obsolete."): ("تبقى مهملة.", True, "Stays obsolete, first wording.")}
    text = render_catalog(merged).decode("utf-8")
    assert '#, fuzzy\n#~| msgid "Stays obsolete, first wording."\n#~ msgid "Stays obsolete."' in text


def test_deliberate_difference_an_untranslated_entry_with_a_comment_is_kept_as_obsolete(tmp_path: Path) -> None:
    gnu, ours, _ = merge_both(
        tmp_path,
        '# Ask the editors which committee is meant.\nmsgid "The committee will report in spring."\nmsgstr ""\n\n'
        'msgid "Nobody looked at this one."\nmsgstr ""\n\n'
        '# Still to check.\n#~ msgid "An obsolete one with a note."\n#~ msgstr ""\n',
        'msgid "Residents asked for a timetable."\nmsgstr ""\n',
    )

    assert gnu.obsolete == {}
    assert ours.obsolete == {
        (None, "The committee will report in spring."): ("", False, None),
        (None, "An obsolete one with a note."): ("", False, None),
    }
    assert ours.comments == {
        (None, "The committee will report in spring."): "Ask the editors which committee is meant.",
        (None, "An obsolete one with a note."): "Still to check.",
    }
    assert (ours.active, ours.untranslated) == (gnu.active, gnu.untranslated)


def test_deliberate_difference_translator_flags_survive(tmp_path: Path) -> None:
    """msgmerge drops a flag gettext does not know (a translator's or a CAT tool's, such as Weblate's
    ``ignore-same``); we keep it. The flags gettext knows (formats, ``range:``, ``no-wrap``) come from the
    template, as msgmerge takes them."""
    _, _, merged = merge_both(
        tmp_path,
        '#, ignore-same, no-wrap\nmsgid "Table of water prices"\nmsgstr "جدول أسعار المياه"\n\n'
        '#, fuzzy, ignore-same\n#| msgid "Price per barrel"\nmsgid "Price per tank"\nmsgstr "السعر للبرميل"\n',
        'msgid "Table of water prices"\nmsgstr ""\n\nmsgid "Price per tank, in pounds"\nmsgstr ""\n',
    )
    gnu = polib.pofile(str(tmp_path / "msgmerge.po"))

    assert [entry.flags for entry in merged] == [["ignore-same"], ["fuzzy", "ignore-same"]]
    assert [entry.flags for entry in gnu] == [[], ["fuzzy"]]


def test_update_on_a_project_matches_msgmerge(project: Path, run: Run, tmp_path: Path) -> None:
    """End to end: edit the Arabic UDHR source, ``workflow update``, and msgmerge the old catalog with the new POT."""
    po = project / "locale/en/LC_MESSAGES/udhr.po"
    old = tmp_path / "before.po"
    shutil.copy(po, old)
    source = project / "seeds/udhr.ar.md"
    text = source.read_text("utf-8")
    article_29 = text[text.index("## المادة 29") : text.index("## المادة 30")]
    text = text.replace(article_29, "").replace("لمّا كان", "لما كان").replace("ضمان إطراد", "ضمان اطراد")
    source.write_text(text + "\n## المادة 31\n\nلكل شخص الحق في بيئة نظيفة وصحية ومستدامة.\n", "utf-8")

    result = run("update", "seeds/udhr.ar.md", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "updated: locale/udhr.pot\nupdated: locale/en/LC_MESSAGES/udhr.po\n"
    gnu = Outcome.of(gnu_merge(old, project / "locale/udhr.pot", tmp_path))
    merged = parse_catalog(po.read_text("utf-8"), "udhr.po")
    ours = Outcome.of(merged)
    # Deliberate difference (workflow/refine.py): a reviewed translation is carried over a spelling-only
    # edit (flag "review", not fuzzy), and a changed number is patched; msgmerge leaves both fuzzy. A
    # reviewed entry they came from that left the report stays, obsolete, so no translation is lost.
    carried = {(e.msgctxt, e.msgid) for e in merged if "review" in e.flags}
    patched = {(e.msgctxt, e.msgid) for e in merged if e.fuzzy and "workflow: fuzzy: numbers" in e.tcomment}
    assert {key[1][:8] for key in carried} == {"لما كان ", "ولما كان"} and len(patched) == 1
    for key in carried:
        msgstr, previous = gnu.fuzzy.pop(key)
        assert ours.translated.pop(key) == msgstr and ours.obsolete.pop((None, previous)) == (msgstr, False, None)
        del ours.comments[key]
    for key in patched:
        assert ours.fuzzy.pop(key) == ("Article 31", "المادة 3") and gnu.fuzzy.pop(key) == ("Article 3", "المادة 3")
        assert ours.translated[(None, "المادة 3")] == "Article 3"  # still in the report: nothing to retire
        del ours.comments[key]
    assert ours == gnu
    assert len(ours.fuzzy) == 1 and len(ours.obsolete) == 4
    assert msgfmt_check(po) == ""


def _pool() -> list[str]:
    """Real prose, both scripts: the msgids and msgstrs of the two fixture catalogs."""
    texts: list[str] = []
    for case in ("aleppo", "udhr"):
        for entry in parse_catalog((CASES / case / "old.po").read_text("utf-8"), "old.po"):
            texts += [text for text in (entry.msgid, entry.msgstr) if text]
    return texts


POOL = _pool()


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """A reviser's edit: words deleted, inserted, truncated, or the paragraph cut short."""
    words = text.split()
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(words) - 1))
        change = draw(st.sampled_from(["delete", "insert", "typo", "cut"]))
        if change == "delete" and len(words) > 1:
            del words[position]
        elif change == "insert":
            words.insert(position, draw(st.sampled_from(draw(st.sampled_from(POOL)).split())))
        elif change == "typo" and len(words[position]) > 1:
            words[position] = words[position][:-1]
        elif change == "cut":
            words = words[: max(1, len(words) // 2)]
    return " ".join(words)


headings = st.builds(lambda word, number: f"{word} {number}", st.sampled_from(["المادة", "Article", "Step"]), st.integers(1, 40))


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[str, str]:
    """An old catalog (translated, untranslated, fuzzy, obsolete entries) and a template made by editing its source."""
    texts = list(dict.fromkeys(draw(st.lists(st.sampled_from(POOL) | headings, min_size=1, max_size=14))))
    old, new = [], []
    for text in texts:
        state = draw(st.sampled_from(["translated", "untranslated", "fuzzy", "fuzzy-previous"]))
        lines = []
        if state.startswith("fuzzy"):
            lines.append("#, fuzzy")
        if state == "fuzzy-previous":
            lines.append(f"#| msgid {_quote(draw(edited(text)))}")
        lines += [f"msgid {_quote(text)}", f"msgstr {_quote('' if state == 'untranslated' else 'T: ' + text[:30])}"]
        if draw(st.integers(0, 3)) == 0:  # obsolete: "#~ msgid", "#~| msgid"
            lines = [f"#~ {line}" if line.startswith("msg") else line.replace("#|", "#~|") for line in lines]
        old.append("\n".join(lines))
        fate = draw(st.sampled_from(["same", "edited", "edited", "gone", "heading"]))
        if fate != "gone":
            new.append(text if fate == "same" else draw(edited(text)) if fate == "edited" else draw(headings))
    template = [f"msgid {_quote(text)}\nmsgstr \"\"" for text in dict.fromkeys(new)]
    return "\n\n".join(old) + "\n", "\n\n".join(template) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(max_examples=40, deadline=None)
@given(catalogs())
def test_random_edits_merge_exactly_like_msgmerge(pair: tuple[str, str]) -> None:
    """Without translator comments (our one deliberate difference in entries), every entry equals msgmerge's."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        old, template = folder / "old.po", folder / "new.pot"
        old.write_text(ARABIC_HEADER + pair[0], "utf-8")
        template.write_text(ARABIC_HEADER + pair[1], "utf-8")

        def entries(catalog: polib.POFile) -> list[tuple[str, str, bool, bool, str | None]]:
            return [(e.msgid, e.msgstr, e.fuzzy, e.obsolete, e.previous_msgid) for e in catalog]

        assert entries(our_merge(old, template, folder)) == entries(gnu_merge(old, template, folder))
