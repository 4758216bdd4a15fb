"""User-facing errors: one family, each carrying where the problem is and a hint.

The CLI catches `ChuongTrinhError` once and turns it into a message and an exit code;
anything else that escapes is a bug.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.i18n import _

# Exit codes of the command line besides 0, one meaning each (documented in README and `--help`).
EXIT_FAILED = 1          # bad input, a document not built, a document that does not conform
EXIT_USAGE = 2           # the command line itself is wrong
EXIT_INTERNAL = 3        # a bug: details in a log file
EXIT_UNREADABLE = 4      # `check`: a file that is not a readable .docx
EXIT_INTERRUPTED = 130   # Ctrl-C or SIGTERM
# As help texts name them ("{unreadable} không đọc được tệp"): one source for the numbers.
EXIT_CODES = {"failed": EXIT_FAILED, "usage": EXIT_USAGE, "internal": EXIT_INTERNAL, "unreadable": EXIT_UNREADABLE,
              "interrupted": EXIT_INTERRUPTED}


@dataclass(frozen=True)
class Location:
    """A place in a user's file: 1-based line and column, as editors show them."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One finding about the user's input, printed as `file:line:col: lỗi: message (gợi ý: hint)`.

    Message and hint are already in the user's language (made with i18n._ where they arise).
    """

    message: str
    location: Location | None = None
    hint: str | None = None       # what to do, in words of the file's content (both front ends show it)
    level: str = "error"          # or "warning": reported, never blocking
    command: str | None = None    # the command that does it: the command line shows it, the workbench
                                  # (which offers its own button, or none) does not

    def __str__(self) -> str:
        level = _("lỗi") if self.level == "error" else _("cảnh báo")
        text = f"{self.location}: {level}: {self.message}" if self.location else f"{level}: {self.message}"
        return text + self.advice()

    def advice(self, commands: bool = True) -> str:
        """" (gợi ý: …)" after the message, or nothing; `commands=False` for a page, not a terminal."""
        run = _("chạy `{command}`", command=self.command) if commands and self.command else None
        said = "; ".join(part for part in (self.hint, run) if part)
        return _(" (gợi ý: {hint})", hint=said) if said else ""

    def on_page(self) -> str:
        """As a web page says it: where, what and what to do, without a command to type."""
        text = self.message + self.advice(commands=False)
        return f"{self.location}: {text}" if self.location else text


class ChuongTrinhError(Exception):
    """Base of every error caused by the user's input or environment."""

    exit_code = EXIT_FAILED

    def __init__(self, problems: list[Problem] | Problem | str, warnings: list[Problem] | tuple[Problem, ...] = ()):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        # What was said or done before the error stopped the work (a repair written to the file):
        # still told, so that no change to a user's file goes unsaid.
        self.warnings: list[Problem] = list(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(ChuongTrinhError):
    """A province file, template or profile is wrong (all problems collected)."""


class TemplateError(ChuongTrinhError):
    """A content template is wrong: names the template file and line."""


class ConverterError(ChuongTrinhError):
    """LibreOffice is missing, failed or hung."""


class UsageError(ChuongTrinhError):
    """The command line itself is wrong."""

    exit_code = EXIT_USAGE


def relative(path: Path) -> str:
    """Show a path relative to the working directory when it is inside it, as compilers do."""
    return _relative(str(path), os.getcwd())


@lru_cache(maxsize=1024)      # resolving a path is a system call for each of its folders: a few per document
def _relative(path: str, cwd: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return path


def did_you_mean(candidates: list[str]) -> str | None:
    """The hint after an unknown name: the closest known one, if any."""
    return _("có phải {name}?", name=repr(candidates[0])) if candidates else None
