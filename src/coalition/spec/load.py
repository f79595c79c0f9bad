"""Scenario files → `Scenario`, or a `SpecError` listing every problem as file:line: path: message.

YAML is read twice from the same text: once into plain data, once as a node tree that remembers the
line of every key, so that any validation error can point at the line a person must edit.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from coalition.errors import Problem, SpecError
from coalition.spec.distributions import DISTRIBUTION_NAMES, Distribution
from coalition.spec.scenario import Scenario

PathKey = tuple[str | int, ...]


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
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            [Problem(str(path), None, "", f"cannot read file: {exc.strerror}")]
        ) from exc
    return parse_scenario(text, str(path))


def parse_scenario(text: str, file: str = "<scenario>") -> LoadedScenario:
    """Validate scenario YAML text; `file` names it in messages."""
    data, lines = read_yaml(text, file)
    if not isinstance(data, dict):
        raise SpecError([Problem(file, 1, "", "a scenario file is a mapping of keys to values")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise SpecError(validation_problems(exc, file, lines)) from None
    return LoadedScenario(scenario, file, lines)


def read_yaml(text: str, file: str) -> tuple[Any, dict[PathKey, int]]:
    """Plain data and the 1-based line of every mapping key and sequence item."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            reason += f" ({context} started on line {context_mark.line + 1})"
        raise SpecError([Problem(file, line, "", f"malformed YAML: {reason}")]) from None
    lines: dict[PathKey, int] = {}
    duplicates: list[Problem] = []
    if root is not None:
        _walk(root, (), lines, duplicates, file)
    if duplicates:
        raise SpecError(duplicates)
    return data, lines


def _walk(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], dups: list[Problem], file: str
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dups.append(
                    Problem(
                        file, key_node.start_mark.line + 1, dotted((*path, key)), "duplicate key"
                    )
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, dups, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, dups, file)


def line_of(lines: dict[PathKey, int], path: PathKey) -> int | None:
    """The line of `path`, or of its nearest written ancestor."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(
    exc: ValidationError,
    file: str,
    lines: dict[PathKey, int],
    root: Any = Scenario,
    prefix: PathKey = (),
) -> list[Problem]:
    """One `Problem` per pydantic error: the line and path of the value, and a message a person
    can act on. `root` is the type validated, `prefix` where it sits in the file."""
    problems = []
    for error in exc.errors():
        path = prefix + tuple(p for p in error["loc"] if p not in DISTRIBUTION_NAMES)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = _unknown_key_message(root, error["loc"])
        elif error["type"] == "union_tag_invalid":
            message = f"unknown distribution; allowed: {', '.join(DISTRIBUTION_NAMES)}"
        elif error["type"] == "union_tag_not_found":
            message = f"a distribution needs 'dist:', one of {', '.join(DISTRIBUTION_NAMES)}"
        elif error["type"] == "enum":
            message = f"{error['input']!r} is not allowed; {error['msg'].lower()}"
        problems.append(Problem(file, line_of(lines, path), dotted(path), message))
    return problems


def _unknown_key_message(root: Any, loc: tuple[str | int, ...]) -> str:
    key = str(loc[-1])
    allowed = _allowed_keys(root, loc[:-1])
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{key}'{hint}; allowed: {', '.join(allowed)}"


def _allowed_keys(root: Any, loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed where `loc` points, following the models' field types from `root`."""
    target: Any = root
    for part in loc:
        target = _step(target, part)
    return list(target.model_fields) if isinstance(target, type) else []


def _step(target: Any, part: str | int) -> Any:
    if isinstance(target, type) and issubclass(target, BaseModel):
        field = target.model_fields.get(str(part))
        return _unwrap(field.annotation) if field else None
    origin = typing.get_origin(target)
    if origin in (list, dict):
        return _unwrap(typing.get_args(target)[-1])
    if isinstance(target, tuple):  # the members of a distribution union, picked by `dist`
        return next(
            (m for m in target if m.model_fields["dist"].annotation.__args__[0] == part), None
        )
    return None


def _unwrap(annotation: Any) -> Any:
    if annotation is Distribution or typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = tuple(a for a in typing.get_args(annotation) if a is not type(None))
        return members[0] if len(members) == 1 else members
    return annotation
