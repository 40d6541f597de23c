"""One overwrite rule for every ``-o`` option: an existing file is refused without ``--force``,
replaced with it, and the refusal comes before any work (exit 1, one line naming the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support.data import MINI

#: every command with a file output, as arguments before ``-o FILE`` (small inputs: the mini KG)
COMMANDS: dict[str, list[str]] = {
    "viz": ["--data", str(MINI), "viz", "--focus", "tight junction"],
    "sparql": ["--data", str(MINI), "sparql", "--name", "sources", "--format", "csv"],
    "export": ["--data", str(MINI), "export", "nt"],
    "diagram": ["--data", str(MINI), "diagram", "stress", "pain", "--format", "mermaid"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_existing_output_is_refused_without_force(runner, cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep me")
    result = runner.invoke(cli, [*COMMANDS[command], "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert f"{target} already exists; use --force to overwrite it" in result.output
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_force_replaces_the_output(runner, cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    result = runner.invoke(cli, [*COMMANDS[command], "-o", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert target.read_text() not in ("", "old")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_missing_directory_is_one_line(runner, cli, tmp_path: Path, command: str) -> None:
    result = runner.invoke(cli, [*COMMANDS[command], "-o", str(tmp_path / "nope" / "out.txt")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and len(result.output.strip().splitlines()) == 1
