"""Catalog integrity: headers, plural counts and format strings, judged the way GNU msgfmt --check
judges them; real Django catalogs; catalogs refused on reading (duplicates, conflict markers)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import DATA, Run
from workflow.checks import integrity
from workflow.checks.base import Settings, run_checks
from workflow.checks.loader import load_catalog_view
from workflow.locales import plural_forms

DJANGO = DATA / "thirdparty" / "django"
AR_PLURALS = plural_forms("ar")
FORMAT_CHECKS = {"c-format", "python-format", "python-brace-format"}


def _header(language: str = "ar", plural: str | None = None, content_type: str = "text/plain; charset=UTF-8") -> str:
    fields = {
        "Project-Id-Version": "test 1.0",
        "PO-Revision-Date": "2025-11-01 10:00+0000",
        "Last-Translator": "Test <test@example.org>",
        "Language-Team": "Test <test@example.org>",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language) if plural is None and language else plural,
    }
    lines = [f'"{key}: {value}\\n"' for key, value in fields.items() if value is not None]
    return 'msgid ""\nmsgstr ""\n' + "\n".join(lines) + "\n"


def _write(folder: Path, body: str, *, language: str = "ar", header: str | None = None, name: str = "") -> Path:
    path = folder / (name or f"{language or 'xx'}/LC_MESSAGES/test.po")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((_header(language) if header is None else header) + "\n" + body, encoding="utf-8")
    return path


def _problems(path: Path, language: str = "") -> list[tuple[int, str, str]]:
    catalog = load_catalog_view(path, path.name, language=language)
    return [(p.location.line or 0, p.kind, p.message) for p in run_checks(catalog, Settings(), integrity.CHECKS)]


def _kinds(path: Path) -> set[str]:
    return {kind for _, kind, _ in _problems(path)}


def _entry(msgid: str, msgstr: str, flag: str = "") -> str:
    flags = f"#, {flag}\n" if flag else ""
    return f"{flags}msgid {json.dumps(msgid, ensure_ascii=False)}\nmsgstr {json.dumps(msgstr, ensure_ascii=False)}\n"


def _plural(msgid: str, plural: str, forms: list[str], flag: str = "python-format") -> str:
    text = f"#, {flag}\nmsgid {json.dumps(msgid, ensure_ascii=False)}\nmsgid_plural {json.dumps(plural, ensure_ascii=False)}\n"
    return text + "".join(f"msgstr[{i}] {json.dumps(form, ensure_ascii=False)}\n" for i, form in enumerate(forms))


# --- headers ------------------------------------------------------------------------------------


def test_a_complete_arabic_header_passes(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry("Save", "حفظ"))

    assert _problems(path) == []


@pytest.mark.parametrize(
    ("language", "folder", "fragment"),
    [
        ("", "ar", "header has no Language; add the line: Language: ar"),
        ("Arabic", "ar", "header Language 'Arabic' is not a language code"),
        ("fr", "ar", "header says Language: fr but the catalog is in the folder for 'ar'"),
        ("ar_EG", "ar_SY", "header says Language: ar_EG but the catalog is in the folder for 'ar_SY'"),
        ("ar", "en", "header says Language: ar but the catalog is in the folder for 'en'"),
    ],
)
def test_header_language_must_be_present_and_match_the_folder(
    tmp_path: Path, language: str, folder: str, fragment: str
) -> None:
    header = _header(language, plural=AR_PLURALS)
    path = _write(tmp_path, _entry("Save", "حفظ"), header=header, name=f"{folder}/LC_MESSAGES/test.po")

    problems = [p for p in _problems(path) if p[1] == "header-language"]

    assert len(problems) == 1 and problems[0][0] == 1  # the header's msgid "" line
    assert fragment in problems[0][2]


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("ar", "ar/LC_MESSAGES/report.po"),
        ("ar_SY", "ar/LC_MESSAGES/report.po"),  # more specific than its folder
        ("ar", "ar_SY/LC_MESSAGES/report.po"),
        ("ar", "report.ar.po"),  # the path names no language folder
        ("en", "en/LC_MESSAGES/udhr.po"),
    ],
)
def test_header_language_accepts_legitimate_spellings(tmp_path: Path, language: str, name: str) -> None:
    body = _entry("Save", "حفظ") if language.startswith("ar") else _entry("حفظ", "Save")
    path = _write(tmp_path, body, header=_header(language), name=name)

    assert "header-language" not in _kinds(path)


def test_templates_are_not_asked_for_a_language(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry("Save", ""), header=_header("", plural=None), name="report.pot")

    assert _problems(path) == []


@pytest.mark.parametrize(
    ("plural", "fragment"),
    [
        (None, "header has no Plural-Forms; for Arabic use: Plural-Forms: nplurals=6;"),
        ("nplurals=2; plural=(n != 1);", "Plural-Forms has nplurals=2 but Arabic has 6 plural forms"),
        (  # n % 10 instead of n % 100: 13 takes the wrong form
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%10>=3 && n%10<=10 ? 3 : n%100>=11 ? 4 : 5;",
            "Plural-Forms picks form 5 for n=10 where Arabic needs form 3",
        ),
        ("nplurals=6; plural=n==0 ? 0 :;", "Plural-Forms is not valid: incomplete plural expression"),
        ("nplurals=6; plural=n;", "Plural-Forms is not valid: plural expression gives form 6 for n=6, but nplurals=6"),
        ("nplurals=six; plural=n;", "Plural-Forms is not valid: invalid nplurals value"),
        ("nplurals=6; plural=n%(n-n);", "Plural-Forms is not valid: plural expression divides by zero"),
    ],
)
@pytest.mark.invalid_catalogs
def test_plural_forms_must_match_babels_rule(tmp_path: Path, plural: str | None, fragment: str) -> None:
    header = _header("ar", plural=plural)
    if plural is None:
        header = header.replace(f'"Plural-Forms: {AR_PLURALS}\\n"\n', "")
    path = _write(tmp_path, _entry("Save", "حفظ"), header=header)

    messages = [message for _, kind, message in _problems(path) if kind == "header-plural-forms"]

    assert len(messages) == 1
    assert fragment in messages[0]


@pytest.mark.parametrize(
    ("language", "plural"),
    [
        ("ar", AR_PLURALS),
        # Django's spelling: no parentheses, no spaces
        ("ar", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"),
        # a different formula with the same meaning (n % 100 never exceeds 99)
        ("ar", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"),
        ("en", "nplurals=2; plural=n != 1;"),
        ("en", "nplurals=2; plural=(n!=1)"),
    ],
)
def test_plural_forms_with_the_same_meaning_pass(tmp_path: Path, language: str, plural: str) -> None:
    body = _entry("Save", "حفظ") if language == "ar" else _entry("حفظ", "Save")
    path = _write(tmp_path, body, language=language, header=_header(language, plural=plural))

    assert "header-plural-forms" not in _kinds(path)


@pytest.mark.parametrize(
    ("content_type", "fragment"),
    [
        (None, "header has no Content-Type"),
        ("text/plain", "Content-Type names no charset"),
        ("text/plain; charset=CHARSET", "catalog declares charset 'CHARSET', not UTF-8"),
        ("text/plain; charset=ISO-8859-1", "catalog declares charset 'ISO-8859-1', not UTF-8"),
    ],
)
@pytest.mark.invalid_catalogs
def test_charset_must_be_utf8(tmp_path: Path, content_type: str | None, fragment: str) -> None:
    header = _header("en", content_type=content_type or "")
    if content_type is None:
        header = header.replace('"Content-Type: \\n"\n', "")
    path = _write(tmp_path, _entry("Save", "Save it"), language="en", header=header)

    messages = [message for _, kind, message in _problems(path) if kind == "header-charset"]

    assert len(messages) == 1 and fragment in messages[0]
    assert messages[0].endswith("use: Content-Type: text/plain; charset=UTF-8")


@pytest.mark.parametrize("charset", ["UTF-8", "utf-8", "utf8"])
def test_utf8_in_any_spelling_passes(tmp_path: Path, charset: str) -> None:
    path = _write(tmp_path, _entry("Save", "حفظ"), header=_header(content_type=f"text/plain; charset={charset}"))

    assert "header-charset" not in _kinds(path)


# --- plural forms ---------------------------------------------------------------------------------


@pytest.mark.invalid_catalogs
def test_a_plural_entry_with_too_few_forms_is_an_error(tmp_path: Path) -> None:
    body = _plural("%(count)d report", "%(count)d reports", ["لا تقارير", "تقرير واحد"])
    path = _write(tmp_path, body)

    assert [(line, kind) for line, kind, _ in _problems(path)] == [(13, "plural-count")]
    assert "entry has 2 plural form(s) but the header says nplurals=6; give it msgstr[0] to msgstr[5]" in (
        _problems(path)[0][2]
    )


def test_plural_entries_with_the_right_count_or_untranslated_pass(tmp_path: Path) -> None:
    six = ["لا تقارير", "تقرير واحد", "تقريران", "%(count)d تقارير", "%(count)d تقريرًا", "%(count)d تقرير"]
    body = _plural("%(count)d report", "%(count)d reports", six) + "\n"
    body += _plural("%(count)d file", "%(count)d files", ["", ""])  # untranslated: msgfmt skips it too
    path = _write(tmp_path, body)

    assert _problems(path) == []


# --- format strings -------------------------------------------------------------------------------

MUST_FIRE = [
    # (flag, msgid, msgstr, expected message fragment)
    ("python-format", "Deleted %(name)s.", "تم حذف %(الاسم)s.", "msgstr uses %(الاسم)s, which msgid does not have"),
    ("python-format", "%(count)d selected", "تم تحديد %(count)s", "msgstr uses %(count)s where msgid has %(count)d"),
    ("python-format", "%(a)s and %(b)s", "%(a)s و", "msgstr lacks %(b)s, which msgid has"),
    ("python-format", "Hello %(name)s", "مرحبًا ٪(name)s", "msgstr lacks %(name)s, which msgid has"),
    ("python-format", "Hello %(name)s", "مرحبًا % (name)s", "msgstr is not a valid python-format string"),
    ("python-format", "Hello %(name)s", "مرحبًا s(name)%", "msgstr is not a valid python-format string"),
    ("python-format", "%s of %d", "%d من %s", "argument 1 is %d in msgstr but %s in msgid"),
    ("python-format", "%s of %d", "%(a)s من %(b)d", "msgid uses unnamed arguments (%s) but msgstr uses named"),
    ("python-format", "Done: 100%%", "تم: 100%", "msgstr is not a valid python-format string"),
    ("python-brace-format", "The {name} was added.", "تمت إضافة {الاسم}.", "msgstr is not a valid python-brace-format"),
    ("python-brace-format", "The {name} “{obj}”", "{name} «{object}»", "msgstr uses {object}, which msgid does not have"),
    ("python-brace-format", "The {name} was added.", "تمت إضافة { name }.", "' ' cannot start a field name"),
    ("python-brace-format", "{count:d} items", "{count} عنصر", "msgstr uses {count}, which msgid does not have"),
    ("c-format", "%s has %d files", "لدى %s ملفات", "msgstr has 1 format argument(s) (%s) where msgid has 2"),
    ("c-format", "%zu bytes", "%d بايت", "argument 1 is %d in msgstr but %zu in msgid"),
    ("c-format", "50% of %s", "50% من %s", "not a valid c-format string"),  # "% o" is a directive in C
    ("c-format", "50%", "50% من", None),  # the msgid itself is no format string: msgfmt checks nothing
    ("c-format", "%s: done", "%s: تم 100%", "msgstr is not a valid c-format string"),
    ("c-format", "%1$s %2$s", "%2$s", "refers to argument 2 but never to argument 1"),
    # English translations of Arabic sources
    ("python-format", "حذف %(name)s", "Deleted %(nom)s", "msgstr uses %(nom)s, which msgid does not have"),
    ("c-format", "%d ملفات", "%s files", "argument 1 is %s in msgstr but %d in msgid"),
]


@pytest.mark.parametrize(("flag", "msgid", "msgstr", "fragment"), MUST_FIRE)
@pytest.mark.invalid_catalogs
def test_format_strings_msgfmt_rejects_are_errors(tmp_path: Path, flag: str, msgid: str, msgstr: str,
                                                   fragment: str | None) -> None:
    english = bool(re.search("[\u0600-\u06ff]", msgid))
    path = _write(tmp_path, _entry(msgid, msgstr, flag), language="en" if english else "ar")

    messages = [message for _, kind, message in _problems(path) if kind in FORMAT_CHECKS]

    if fragment is None:
        assert messages == []
    else:
        assert len(messages) == 1 and fragment in messages[0], messages
        assert messages[0].startswith(f"{flag}: ")


MUST_PASS = [
    ("python-format", "Deleted %(name)s.", "تم حذف %(name)s."),
    ("python-format", "%(a)s and %(b)s", "%(b)s و%(a)s"),  # named arguments move freely
    ("python-format", "%(a)s", "%(a)r"),  # s and r take the same argument
    ("python-format", "%(count)s%% done", "تم %(count)s٪"),  # ٪ is text, %% was only an escape
    ("python-format", "%(count)d selected", "%(count)d محددة"),
    ("python-brace-format", "The {name} “{obj}” was added.", "تمت إضافة {name} «{obj}»."),
    ("python-brace-format", "{0} of {1}", "{1} من {0}"),
    ("python-brace-format", "{}th", "{}"),  # Django humanize: not a brace format string for msgfmt
    ("c-format", "%s has %d files", "لدى %s %d ملفات"),
    ("c-format", "%s has %d files", "%2$d ملفات لدى %1$s"),  # positional arguments reorder
    ("c-format", "%s", "%s %%"),
    ("c-format", "%d%%", "%d٪"),
    ("no-python-format", "100% sure", "متأكد 100%"),
    ("python-format, no-python-format", "%(a)s", "%(b)s"),  # the last flag wins, as in msgfmt
    ("", "%(a)s", "%(b)s"),  # unflagged strings are not format strings
    ("python-format", "حذف %(name)s", "Deleted %(name)s"),
]


@pytest.mark.parametrize(("flag", "msgid", "msgstr"), MUST_PASS)
def test_legitimate_format_strings_pass(tmp_path: Path, flag: str, msgid: str, msgstr: str) -> None:
    english = bool(re.search("[\u0600-\u06ff]", msgid))
    path = _write(tmp_path, _entry(msgid, msgstr, flag), language="en" if english else "ar")

    assert [p for p in _problems(path) if p[1] in FORMAT_CHECKS] == []


@pytest.mark.invalid_catalogs
def test_plural_forms_for_single_numbers_may_drop_the_number(tmp_path: Path) -> None:
    """Arabic forms 0, 1 and 2 each cover one n ("لا ملفات", "ملف واحد", "ملفان"): msgfmt lets them drop %(count)d;
    forms 3-5 cover many n and must keep it."""
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%(count)d ملفات", "%(count)d ملفًا", "%(count)d ملف"]
    good = _plural("%(count)d file", "%(count)d files", forms)
    bad = _plural("%(count)d page", "%(count)d pages", [*forms[:5], "صفحة"])
    path = _write(tmp_path, good + "\n" + bad)

    problems = _problems(path)

    assert [(kind, message) for _, kind, message in problems] == [
        ("python-format", "python-format: msgstr[5] lacks %(count)d, which msgid_plural has")
    ]


@pytest.mark.invalid_catalogs
def test_unnamed_python_arguments_must_appear_in_every_plural_form(tmp_path: Path) -> None:
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]
    path = _write(tmp_path, _plural("%d file", "%d files", forms))

    messages = [message for _, _, message in _problems(path)]

    assert [message.split(" has ")[0] for message in messages] == [
        "python-format: msgstr[0]", "python-format: msgstr[1]", "python-format: msgstr[2]"
    ]


def test_english_singular_form_may_spell_out_one(tmp_path: Path) -> None:
    body = _plural("%(count)d ملف", "%(count)d ملفات", ["One file", "%(count)d files"])
    path = _write(tmp_path, body, language="en")

    assert _problems(path) == []


@pytest.mark.invalid_catalogs
def test_english_plural_form_must_keep_the_number(tmp_path: Path) -> None:
    body = _plural("%(count)d ملف", "%(count)d ملفات", ["One file", "Several files"])
    path = _write(tmp_path, body, language="en")

    assert [message for _, _, message in _problems(path)] == [
        "python-format: msgstr[1] lacks %(count)d, which msgid_plural has"
    ]


def test_fuzzy_and_obsolete_entries_are_not_format_checked(tmp_path: Path) -> None:
    body = "#, fuzzy, python-format\nmsgid \"%(a)s\"\nmsgstr \"%(b)s\"\n\n#~ msgid \"%(c)s\"\n#~ msgstr \"%(d)s\"\n"
    path = _write(tmp_path, body)

    assert [p for p in _problems(path) if p[1] in FORMAT_CHECKS] == []


# --- differential test against msgfmt -------------------------------------------------------------

_FRAGMENTS = {
    "c-format": ["%s", "%d", "%i", "%u", "%x", "%ld", "%lu", "%lld", "%zu", "%hhd", "%f", "%Lf", "%lf", "%c", "%lc",
                 "%ls", "%p", "%%", "%5d", "%-10s", "%.3f", "%*d", "%.*s", "%1$s", "%2$s", "%2$d", "%1$d", "%3$s",
                 "%m", "%", "% d", "%5%", "%<PRId64>", "%jd", "%Id", "%y", "50%", "٪s", "%(x)s", "%hc", "%S"],
    "python-format": ["%s", "%d", "%r", "%c", "%f", "%F", "%.0s", "%(a)s", "%(a)d", "%(b)s", "%(b)r", "%(a).0s",
                      "%(c)i", "%%", "%", "%(a)", "% (a)s", "%*d", "%5.2f", "%(a)5s", "%ld", "%a", "٪(a)s",
                      "%(الاسم)s", "%(a)x", "%i", "%(b)c"],
    "python-brace-format": ["{a}", "{b}", "{0}", "{1}", "{a.b}", "{a[0]}", "{a:>10}", "{a:d}", "{a!r}", "{}", "{{",
                            "}}", "{ a }", "{الاسم}", "{a:{b}}", "{", "}", "{b:.2f}", "{a[b]}", "{c}"],
}
_WORDS = ["نص", "text", " ", "، ", "ok"]


def _random_string(rng: random.Random, pieces: list[str]) -> str:
    return "".join(rng.choice(pieces if rng.random() < 0.6 else _WORDS) for _ in range(rng.randint(0, 4)))


def _mutate(rng: random.Random, text: str, pieces: list[str]) -> str:
    choice = rng.random()
    if choice < 0.3:
        return text + rng.choice(["", " نص"])
    if choice < 0.5:
        return _random_string(rng, pieces)
    tokens = re.findall(r"%\S*|\{[^}]*\}|[^%{]+", text) or [""]
    if choice < 0.7:
        rng.shuffle(tokens)
    elif choice < 0.85:
        tokens.pop(rng.randrange(len(tokens)))
    else:
        tokens[rng.randrange(len(tokens))] = rng.choice(pieces)
    return "".join(tokens)


def _entry_of_line(starts: list[int], line: int) -> int | None:
    """The entry (by its first line) that contains ``line``; None for the header."""
    owner = None
    for start in starts:
        if start <= line:
            owner = start
    return owner


def _msgfmt_entries(path: Path, starts: list[int]) -> set[int]:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, errors="replace",
                            check=False)
    flagged: set[int] = set()
    for line in result.stderr.splitlines():
        match = re.match(rf"{re.escape(str(path))}:(\d+): (?!warning:)(.*)", line)
        if match:
            owner = _entry_of_line(starts, int(match.group(1)))
            if owner is not None and owner > starts[0]:
                flagged.add(owner)
    return flagged


@pytest.mark.invalid_catalogs
@pytest.mark.parametrize("kind", sorted(_FRAGMENTS))
def test_format_findings_equal_msgfmts_on_random_strings(tmp_path: Path, kind: str) -> None:
    rng = random.Random(f"workflow-{kind}")
    pieces = _FRAGMENTS[kind]
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Language": "ar", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": AR_PLURALS,
                        "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
    for number in range(400):
        flag = kind if rng.random() < 0.95 else f"no-{kind}"
        msgid = _random_string(rng, pieces) or "x"
        if number % 4 == 0:
            plural = _random_string(rng, pieces) or msgid
            forms = {i: _mutate(rng, plural, pieces) or "ص" for i in range(6)}
            entry = polib.POEntry(msgctxt=str(number), msgid=msgid, msgid_plural=plural, msgstr_plural=forms)
        else:
            entry = polib.POEntry(msgctxt=str(number), msgid=msgid, msgstr=_mutate(rng, msgid, pieces) or "ص")
        entry.flags = [flag]
        catalog.append(entry)
    path = tmp_path / "ar" / "LC_MESSAGES" / "random.po"
    path.parent.mkdir(parents=True)
    catalog.save(str(path))
    reread = polib.pofile(str(path))
    starts = [1] + [entry.linenum for entry in reread]

    expected = _msgfmt_entries(path, starts)
    found = {line for line, check, _ in _problems(path) if check == kind}

    assert len(expected) > 40  # the generator does produce broken strings
    assert found == expected


# --- real third-party catalogs ----------------------------------------------------------------------


def _django_copy(tmp_path: Path) -> Path:
    target = tmp_path / "django"
    shutil.copytree(DJANGO, target)
    return target


def test_django_catalogs_pass_msgfmt_and_have_no_integrity_error(tmp_path: Path, run: Run) -> None:
    folder = _django_copy(tmp_path)

    result = run("check", str(folder), "--json", cwd=tmp_path)

    assert result.exit_code in (0, 3), result.stderr  # checked, not crashed
    records = json.loads(result.stdout)
    assert records, "Django's catalogs have real slips that some check reports"
    integrity_ids = {check.id for check in integrity.CHECKS}
    assert [r for r in records if r["check"] in integrity_ids] == []
    assert {"path", "line", "severity", "check", "message", "msgid"} <= set(records[0])
    assert result.stderr.endswith(" in 4 catalog(s)\n")


# Placeholder slips real translators make: the edits are (msgid, broken translation or plural forms).
DJANGO_SLIPS = {
    "conf/ar/LC_MESSAGES/django.po": [
        ("“%(value)s” is not a valid UUID.", "“%(القيمة)s” ليست UUID صحيحة."),  # the name translated
        ("Ensure this value is %(limit_value)s (it is %(show_value)s).",
         "تأكد أن هذه القيمة هي %(limit_value)s (إنها %(show_value)d)."),  # s became d
        ("Ensure this value is less than or equal to %(limit_value)s.",
         "تحقق من أن تكون هذه القيمة أقل من أو مساوية لـ ٪(limit_value)s."),  # Arabic percent sign
        ("%(model_name)s with this %(field_label)s already exists.",
         "النموذج %(model_name)s والحقل % (field_label)s موجود مسبقاً."),  # a space after %
        ("Value %(value)r is not a valid choice.", "القيمة r(value)% ليست خيارا صحيحا."),  # typed right to left
        ("This field cannot be null.", "لا يمكن ترك هذا الحقل فارغاً.\n"),  # a newline the source does not have
    ],
    "admin/ar/LC_MESSAGES/django.po": [
        ("The {name} “{obj}” was added successfully.", "تمت إضافة {الاسم} “{obj}” بنجاح."),
        ("The {name} “{obj}” was changed successfully.", "تم تغيير {name} “{object}” بنجاح."),
        ("%(count)s %(name)s was changed successfully.",  # the number dropped from a many-n form
         ["لم يتم تغيير أي شيء", "تم تغيير %(name)s بنجاح.", "تم تغيير %(count)s %(name)s بنجاح.",
          "تم تغيير %(count)s %(name)s بنجاح.", "تم تغيير %(count)s %(name)s بنجاح.", "تم تغيير %(name)s بنجاح."]),
    ],
    # A catalog with a wrong plural count has no reliable plural rule: msgfmt (and we) then check every form
    # leniently, so this slip gets a catalog of its own.
    "humanize/ar/LC_MESSAGES/django.po": [
        ("%(value)s million", ["%(value)s مليون", "%(value)s مليون", "%(value)s مليون"]),  # forms lost
    ],
}


@pytest.mark.invalid_catalogs
def test_we_report_every_entry_msgfmt_rejects_in_broken_django_catalogs(tmp_path: Path, run: Run) -> None:
    folder = _django_copy(tmp_path)
    expected: set[tuple[str, int]] = set()
    for name, slips in DJANGO_SLIPS.items():
        path = folder / name
        catalog = polib.pofile(str(path), wrapwidth=79)
        by_msgid = {entry.msgid: entry for entry in catalog}
        for msgid, broken in slips:
            entry = by_msgid[msgid]
            if isinstance(broken, list):
                entry.msgstr_plural = dict(enumerate(broken))
            else:
                entry.msgstr = broken
        catalog.save(str(path))
        starts = [1] + [entry.linenum for entry in polib.pofile(str(path))]
        flagged = _msgfmt_entries(path, starts)
        assert len(flagged) == len(slips), f"msgfmt should reject each slip in {name}"
        expected |= {(str(path), line) for line in flagged}

    result = run("check", str(folder), "--json", cwd=tmp_path)

    assert result.exit_code == 3
    ours = {(str(tmp_path / r["path"]), r["line"]) for r in json.loads(result.stdout)
            if r["check"] in FORMAT_CHECKS | {"plural-count", "newline-edges"} and r["severity"] == "error"}
    assert expected <= ours
    assert ours == expected  # and nothing msgfmt accepts


# --- catalogs refused on reading -----------------------------------------------------------------


@pytest.mark.invalid_catalogs
def test_duplicate_entries_are_refused_with_both_lines(tmp_path: Path, run: Run) -> None:
    path = _write(tmp_path, _entry("Save", "حفظ") + "\n" + _entry("Save", "احفظ"))

    result = run("check", str(path), cwd=tmp_path)

    assert result.exit_code == 1
    assert 'ar/LC_MESSAGES/test.po:16: error: duplicate entry for "Save" (first at line 13)' in result.stderr


@pytest.mark.invalid_catalogs
def test_conflict_markers_are_refused_with_their_line(tmp_path: Path, run: Run) -> None:
    body = "<<<<<<< HEAD\n" + _entry("Save", "حفظ") + "=======\n" + _entry("Save", "احفظ") + ">>>>>>> theirs\n"
    path = _write(tmp_path, body)

    result = run("check", str(path), "--json", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stdout.strip() == "[]"
    assert "ar/LC_MESSAGES/test.po:13: error: git conflict marker; resolve the merge conflict" in result.stderr


@pytest.mark.invalid_catalogs
def test_an_unreadable_catalog_does_not_hide_the_others(tmp_path: Path, run: Run) -> None:
    _write(tmp_path, _entry("Save", "حفظ") + "\n" + _entry("Save", "احفظ"), name="ar/LC_MESSAGES/broken.po")
    _write(tmp_path, _entry("Save", "حفظ %(x)s", "python-format"), name="ar/LC_MESSAGES/other.po")

    result = run("check", str(tmp_path / "ar"), "--json", cwd=tmp_path)

    assert result.exit_code == 1  # unreadable input wins over findings
    assert [r["check"] for r in json.loads(result.stdout)] == ["python-format"]
    assert "broken.po:16: error: duplicate entry" in result.stderr
