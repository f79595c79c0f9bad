"""One exception tree for everything `coalition` reports to a person.

    CoalitionError
     ├── SpecError      a scenario file or an override is wrong (lists every problem found)
     ├── WorldError     a world pack's data is inconsistent (names the file and row)
     ├── EngineError    the component graph cannot run (a cycle, an unowned variable)
     └── StoreError     a run record or its arrays cannot be read or written

Shells (CLI, web) turn these into messages and exit codes; the core never prints.
"""

from __future__ import annotations

from dataclasses import dataclass


class CoalitionError(Exception):
    """Base of every error `coalition` raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input: where it is and what is allowed."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class SpecError(CoalitionError):
    """A scenario file is invalid; `problems` lists every problem, each with file:line and path."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WorldError(CoalitionError):
    """A world pack's data is inconsistent."""


class EngineError(CoalitionError):
    """The components cannot be assembled into a model that runs."""


class StoreError(CoalitionError):
    """A run cannot be stored, found or read back."""
