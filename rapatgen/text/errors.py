"""User-facing errors: every problem names file, line and column, in Bahasa Indonesia.

`RapatgenError` subclasses `click.ClickException` (the MkDocs pattern), so the CLI
shows one clean message and never a traceback for bad input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click


def display_path(path: str | os.PathLike) -> str:
    """Path relative to the working directory when that is shorter, as users typed it.

    A name that is not UTF-8 shows its odd bytes as '\\xff' (printable on any terminal)."""
    p = Path(path)
    for here, there in ((Path(os.path.abspath(p)), Path.cwd()), (p.resolve(), Path.cwd().resolve())):
        try:  # a symlink keeps the name the user knows; the resolved form only as a fallback
            return printable(str(here.relative_to(there)))
        except ValueError:
            continue
    return printable(str(p))


def printable(name: str) -> str:
    """`name` with the bytes of a file name that is not UTF-8 (lone surrogates) as '\\xff'."""
    if name.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}: {self.message}"


class RapatgenError(click.ClickException):
    """An error meant for the user: printed as one line, exit code 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - click API
        click.echo(f"Galat: {self.format_message()}", err=True)


class InvalidInput(RapatgenError):
    """One or more input files are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file=None) -> None:
        for p in self.problems:
            click.echo(str(p), err=True)
        n = len(self.problems)
        click.echo(f"{n} masalah ditemukan. Perbaiki lalu jalankan lagi.", err=True)


class UsageError(RapatgenError):
    """Wrong use of a command (unknown id, bad option value): exit code 2."""

    exit_code = 2
