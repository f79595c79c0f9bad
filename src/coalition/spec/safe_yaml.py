"""YAML read within bounds, with the line of every key, whatever the bytes.

Scenario text may come from strangers (the web app takes it from a form), so reading it is bounded
before anything is built from it: its size, its nesting and the size it grows to once aliases are
expanded (a kilobyte of nested aliases otherwise expands to gigabytes). Values follow YAML 1.2's
core schema, as people read them: only `true`/`false` are booleans (Norway's code `NO` stays a
string), numbers are decimal (`010` is ten, `1e12` a number), and dates stay text for the models
to check (`2027-02-30` is then refused with its line, not a traceback).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coalition.errors import Problem, SpecError

PathKey = tuple[str | int, ...]

MAX_BYTES = 256 * 1024
"""Largest YAML file read: a scenario is a few kilobytes, the largest world-pack file ~110 kB."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists: a scenario nests four levels, a world pack six."""
MAX_NODES = 200_000
"""Most values a document may hold once aliases are expanded: the world pack holds ~20,000."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2's core schema instead of 1.1's implicit types."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 (PyYAML's class-level registry)


_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]{1,30}$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^<<$", "<"),
)
for _tag, _pattern, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _decimal_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node))  # type: ignore[arg-type]


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


_Loader.add_constructor("tag:yaml.org,2002:int", _decimal_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)

_SCALAR_TAGS = ("int", "float", "bool", "null", "str", "timestamp", "binary")


def _refusing(construct: Any, kind: str) -> Any:
    """A scalar constructor whose failures (`!!int abc`, `!!bool maybe`) say where they are."""

    def construct_or_refuse(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{str(node.value)[:40]!r} cannot be read as {kind}", node.start_mark
            ) from None

    return construct_or_refuse


for _kind in _SCALAR_TAGS:
    _tag = f"tag:yaml.org,2002:{_kind}"
    _Loader.add_constructor(_tag, _refusing(_Loader.yaml_constructors[_tag], _kind))


@dataclass(frozen=True)
class Document:
    """Plain data read from YAML, and the 1-based line of every mapping key and sequence item."""

    data: Any
    lines: dict[PathKey, int]


def read_yaml_file(path: Path) -> Document:
    """Read a YAML file, refusing what is not a regular file (a FIFO would hang, a device never
    end) and reading no more than `MAX_BYTES` of it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise SpecError([Problem(str(path), None, "", "not a regular file")])
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(MAX_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SpecError(
            [Problem(str(path), None, "", f"cannot read file: {exc.strerror or exc}")]
        ) from None
    return read_yaml_bytes(raw, str(path))


def read_yaml_bytes(raw: bytes, file: str) -> Document:
    """Decode and read a YAML file's bytes: UTF-8 only, within `MAX_BYTES`."""
    return read_yaml(decode(raw, file), file)


def decode(raw: bytes, file: str) -> str:
    """The text of a UTF-8 file, or a `SpecError` naming the line of the first undecodable byte."""
    if len(raw) > MAX_BYTES:
        raise SpecError([Problem(file, None, "", _too_large())])
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            raise SpecError(
                [Problem(file, 1, "", f"the file is {encoding} text; save it as UTF-8")]
            )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise SpecError(
            [
                Problem(
                    file, line, "", f"byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8"
                )
            ]
        ) from None


def read_yaml(text: str, file: str) -> Document:
    """Read one YAML document, bounded in size, depth and expansion; every problem a `SpecError`
    with the file and line."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise SpecError([Problem(file, None, "", _too_large())])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, as JSON's "\ud800" decodes to
        line = text.count("\n", 0, exc.start) + 1
        raise SpecError(
            [Problem(file, line, "", f"character {text[exc.start]!r} is not valid Unicode text")]
        ) from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(None, {})
        _check_bounds(root, file)
        data = loader.construct_document(root)
    except yaml.YAMLError as exc:
        raise SpecError([_yaml_problem(exc, text, file)]) from None
    except RecursionError:
        raise SpecError(
            [Problem(file, None, "", f"nested too deeply; at most {MAX_DEPTH} levels are allowed")]
        ) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    duplicates: list[Problem] = []
    _walk(root, lines, duplicates, file)
    if duplicates:
        raise SpecError(duplicates)
    return Document(data, lines)


def _too_large() -> str:
    return f"larger than {MAX_BYTES // 1024} KiB, the most a YAML file here may hold"


def _yaml_problem(exc: yaml.YAMLError, text: str, file: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. NUL
        line = text.count("\n", 0, exc.position) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        return Problem(file, line, "", f"character {char!r} is not allowed in YAML text")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        reason += f" ({context} started on line {context_mark.line + 1})"
    return Problem(file, line, "", f"malformed YAML: {reason}")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_bounds(root: yaml.Node, file: str) -> None:
    """Refuse a node graph that nests too deeply, refers to itself, or expands past `MAX_NODES`.

    Aliases make the graph a DAG whose expansion can be exponential in its size, so expanded sizes
    are counted once per node (memoised), never by walking the expansion."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] > MAX_NODES:
                raise SpecError(
                    [
                        Problem(
                            file,
                            node.start_mark.line + 1,
                            "",
                            f"expands to more than {MAX_NODES:,} values once its aliases are "
                            "followed; write the values out or use fewer aliases",
                        )
                    ]
                )
            continue
        if key in on_path:
            raise SpecError(
                [
                    Problem(
                        file,
                        node.start_mark.line + 1,
                        "",
                        "an alias refers to a value that contains it, which never ends",
                    )
                ]
            )
        if key in size:
            continue
        if depth > MAX_DEPTH:
            raise SpecError(
                [
                    Problem(
                        file,
                        node.start_mark.line + 1,
                        "",
                        f"nested too deeply; at most {MAX_DEPTH} levels are allowed",
                    )
                ]
            )
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _walk(root: yaml.Node, lines: dict[PathKey, int], dups: list[Problem], file: str) -> None:
    """Record the line of every key and item, aliases followed (their expansion is bounded)."""
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                at = (*path, key)
                if key in seen:
                    dups.append(
                        Problem(file, key_node.start_mark.line + 1, dotted(at), "duplicate key")
                    )
                seen.add(key)
                lines[at] = key_node.start_mark.line + 1
                stack.append((value_node, at))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*path, index)))


def dotted(path: PathKey) -> str:
    """A field path as people write it: `course_of_action.contingents[0].troops`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
