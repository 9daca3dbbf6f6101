"""Benchmark against the peers, side by side in one run, with ratios against issue 7's targets.

Run from the repository root:

    python tests/benchmarks/bench_peers.py [--reports 1000] [--merge-entries 50000] [--msgmerge-timeout 600] [--big]
                                           [--only archive|merge|big|end-to-end ...]

Every tool runs as a user runs it (a fresh process, start-up included) on identical inputs: the same
generated reports (realistic prose, paragraphs repeated across reports, a tenth Arabic), the same old
catalogs and the same new templates. Peers that are not installed (msgmerge, translate-toolkit's
txt2po/pot2po/po2txt, po4a) are skipped with a message. ``--big`` adds the 10,000-report runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import edit_paragraphs, large_catalog_pair, make_corpus  # noqa: E402
from measure import measure  # noqa: E402

Row = tuple[str, str, float | None, str]
rows: list[Row] = []  # (step, tool, seconds or None, note)
targets: list[tuple[str, str]] = []  # (target, verdict)


last_peak = [0.0]
"""Megabytes: the peak resident memory of the last command timed (its own, with the workers it waited for)."""


def timed(command: list[str], cwd: Path, *, timeout: float | None = None, env: dict[str, str] | None = None,
          ok: tuple[int, ...] = (0,)) -> float | None:
    """Seconds the command took (None past ``timeout``); a failure stops the benchmark. Its peak memory
    goes to ``last_peak`` (see measure.py: not the benchmark's own, which Linux would report)."""
    found = measure(command, cwd, env=env, timeout=timeout)
    if found.seconds is None:
        return None
    last_peak[0] = found.peak_mb
    if found.returncode not in ok:
        sys.exit(f"{' '.join(command[:4])} ... failed ({found.returncode}):\n{found.output[-3000:].decode('utf-8', 'replace')}")
    return found.seconds


def workflow(root: Path, *args: str, env: dict[str, str] | None = None) -> float:
    seconds = timed([sys.executable, "-m", "workflow", *args], root, env=env, ok=(0, 3))
    assert seconds is not None
    return seconds


def have(tool: str) -> bool:
    if shutil.which(tool):
        return True
    print(f"  ({tool} is not installed: skipped)")
    return False


def record(step: str, tool: str, seconds: float | None, note: str = "") -> float | None:
    rows.append((step, tool, seconds, note))
    shown = "-" if seconds is None else f"{seconds:.2f} s"
    print(f"  {step:44} {tool:22} {shown:>10}  {note}")
    return seconds


def judge(target: str, ours: float | None, peer: float | None, limit: float, peer_name: str) -> None:
    """Ratio ours/peer against ``limit`` (ours must be at most limit x peer)."""
    if ours is None or peer is None:
        targets.append((target, f"not measured ({peer_name} missing)"))
        return
    ratio = ours / peer
    verdict = "met" if ratio <= limit else f"MISSED by {ratio / limit:.1f}x"
    targets.append((target, f"ours {ours:.2f} s / {peer_name} {peer:.2f} s = {ratio:.3f} (target <= {limit:g}): {verdict}"))


def fill(root: Path, folder: str = "locale") -> int:
    """Play translator: translate every untranslated entry (not timed)."""
    count = 0
    for path in (root / folder).rglob("*.po"):
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            if not entry.msgstr and not entry.obsolete and entry.msgid:
                entry.msgstr = ("ترجمة: " if "/ar/" in str(path) or path.stem.endswith("ar") else "EN: ") + entry.msgid
                count += 1
        catalog.save(str(path))
    return count


def fuzzy_choices(paths: list[Path], by_name: bool = True) -> dict[tuple[str, str], str]:
    """(catalog name, msgid) -> msgstr of every fuzzy entry."""
    found = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.fuzzy and not entry.obsolete and entry.msgstr:
                found[(path.stem if by_name else "", entry.msgid)] = entry.msgstr
    return found


def agreement(ours: dict[tuple[str, str], str], gnu: dict[tuple[str, str], str]) -> str:
    both = set(ours) & set(gnu)
    same = sum(1 for key in both if ours[key] == gnu[key])
    share = 100.0 * same / len(both) if both else 100.0
    return f"fuzzy: ours {len(ours)}, msgmerge {len(gnu)}; same choice in {same}/{len(both)} ({share:.1f}%)"


def archive_steps(work: Path, reports: int, msgmerge_timeout: float, project_wide: bool = False) -> None:
    """Extract, update after editing 10% of paragraphs, build, one-report edit: ours and the peers.

    With ``project_wide``, the peers' update runs a second time on one catalog per language for the
    whole archive (see project_wide_update)."""
    root = work / f"archive-{reports}"
    paths = make_corpus(root, reports)
    print(f"\n== {reports} reports ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB) ==")
    cache = str(work / f"cache-{reports}")
    env = {"WORKFLOW_CACHE_DIR": cache}

    ours_extract = record("extract (update from scratch)", "workflow", workflow(root, "update", env=env))
    text_copy = work / f"text-{reports}"
    text_copy.mkdir()
    for path in paths:  # the text tools read .txt: the same reports, renamed
        shutil.copy(path, text_copy / (path.name.split(".")[0] + ".txt"))
    txt2po = None
    if have("txt2po"):
        txt2po = record("extract", "txt2po", timed(["txt2po", "--progress=none", "-i", str(text_copy), "-o", str(work / f"txt2po-{reports}")], work))
        judge(f"extract {reports} reports <= 1/2 of txt2po", ours_extract, txt2po, 0.5, "txt2po")
    if have("po4a"):
        config = work / f"po4a-{reports}.cfg"
        lines = ["[po4a_langs] ar", f"[po4a_paths] {work}/po4a-{reports}/project.pot $lang:{work}/po4a-{reports}/$lang.po"]
        lines += [f"[type: text] {p} $lang:{work}/po4a-{reports}/out/$lang/{p.name}" for p in sorted(text_copy.iterdir())]
        config.write_text("\n".join(lines) + "\n", "utf-8")
        (work / f"po4a-{reports}").mkdir()
        record("extract", "po4a", timed(["po4a", "--no-translations", str(config)], work))

    translated = fill(root)
    workflow(root, "update", env=env)  # untimed: the cache learns the translated catalogs
    old = work / f"old-{reports}"
    shutil.copytree(root / "locale", old)
    edited = edit_paragraphs(paths, 0.10)
    time.sleep(2.1)
    ours_update = record("update after editing 10% of paragraphs", "workflow", workflow(root, "update", env=env),
                         f"{edited} paragraphs edited, {translated} entries translated before")
    ours_fuzzy = fuzzy_choices(sorted((root / "locale").rglob("*.po")))
    templates = {path.stem: path for path in (root / "locale").glob("*.pot")}
    gnu_out = work / f"msgmerge-{reports}"
    if have("msgmerge"):
        gnu_out.mkdir()
        script = "\n".join(
            f"msgmerge --quiet --previous -o {gnu_out / language / (name + '.po')} {po} {templates[name]}"
            for language in ("ar", "en") for po in sorted((old / language / "LC_MESSAGES").glob("*.po"))
            for name in [po.stem]
        )
        for language in ("ar", "en"):
            (gnu_out / language).mkdir()
        (work / f"msgmerge-{reports}.sh").write_text(script + "\n", "utf-8")
        seconds = record("update after editing 10% of paragraphs", "msgmerge (per catalog)",
                         timed(["bash", str(work / f"msgmerge-{reports}.sh")], work, timeout=msgmerge_timeout))
        gnu_fuzzy = fuzzy_choices(sorted(gnu_out.rglob("*.po")))
        note = agreement(ours_fuzzy, gnu_fuzzy)
        print(f"    {note}")
        both = set(ours_fuzzy) & set(gnu_fuzzy)
        same = sum(1 for key in both if ours_fuzzy[key] == gnu_fuzzy[key])
        targets.append((f"fuzzy quality at {reports} reports", note + (
            ": met" if len(ours_fuzzy) >= len(gnu_fuzzy) and (not both or same / len(both) >= 0.95) else ": MISSED")))
        if seconds is not None:
            judge(f"update {reports} reports <= 1/100 of msgmerge", ours_update, seconds, 0.01, "msgmerge")
    if have("pot2po"):
        total = 0.0
        for language in ("ar", "en"):
            pots = work / f"pots-{reports}-{language}"
            pots.mkdir()
            for po in (old / language / "LC_MESSAGES").glob("*.po"):
                shutil.copy(templates[po.stem], pots / f"{po.stem}.pot")
            seconds = timed(["pot2po", "--progress=none", "-t", str(old / language / "LC_MESSAGES"), "-i", str(pots),
                             "-o", str(work / f"pot2po-{reports}-{language}")], work)
            total += seconds or 0.0
        pot2po_fuzzy = fuzzy_choices(sorted(work.glob(f"pot2po-{reports}-*/*.po")))
        record("update after editing 10% of paragraphs", "pot2po", total, f"fuzzy found: {len(pot2po_fuzzy)}")
        judge(f"update with fuzzy, {reports} reports <= 1/10 of pot2po", ours_update, total, 0.1, "pot2po")
    if project_wide:
        project_wide_update(work, reports, old, templates, ours_update, msgmerge_timeout)

    fill(root)
    workflow(root, "update", env=env)
    ours_build = record("build (rebuild every report)", "workflow", workflow(root, "build", env=env))
    if have("po2txt") and txt2po is not None:
        fill(work, f"txt2po-{reports}")
        po2txt = record("build", "po2txt", timed(["po2txt", "--progress=none", "-t", str(text_copy), "-i",
                                                  str(work / f"txt2po-{reports}"), "-o", str(work / f"po2txt-{reports}")], work))
        judge(f"rebuild {reports} reports no slower than po2txt", ours_build, po2txt, 1.0, "po2txt")

    # One report edited in an archive that is otherwise up to date: update + build, against a full run
    # (update + build of every report with no record of earlier runs, as tools without one always do).
    workflow(root, "update", env=env)
    workflow(root, "build", env=env)
    time.sleep(2.1)  # a translator's next run comes more than a moment after the last one
    workflow(root, "status", env=env)
    full = workflow(root, "update", env={"WORKFLOW_CACHE_DIR": "off"}) + workflow(root, "build", env={"WORKFLOW_CACHE_DIR": "off"})
    record("full run (update + build, no cache)", "workflow", full)
    one = paths[len(paths) // 2]
    one.write_text(one.read_text("utf-8").replace(" the ", " a ", 1), "utf-8")
    single = workflow(root, "update", env=env) + workflow(root, "build", env=env)
    record("one report edited: update + build", "workflow", single, f"{100 * single / full:.1f}% of a full run")
    judge(f"one-report edit at {reports} reports <= {'2' if reports >= 10000 else '10'}% of a full run",
          single, full, 0.02 if reports >= 10000 else 0.10, "full run")


def _concatenated(paths: list[Path], target: Path) -> int:
    """One catalog of every entry of ``paths``, the first one of each msgid (msgcat --use-first); its size."""
    combined = polib.pofile(str(paths[0]), wrapwidth=79)
    seen = {(entry.msgctxt, entry.msgid) for entry in combined}
    for path in paths[1:]:
        for entry in polib.pofile(str(path), wrapwidth=79):
            if not entry.obsolete and (entry.msgctxt, entry.msgid) not in seen:
                seen.add((entry.msgctxt, entry.msgid))
                combined.append(entry)
    combined.save(str(target))
    return len(seen)


def project_wide_update(work: Path, reports: int, old: Path, templates: dict[str, Path], ours_update: float,
                        timeout: float) -> None:
    """The peers' update on one catalog per language for the whole archive, as po4a keeps it.

    The issue's table (pot2po 10.3 s, msgmerge 114 s at 1,000 reports) has the shape of this layout:
    per report, each peer merges a dozen entries and msgmerge's all-pairs search costs little. The
    same old catalogs and new templates, concatenated; ours is the per-report update timed above.
    """
    folder = work / f"project-wide-{reports}"
    folder.mkdir()
    times: dict[str, float | None] = {"msgmerge": 0.0, "pot2po": 0.0}
    sizes = []
    for language in ("ar", "en"):
        catalogs = sorted((old / language / "LC_MESSAGES").glob("*.po"))
        if not catalogs:
            continue
        old_all, template_all = folder / f"old-{language}.po", folder / f"all-{language}.pot"
        _concatenated(catalogs, old_all)
        sizes.append(f"{language} {_concatenated([templates[path.stem] for path in catalogs], template_all)}")
        commands = {
            "msgmerge": ["msgmerge", "--quiet", "--previous", "-o", str(folder / f"msgmerge-{language}.po"), str(old_all),
                         str(template_all)],
            "pot2po": ["pot2po", "--progress=none", "-t", str(old_all), "-i", str(template_all), "-o",
                       str(folder / f"pot2po-{language}.po")],
        }
        for tool, command in commands.items():
            spent = times[tool]
            if spent is not None and shutil.which(command[0]):
                seconds = timed(command, work, timeout=timeout)
                times[tool] = None if seconds is None else spent + seconds
    note = f"one catalog per language: {', '.join(sizes)} msgids"
    for tool, limit in (("pot2po", 0.1), ("msgmerge", 0.01)):
        if not have(tool):
            continue
        seconds, target = times[tool], f"update {reports} reports <= {limit:g} of {tool}, project-wide"
        record("update, one project-wide catalog", tool, seconds, note if seconds is not None else f"> {timeout:.0f} s (stopped)")
        if seconds is not None:
            judge(target, ours_update, seconds, limit, tool)
        else:
            targets.append((target, f"ours {ours_update:.2f} s; {tool} > {timeout:.0f} s: ratio < {ours_update / timeout:.3f}"))


def large_merge(work: Path, entries: int, msgmerge_timeout: float) -> None:
    print(f"\n== one catalog of {entries} entries, 5% edited ==")
    old, template, edited = large_catalog_pair(work / "large", entries, 0.05)
    print(f"  {edited} entries edited, deleted or rewritten")
    ours = record(f"merge {entries} entries", "workflow merge",
                  timed([sys.executable, "-m", "workflow", "merge", "--previous", str(old), str(template), "-o",
                         str(work / "large/ours.po")], work))
    ours_fuzzy = fuzzy_choices([work / "large/ours.po"], by_name=False)
    if have("msgmerge"):
        seconds = record(f"merge {entries} entries", "msgmerge",
                         timed(["msgmerge", "--quiet", "--previous", "-o", str(work / "large/gnu.po"), str(old), str(template)],
                               work, timeout=msgmerge_timeout),
                         "" if (work / "large/gnu.po").exists() else f"> {msgmerge_timeout:.0f} s (stopped)")
        if seconds is not None:
            print("    " + agreement(ours_fuzzy, fuzzy_choices([work / "large/gnu.po"], by_name=False)))
            judge(f"merge {entries} entries vs msgmerge", ours, seconds, 0.01, "msgmerge")
        else:
            targets.append((f"merge {entries} entries vs msgmerge",
                            f"ours {ours:.2f} s; msgmerge > {msgmerge_timeout:.0f} s: ratio < {ours / msgmerge_timeout:.3f}"))
    if have("pot2po"):
        seconds = record(f"merge {entries} entries", "pot2po",
                         timed(["pot2po", "--progress=none", "-t", str(old), "-i", str(template), "-o", str(work / "large/pot2po.po")], work),
                         f"fuzzy found: {len(fuzzy_choices([work / 'large/pot2po.po']))} (ours {len(ours_fuzzy)})")
        judge(f"merge {entries} entries <= 1/20 of pot2po", ours, seconds, 0.05, "pot2po")


def end_to_end(work: Path, reports: int) -> None:
    print(f"\n== {reports} reports end to end ==")
    root = work / f"e2e-{reports}"
    make_corpus(root, reports)
    env = {"WORKFLOW_CACHE_DIR": str(work / f"cache-e2e-{reports}")}
    total, peak = 0.0, 0.0
    for step in ("update", "fill", "update", "build"):
        if step == "fill":
            fill(root)  # the translators' work, not timed
            continue
        total += workflow(root, step, env=env)
        peak = max(peak, last_peak[0])
    record("extract + update + build", "workflow", total, f"peak memory of one command {peak:.0f} MB")
    verdict = "met" if total < 60 and peak < 500 else "MISSED"
    targets.append((f"{reports} reports end to end < 60 s, < 500 MB", f"{total:.1f} s, {peak:.0f} MB: {verdict}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--merge-entries", type=int, default=50000, help="0 skips the single-catalog merge")
    parser.add_argument("--msgmerge-timeout", type=float, default=600.0)
    parser.add_argument("--big", action="store_true", help="also 10,000 reports: one-report edit and end to end")
    parser.add_argument("--big-reports", type=int, default=10000)
    parser.add_argument("--only", action="append", choices=["archive", "merge", "big", "end-to-end"],
                        help="run only these parts (repeatable); default: all that the other options ask for")
    options = parser.parse_args()
    wanted = set(options.only or ["archive", "merge", "big", "end-to-end"])
    print(f"workflow vs peers on {os.cpu_count()} cores; times are wall clock, start-up included")
    with tempfile.TemporaryDirectory(prefix="workflow-peers-") as folder:
        work = Path(folder)
        # Every run uses a snapshot of the package, so that editing the code meanwhile changes nothing
        # (and the cache, whose key includes the code, stays valid from one run to the next).
        shutil.copytree(Path(__file__).resolve().parents[2] / "workflow", work / "code" / "workflow",
                        ignore=shutil.ignore_patterns("__pycache__"))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work / "code"), os.environ.get("PYTHONPATH")]))
        # Byte-compiled once, as `pip install` does (and as the peers are): with PYTHONDONTWRITEBYTECODE set,
        # every command would otherwise compile the package again, a cost no installed copy pays.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(work / "code")], check=True)
        if "archive" in wanted:
            archive_steps(work, options.reports, options.msgmerge_timeout, project_wide=True)
        if "merge" in wanted and options.merge_entries:
            large_merge(work, options.merge_entries, options.msgmerge_timeout)
        if options.big and "big" in wanted:
            archive_steps(work, options.big_reports, options.msgmerge_timeout)
        if options.big and "end-to-end" in wanted:
            end_to_end(work, options.big_reports)
    print("\n== targets (issue 7) ==")
    for target, verdict in targets:
        print(f"  {target:58} {verdict}")


if __name__ == "__main__":
    main()
