"""Exceptions raised by gutjoint-kg; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class GutJointError(Exception):
    """Base class of every error meant for a user; the CLI exits with ``exit_code``."""

    exit_code = 1


class UsageError(GutJointError):
    """A bad argument value (an unknown evidence level, relation or format): exit code 2."""

    exit_code = 2


class DataParseError(GutJointError):
    """A Turtle (or other RDF) file that does not parse; names the file, line and column."""

    def __init__(self, path: str, line: int | None, message: str, column: int | None = None):
        self.path, self.line, self.column, self.reason = path, line, column, message
        where = path if line is None else f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class UnknownConceptError(GutJointError):
    """A name that resolves to no concept; carries the closest matches as suggestions."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        self.hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown concept {name!r}{self.hint}")


class AmbiguousConceptError(UnknownConceptError):
    """A name that is no concept's own but holds the words of several; lists them with categories."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]):
        self.candidates = candidates  # (curie, label, category)
        GutJointError.__init__(
            self,
            f"{name!r} is ambiguous; it matches {len(candidates)} concepts: "
            + "; ".join(f"{label} ({category}, {c})" for c, label, category in candidates)
            + " (name one of them)",
        )
        self.name, self.suggestions, self.hint = name, [label for _, label, _ in candidates], ""


class NoPathError(GutJointError):
    """No chain connects two concepts within the given bounds."""
