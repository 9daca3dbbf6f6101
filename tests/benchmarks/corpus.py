"""A generated archive of realistic reports, shared by the benchmarks (not a test module)."""

from __future__ import annotations

import random
from pathlib import Path

_SUBJECTS = [
    "The session", "Participants", "The organizers", "Local activists", "Community leaders", "The committee",
    "Women's groups", "Youth volunteers", "Representatives of displaced families", "The working group",
]
_VERBS = [
    "discussed", "emphasized", "reviewed", "called for", "examined", "proposed", "documented", "questioned",
    "welcomed", "highlighted",
]
_OBJECTS = [
    "the need for transitional justice", "mechanisms for rebuilding trust", "the role of local councils",
    "access to water and electricity in the eastern neighborhoods", "the return of displaced families",
    "the protection of civilians", "housing, land and property rights", "the reform of security institutions",
    "the documentation of violations since 2011", "freedom of the press and the safety of journalists",
    "the participation of women in public life", "support for victims and their families",
]
_TAILS = [
    "", " in Aleppo and its countryside", " over the past ten years", " at the neighborhood level",
    " with the support of international partners", " in the coming months", " despite limited resources",
]
_ARABIC = [
    "ناقش المشاركون سبل تعزيز السلم الأهلي في المدينة وريفها.",
    "أكد الحاضرون أهمية العدالة الانتقالية لضمان عدم تكرار الانتهاكات.",
    "دعت التوصيات إلى توسيع حلقات الحوار المجتمعي بين الأحياء.",
    "شددت الجلسة على دور الإعلام المسؤول في مواجهة خطاب الكراهية.",
    "قدم الفريق عرضاً حول أوضاع المياه والكهرباء في الأحياء الشرقية.",
]


def sentence(rng: random.Random) -> str:
    number = f" ({rng.randint(2, 950)} people)" if rng.random() < 0.2 else ""
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_TAILS)}{number}."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def make_corpus(root: Path, reports: int, seed: int = 7) -> list[Path]:
    """Write ``reports`` reports (Markdown and text, a tenth Arabic) with paragraphs repeated across them."""
    rng = random.Random(seed)
    shared = [paragraph(rng) for _ in range(40)]  # boilerplate paragraphs NGOs repeat in every report
    folder = root / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(reports):
        if number % 10 == 9:
            body = "\n\n".join(rng.choice(_ARABIC) + " " + rng.choice(_ARABIC) for _ in range(rng.randint(6, 12)))
            path = folder / f"report-{number:05d}.ar.md"
            path.write_text(f"# تقرير رقم {number}\n\n{body}\n", encoding="utf-8")
        else:
            blocks = [f"Report {number}: {rng.choice(_OBJECTS).capitalize()}"]
            for _ in range(rng.randint(6, 14)):
                if rng.random() < 0.15:
                    blocks.append(rng.choice(shared))
                elif rng.random() < 0.1:
                    blocks.append(rng.choice(_OBJECTS).capitalize())
                else:
                    blocks.append(paragraph(rng))
            markdown = number % 2 == 0
            if markdown:
                blocks[0] = "# " + blocks[0]
            path = folder / f"report-{number:05d}.{'md' if markdown else 'txt'}"
            path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        paths.append(path)
    (root / "workflow.toml").write_text(
        'sources = ["reports/*.md", "reports/*.txt"]\nlanguages = ["ar", "en"]\n', encoding="utf-8"
    )
    return paths


def edit_paragraphs(paths: list[Path], share: float, seed: int = 11) -> int:
    """Edit, delete or replace about ``share`` of all paragraphs; returns how many were touched."""
    rng = random.Random(seed)
    touched = 0
    for path in paths:
        blocks = path.read_text("utf-8").split("\n\n")
        for index in range(1, len(blocks)):
            if rng.random() >= share:
                continue
            touched += 1
            roll = rng.random()
            if roll < 0.6:  # a small edit: one word changed
                words = blocks[index].split(" ")
                words[rng.randrange(len(words))] = rng.choice(["several", "many", "new", "urgent"])
                blocks[index] = " ".join(words)
            elif roll < 0.8:
                blocks[index] = paragraph(rng)
            else:
                blocks[index] = ""
        path.write_text("\n\n".join(block for block in blocks if block), encoding="utf-8")
    return touched
