"""The command line as a whole: help, documentation, configuration and the installed script."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import REPO, Run
from workflow.cli import main

COMMANDS = sorted(main.list_commands(click.Context(main)))  # loaded on demand: not in main.commands


def test_every_listed_command_loads_its_module() -> None:
    context = click.Context(main)

    assert len(COMMANDS) == 13
    assert all(main.get_command(context, name).name == name for name in COMMANDS)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])

    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_readme_section(command: str) -> None:
    readme = (REPO / "README.md").read_text("utf-8")

    assert f"\n### {command}\n" in readme


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)

    assert block is not None
    build_line, test_line = block.group(1).strip().splitlines()
    assert build_line.endswith("workflow build && .venv/bin/workflow release")
    assert test_line.endswith("pytest")
    assert test_line in (REPO / ".ci/run").read_text("utf-8")


def test_installed_script_and_module_both_answer() -> None:
    script = shutil.which("workflow", path=str(Path(sys.executable).parent)) or shutil.which("workflow")
    assert script, "the console script 'workflow' is not installed"
    for command in ([script, "--help"], [sys.executable, "-m", "workflow", "--help"]):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0
        assert "Usage: workflow" in result.stdout


@pytest.mark.parametrize("command", ["status", "build", "merge old.po new.pot"])
def test_a_deleted_working_directory_is_a_clear_error(tmp_path: Path, command: str) -> None:
    script = f"mkdir gone && cd gone && rmdir ../gone && exec {shlex.quote(sys.executable)} -m workflow {command}"
    result = subprocess.run(["sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)

    assert result.returncode == 1
    assert result.stderr == "error: the working directory no longer exists (deleted or moved?); cd to the project again\n"


def test_works_without_any_config_file(tmp_path: Path, run: Run) -> None:
    (tmp_path / "report.md").write_text("# Title\n\nOne paragraph.\n", encoding="utf-8")

    result = run("update", "-l", "ar", "report.md", cwd=tmp_path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "created: locale/report.pot\ncreated: locale/ar/LC_MESSAGES/report.po\n"


def test_unknown_config_key_is_named_with_its_line(tmp_path: Path, run: Run) -> None:
    (tmp_path / "workflow.toml").write_text('sources = ["*.md"]\nlangauges = ["ar"]\n', encoding="utf-8")

    result = run("status", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr.startswith("workflow.toml:2: error: unknown setting 'langauges' in [tool.workflow]")


def test_unknown_language_in_config_is_named(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.workflow]\nsources = ["*.md"]\nlanguages = ["ar", "xx"]\n', encoding="utf-8"
    )

    result = run("status", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == "pyproject.toml:6: error: unknown language code 'xx'\n"


def test_wrong_type_in_config_is_named(tmp_path: Path, run: Run) -> None:
    (tmp_path / "workflow.toml").write_text('sources = "*.md"\n', encoding="utf-8")

    result = run("status", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == "workflow.toml:1: error: setting 'sources' must be a list of strings, not '*.md'\n"


def test_source_globs_may_not_leave_the_project(tmp_path: Path, run: Run) -> None:
    (tmp_path / "workflow.toml").write_text('sources = ["../*.md"]\n', encoding="utf-8")

    result = run("status", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == "workflow.toml:1: error: 'sources' pattern '../*.md' reaches outside the project\n"


def test_unknown_language_on_the_command_line_is_a_usage_error(project: Path, run: Run) -> None:
    result = run("status", "-l", "klingon", cwd=project)

    assert result.exit_code == 2
    assert "invalid language code 'klingon'" in result.stderr


def test_config_found_from_a_subfolder(project: Path, run: Run) -> None:
    result = run("status", "--json", cwd=project / "seeds")

    assert result.exit_code == 0
    assert {row["report"] for row in json.loads(result.stdout)} == {
        "seeds/aleppo-civil-peace-dialogue.txt",
        "seeds/aleppo-dialogue-follow-up.txt",
        "seeds/udhr.ar.md",
    }


def test_no_sources_configured_says_how_to_fix_it(tmp_path: Path, run: Run) -> None:
    result = run("build", cwd=tmp_path)

    assert result.exit_code == 1
    assert result.stderr == (
        "error: no sources: name report files on the command line or set 'sources' in [tool.workflow]\n"
    )
