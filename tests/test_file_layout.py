"""A catalog keeps its file's layout wherever its content did not change.

Poedit, msgmerge and Weblate break long strings into lines differently from polib. Rewrapping every entry
of such a catalog on each update would bury a translator's one-line change in a diff of the whole file,
and the next save in Poedit would wrap it all back. GNU msgcat lays the catalogs out here as gettext does.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from conftest import DATA, REPO, Run

from workflow.catalog import file_layout, parse_catalog, render_catalog

DJANGO = DATA / "thirdparty" / "django"


def msgcat(path: Path, *options: str) -> str:
    """The catalog as GNU gettext writes it."""
    result = subprocess.run(["msgcat", *options, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rendered(text: str) -> str:
    catalog = parse_catalog(text, "x.po")
    return render_catalog(catalog, file_layout(catalog)).decode("utf-8")


def blocks(text: str) -> list[str]:
    """The header and the entries of a catalog's text, each as it is written."""
    return text.strip("\n").split("\n\n")


@pytest.mark.parametrize("path", sorted(DJANGO.rglob("*.po")) + sorted((REPO / "locale").rglob("*.po")),
                         ids=lambda path: path.relative_to(REPO).as_posix())
@pytest.mark.parametrize("options", [(), ("--width=40",), ("--width=100",), ("--no-wrap",)], ids=" ".join)
def test_catalogs_laid_out_by_gettext_render_unchanged(path: Path, options: tuple[str, ...]) -> None:
    text = msgcat(path, *options)
    assert rendered(text) == text


def test_a_file_counts_as_unwrapped_only_when_no_string_was_wrapped(tmp_path: Path) -> None:
    """A long unbreakable string alone (a URL) below an empty first line is the mark of a wrapping tool."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="See https://example.org/" + "a-very-long-path/" * 6, msgstr="انظر"))
    catalog.append(polib.POEntry(msgid="Short.", msgstr="قصير."))
    path = tmp_path / "catalog.po"
    catalog.save(str(path))
    for options, unwrapped in [((), False), (("--no-wrap",), True)]:
        read = parse_catalog(msgcat(path, *options), "x.po")
        assert file_layout(read).unwrapped(79) is unwrapped, options  # type: ignore[union-attr]
    catalog.append(polib.POEntry(msgid="A sentence long enough to be cut by a tool that wraps at the width of 79.",
                                 msgstr=""))
    catalog.save(str(path))
    assert file_layout(parse_catalog(msgcat(path), "x.po")).unwrapped(79) is False  # type: ignore[union-attr]
    assert file_layout(parse_catalog(msgcat(path, "--no-wrap"), "x.po")).unwrapped(79) is True  # type: ignore[union-attr]


def test_without_its_layout_a_catalog_renders_as_polib_does() -> None:
    text = msgcat(DJANGO / "conf" / "ar" / "LC_MESSAGES" / "django.po")
    catalog = parse_catalog(text, "x.po")
    assert render_catalog(catalog).decode("utf-8") != text  # gettext and polib do wrap differently here
    catalog.wrapwidth = 79
    assert render_catalog(catalog).decode("utf-8") == catalog.__unicode__()


# Arabic and English words, marks and spaces that wrap differently: NBSP, bidi marks, quotes, backslashes,
# hyphens, Arabic-Indic digits, a word longer than a line.
WORDS = st.sampled_from([
    "the", "report", "Aleppo", "السلم", "الأهلي", "حلب", "well-known", "—", "«نص»", "\u200f", "\u00a0", "٢٠٢٥",
    '"quoted"', "back\\slash", "tab\there", "e.g.", "https://example.org/a-very-long-path-that-never-breaks",
    "ب" * 45, "",
])
TEXTS = st.one_of(
    st.lists(WORDS, min_size=1, max_size=50).map(" ".join),
    st.lists(st.lists(WORDS, min_size=1, max_size=20).map(" ".join), min_size=2, max_size=4).map("\n".join),
)


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar",
                        "Plural-Forms": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : "
                                        "n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5);"}
    for number, msgid in enumerate(draw(st.lists(TEXTS.filter(str.strip), min_size=1, max_size=6, unique=True))):
        entry = polib.POEntry(msgid=msgid, msgstr=draw(TEXTS), msgctxt=draw(st.none() | TEXTS),
                              occurrences=[("reports/r.md", str(number + 1))], obsolete=draw(st.booleans()))
        if draw(st.booleans()):
            entry.flags = ["fuzzy"]
            entry.previous_msgid = draw(TEXTS)
        if not entry.obsolete and draw(st.booleans()):
            entry.msgid_plural, entry.msgstr = draw(TEXTS.filter(str.strip)), ""
            entry.msgstr_plural = {index: draw(TEXTS) for index in range(6)}
        catalog.append(entry)
    return catalog


@given(catalogs(), st.sampled_from([30, 60, 79, 120]), st.booleans())
def test_generated_catalogs_laid_out_by_gettext_render_unchanged(
    tmp_path_factory: pytest.TempPathFactory, catalog: polib.POFile, width: int, bare: bool
) -> None:
    """``bare``: no comment above the header entry, where polib would write a lone ``#``."""
    path = tmp_path_factory.mktemp("generated") / "catalog.po"
    catalog.save(str(path))
    if bare:
        path.write_text(path.read_text("utf-8").removeprefix("#\n"), "utf-8")
    text = msgcat(path, f"--width={width}")
    assert rendered(text) == text


@pytest.mark.parametrize("options", [(), ("--no-wrap",)], ids=["wrapped", "unwrapped"])
def test_update_changes_only_the_edited_entry_of_a_catalog_saved_by_gettext(
    project: Path, run: Run, options: tuple[str, ...]
) -> None:
    """A translator saved the catalog in a gettext tool (wrapping long lines or not); an editor then
    changes one paragraph."""
    path = project / "locale" / "ar" / "LC_MESSAGES" / "aleppo-civil-peace-dialogue.po"
    path.write_text(msgcat(path, *options), "utf-8")
    saved = path.read_text("utf-8")
    assert run("update", cwd=project).exit_code == 0
    assert path.read_text("utf-8") == saved  # nothing changed, nothing written

    report = project / "seeds" / "aleppo-civil-peace-dialogue.txt"
    report.write_text(report.read_text("utf-8").replace("collective reflection", "shared reflection", 1), "utf-8")
    assert run("update", cwd=project).exit_code == 0
    now = path.read_text("utf-8")
    assert now != saved
    old_header, *old_entries = blocks(saved)
    new_header, *new_entries = blocks(now)
    assert _undated(new_header) == _undated(old_header)
    untouched = [entry for entry in old_entries if "collective reflection" not in entry]
    assert len(untouched) == len(old_entries) - 1
    assert [entry for entry in untouched if entry not in new_entries] == []
    edited = [entry for entry in new_entries if "shared reflection" in entry]
    assert len(edited) == 1 and "#, fuzzy" in edited[0]
    if options == ("--no-wrap",):  # the new strings are left unwrapped too, as the file has its own
        assert now == msgcat(path, "--no-wrap")


def _undated(header: str) -> str:
    return "\n".join(line for line in header.split("\n") if not line.startswith('"POT-Creation-Date:'))


def test_merge_writes_unchanged_entries_as_msgmerge_does(tmp_path: Path, run: Run) -> None:
    """Old translations laid out by gettext, a new template with one changed string: every entry msgmerge
    leaves as it was, ``workflow merge`` writes byte for byte as msgmerge does."""
    old = tmp_path / "ar.po"
    old.write_text(msgcat(DJANGO / "conf" / "ar" / "LC_MESSAGES" / "django.po"), "utf-8")
    template = polib.pofile(str(old))
    template.metadata["Language"] = ""
    changed = next(entry for entry in template if entry.msgstr and len(entry.msgid) > 80)
    changed.msgid += " Now."
    for entry in template:
        entry.msgstr, entry.flags = "", [flag for flag in entry.flags if flag != "fuzzy"]
        entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
    template.save(str(tmp_path / "django.pot"))

    result = run("merge", "--previous", "-o", str(tmp_path / "ours.po"), str(old), str(tmp_path / "django.pot"),
                 cwd=tmp_path)
    assert result.exit_code == 0, result.output
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"), str(old),
                    str(tmp_path / "django.pot")], check=True)
    before = blocks(old.read_text("utf-8"))[1:]
    gnu = blocks((tmp_path / "gnu.po").read_text("utf-8"))[1:]
    ours = blocks((tmp_path / "ours.po").read_text("utf-8"))[1:]
    kept = [entry for entry in gnu if entry in before]
    assert len(kept) >= len(before) - 2
    assert [entry for entry in kept if entry not in ours] == []
    assert len(ours) == len(gnu)


@pytest.mark.parametrize("name", ["admin/ar/LC_MESSAGES/django.po", "admin/ar/LC_MESSAGES/djangojs.po",
                                  "conf/ar/LC_MESSAGES/django.po"])
@pytest.mark.parametrize(("laid_out", "options"), [((), ("--no-wrap",)), (("--no-wrap",), ())],
                         ids=["with --no-wrap", "from an unwrapped catalog"])
def test_merge_without_wrapping_writes_what_msgmerge_no_wrap_writes(
    tmp_path: Path, run: Run, name: str, laid_out: tuple[str, ...], options: tuple[str, ...]
) -> None:
    """With --no-wrap no layout is kept or made: the bytes are msgmerge's, header order included. A
    catalog whose file wraps no line gets its new strings unwrapped as well: the same entries."""
    old = tmp_path / "ar.po"
    old.write_text(msgcat(DJANGO / name, *laid_out), "utf-8")
    template = polib.pofile(str(old))
    for number, entry in enumerate(template):
        entry.msgstr, entry.flags = "", [flag for flag in entry.flags if flag != "fuzzy"]
        entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        if number % 10 == 3:
            entry.msgid += " Now."
    template.save(str(tmp_path / "ref.pot"))

    result = run("merge", *options, "--previous", "-o", "ours.po", "ar.po", "ref.pot", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    subprocess.run(["msgmerge", "--quiet", "--no-wrap", "--previous", "-o", str(tmp_path / "gnu.po"), str(old),
                    str(tmp_path / "ref.pot")], check=True)
    ours, gnu = (tmp_path / "ours.po").read_text("utf-8"), (tmp_path / "gnu.po").read_text("utf-8")
    if options:
        assert ours == gnu
    else:  # the file's header order is kept, where msgmerge moves Language
        assert blocks(ours)[1:] == blocks(gnu)[1:]


def test_merge_at_a_width_lays_every_string_out_as_polib_does_at_that_width(tmp_path: Path, run: Run) -> None:
    old = tmp_path / "ar.po"
    old.write_text(msgcat(DJANGO / "conf" / "ar" / "LC_MESSAGES" / "django.po"), "utf-8")
    template = polib.pofile(str(old))
    for entry in template:
        entry.msgstr, entry.msgstr_plural = "", {index: "" for index in entry.msgstr_plural}
    template.save(str(tmp_path / "ref.pot"))

    result = run("merge", "-w", "60", "-o", "ours.po", "ar.po", "ref.pot", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    ours = (tmp_path / "ours.po").read_text("utf-8")
    expected = polib.pofile(ours)
    expected.wrapwidth = 60
    assert ours == expected.__unicode__().rstrip("\n") + "\n"
    assert max(len(line) for line in ours.splitlines() if line.startswith('"')) > 60 - 10
    assert ours != msgcat(tmp_path / "ours.po", "--width=79")
