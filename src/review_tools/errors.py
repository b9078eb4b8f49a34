"""Exception and warning types of review-tools.

Every error the library raises on bad input derives from :class:`ReviewToolsError`, so the
CLI and notebooks can catch one type and show its message to the researcher.
"""

from __future__ import annotations


class ReviewToolsError(Exception):
    """Base class of every error review-tools raises on bad input or state."""


class ConfigError(ReviewToolsError):
    """The review configuration (``review/``) has one or more problems.

    Parameters
    ----------
    problems : list of str
        One line per problem, each of the form ``file: key.path: message``.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"The review configuration has {n} problem{'s' if n != 1 else ''}:"
        super().__init__("\n".join([head, *("  - " + p for p in self.problems)]))


class CorpusFormatError(ReviewToolsError):
    """An input file cannot be read; the message names the file and line or field."""

    def __init__(self, path, message: str, *, line: int | None = None, field: str | None = None):
        self.path = str(path)
        self.line = line
        self.field = field
        where = self.path
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


class StageInputError(ReviewToolsError):
    """A stage got a table that lacks what it needs (e.g. a missing column)."""


class DatabaseError(ReviewToolsError):
    """The review database is corrupted, of a newer version, or was given invalid events."""


class ReviewToolsWarning(UserWarning):
    """A problem that loses nothing but that the researcher should see."""
