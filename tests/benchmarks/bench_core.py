"""Benchmark: segment + update + build on a generated archive of reports; prints throughput.

Run from the repository root:  python tests/benchmarks/bench_core.py [--reports 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import edit_paragraphs, make_corpus  # noqa: E402
from measure import measure  # noqa: E402


def _workflow(root: Path, *args: str) -> float:
    """Run the installed CLI like a user, start-up included; returns seconds (its peak memory goes to ``_peak``)."""
    found = measure([sys.executable, "-m", "workflow", *args], root)
    if found.returncode not in (0, 3):
        sys.exit(f"workflow {' '.join(args)} failed ({found.returncode}):\n{found.output[-2000:].decode('utf-8', 'replace')}")
    _peak[0] = max(_peak[0], found.peak_mb)
    assert found.seconds is not None
    return found.seconds


_peak = [0.0]
"""Megabytes: the largest peak of the commands run so far."""


def _fill_translations(root: Path) -> int:
    """Play translator: give every untranslated entry a translation (not timed)."""
    count = 0
    for path in (root / "locale").rglob("*.po"):
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            if not entry.msgstr and not entry.obsolete:
                entry.msgstr = "ترجمة: " + entry.msgid if path.parts[-3] == "ar" else "EN: " + entry.msgid
                count += 1
        catalog.save(str(path))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--edit-share", type=float, default=0.10)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="workflow-bench-") as folder:
        root = Path(folder)
        paths = make_corpus(root, options.reports)
        size = sum(path.stat().st_size for path in paths)
        rows = []
        seconds = _workflow(root, "segment", str(paths[0]))
        rows.append(("start-up + segment 1 report", seconds, 1))
        seconds = _workflow(root, "update")
        rows.append(("update (extract, new catalogs)", seconds, options.reports))
        filled = _fill_translations(root)
        seconds = _workflow(root, "update")
        rows.append(("update, nothing changed", seconds, options.reports))
        touched = edit_paragraphs(paths, options.edit_share)
        seconds = _workflow(root, "update")
        rows.append((f"update after editing {touched} paragraphs", seconds, options.reports))
        seconds = _workflow(root, "build", "--allow-missing")
        rows.append(("build (allow fuzzy/missing)", seconds, options.reports))
        seconds = _workflow(root, "verify")
        rows.append(("verify identity", seconds, options.reports))

        fuzzy = sum(1 for p in (root / "locale").rglob("*.po") for e in polib.pofile(str(p)) if e.fuzzy)
        print(f"corpus: {options.reports} reports, {size / 1e6:.1f} MB, {filled} segments translated, "
              f"{touched} paragraphs edited -> {fuzzy} fuzzy entries")
        print(f"{'step':44} {'seconds':>8} {'reports/s':>10}")
        for label, elapsed, count in rows:
            print(f"{label:44} {elapsed:8.2f} {count / elapsed:10.0f}")
        print(f"peak memory of the largest run: {_peak[0]:.0f} MB")


if __name__ == "__main__":
    main()
