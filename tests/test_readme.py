"""The README's examples run as written, so README and behaviour cannot drift apart.

Convention for the ``console`` blocks of README.md (documented in its "Tests" section):

- ``$ gutjoint-kg …`` lines are run (in a scratch directory, with the shipped KB); a trailing
  ``# comment`` and ``\\`` line continuations are shell syntax, as in a terminal;
- the lines up to the next ``$`` line are the expected output (stdout and stderr as a terminal shows
  them, trailing spaces ignored); ``…`` stands for any text, within a line or for whole lines; a
  line wholly in parentheses is a note to the reader, not output; no lines means only the exit
  status (0, or 1 when the output shown is an ``Error:`` line) is checked;
- a block with any other command (``pip``, ``curl``) or an uppercase placeholder (``HOST``, ``NAME``) is
  illustrative: it needs a server, a download or files the reader supplies, and is not run.

The README's test command is also the command ``.ci/run`` runs.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from .support.data import ROOT

README = ROOT / "README.md"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Example:
    """One ``$ gutjoint-kg`` command of a console block and the output the README shows for it."""

    line: int
    argv: tuple[str, ...]
    expected: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"


def console_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of the first line, lines) of every ```console block."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(text.splitlines(), 1):
        if current is None and line.strip() == "```console":
            current, start = [], number + 1
        elif current is not None and line.strip() == "```":
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def examples(text: str) -> tuple[list[Example], list[int]]:
    """The runnable examples and the first lines of the illustrative blocks."""
    runnable, illustrative = [], []
    for start, lines in console_blocks(text):
        commands = [shlex.split(ln[2:].rstrip("\\"), comments=True) for ln in lines if ln.startswith("$ ")]
        if any(c[:1] != ["gutjoint-kg"] or any(re.fullmatch(r"[A-Z_]{3,}", w) for w in c) for c in commands):
            illustrative.append(start)
            continue
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            line_no, command = start + i, lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                if not re.fullmatch(r"\(.*\)", lines[i].strip()):
                    output.append(lines[i].rstrip())
                i += 1
            argv = shlex.split(command, comments=True)
            runnable.append(Example(line_no, tuple(argv[1:]), tuple(output)))
    return runnable, illustrative


def matches(expected: list[str] | tuple[str, ...], actual: str) -> bool:
    """Whether ``actual`` (trailing spaces ignored) is ``expected`` with ``…`` matching any text."""
    got = "\n".join(line.rstrip() for line in actual.rstrip("\n").splitlines())
    pattern = ".*?".join(re.escape(part) for part in "\n".join(expected).split(ELLIPSIS))
    return re.fullmatch(pattern, got, re.DOTALL) is not None


RUNNABLE, ILLUSTRATIVE = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_runnable_and_illustrative_examples() -> None:
    assert len(RUNNABLE) >= 15 and ILLUSTRATIVE, (len(RUNNABLE), ILLUSTRATIVE)


@pytest.mark.parametrize("example", RUNNABLE, ids=[e.id for e in RUNNABLE])
def test_readme_example(example: Example, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # -o files land in a scratch directory
    result = CliRunner().invoke(cli, list(example.argv))
    errors = bool(example.expected) and example.expected[0].startswith("Error:")
    assert result.exit_code == (1 if errors else 0), result.output
    if example.expected:
        assert matches(example.expected, result.output), (
            f"{example.id}: the README shows\n"
            + "\n".join(example.expected)
            + f"\n\nbut the command prints\n{result.output}"
        )


def test_the_matcher_is_strict() -> None:
    assert matches(["a", "…", "d"], "a\nb\nc\nd\n")
    assert matches(["x  y …"], "x  y z w")
    assert not matches(["a", "d"], "a\nb\nd")
    assert not matches(["a …"], "b a c")


def test_readme_test_command_is_the_ci_command() -> None:
    """The README names the exact test command; .ci/run runs that command."""
    named = re.findall(r"test command\s+`([^`]+)`", README.read_text(encoding="utf-8"))
    assert named, "README.md must name its test command as: test command `...`"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in named:
        assert command in ci, f"the README's test command {command!r} is not a line of .ci/run"
