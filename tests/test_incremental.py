"""The content-hash cache: incremental runs print and write exactly what clean sequential runs do,
skip the reports whose inputs did not change, and never trust a record the files contradict."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import polib
import pytest
from conftest import Run

from workflow import incremental
from workflow.cache import Cache, cache_folder
from workflow.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from corpus import edit_paragraphs, make_corpus  # noqa: E402

REPORTS = 24


def translate_all(root: Path, every: int = 1) -> None:
    """Play translator: translate untranslated entries (every ``every``-th one), review fuzzy ones."""
    for number, path in enumerate(sorted((root / "locale").rglob("*.po"))):
        catalog = polib.pofile(str(path), wrapwidth=79)
        for index, entry in enumerate(catalog):
            if entry.obsolete or (index + number) % every:
                continue
            if not entry.msgstr:
                entry.msgstr = ("ترجمة: " if path.parts[-3] == "ar" else "EN: ") + entry.msgid
            if entry.fuzzy and index % 2:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        catalog.save(str(path))


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


COMMANDS = [
    ("update",),
    ("status", "--json"),
    ("build", "--json"),
    ("check", "--format", "json"),
]


def scenario(root: Path, run: Run, *options: str) -> list[tuple[str, int, str, str, dict[str, bytes]]]:
    """Every command after every step of a translator's week; each command's exit code, stdout, stderr
    and the whole project's files afterwards."""
    paths = sorted((root / "reports").iterdir())
    steps = [
        ("first run", lambda: None),
        ("nothing changed", lambda: None),
        ("translated", lambda: translate_all(root, every=2)),
        ("nothing changed again", lambda: None),
        ("a tenth of the paragraphs edited", lambda: edit_paragraphs(paths, 0.1)),
        ("one report edited", lambda: paths[3].write_text(paths[3].read_text("utf-8") + "\nA new closing line.\n", "utf-8")),
        ("everything translated", lambda: translate_all(root)),
        ("a catalog edited by hand", lambda: _retranslate(root)),
        ("a catalog saved by another tool, then its report edited", lambda: _rewritten_then_edited(root)),
        ("a built file deleted", lambda: shutil.rmtree(root / "build" / "ar")),
    ]
    record = []
    for label, change in steps:
        change()
        for command in COMMANDS:
            result = run(*command, *options, cwd=root)
            record.append((f"{label}: {' '.join(command)}", result.exit_code, result.stdout, result.stderr, files(root)))
    return record


def _retranslate(root: Path) -> None:
    path = sorted((root / "locale" / "ar" / "LC_MESSAGES").glob("*.po"))[5]
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if entry.msgstr:
            entry.msgstr = "مراجعة: " + entry.msgstr
    catalog.save(str(path))


def _rewritten_then_edited(root: Path) -> None:
    """The same catalog saved unwrapped (its bytes no longer the ones update wrote), then its report edited:
    update must read the file as another tool's, not as its own rendering."""
    path = sorted((root / "locale" / "ar" / "LC_MESSAGES").glob("*.po"))[2]
    polib.pofile(str(path), wrapwidth=0).save(str(path))
    source = next((root / "reports").glob(f"{path.stem}.*"))
    source.write_text(source.read_text("utf-8") + "\nA closing line added later.\n", "utf-8")


def project(tmp_path: Path, name: str) -> Path:
    """A generated archive in ``tmp_path/name/reports-archive`` (the folder name is the project's name)."""
    root = tmp_path / name / "reports-archive"
    make_corpus(root, REPORTS)
    return root


def test_incremental_runs_equal_clean_sequential_runs_byte_for_byte(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    incremental_record = scenario(project(tmp_path, "incremental"), run, "--jobs", "1")
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    clean_record = scenario(project(tmp_path, "clean"), run, "--jobs", "1")

    assert [step[0] for step in incremental_record] == [step[0] for step in clean_record]
    for ours, clean in zip(incremental_record, clean_record):
        assert ours[1:4] == clean[1:4], ours[0]
        assert ours[4] == clean[4], ours[0]
    assert list((tmp_path / "cache").glob("*-update/*.json"))  # the incremental runs did keep a record
    # The scenario reaches every outcome: updates, clean runs, blocked and written builds, check findings.
    assert {step[1] for step in clean_record} == {0, 3}


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    calls: list[str] = []
    original = getattr(incremental, name)

    def counted(config, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(source.shown)
        return original(config, source, *args, **kwargs)

    monkeypatch.setattr(incremental, name, counted)
    return calls


def test_unchanged_reports_are_skipped_and_an_edited_one_is_redone(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = project(tmp_path, "project")
    for command in COMMANDS:
        run(*command, "--jobs", "1", cwd=root)
    _age(root)
    updated = _counting(monkeypatch, "update_report")
    statuses = _counting(monkeypatch, "report_status")

    run("update", "--jobs", "1", cwd=root)
    run("status", "--jobs", "1", cwd=root)
    assert updated == statuses == []

    edited = sorted((root / "reports").iterdir())[7]
    edited.write_text(edited.read_text("utf-8") + "\nOne more paragraph for the record.\n", "utf-8")
    before = _recorded_reports(tmp_path / "cache")
    result = run("update", "--jobs", "1", cwd=root)
    run("status", "--jobs", "1", cwd=root)

    shown = f"reports/{edited.name}"
    assert updated == statuses == [shown]
    assert result.stdout.count("updated: ") == 2
    # Only the shard that records the edited report was rewritten with new results, in each command's record.
    after = _recorded_reports(tmp_path / "cache")
    changed = {shard for shard in after if after[shard] != before.get(shard)}
    assert len(changed) == 2 and {shard.split("/")[0].rsplit("-", 1)[1] for shard in changed} == {"update", "status"}
    assert all(shown in after[shard] for shard in changed)


def _recorded_reports(cache: Path) -> dict[str, dict[str, object]]:
    """Each shard of each command's record (``folder/NN.json``): the reports it records, with their records."""
    shards = {}
    for path in sorted(cache.glob("*/*.json")):
        sections = json.loads(path.read_bytes())["sections"]
        shards[f"{path.parent.name}/{path.name}"] = {name: record for section in sections.values()
                                                     for name, record in section.items()}
    return shards


def _age(root: Path) -> None:
    """Make every file look written three seconds ago, so the cache may trust its stat, as it will on
    a translator's machine a moment after a run."""
    past = os_time() - 3
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def os_time() -> float:
    import time

    return time.time()


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = project(tmp_path, "project")
    first = run("update", "--jobs", "1", cwd=root)
    shards = list((tmp_path / "cache").glob("*-update/*.json"))
    expected = files(root)
    assert shards
    for garbage in (b"{not json", b'{"format": 99, "sections": {}}', b"\xff\xfe",
                    b'{"format": 2, "sections": [], "files": 3}',
                    b'{"format": 2, "sections": {"update": [1]}, "files": {"x": 1}}'):
        for shard in shards:
            shard.write_bytes(garbage)
        again = run("update", "--jobs", "1", cwd=root)
        assert (again.exit_code, again.stdout) == (0, "")
        assert files(root) == expected
    assert first.exit_code == 0


def test_a_record_is_not_trusted_when_a_file_changed_behind_its_back(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, mtime put back: the inode/ctime change gives the rewrite away, and the file is hashed."""
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = project(tmp_path, "project")
    run("update", "--jobs", "1", cwd=root)
    _age(root)
    run("status", "--json", "--jobs", "1", cwd=root)  # records the files' stat
    source = sorted((root / "reports").glob("*.md"))[0]
    stat = source.stat()
    text = source.read_text("utf-8")
    source.write_text(text.replace(" the ", " thy ", 1), "utf-8")  # same size: the segment changes
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_size == stat.st_size and source.stat().st_mtime_ns == stat.st_mtime_ns

    cached = run("status", "--json", "--jobs", "1", cwd=root)
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    clean = run("status", "--json", "--jobs", "1", cwd=root)

    assert cached.stdout == clean.stdout
    assert '"stale": true' in clean.stdout


def test_a_missing_output_is_rebuilt(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = project(tmp_path, "project")
    run("update", "--jobs", "1", cwd=root)
    translate_all(root)
    run("build", "--jobs", "1", cwd=root)
    output = sorted((root / "build" / "ar").iterdir())[0]
    output.unlink()

    result = run("build", "--jobs", "1", cwd=root)

    assert result.exit_code == 0
    assert f"wrote: build/ar/{output.name}\n" in result.stdout
    assert output.exists()


def test_the_cache_lives_outside_the_project_and_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "elsewhere"))
    root = project(tmp_path, "project")
    assert Cache.of(load_config(root), "update").path.parent == tmp_path / "elsewhere"
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    assert cache_folder() is None
    monkeypatch.delenv("WORKFLOW_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "workflow"


def test_parsed_sources_and_catalogs_are_reused_and_damaged_ones_parsed_again(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build reads the documents and catalogs update parsed; an object torn, emptied or filled with
    garbage is parsed again, and the outputs are those of a run without any cache."""
    monkeypatch.setenv("WORKFLOW_CACHE_DIR", "off")
    clean = project(tmp_path, "clean")
    run("update", "--jobs", "1", cwd=clean)
    translate_all(clean)
    expected = run("build", "--jobs", "1", "--json", cwd=clean)

    monkeypatch.setenv("WORKFLOW_CACHE_DIR", str(tmp_path / "cache"))
    root = project(tmp_path, "project")
    run("update", "--jobs", "1", cwd=root)
    translate_all(root)
    run("update", "--jobs", "1", cwd=root)  # parses the translated catalogs
    objects = sorted(p for p in (tmp_path / "cache" / "parsed").rglob("*") if p.is_file())
    assert len(objects) == 2 * REPORTS  # each report's document and its catalog (the templates were not parsed)
    damage = [lambda data: data[: len(data) // 2], lambda data: b"", lambda data: data[:40] + b"\x00" * (len(data) - 40)]
    for number, path in enumerate(objects[::2]):
        path.write_bytes(damage[number % 3](path.read_bytes()))
    parsed = _counting_parses(monkeypatch)

    result = run("build", "--jobs", "1", "--json", cwd=root)

    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert files(root / "build") == files(clean / "build")
    assert parsed == [len(objects[::2])]  # only the damaged objects were parsed again


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from workflow import parsed

    count = [0]
    original = parsed._store

    def counted(path: Path, value: object) -> None:
        count[0] += 1
        original(path, value)

    monkeypatch.setattr(parsed, "_store", counted)
    return count
