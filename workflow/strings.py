"""The words release pages add around a report (navigation, dates, notes), in English and Arabic.

Other languages get the English words; the report text itself always comes from the catalogs.
"""

from __future__ import annotations

__all__ = ["ui_text"]

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "published": "Published {date}",
        "bilingual": "Bilingual edition",
        "original": "Original",
        "translated": "{percent} translated",
        "translated_from": "Translated from {language}",
        "untranslated": "Not translated yet: the {language} source text is shown.",
        "incomplete": "Some passages are not translated yet; they appear in {language}, marked.",
        "override_removed": "A bidi override control was removed here.",
        "reports": "Reports",
        "report": "Report",
        "all_reports": "All reports",
        "languages": "Languages",
        "other_editions": "Other editions",
        "in_language": "{name} ({native})",
    },
    "ar": {
        "published": "نُشر في {date}",
        "bilingual": "النسخة ثنائية اللغة",
        "original": "النص الأصلي",
        "translated": "مترجم بنسبة {percent}",
        "translated_from": "مترجم عن {language}",
        "untranslated": "لم يُترجم بعد: يظهر النص الأصلي باللغة {language}.",
        "incomplete": "بعض المقاطع لم تُترجم بعد، وتظهر باللغة {language} مع تمييزها.",
        "override_removed": "أُزيل هنا رمز تحكم كان يفرض اتجاه النص.",
        "reports": "التقارير",
        "report": "التقرير",
        "all_reports": "كل التقارير",
        "languages": "اللغات",
        "other_editions": "نسخ أخرى",
        "in_language": "{name} ({native})",
    },
}


def ui_text(page_language: str, key: str, **values: str) -> str:
    """A page string in ``page_language`` (its base language; English when there is none).

    >>> ui_text("ar_SY", "translated_from", language="الإنجليزية")
    'مترجم عن الإنجليزية'
    """
    table = _STRINGS.get(page_language.split("_")[0], _STRINGS["en"])
    return table[key].format(**values)
