"""Terminology: the project glossary enforced in both directions, matching Arabic through clitics and
English through inflection; the glossary file's errors; and where the sample uses each term."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, REPO, Run
from workflow.checks import termmatch, terminology
from workflow.checks.base import Catalog, Entry, Settings, run_checks
from workflow.checks.glossary_report import glossary_usage
from workflow.checks.loader import load_catalog_view, load_settings
from workflow.checks.terminology import (
    Glossary,
    english_forms,
    find_term,
    load_glossary,
    normalize,
    parse_glossary,
    term_pattern,
)
from workflow.errors import ConfigError

GLOSSARY = """\
en,ar,forbidden,note,keep
civil peace,السلم الأهلي,السلام المدني,key term,
transitional justice,العدالة الانتقالية,,,
citizenship,المواطنة,,,
human rights defenders,المدافعون عن حقوق الإنسان,,,
human rights,حقوق الإنسان,rights of man,,
grievances,المظالم|المظلمة,,,
the crisis,الأزمة,الأحداث,a euphemism is forbidden,
the war,الحرب,الحرب الأهلية,,
dignity,الكرامة,,,
degrading,الحاطة بالكرامة,,UDHR art. 5,
to mediate,يتوسط,,,
WhatsApp,,واتساب|واتس اب,brand,yes
"""
SAMPLE_GLOSSARY = REPO / "locale" / "glossary.csv"
AR_PO = "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po"
EN_PO = "locale/en/LC_MESSAGES/udhr.po"


def findings(
    source: str,
    target: str,
    *,
    source_language: str = "en",
    target_language: str = "ar",
    glossary: str | None = GLOSSARY,
    disabled: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Check id -> message for one entry, through the real run_checks."""
    settings = Settings(glossary=parse_glossary(glossary, "glossary.csv") if glossary else None, disabled=disabled)
    entry = Entry(msgid=source, msgstr=target, line=7)
    catalog = Catalog("x.po", target_language, source_language, (entry,))
    return {problem.kind: problem.message for problem in run_checks(catalog, settings, terminology.CHECKS)}


def english(source: str, target: str, glossary: str | None = GLOSSARY) -> dict[str, str]:
    """Findings for an English translation of an Arabic source."""
    return findings(source, target, source_language="ar", target_language="en", glossary=glossary)


def matches(term: str, text: str, *, loose: bool = False, keep: bool = False) -> list[str]:
    return find_term(term_pattern([term], loose=loose, keep=keep), text)


# --- normalisation and matching --------------------------------------------------------------------------


def test_normalize_folds_arabic_spelling_variants_and_keeps_latin() -> None:
    assert normalize("أإآٱ ة ى") == "اااا ه ي"
    assert normalize("السَّلامُ عَلَيْكُمْ") == "السلام عليكم"
    assert normalize("الســــلام") == "السلام"
    assert normalize("سل\u200fام \u2066WhatsApp\u2069") == "سلام WhatsApp"
    assert normalize("Civil Peace’s") == "Civil Peace’s"


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("السلم الأهلي", "وبالسلم الأهلي نبدأ", "وبالسلم الأهلي"),
        ("العدالة الانتقالية", "مسار شامل للعدالة الانتقالية يراعي", "للعدالة الانتقالية"),
        ("المواطنة", "قيم التسامح والمواطنة،", "والمواطنة"),
        ("المواطنة", "دافعوا عن مواطنتهم", "مواطنتهم"),
        ("السلم الأهلي", "فالسلم الأهلي", "فالسلم الأهلي"),
        ("السلم الأهلي", "كالسلم الأهلي", "كالسلم الأهلي"),
        ("السلم الأهلي", "وللسلم الأهلي", "وللسلم الأهلي"),
        ("السلم الأهلي", "سلم أهلي دائم", "سلم أهلي"),  # indefinite
        ("السلم الأهلي", "السِّلْمُ الأَهْلِيُّ", "السِّلْمُ الأَهْلِيُّ"),  # tashkeel
        ("السلم الأهلي", "الســلم الأهلـي", "الســلم الأهلـي"),  # tatweel
        ("السلم الأهلي", "السلم\u00a0\nالأهلي", "السلم\u00a0\nالأهلي"),
        ("الأزمة", "«الازمه»", "الازمه"),  # alef and ta marbuta written loosely
        ("الكرامة", "الحاطة بالكرامة", "بالكرامة"),
        ("الكرامة", "لا غنى عنها لكرامته", "لكرامته"),
        ("حقوق الإنسان", "الإعلان العالمي لحقوق الانسان", "لحقوق الانسان"),
        ("المظالم", "تقاطع مظالمهم", "مظالمهم"),
        ("الحرب", "ويلات حربها", "حربها"),
        ("المدافعون عن حقوق الإنسان", "حماية المدافعين عن حقوق الإنسان", "المدافعين عن حقوق الإنسان"),
        ("الحريات الأساسية", "وحرياتهم الأساسية", "وحرياتهم الأساسية"),
    ],
)
def test_arabic_terms_match_through_clitics_and_suffixes(term: str, text: str, found: str) -> None:
    assert matches(term, text) == [found]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("السلم الأهلي", "السلام الأهلي"),  # another word
        ("السلم الأهلي", "مسلم الأهلي"),  # letters inside a word, not a prefix
        ("السلم الأهلي", "السلم المجتمعي"),
        ("السلم الأهلي", "السلم. الأهلي"),
        ("المواطنة", "المواطنين"),  # citizens, not citizenship
        ("المواطنة", "المواطنات"),  # strictly, ات changes the meaning (female citizens)
        ("الكرامة", "الكرامات"),  # miracles
        ("الحرب", "حربي"),  # "military": single-letter suffixes only after ت
        ("الحرب", "حربة"),  # "spear" (ة folds to ه, so ه is no pronoun here)
        ("الثورة", "الثروة"),
    ],
)
def test_arabic_terms_do_not_match_other_words(term: str, text: str) -> None:
    assert matches(term, text) == []


def test_loose_matching_accepts_more_forms_for_the_approved_rendering() -> None:
    text = "وشارك المدافعون والمدافعات عن حقوق الإنسان"

    assert matches("المدافعون عن حقوق الإنسان", text) == []
    assert matches("المدافعون عن حقوق الإنسان", text, loose=True) == ["والمدافعات عن حقوق الإنسان"]
    assert matches("الأزمة", "الأزمات", loose=True) == ["الأزمات"]


def test_the_first_word_prefix_pattern_is_exactly_the_prefix_set() -> None:
    pattern = re.compile(termmatch._FIRST_PREFIX + r"\Z")
    letters = "وفبكلا"
    spelled = {"".join(p) for n in range(5) for p in itertools.product(letters, repeat=n)}

    assert {s for s in spelled if pattern.match(s)} == set(termmatch._PREFIXES)


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("grievances", "the comparison of grievances", "grievances"),
        ("grievances", "one grievance", "grievance"),
        ("citizenship", "citizenship's meaning", "citizenship"),
        ("citizenship", "CITIZENSHIP", "CITIZENSHIP"),
        ("human rights defenders", "male and female Human Rights Defenders.", "Human Rights Defenders"),
        ("human rights defenders", "a human rights defender’s work", "human rights defender"),
        ("human rights defenders", "human-rights defenders", "human-rights defenders"),
        ("civil peace", "civil\u00a0peace", "civil\u00a0peace"),
        ("civil peace", "civil\n  peace", "civil\n  peace"),
        ("dignity", "dignities", "dignities"),
        ("the crisis", "“The crisis,” they said", "The crisis"),
        ("the crisis", "the crises", "the crises"),
        ("Suryana Al-Amal", "the Suryana Al Amal team", "Suryana Al Amal"),
        ("to mediate", "she mediated twice", "mediated"),
        ("to mediate", "mediating", "mediating"),
        ("to commit", "committed", "committed"),
        ("chairman", "chairmen", "chairmen"),
    ],
)
def test_english_terms_match_through_inflection(term: str, text: str, found: str) -> None:
    assert matches(term, text) == [found]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("citizenship", "all citizens"),
        ("civil peace", "civilpeace"),
        ("civil peace", "uncivil peace"),
        ("the crisis", "a crisis"),  # the contested term is "the crisis"
        ("dignity", "dignitary"),
        ("grievances", "aggrievances"),
    ],
)
def test_english_terms_do_not_match_other_words(term: str, text: str) -> None:
    assert matches(term, text) == []


def test_an_optional_article_is_part_of_an_approved_english_rendering() -> None:
    assert matches("the crisis", "a crisis", loose=True) == ["crisis"]
    assert matches("the crisis", "The  crisis", loose=True) == ["The  crisis"]


def test_english_forms() -> None:
    assert english_forms("Grievances") == ("grievance", "grievances")
    assert english_forms("policy") == ("policies", "policy")
    assert english_forms("process") == ("process", "processes")
    assert english_forms("deny", verb=True) == ("denied", "denies", "deny", "denying")


def test_keep_terms_match_exactly_even_beside_arabic_letters_and_isolates() -> None:
    assert matches("WhatsApp", "عبر \u2066WhatsApp\u2069.", keep=True) == ["WhatsApp"]
    assert matches("WhatsApp", "وWhatsApp", keep=True) == ["WhatsApp"]
    assert matches("WhatsApp", "Whatsapp", keep=True) == []
    assert matches("WhatsApp", "WhatsAppy", keep=True) == []


def test_find_term_returns_the_words_as_written_in_the_text() -> None:
    assert matches("السلم الأهلي", "معاً من أجلِ السِّلم الأهلي") == ["السِّلم الأهلي"]
    assert matches("civil peace", "Civil Peace and civil peace") == ["Civil Peace", "civil peace"]


# --- the checks, English -> Arabic ------------------------------------------------------------------------


def test_term_missing_fires_when_the_approved_rendering_is_absent() -> None:
    found = findings("Strengthening civil peace takes time.", "تعزيز الأمن المجتمعي يحتاج إلى وقت.")

    assert found == {
        "term-missing": 'glossary term "civil peace" is not translated as "السلم الأهلي"; use the approved'
        " rendering (glossary glossary.csv:2: key term)"
    }


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Strengthening civil peace takes time.", "تعزيز السلم الأهلي يحتاج إلى وقت."),
        ("Towards civil peace.", "نحو بالسلم الأهلي."),
        ("Towards transitional justice.", "نحو مسار شامل للعدالة الانتقالية."),
        ("Tolerance and citizenship.", "التسامح والمواطنة."),
        ("Male and female human rights defenders.", "المدافعون والمدافعات عن حقوق الإنسان."),
        ("The comparison of grievances.", "المقارنة بين المظالم."),
        ("A grievance.", "مظلمة."),
        ("“the crisis,” “the war”", "«الأزمة» و«الحرب»"),
        ("No glossary term here.", "لا مصطلح هنا."),
    ],
)
def test_term_checks_accept_legitimate_arabic_translations(source: str, target: str) -> None:
    assert findings(source, target) == {}


def test_term_forbidden_fires_on_a_forbidden_variant_and_replaces_term_missing() -> None:
    found = findings("Since the crisis began.", "منذ بداية الأحداث.")

    assert found == {
        "term-forbidden": '"الأحداث" is a forbidden rendering of "the crisis"; use "الأزمة"'
        " (glossary glossary.csv:8: a euphemism is forbidden)"
    }


def test_term_forbidden_sees_variants_through_clitics() -> None:
    assert "term-forbidden" in findings("Civil peace matters.", "وللسلام المدني أهمية.")


def test_a_forbidden_word_translating_another_source_word_is_not_a_finding() -> None:
    # the sample's own case: "the crisis" is «الأزمة» and الأحداث translates "events"
    source = "Terms such as “the crisis” shape how events are understood."
    assert findings(source, "مصطلحات مثل «الأزمة» تؤثر في فهم الأحداث.") == {}


def test_a_forbidden_variant_containing_the_approved_rendering_still_fires() -> None:
    found = findings("After the war ended.", "بعد انتهاء الحرب الأهلية.")

    assert set(found) == {"term-forbidden"}
    assert found["term-forbidden"].startswith('"الحرب الأهلية" is a forbidden rendering of "the war"')


def test_term_missing_reports_a_forbidden_variant_when_term_forbidden_is_disabled() -> None:
    found = findings("Since the crisis began.", "منذ بداية الأحداث.", disabled=frozenset({"term-forbidden"}))

    assert set(found) == {"term-missing"}


def test_term_keep_fires_when_a_brand_name_is_changed() -> None:
    found = findings("Join us on WhatsApp.", "انضموا إلينا عبر تطبيق المراسلة.")

    assert found == {
        "term-keep": '"WhatsApp" must stay as it is in the translation, spelled exactly so'
        " (glossary glossary.csv:13: brand)"
    }
    assert set(findings("Join us on WhatsApp.", "انضموا إلينا عبر واتساب.")) == {"term-forbidden"}
    assert findings("Join us on WhatsApp.", "انضموا إلينا عبر \u2066WhatsApp\u2069.") == {}
    assert set(findings("Join us on WhatsApp.", "انضموا إلينا عبر Whatsapp.")) == {"term-keep"}


def test_the_longest_term_wins_so_fixed_expressions_override_their_words() -> None:
    source, target = "لا يعرض أي إنسان للمعاملة الحاطة بالكرامة.", "No one shall be subjected to degrading treatment."

    assert english(source, target) == {}
    without = GLOSSARY.replace("degrading,الحاطة بالكرامة,,UDHR art. 5,\n", "")
    assert set(english(source, target, glossary=without)) == {"term-missing"}


def test_plural_entries_are_checked_form_by_form() -> None:
    entry = Entry(
        msgid="%d grievance", msgstr="", line=3, msgid_plural="%d grievances",
        plurals=("", "مظلمة واحدة", "مظلمتان", "%d مظالم", "%d مظلمة", "%d شكوى"),
    )
    catalog = Catalog("x.po", "ar", "en", (entry,))
    settings = Settings(glossary=parse_glossary(GLOSSARY))

    problems = run_checks(catalog, settings, terminology.CHECKS)

    assert [(p.kind, p.location.line) for p in problems] == [("term-missing", 3)]
    assert '"grievances"' in problems[0].message  # the form شكوى; the dual مظلمتان and مظالم are fine


# --- the checks, Arabic -> English ------------------------------------------------------------------------


def test_term_missing_fires_in_english_translations_of_arabic_sources() -> None:
    source = "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق."
    found = english(source, "All human beings are born free and equal in honour.")

    assert found == {
        "term-missing": 'glossary term "الكرامة" is not translated as "dignity"; use the approved rendering'
        " (glossary glossary.csv:10)"
    }


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("في الكرامة والحقوق", "in dignity and rights"),
        ("وبكرامة الفرد وقدره", "in the dignity and worth of the human person"),
        ("لا غنى عنها لكرامته", "indispensable for his dignity"),
        ("بحقوق الإنسان الأساسية", "in fundamental human rights"),
        ("الإعلان العالمي لحقوق الإنسان", "Universal Declaration of Human Rights"),
        ("أثار «الأزمة» نقاشاً", "“The crisis” raised a debate"),
        ("عبر WhatsApp", "on WhatsApp"),
    ],
)
def test_term_checks_accept_legitimate_english_translations(source: str, target: str) -> None:
    assert english(source, target) == {}


def test_term_forbidden_and_keep_fire_in_english_translations() -> None:
    assert set(english("احترام حقوق الإنسان", "respect for the rights of man")) == {"term-forbidden"}
    assert set(english("عبر WhatsApp", "on Whatsapp")) == {"term-keep"}


def test_term_checks_do_nothing_without_a_glossary_or_for_other_language_pairs() -> None:
    assert findings("Strengthening civil peace.", "تعزيز الأمن.", glossary=None) == {}
    assert findings("Strengthening civil peace.", "Renforcer la paix.", target_language="fr") == {}
    assert findings("Strengthening civil peace.", "Strengthening civil peace.", target_language="en") == {}


def test_every_term_check_has_an_id_a_severity_and_a_description() -> None:
    assert [(c.id, c.severity.value) for c in terminology.CHECKS] == [
        ("term-missing", "error"), ("term-forbidden", "error"), ("term-keep", "error"),
    ]
    assert all(c.description and c.function.__doc__ for c in terminology.CHECKS)


# --- the glossary file ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("unknown-column.csv", 1, "unknown column 'language'; the columns are: en, ar, forbidden, note, keep"),
        ("no-ar-column.csv", 1, "no 'ar' column"),
        ("bad-keep.csv", 3, "'keep' must be true/yes/1 or false/no/0/empty, not 'maybe'"),
        ("unterminated-quote.csv", 3, "malformed CSV row: unexpected end of data"),
        ("stray-quote.csv", 2, "malformed CSV row: ',' expected after '\"'"),
        ("extra-field.csv", 3, "3 fields, but the header names 2 columns"),
        ("swapped-columns.csv", 2, "the 'en' column holds Arabic"),
        ("missing-rendering.csv", 3, "term 'hate speech' needs both an 'en' and an 'ar' rendering"),
        ("duplicate-term.csv", 5, "'Civil  Peace' is already a term on line 2; merge the rows"),
    ],
)
def test_glossary_errors_name_the_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_glossary(DATA / "glossary" / name, f"locale/{name}")

    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == (f"locale/{name}", line)
    assert caught.value.format_message().startswith(f"locale/{name}:{line}: error: {message}")


def test_a_spreadsheet_export_loads() -> None:
    glossary = load_glossary(DATA / "glossary" / "excel-export.csv")

    civil, brand = glossary.terms
    assert civil.forbidden == ("السلام المدني", "السلم المدني")
    assert civil.note == 'Excel export: BOM, CRLF, a note with "quotes"'
    assert (brand.en, brand.ar, brand.keep, brand.line) == (("WhatsApp",), (), True, 3)


def test_unreadable_glossary_files_are_config_errors(tmp_path: Path) -> None:
    (tmp_path / "latin1.csv").write_bytes(b"en,ar\ncaf\xe9,\xd9\x85\n")
    (tmp_path / "empty.csv").write_text("\n", "utf-8")

    with pytest.raises(ConfigError, match=r"latin1.csv:2: error: invalid UTF-8"):
        load_glossary(tmp_path / "latin1.csv", "latin1.csv")
    with pytest.raises(ConfigError, match=r"empty.csv: error: empty glossary"):
        load_glossary(tmp_path / "empty.csv", "empty.csv")
    with pytest.raises(ConfigError, match=r"missing.csv: error: glossary file not found"):
        load_glossary(tmp_path / "missing.csv", "missing.csv")


def test_load_settings_reads_the_glossary_relative_to_the_root() -> None:
    settings = load_settings({"glossary": "locale/glossary.csv"}, set(), root=REPO)

    assert isinstance(settings.glossary, Glossary)
    assert settings.glossary.path == "locale/glossary.csv"
    assert load_settings({}, set()).glossary is None
    with pytest.raises(ConfigError, match="'glossary' must be the path of a CSV file"):
        load_settings({"glossary": ["a.csv"]}, set(), root=REPO)
    with pytest.raises(ConfigError, match="nowhere.csv: error: glossary file not found"):
        load_settings({"glossary": "nowhere.csv"}, set(), root=REPO)


# --- the sample, end to end -------------------------------------------------------------------------------


def with_glossary(project: Path) -> Path:
    """Configure the copy's glossary in ``[tool.workflow.checks]`` (adding the table if it is not there)."""
    config = project / "pyproject.toml"
    text = re.sub(r"(?m)^glossary\s*=.*\n", "", config.read_text("utf-8"))
    line = 'glossary = "locale/glossary.csv"\n'
    if "[tool.workflow.checks]\n" in text:
        text = text.replace("[tool.workflow.checks]\n", "[tool.workflow.checks]\n" + line, 1)
    else:
        text += "\n[tool.workflow.checks]\n" + line
    config.write_text(text, "utf-8")
    return project


def test_the_sample_catalogs_pass_the_term_checks(project: Path, run: Run) -> None:
    result = run("check", "--json", cwd=with_glossary(project))

    assert result.exit_code in (0, 3), result.output
    assert [p for p in json.loads(result.stdout) if p["check"].startswith("term-")] == []


def test_a_forbidden_rendering_in_the_sample_fails_workflow_check(project: Path, run: Run) -> None:
    catalog = with_glossary(project) / AR_PO
    catalog.write_text(catalog.read_text("utf-8").replace("«الأزمة»", "«الأحداث»"), "utf-8")
    udhr = project / EN_PO
    udhr.write_text(udhr.read_text("utf-8").replace("in dignity and rights", "in honour and rights"), "utf-8")

    result = run("check", cwd=project)

    assert result.exit_code == 3
    lines = [line for line in result.stdout.splitlines() if line.endswith(("[term-forbidden]", "[term-missing]"))]
    assert lines == [
        f'{AR_PO}:128: error: "الأحداث" is a forbidden rendering of "the crisis"; use "الأزمة" (glossary'
        " locale/glossary.csv:10: contested term; quoted «الأزمة» when the word itself is discussed; الأحداث"
        ' ("the events") is a euphemism) [term-forbidden]',
        f'{EN_PO}:128: error: glossary term "الكرامة" is not translated as "dignity"; use the approved rendering'
        " (glossary locale/glossary.csv:16: UDHR) [term-missing]",
    ]


def sample_usage(project: Path) -> dict[str, dict[str, Any]]:
    glossary = load_glossary(project / "locale/glossary.csv", "locale/glossary.csv")
    catalogs = [load_catalog_view(project / path, path) for path in (AR_PO, EN_PO)]
    return {(u.term.en or u.term.ar)[0]: u.to_json() for u in glossary_usage(catalogs, glossary)}


def test_glossary_usage_lists_each_term_with_its_renderings_in_the_sample(project: Path) -> None:
    usage = sample_usage(project)

    assert json.loads(json.dumps(usage)) == usage  # plain records
    assert list(usage)[:3] == ["civil peace", "transitional justice", "social cohesion"]
    civil = usage["civil peace"]
    # in the title and the first paragraph "civil peace" is part of the project's name, a longer term
    assert civil["counts"] == {"approved": 3, "forbidden": 0, "missing": 0, "untranslated": 0}
    assert [(u["path"], u["line"], u["approved_words"]) for u in civil["uses"]] == [
        (AR_PO, 61, ["السلم الأهلي"]), (AR_PO, 66, ["السلم الأهلي"]), (AR_PO, 206, ["السلم الأهلي"]),
    ]
    project_name = usage["Together for Civil Peace and Social Cohesion"]["uses"]
    assert [(u["line"], u["approved_words"]) for u in project_name] == [
        (17, ["معاً من أجل السلم الأهلي والتماسك المجتمعي"]), (26, ["معاً من أجل السلم الأهلي والتماسك المجتمعي"]),
    ]
    crisis = usage["the crisis"]["uses"]
    assert crisis == [
        {
            "path": AR_PO, "line": 128, "language": "ar", "msgid": crisis[0]["msgid"],
            "translation": crisis[0]["translation"], "status": "approved", "source_words": ["the crisis"],
            "approved_words": ["الأزمة"], "forbidden_words": ["الأحداث"], "fuzzy": False,
        }
    ]
    assert [(u["line"], u["source_words"], u["approved_words"]) for u in usage["dignity"]["uses"]] == [
        (27, ["بالكرامة"], ["dignity"]),
        (64, ["وبكرامة"], ["dignity"]),
        (128, ["الكرامة"], ["dignity"]),
        (517, ["لكرامته"], ["dignity"]),
        (552, ["بكرامة"], ["dignity"]),
    ]
    assert [(u["line"], u["approved_words"]) for u in usage["degrading"]["uses"]] == [(198, ["degrading"])]
    assert usage["WhatsApp"]["uses"] == [] and usage["WhatsApp"]["keep"] is True
    statuses = {u["status"] for record in usage.values() for u in record["uses"]}
    assert statuses == {"approved"}


def test_glossary_usage_shows_forbidden_missing_and_untranslated_uses(project: Path) -> None:
    catalog = project / AR_PO
    text = catalog.read_text("utf-8").replace("«الأزمة»", "«الأحداث»")
    text = text.replace("العدالة الانتقالية: استعادة", "العدالة: استعادة")
    text = text.replace('msgstr "السلم الأهلي: مسار تراكمي لا مجرد استراتيجية"', 'msgstr ""')
    catalog.write_text(text, "utf-8")

    usage = sample_usage(project)

    assert [(u["line"], u["status"], u["forbidden_words"]) for u in usage["the crisis"]["uses"]] == [
        (128, "forbidden", ["الأحداث", "الأحداث"])  # «الأحداث» and, as before, "events"
    ]
    assert [(u["line"], u["status"]) for u in usage["transitional justice"]["uses"]][0] == (96, "missing")
    assert (61, "untranslated") in [(u["line"], u["status"]) for u in usage["civil peace"]["uses"]]
