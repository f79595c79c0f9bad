"""Pydantic's validation errors as `Problem`s a person can act on: the line and field path of the
value, what is allowed there, and what was given."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from coalition.errors import Problem
from coalition.spec.distributions import DISTRIBUTION_NAMES, Distribution
from coalition.spec.safe_yaml import PathKey, dotted
from coalition.spec.values import PATTERN_WORDS


def line_of(lines: dict[PathKey, int], path: PathKey) -> int | None:
    """The line of `path`, or of its nearest written ancestor."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def validation_problems(
    exc: ValidationError,
    file: str,
    lines: dict[PathKey, int],
    root: Any,
    prefix: PathKey = (),
) -> list[Problem]:
    """One `Problem` per pydantic error: the line and path of the value, and a message a person
    can act on. `root` is the type validated, `prefix` where it sits in the file."""
    problems, seen = [], set()
    for error in exc.errors():
        loc = error["loc"]
        if error["type"] == "invalid_key":  # a key YAML read as a number: the file wrote text
            loc = (*loc[:-1], str(loc[-1]))
        path = prefix + _field_path(loc)
        if path in seen:  # the members of a union each refuse the value: one message is enough
            continue
        seen.add(path)
        if error["type"] == "extra_forbidden":
            message = _unknown_key_message(root, error["loc"])
        else:
            message = _message(error)
        problems.append(Problem(file, line_of(lines, path), dotted(path), message))
    return problems


_SCHEMA_TAGS = frozenset(
    {"str", "int", "float", "bool", "tuple", "list", "dict", "date", "constrained-str"}
)


def _field_path(loc: tuple[str | int, ...]) -> PathKey:
    """The path a person wrote, without pydantic's names for union members and validators."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int)
        or not (part in DISTRIBUTION_NAMES or part in _SCHEMA_TAGS or "[" in part or "(" in part)
    )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _message(error: Any) -> str:
    """Pydantic's error as what is allowed, with the value that was given."""
    kind, ctx, given = error["type"], error.get("ctx", {}), _shown(error.get("input"))
    bound = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("greater than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bound:
        words, key = bound[kind]
        return f"must be {words} {ctx[key]:,}, got {given}"
    allowed_characters = PATTERN_WORDS.get(ctx.get("pattern"), "a name")
    messages = {
        "int_type": f"expected a whole number, got {given}",
        "int_parsing": f"expected a whole number, got {given}",
        "int_from_float": f"expected a whole number, got {given}",
        "float_type": f"expected a number, got {given}",
        "float_parsing": f"expected a number, got {given}",
        "finite_number": f"expected a finite number, got {given}",
        "string_type": f"expected text, got {given}",
        "bool_type": f"expected true or false, got {given}",
        "bool_parsing": f"expected true or false, got {given}",
        "tuple_type": f"expected a list, got {given}",
        "list_type": f"expected a list, got {given}",
        "dict_type": f"expected a mapping of keys to values, got {given}",
        "mapping_type": f"expected a mapping of keys to values, got {given}",
        "model_type": f"expected a mapping of keys to values, got {given}",
        "model_attributes_type": f"expected a mapping of keys to values, got {given}",
        "missing": "required; add it",
        "invalid_key": f"a key must be a name, not the number {error.get('input')}",
        "string_too_short": "must not be empty",
        "string_too_long": f"allows at most {ctx.get('max_length', 0):,} characters",
        "too_short": f"needs at least {ctx.get('min_length', 0):,} item(s)",
        "too_long": f"allows at most {ctx.get('max_length', 0):,} items",
        "string_pattern_mismatch": f"allows only {allowed_characters}, got {given}",
        "union_tag_invalid": f"unknown distribution {_shown(ctx.get('tag'))}; allowed: "
        + ", ".join(DISTRIBUTION_NAMES),
        "union_tag_not_found": "a distribution needs 'dist:', one of "
        + ", ".join(DISTRIBUTION_NAMES),
        "enum": f"{given} is not allowed; {error['msg'].lower()}",
    }
    return messages.get(kind, error["msg"].removeprefix("Value error, "))


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
    if origin in (list, dict, Mapping):
        return _unwrap(typing.get_args(target)[-1])
    if origin is tuple:
        return _unwrap(typing.get_args(target)[0])
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
