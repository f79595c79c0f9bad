"""Scenario files → `Scenario`, or a `SpecError` listing every problem as file:line: path: message.

YAML is read within bounds by `safe_yaml`, which remembers the line of every key, so that any
validation error can point at the line a person must edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from coalition.errors import Problem, SpecError
from coalition.spec.messages import line_of, validation_problems
from coalition.spec.safe_yaml import (
    Document,
    PathKey,
    dotted,
    read_yaml,
    read_yaml_bytes,
    read_yaml_file,
)
from coalition.spec.scenario import Scenario


@dataclass(frozen=True)
class LoadedScenario:
    """A valid scenario with where each of its fields was written, for later checks."""

    scenario: Scenario
    file: str
    lines: dict[PathKey, int]

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.file, line_of(self.lines, path), dotted(path), message)


def load_scenario_file(path: str | Path) -> LoadedScenario:
    """Read and validate one scenario file."""
    path = Path(path)
    return _validated(read_yaml_file(path), str(path))


def parse_scenario(text: str | bytes, file: str = "<scenario>") -> LoadedScenario:
    """Validate scenario YAML text (or its UTF-8 bytes); `file` names it in messages."""
    return _validated(
        read_yaml_bytes(text, file) if isinstance(text, bytes) else read_yaml(text, file), file
    )


def _validated(document: Document, file: str) -> LoadedScenario:
    data, lines = document.data, document.lines
    if not isinstance(data, dict):
        raise SpecError([Problem(file, 1, "", "a scenario file is a mapping of keys to values")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise SpecError(validation_problems(exc, file, lines, Scenario)) from None
    return LoadedScenario(scenario, file, lines)
