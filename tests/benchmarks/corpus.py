"""A generated archive of realistic reports, shared by the benchmarks (not a test module).

The prose is real prose recombined: a word-level Markov chain trained on the project's own texts (the
Aleppo report and the English UDHR; the Arabic UDHR and the Arabic translation of the report for
Arabic-source reports), so sentence lengths, vocabulary, punctuation and how alike two unrelated
paragraphs are look like a newsroom's archive, not like a template. Organisations repeat themselves,
so a share of the paragraphs comes from a pool that every report draws from.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[2]


class Prose:
    """Sentences and paragraphs from a first-order word chain over real text in one language."""

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.chain: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?؟])\s+", " ".join(text.split())):
                words = sentence.split()
                if len(words) < 4:
                    continue
                self.starts.append(words[0])
                for first, second in zip(words, words[1:]):
                    self.chain[first].append(second)
                self.chain[words[-1]].append("")  # a sentence may end here

    def sentence(self) -> str:
        words = [self.rng.choice(self.starts)]
        limit = self.rng.randint(12, 34)
        while len(words) < limit:
            following = self.chain.get(words[-1])
            if not following:
                break
            word = self.rng.choice(following)
            if not word:
                if len(words) >= 8:
                    break
                word = self.rng.choice(self.starts)
            words.append(word)
        text = " ".join(words).rstrip(",;:،؛")
        return text if text[-1] in ".!?؟" else text + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def heading(self) -> str:
        words = self.sentence().rstrip(".!?؟").split()[: self.rng.randint(3, 8)]
        return " ".join(words).rstrip(",;:،؛")


@lru_cache(maxsize=None)
def _training() -> tuple[list[str], list[str]]:
    """English and Arabic training texts from the repository (report, UDHR, their translations)."""
    english = [(REPO / "seeds/aleppo-civil-peace-dialogue.txt").read_text("utf-8")]
    arabic = [(REPO / "seeds/udhr.ar.md").read_text("utf-8")]
    english += [e.msgstr for e in polib.pofile(str(REPO / "locale/en/LC_MESSAGES/udhr.po")) if e.msgstr]
    arabic += [e.msgstr for e in polib.pofile(str(REPO / "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po")) if e.msgstr]
    arabic = [re.sub(r"[#*|>]", " ", text) for text in arabic]
    return english, arabic


def prose(language: str, seed: int) -> Prose:
    english, arabic = _training()
    return Prose(arabic if language == "ar" else english, random.Random(seed))


def make_corpus(root: Path, reports: int, seed: int = 7) -> list[Path]:
    """Write ``reports`` reports (Markdown and text, a tenth Arabic) with paragraphs repeated across them."""
    rng = random.Random(seed)
    english, arabic = prose("en", seed), prose("ar", seed + 1)
    shared = {"en": [english.paragraph() for _ in range(40)], "ar": [arabic.paragraph() for _ in range(20)]}
    folder = root / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(reports):
        language = "ar" if number % 10 == 9 else "en"
        writer = arabic if language == "ar" else english
        blocks = [writer.heading()]
        for _ in range(rng.randint(6, 14)):
            roll = rng.random()
            if roll < 0.15:
                blocks.append(rng.choice(shared[language]))  # boilerplate NGOs repeat in every report
            elif roll < 0.25:
                blocks.append(writer.heading())
            else:
                blocks.append(writer.paragraph())
        markdown = language == "ar" or number % 2 == 0
        if markdown:
            blocks[0] = "# " + blocks[0]
        suffix = ".ar.md" if language == "ar" else (".md" if markdown else ".txt")
        path = folder / f"report-{number:05d}{suffix}"
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        paths.append(path)
    (root / "workflow.toml").write_text(
        'sources = ["reports/*.md", "reports/*.txt"]\nlanguages = ["ar", "en"]\n', encoding="utf-8"
    )
    return paths


def edit_text(text: str, rng: random.Random, writer: Prose) -> str | None:
    """A reviser's edit of one paragraph: a word changed (60%), rewritten (20%) or deleted (None)."""
    roll = rng.random()
    if roll < 0.6:
        words = text.split(" ")
        words[rng.randrange(len(words))] = rng.choice(["several", "many", "new", "urgent", "عدة", "جديدة"])
        return " ".join(words)
    if roll < 0.8:
        return writer.paragraph()
    return None


def edit_paragraphs(paths: list[Path], share: float, seed: int = 11) -> int:
    """Edit, delete or replace about ``share`` of all paragraphs; returns how many were touched."""
    rng = random.Random(seed)
    writers = {"en": prose("en", seed), "ar": prose("ar", seed + 1)}
    touched = 0
    for path in paths:
        writer = writers["ar" if path.name.endswith(".ar.md") else "en"]
        blocks = path.read_text("utf-8").split("\n\n")
        for index in range(1, len(blocks)):
            if rng.random() >= share:
                continue
            touched += 1
            blocks[index] = edit_text(blocks[index].rstrip("\n"), rng, writer) or ""
        path.write_text("\n\n".join(block for block in blocks if block).rstrip("\n") + "\n", encoding="utf-8")
    return touched


def large_catalog_pair(folder: Path, entries: int, share: float, seed: int = 5) -> tuple[Path, Path, int]:
    """One translated catalog of ``entries`` distinct paragraphs and a template with ``share`` of them edited.

    Returns (old.po, new.pot, number of edited entries). Both are written with polib, so every tool
    reads the same bytes.
    """
    rng = random.Random(seed)
    writer = prose("en", seed)
    texts: dict[str, None] = {}
    while len(texts) < entries:
        texts[writer.paragraph() if rng.random() < 0.9 else writer.heading()] = None
    header = {
        "Project-Id-Version": "bench", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Language": "ar",
        "Plural-Forms": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    }
    old = polib.POFile(wrapwidth=79)
    old.metadata = dict(header)
    template = polib.POFile(wrapwidth=79)
    template.metadata = {**header, "Language": ""}
    edited = 0
    new_texts: dict[str, None] = {}
    for number, text in enumerate(texts):
        old.append(polib.POEntry(msgid=text, msgstr="ترجمة: " + text, occurrences=[("archive.md", str(number + 1))]))
        if rng.random() < share:
            edited += 1
            text = edit_text(text, rng, writer) or ""
        if text and text not in new_texts:
            new_texts[text] = None
            template.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("archive.md", str(number + 1))]))
    folder.mkdir(parents=True, exist_ok=True)
    old.save(str(folder / "old.po"))
    template.save(str(folder / "new.pot"))
    return folder / "old.po", folder / "new.pot", edited
