"""The one error contract of every command: each problem is one line, ``path:line: message``.

Paths are shown relative to the working directory (as typed, when outside it). A command
reports every problem of every file in one run and exits 1 when it found problems, 2 when
some input could not be used at all (a missing path, a folder, text that is not UTF-8
where UTF-8 is required), 0 otherwise. Bad input never ends in a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path


def shown(path) -> str:
    """``path`` as a contributor would type it here: relative to the working directory."""
    path = Path(path)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str
    unusable: bool = False
    """The file could not be used at all (exit status 2), rather than having problems (1)."""

    def __str__(self) -> str:
        where = shown(self.path) if self.line is None else f"{shown(self.path)}:{self.line}"
        return f"{where}: {self.message}"


class ProblemError(ValueError):
    """Raised with every problem found in one file, when it cannot be used as it is."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


def unusable(path, message: str, line: int | None = None) -> ProblemError:
    return ProblemError([Problem(Path(path), line, message, unusable=True)])


def read_bytes(path) -> bytes:
    """The bytes of a file, or a ProblemError saying why there are none to read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise unusable(path, "no such file") from None
    except IsADirectoryError:
        raise unusable(path, "is a directory; give the files in it") from None
    except OSError as error:
        raise unusable(path, f"cannot be read: {error.strerror or error}") from None


class Report:
    """Collects and prints problems as a command goes, and gives its exit status."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.checked = 0
        """How many files (or pages) the command checked, for :meth:`summary`."""

    def add(self, *problems: Problem) -> None:
        for problem in problems:
            print(problem, flush=True)
            self.problems.append(problem)

    def failed(self, message: str) -> None:
        """A problem that is not about one file (a failed cell, notebooks edited by hand): the
        command exits 1; ``message`` names its files itself."""
        print(message, flush=True)
        self.problems.append(Problem(Path("."), None, message))

    @contextlib.contextmanager
    def guard(self):
        """Report the problems of one file and go on with the next."""
        try:
            yield
        except ProblemError as error:
            self.add(*error.problems)

    def summary(self, noun: str = "file") -> None:
        """One line on stderr, so that stdout keeps only ``path:line:`` lines: "12 pages checked, 0 problems"."""
        count = len(self.problems)
        print(f"{self.checked} {noun}{'' if self.checked == 1 else 's'} checked, "
              f"{count} problem{'' if count == 1 else 's'}", file=sys.stderr)

    @property
    def status(self) -> int:
        if any(problem.unusable for problem in self.problems):
            return 2
        return 1 if self.problems else 0

