"""Arabic checks: every row of ARABIC.md §3 both ways (the text that must fire, the legitimate text that
must not), the project settings they read (digits, keep), and the real command line on small catalogs."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import REPO, Run, write_catalog

from workflow.checks import arabic, content, dates
from workflow.checks.suite import ALL_CHECKS
from workflow.checks.base import Catalog, Entry, Settings, run_checks

MINE = (*content.CHECKS, *arabic.CHECKS, *dates.CHECKS)
DEFAULTS = Settings()
MINE_IDS = {check.id for check in MINE}
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def findings(
    source: str,
    target: str,
    *,
    target_language: str = "ar",
    source_language: str = "en",
    config: Settings = DEFAULTS,
    plurals: tuple[str, ...] = (),
) -> dict[str, str]:
    """Check id -> message for one entry, through the real run_checks."""
    if plurals:
        entry = Entry(msgid=source, msgstr="", line=7, msgid_plural=source + "s", plurals=plurals)
    else:
        entry = Entry(msgid=source, msgstr=target, line=7)
    catalog = Catalog(path="x.po", language=target_language, source_language=source_language, entries=(entry,))
    return {problem.kind: problem.message for problem in run_checks(catalog, config, MINE)}


def english(source: str, target: str, **kwargs: object) -> dict[str, str]:
    """Findings for an English translation of an Arabic source."""
    return findings(source, target, target_language="en", source_language="ar", **kwargs)  # type: ignore[arg-type]


# ARABIC.md §3, row by row: (check, source, translation that must fire).
MUST_FIRE = [
    ("punct-latin", "Aleppo, Idlib; and Homs?", "حلب, إدلب; وحمص?"),
    ("punct-latin", "They stressed citizenship, equality; and belonging?",
     "شدد المشاركون على المواطنة, المساواة; والانتماء?"),
    ("punct-latin", "“The war”, they said.", "«الحرب», قالوا."),  # after a closing quote too
    ("punct-question", "Why? And how?", "لماذا؟ وكيف."),  # a dropped question
    ("quote-unbalanced", "He said “yes”.", "قال «نعم."),
    ("quote-unbalanced", "He said “yes”.", "قال “نعم."),
    ("number-mismatch", "1,250 people", "1.205 شخصاً"),
    ("digits-mixed", "In 2025", "في ٢0٢5"),
    ("digits-mixed", "1,234,567.891 pounds", "1٬234٬567٫891 ليرة"),  # Babel's ASCII digits with Arabic marks
    ("digits-persian", "In 2025", "في ۲۰۲۵"),
    ("digits-inconsistent", "From 2024 to 2025", "من 2024 إلى ٢٠٢٥"),
    ("bidi-override", "Invoice 123", f"فاتورة {RLO}321"),  # Trojan Source
    ("bidi-override", "Invoice 123", f"فاتورة {LRO}321{PDF}"),
    ("bidi-unbalanced", "Use WhatsApp.", f"استخدم {LRI}WhatsApp."),
    ("bidi-unbalanced", "Use WhatsApp.", f"استخدم {PDI}WhatsApp{LRI}."),  # closed before it opens
    ("bidi-unbalanced", "Use WhatsApp.", f"استخدم {RLE}واتساب."),
    ("bidi-inside-word", "Peace", f"سل{RLM}ام"),
    ("bidi-inside-word", "Peace", f"سل{LRI}{PDI}ام"),
    ("bidi-stacked", "Use WhatsApp now.", f"استخدم WhatsApp{LRM}{RLM} الآن."),
    ("bidi-edge", "Peace.", f"{RLM}السلام."),
    ("bidi-edge", "Peace", f"السلام{RLM}"),
    ("tatweel", "Peace", "الســـلام"),
    ("tatweel", "This", "هـذا"),  # a kashida after ه inside a word is not the Hijri abbreviation
    ("tatweel", "Error in database", "خطـأ في قاعدة البيانات"),
    ("presentation-forms", "Civil peace", "ﻲﻠﻫﻷﺍ ﻡﻼﺴﻟﺍ"),  # PDF copy/paste
    ("presentation-forms", "No", "ﻻ"),  # a lam-alef ligature character
    ("persian-letters", "Al-Ahli and Karama", "الأهلی و کرامة"),
    ("persian-letters", "The session.", "الجلسة۔"),
    ("invisible", "Peace", "السلام\u200b عليكم"),  # zero-width space
    ("invisible", "Peace", "\ufeffالسلام"),  # byte-order mark
    ("invisible", "Peace", "السلا\u00adم"),  # soft hyphen
    ("zwnj", "Peace", "السلام\u200cعليكم"),
    ("latin-untranslated", "The Rights Defense Initiative held a workshop",
     "عقدت Rights Defense Initiative ورشة عمل"),
    ("latin-untranslated", "Use WhatsApp groups", "استخدم مجموعات WhatsApp"),  # a name needs keep or isolation
    ("not-arabic", "Scroll to Top", "Scroll to Top"),
    ("not-arabic", "salt", "salt"),
    ("identical-to-source", "حلب", "حلب"),
    ("percent-visual-order", "25% of attendees", "%25 من الحضور"),
    ("percent-visual-order", "25% of attendees", "٪٢٥ من الحضور"),
    ("numbers-reversed", "2025-11-01", "01-11-2025"),
    ("ltr-run-not-isolated", "Call +963 21 123 4567", "اتصل على +963 21 123 4567"),
    ("ltr-run-not-isolated", "Call 963 21 123 4567", "اتصل على ٩٦٣ ٢١ ١٢٣ ٤٥٦٧"),
]


@pytest.mark.parametrize(
    ("check", "source", "target"), MUST_FIRE, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(MUST_FIRE)]
)
def test_defect_fires(check: str, source: str, target: str) -> None:
    assert check in findings(source, target)


# ARABIC.md §3's legitimate text (and more found on real catalogs): (check, source, translation).
MUST_NOT_FIRE = [
    ("punct-latin", "1,250 people", "1,250 شخصاً"),  # digits, not letters
    ("punct-latin", "Use WhatsApp, Signal or email", f"استخدم {LRI}WhatsApp, Signal{PDI} أو البريد"),
    ("punct-latin", "yes,no,maybe", "نعم,لا,ربما"),  # a list software splits at the comma
    ("punct-latin", "See https://ar.wikipedia.org/wiki/حلب?x=1", "انظر https://ar.wikipedia.org/wiki/حلب?x=1"),
    ("punct-question", "Why? And how?", "لماذا؟ وكيف؟"),
    ("punct-question", "Why?", "لماذا?"),  # a Latin ? still counts as a question (punct-latin reports it)
    ("quote-unbalanced", "He said “yes”.", "قال «نعم»."),  # both house styles are fine
    ("quote-unbalanced", "He said “yes”.", "قال “نعم”."),
    ("quote-unbalanced", "He said “yes”.", "قال ”نعم”."),  # one mark used both ways
    ("quote-unbalanced", "“The quotation goes on", "«يستمر الاقتباس"),  # opened here, closed in the next paragraph
    ("number-mismatch", "1,234.5", "١٬٢٣٤٫٥"),  # the same value in another digit system and convention
    ("number-mismatch", "1,234.5", "1.234,5"),
    ("number-mismatch", "Room 01", "الغرفة 1"),
    ("digits-persian", "In 2025", "في ٢٠٢٥"),
    ("digits-mixed", "In 2025", "في ٢٠٢٥"),
    ("digits-mixed", "In 2025", "في 2025"),
    ("digits-mixed", "1,234.5", "١٬٢٣٤٫٥"),
    ("digits-mixed", "From 2024 to 2025", "من 2024 إلى ٢٠٢٥"),  # two numbers, each in one system
    ("digits-inconsistent", "COVID-19 in 2025", "كوفيد COVID-19 في ٢٠٢٥"),  # a Latin name keeps its digits
    ("bidi-unbalanced", "Use WhatsApp.", f"استخدم {LRI}WhatsApp{PDI}."),
    ("bidi-unbalanced", "Use WhatsApp.", f"استخدم {LRE}WhatsApp{PDF}."),
    ("bidi-unbalanced", "A (B)", f"أ {RLI}ب {FSI}ج{PDI}{PDI}"),  # nested isolates
    ("bidi-inside-word", "On 01/11/2025", f"في 01{RLM}/11{RLM}/2025"),  # Babel's date pattern
    ("bidi-stacked", "On 01/11/2025", f"في 01{RLM}/11{RLM}/2025"),
    ("bidi-edge", "On 01/11/2025", f"في 01{RLM}/11{RLM}/2025"),
    ("bidi-edge", "get_absolute_url() method", f"الدالة get_absolute_url(){LRM}"),  # a mark after neutrals
    ("bidi-edge", "-5 degrees", f"{ALM}-5 درجات"),  # ALM before a number
    ("tatweel", "In 1447 AH", "في 1447هـ"),  # the Hijri abbreviation
    ("tatweel", "In 1447 AH.", "في عام ١٤٤٧ هـ."),
    ("tatweel", "for %(name)s", "لـ %(name)s"),  # a preposition joined to what follows in Latin script
    ("tatweel", "The 7 sessions", "الـ7 جلسات"),
    ("tatweel", "in WhatsApp", f"بالـ {LRI}WhatsApp{PDI}"),
    ("presentation-forms", "Peace be upon him", "محمد ﷺ"),  # house decision: the honorific is a character
    ("presentation-forms", "The verse", "قال تعالى ﴿الحمد لله﴾"),  # ornate parentheses of Qur'an quotes
    ("presentation-forms", "100 rials", "100 ﷼"),
    ("persian-letters", "Al-Ahli and Karama", "الأهلي وكرامة"),
    ("invisible", "Peace", "السلام عليكم"),
    ("zwnj", "Peace", "السلام عليكم"),
    ("latin-untranslated", "Use WhatsApp groups", f"استخدم مجموعة {LRI}WhatsApp{PDI}"),
    ("latin-untranslated", "Use WhatsApp groups", "استخدم مجموعات <bdi>WhatsApp</bdi>"),
    ("latin-untranslated", "The UNDP and NGOs met", "اجتمع UNDP وNGOs"),  # acronyms
    ("latin-untranslated", "the Rights Defense Initiative", "مبادرة الدفاع عن الحقوق (Rights Defense Initiative)"),
    ("latin-untranslated", "Hold down “Control”", "اضغط مفتاح ”Control“"),  # a quoted literal
    ("latin-untranslated", "objects don’t have a get_absolute_url() method", "الكائنات ليس لها get_absolute_url()"),
    ("latin-untranslated", "Example: “/about/contact/”", "مثال: /about/contact/"),
    ("latin-untranslated", "See https://example.org/about", "انظر https://example.org/about"),
    ("not-arabic", "LogEntry Object", "كائن LogEntry"),  # one name beside Arabic words
    ("not-arabic", "UNDP", "UNDP"),
    ("not-arabic", "See https://example.org/some/long/path", "انظر https://example.org/some/long/path"),
    ("not-arabic", "%(name)s and %(value)s", "%(name)s و%(value)s"),
    ("identical-to-source", "UNDP", "UNDP"),  # acronyms stay as they are
    ("identical-to-source", "2025", "2025"),  # no letters
    ("percent-visual-order", "25% of attendees", "25% من الحضور"),
    ("percent-visual-order", "25% of attendees", "٢٥٪ من الحضور"),
    ("percent-visual-order", "%2$s of %1$s", "%2$s من %1$s"),  # positional placeholders
    ("numbers-reversed", "2025-11-01", "2025-11-01"),
    ("numbers-reversed", "11 to 11", "11 إلى 11"),
    ("ltr-run-not-isolated", "Call +963 21 123 4567", "اتصل على <bdi dir=ltr>+963 21 123 4567</bdi>"),
    ("ltr-run-not-isolated", "Call +963 21 123 4567", f"اتصل على {LRI}+963 21 123 4567{PDI}"),
    ("ltr-run-not-isolated", "Call +963 21 123 4567", f"اتصل على {LRM}+963 21 123 4567"),
    ("ltr-run-not-isolated", "From 10 to 20", "من 10 إلى 20"),
]


@pytest.mark.parametrize(
    ("check", "source", "target"), MUST_NOT_FIRE, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(MUST_NOT_FIRE)]
)
def test_legitimate_text_does_not_fire(check: str, source: str, target: str) -> None:
    assert check not in findings(source, target)


def test_the_measured_table_examples_fire_nothing_else() -> None:
    """A faithful translation with Babel dates, a Hijri year, isolated names and both quote styles is clean."""
    source = (
        "On November 1, 2025 (1447 AH), 1,250 people used “WhatsApp” groups; 25% asked: why now? "
        "Call +963 21 123 4567."
    )
    target = (
        f"في 1 نوفمبر 2025 (1447هـ)، استخدم 1,250 شخصاً مجموعات «{LRI}WhatsApp{PDI}»؛ وسأل 25%: لماذا الآن؟ "
        f"اتصل على <bdi dir=ltr>+963 21 123 4567</bdi>."
    )

    assert findings(source, target) == {}


def test_messages_say_how_to_fix() -> None:
    assert "'،'" in findings("Aleppo, Idlib", "حلب, إدلب")["punct-latin"]
    assert "write ٢٠٢٥" in findings("In 2025", "في ۲۰۲۵")["digits-persian"]
    assert "ي" in findings("Ahli", "الأهلی")["persian-letters"]
    assert "RLO" in findings("Invoice 123", f"فاتورة {RLO}321")["bidi-override"]
    assert "Rights" in findings("the Rights Initiative", "عقدت Rights Initiative")["latin-untranslated"]


# --- settings the checks read -----------------------------------------------------------------------------


def test_digit_policy_latn_wants_ascii_digits() -> None:
    latn = Settings(digits="latn")

    assert "digits-policy" in findings("In 2025", "في ٢٠٢٥", config=latn)
    assert "digits-policy" not in findings("In 2025", "في 2025", config=latn)
    assert "digits-inconsistent" not in findings("In 2025 and 2026", "في 2025 و٢٠٢٦", config=latn)


def test_digit_policy_arab_wants_arabic_indic_digits_outside_names_links_and_code() -> None:
    arab = Settings(digits="arab")

    assert "digits-policy" in findings("In 2025", "في 2025", config=arab)
    assert "digits-policy" not in findings("In 2025", "في ٢٠٢٥", config=arab)
    assert "digits-policy" not in findings("About", "حول", config=arab)  # translations without numbers
    legit = f"راجع https://x.org/2025 و`v2` و%(n)d وCOVID-19 و{LRI}iPhone 15{PDI} في ٢٠٢٥"
    assert "digits-policy" not in findings("See https://x.org/2025, `v2`, %(n)d, COVID-19, iPhone 15 in 2025",
                                           legit, config=arab)


def test_digit_policy_any_accepts_either_system_as_long_as_the_value_matches() -> None:
    assert findings("In 2025", "في 2025") == {}
    assert findings("In 2025", "في ٢٠٢٥") == {}
    assert "number-mismatch" in findings("In 2025", "في ٢٠٢٤")


def test_digits_inconsistent_can_be_switched_off_for_a_house_style_that_mixes() -> None:
    mixed = Settings(disabled=frozenset({"digits-inconsistent"}))

    assert "digits-inconsistent" not in findings("From 2024 to 2025", "من 2024 إلى ٢٠٢٥", config=mixed)


def test_keep_list_lets_names_stay_in_latin_script() -> None:
    keep = Settings(keep=frozenset({"WhatsApp", "Rights Defense Initiative"}))

    assert "latin-untranslated" not in findings("Use WhatsApp groups", "استخدم مجموعات WhatsApp", config=keep)
    assert "latin-untranslated" not in findings(
        "The Rights Defense Initiative held a workshop", "عقدت Rights Defense Initiative ورشة عمل", config=keep
    )
    assert "not-arabic" not in findings("WhatsApp", "WhatsApp", config=keep)
    assert "identical-to-source" not in findings("WhatsApp", "WhatsApp", config=keep)


def test_untranslated_text_is_reported_once_not_three_times() -> None:
    found = findings("Scroll to Top", "Scroll to Top")

    assert "not-arabic" in found
    assert "latin-untranslated" not in found and "identical-to-source" not in found


def test_plural_forms_are_all_checked_and_reported_once() -> None:
    forms = ("لا عناصر, أبداً", "عنصر واحد, فقط", "عنصران", "%d عناصر", "%d عنصراً", "%d عنصر")
    problems = run_checks(
        Catalog("x.po", "ar", "en", (Entry("%d item", "", 3, msgid_plural="%d items", plurals=forms),)),
        Settings(),
        MINE,
    )

    assert [p.kind for p in problems].count("punct-latin") == 1


# --- the language pairs each check applies to ----------------------------------------------------------------


def test_arabic_checks_leave_english_translations_alone() -> None:
    assert english("حلب، إدلب؛ وحمص؟", "Aleppo, Idlib; and Homs?") == {}
    assert english("سلام", "Peace") == {}
    assert english("ندوة", "Scroll to Top") == {}  # "not-arabic" is about Arabic targets


def test_bidi_override_is_an_error_in_any_language() -> None:
    assert "bidi-override" in english("فاتورة 123", f"Invoice {RLO}321{PDF}")
    assert "bidi-override" in findings("Invoice 123", f"Rechnung {RLO}321{PDF}", target_language="de")


def test_bidi_in_source_warns_about_controls_in_an_english_msgid_whatever_the_target() -> None:
    for language in ("ar", "fr"):
        found = findings(f"Use {LRI}WhatsApp{PDI}.", f"Utilisez {LRI}WhatsApp{PDI}.", target_language=language)
        assert "bidi-in-source" in found
    assert "bidi-in-source" not in findings("Use WhatsApp.", "استخدم واتساب.")
    assert "bidi-in-source" not in english(f"في 01{RLM}/11{RLM}/2025", "On 01/11/2025")  # Arabic sources may


@pytest.mark.parametrize("check", arabic.CHECKS, ids=lambda check: check.id)
def test_every_arabic_check_has_an_id_a_severity_and_a_one_line_description(check: object) -> None:
    assert check.id and check.severity.value in ("error", "warning")  # type: ignore[attr-defined]
    assert check.description  # type: ignore[attr-defined]
    universal = {"bidi-override", "bidi-in-source"}
    assert (check.targets is None) == (check.id in universal)  # type: ignore[attr-defined]
    if check.id not in universal:  # type: ignore[attr-defined]
        assert check.targets == frozenset({"ar"})  # type: ignore[attr-defined]


def test_check_ids_are_unique_across_the_registry() -> None:
    ids = [check.id for check in ALL_CHECKS]

    assert len(ids) == len(set(ids))
    assert MINE_IDS <= set(ids)


def test_every_character_a_check_looks_for_passes_the_shared_prefilter() -> None:
    """``characters()`` keeps only unusual characters; a check testing for one it drops would never fire."""
    for module in (arabic, content, dates):
        for name, value in vars(module).items():
            if isinstance(value, frozenset) and name.lstrip("_").isupper():
                dropped = [char for char in value if char not in dates.characters(char)]
                assert dropped == [], f"{module.__name__}.{name}: {dropped}"


# --- the command line ---------------------------------------------------------------------------------------


def rows_by_line(path: Path) -> list[int]:
    """The 1-based line of each entry's msgid, in order, as workflow check reports it."""
    return [entry.linenum for entry in polib.pofile(str(path))]


def mine(result_stdout: str) -> list[dict[str, object]]:
    return [record for record in json.loads(result_stdout) if record["check"] in MINE_IDS]


def test_cli_finds_the_arabic_desk_defects(tmp_path: Path, run: Run) -> None:
    po = write_catalog(tmp_path / "ar" / "LC_MESSAGES" / "x.po", [(source, target) for _, source, target in MUST_FIRE])
    lines = rows_by_line(po)

    result = run("check", str(po), "--json", "--strict", cwd=tmp_path)

    assert result.exit_code == 3
    found = {(record["line"], record["check"]) for record in mine(result.stdout)}
    for (check, source, _), line in zip(MUST_FIRE, lines, strict=True):
        assert (line, check) in found, (check, source)


def test_cli_text_output_names_path_line_severity_and_check(tmp_path: Path, run: Run) -> None:
    po = write_catalog(tmp_path / "ar.po", [("Aleppo, Idlib", "حلب, إدلب")])

    result = run("check", str(po), cwd=tmp_path)

    assert result.exit_code == 3
    line = next(line for line in result.stdout.splitlines() if line.endswith("[punct-latin]"))
    assert line.startswith((f"{po}:", "ar.po:"))
    assert ": error: Latin punctuation after Arabic text" in line


def test_cli_warnings_alone_exit_zero_unless_strict(tmp_path: Path, run: Run) -> None:
    po = write_catalog(tmp_path / "ar.po", [("Peace", "السلام\u200cعليكم")])

    assert run("check", str(po), cwd=tmp_path).exit_code == 0
    assert run("check", str(po), "--strict", cwd=tmp_path).exit_code == 3


def test_cli_is_quiet_on_legitimate_arabic(tmp_path: Path, run: Run) -> None:
    po = write_catalog(tmp_path / "ar.po", [(source, target) for _, source, target in MUST_NOT_FIRE])
    lines = rows_by_line(po)

    result = run("check", str(po), "--json", cwd=tmp_path)

    found = {(record["line"], record["check"]) for record in mine(result.stdout)}
    for (check, source, target), line in zip(MUST_NOT_FIRE, lines, strict=True):
        assert (line, check) not in found, (check, source, target)


def test_cli_project_config_sets_keep_and_digits(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workflow]\nsources = []\nlanguages = ["ar"]\n\n'
        '[tool.workflow.checks]\ndigits = "arab"\nkeep = ["WhatsApp"]\n',
        "utf-8",
    )
    po = write_catalog(tmp_path / "ar.po", [("Use WhatsApp in 2025", "استخدم WhatsApp في 2025")])

    result = run("check", str(po), "--json", cwd=tmp_path)

    assert [record["check"] for record in mine(result.stdout)] == ["digits-policy"]


def test_sample_catalogs_have_no_error_from_these_checks(project: Path, run: Run) -> None:
    result = run("check", "--json", cwd=project)

    errors = [record for record in mine(result.stdout) if record["severity"] == "error"]
    assert errors == []


def test_sample_arabic_catalog_is_clean_with_its_levantine_locale(run: Run, tmp_path: Path) -> None:
    """With ``arabic-locale = "ar_SY"`` (the report is from Aleppo), the Arabic sample has no finding at all."""
    po = tmp_path / "ar" / "LC_MESSAGES" / "aleppo-civil-peace-dialogue.po"
    po.parent.mkdir(parents=True)
    po.write_bytes((REPO / "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po").read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workflow]\nsources = []\nlanguages = ["ar"]\n\n[tool.workflow.checks]\narabic-locale = "ar_SY"\n',
        "utf-8",
    )

    result = run("check", str(po), "--json", cwd=tmp_path)

    assert mine(result.stdout) == []
