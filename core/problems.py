"""Validation problems in the editor's terms: file, line, key, what was expected and what was found."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path as an editor would type it: relative to the working directory when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path) if path.is_absolute() and not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    key: str | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.key}: {self.message}" if self.key else self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


@dataclass
class Problems:
    """Collects every problem of a run, so an editor sees them all at once instead of one per try."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path, line, key, message) -> None:
        self._add(Problem(display_path(path), line, key, message, "error"))

    def warning(self, path, line, key, message) -> None:
        self._add(Problem(display_path(path), line, key, message, "warning"))

    def _add(self, problem: Problem) -> None:
        if problem not in self.items:  # print each once
            self.items.append(problem)

    def extend(self, other: "Problems") -> None:
        for p in other.items:
            self._add(p)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self, strict: bool = False) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if strict:
            errors, warnings = errors + warnings, 0
        parts = [f"{errors} error{'s' if errors != 1 else ''}"]
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        return "Aborted with " + " and ".join(parts) if self.failed(strict) else "OK: " + " and ".join(parts)


class ContentError(Exception):
    """Raised when content fails validation; carries every problem found."""

    def __init__(self, problems: Problems, strict: bool = False):
        self.problems = problems
        self.strict = strict
        super().__init__(problems.summary(strict))
