"""The scenario loader under fuzzing: whatever text or bytes it is given, it returns a scenario or
raises a `SpecError` whose every problem names the file and says something, within bounded time
and memory. Random YAML documents, raw text and bytes, and mutations of the shipped scenarios.
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

import coalition
from coalition.api import build_model, check_scenario
from coalition.errors import SpecError
from coalition.spec.load import parse_scenario
from coalition.spec.safe_yaml import MAX_BYTES, read_yaml
from coalition.world.pack import load_world
from tests.conftest import ROOT

FILE = "fuzzed.yaml"
MAX_SECONDS = 2.0
MAX_PEAK_BYTES = 200 * 2**20
SHIPPED = sorted((ROOT / "scenarios" / "ukraine").rglob("*.yaml"))  # with the variants
SHIPPED_TEXTS = [path.read_text(encoding="utf-8") for path in SHIPPED]
TRAINING_TEXT = (ROOT / "scenarios" / "ukraine" / "2-training-logistics.yaml").read_text()
SHIPPED_DATA = [
    read_yaml(text, str(path)).data for path, text in zip(SHIPPED, SHIPPED_TEXTS, strict=True)
]

FUZZ = settings(
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
WORLD = load_world("ukraine-2025")  # read (and cached) once, before anything is timed


# The property


def line_count(document: str | bytes) -> int:
    text = document.decode("utf-8", "replace") if isinstance(document, bytes) else document
    return len(text.splitlines())  # every break YAML counts (\n, \r, NEL, U+2028/9) and more


def loads_or_refuses(document: str | bytes, file: str = FILE, load: Callable | None = None) -> str:
    """Parse and check one document: a scenario or a `SpecError` whose problems each name `file`
    and say something; any other exception escapes and fails the test. Within bounds of time and
    memory. Returns which it was."""
    load = load or (lambda: check_scenario(parse_scenario(document, file)))
    started_tracing = not tracemalloc.is_tracing()
    if started_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    problems = None
    try:
        load()
    except SpecError as exc:
        problems = exc.problems
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        if started_tracing:
            tracemalloc.stop()
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
    assert peak < MAX_PEAK_BYTES, f"peaked at {peak / 2**20:.0f} MB"
    if problems is not None:
        assert problems, "a SpecError lists at least one problem"
        for problem in problems:
            assert problem.file == file, problem
            assert problem.message.strip(), problem
            assert problem.line is None or 1 <= problem.line <= line_count(document) + 1, problem
            assert str(problem).startswith(file)
    outcome = "loaded" if problems is None else "refused"
    if currently_in_test_context():
        event(outcome)
    return outcome


# Random YAML documents

SCENARIO_KEYS = [
    "name", "description", "world", "start_date", "horizon_days", "draws", "seed",
    "course_of_action", "assumptions", "id", "title", "context", "mission", "posture", "framing",
    "us_backstop", "rules_of_engagement", "command", "contingents", "donated_air_defence",
    "country", "troops", "roles", "zone", "start_day", "route", "fire_units", "interceptors",
    "dist", "low", "mode", "high", "median", "gsd", "sd", "a", "b", "values", "weights", "source",
    "opinion.casualty_slope", "<<",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(
        ["ukraine-2025", "2027-01-01", "2027-02-30", "UK", "centre", "far_west", "war", "point"]
    ),
)
keys = st.one_of(st.sampled_from(SCENARIO_KEYS), st.text(max_size=12), st.integers(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)


@st.composite
def yaml_documents(draw: st.DrawFn, data: st.SearchStrategy[Any] = values) -> str:
    return yaml.safe_dump(
        draw(data),
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
    )


def _paths(data: Any, at: tuple = ()) -> Iterator[tuple]:
    yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*at, index))


def _replaced(data: Any, path: tuple, new: Any, delete: bool) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if delete and not rest:
            del copy[head]
        else:
            copy[head] = _replaced(data[head], rest, new, delete)
        return copy
    copy = list(data)
    if delete and not rest:
        del copy[head]
    else:
        copy[head] = _replaced(data[head], rest, new, delete)
    return copy


@st.composite
def scenario_shaped(draw: st.DrawFn) -> Any:
    """A shipped scenario's data with a few values replaced by random ones or deleted."""
    data = draw(st.sampled_from(SHIPPED_DATA))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        data = _replaced(data, path, draw(values), delete=bool(path) and draw(st.booleans()))
    return data


yaml_syntax = st.lists(
    st.sampled_from(
        [*":-[]{},&*!|>'\"#%@`?~. \n\t\\\r\x85", "a", "0", "1e9", "name", "draws", "<<", "---"]
    ),
    max_size=80,
).map("".join)


@settings(FUZZ, max_examples=500)
@given(document=yaml_documents())
def test_a_random_yaml_document_is_loaded_or_refused_with_a_spec_error(document: str):
    loads_or_refuses(document)


@settings(FUZZ, max_examples=800)
@given(document=yaml_documents(scenario_shaped()))
def test_a_scenario_with_random_values_is_loaded_or_refused_with_a_spec_error(document: str):
    loads_or_refuses(document)


@settings(FUZZ, max_examples=400)
@given(document=st.one_of(st.text(max_size=300), yaml_syntax))
def test_random_text_is_loaded_or_refused_with_a_spec_error(document: str):
    loads_or_refuses(document)


@settings(FUZZ, max_examples=400)
@given(document=st.binary(max_size=300))
def test_random_bytes_are_loaded_or_refused_with_a_spec_error(document: bytes):
    loads_or_refuses(document)


# Mutations of the shipped scenarios

SCALAR = re.compile(
    r"(?<=: )[^\s,{}\[\]#&*!|>][^,{}\[\]#\n]*"  # a value after `key: `
    r"|(?<=\[)[^\s,{}\[\]:]+|(?<=, )[^\s,{}\[\]:]+"  # an item of a flow list
)

replacements = st.one_of(
    st.sampled_from(
        [
            *(".nan", ".NaN", ".inf", "-.inf", "1e400", "-1e400", "1e-400", "1e12", "1e13"),
            *("-1", "0", "-0", "+5", ".5", "5.", "0.5", "010", "0x10", "1_000", "9" * 31),
            *("9" * 400, "9" * 5000, "true", "false", "True", "null", "~", "''", '""', "[]"),
            *("{}", "NO", "yes", "2027-02-30", "2027-01-01T00:00:00", "x" * 300, "x" * 20_000),
            *('"\\x1b[31mred"', '"\\u202eevil"', '"\\x00"', '"a\\nb"', '"\\t"', "\x1b[31m"),
            *("\x07", "\u202e", "\x85", "&a x", "*a", "*nowhere", "!!str 5", "!local x", "|"),
            *(">", "- x", "? x", "%YAML 1.2", "@x", "`x", "#", ": x", "[", "{", "'", '"', "&"),
        ]
    ),
    st.integers().map(str),
    st.integers(min_value=10**12, max_value=10**60).map(str),
    st.floats().map(lambda x: yaml.safe_dump(x).removesuffix("\n...\n")),
    st.text(max_size=30),
    st.text(max_size=30).map(json.dumps),
)

Mutation = Callable[[st.DrawFn, str], str]


def _spot(draw: st.DrawFn, text: str) -> re.Match | None:
    found = list(SCALAR.finditer(text))
    return draw(st.sampled_from(found)) if found else None


def replace_a_scalar(draw: st.DrawFn, text: str) -> str:
    spot = _spot(draw, text)
    if spot is None:
        return text
    return text[: spot.start()] + draw(replacements) + text[spot.end() :]


def anchor_and_alias(draw: st.DrawFn, text: str) -> str:
    """`&a` before one value and `*a` in place of another, or one of the two alone."""
    anchor, alias = _spot(draw, text), _spot(draw, text)
    if anchor is None or alias is None:
        return text
    edits = draw(st.sampled_from([("&a ", "*a"), ("&a ", None), (None, "*a"), ("&a ", "*a ")]))
    spots = sorted(
        [(anchor.start(), anchor.start(), edits[0]), (alias.start(), alias.end(), edits[1])],
        reverse=True,
    )
    for start, end, new in spots:
        if new is not None:
            text = text[:start] + new + text[end:]
    return text


def _lines(draw: st.DrawFn, text: str) -> tuple[list[str], int]:
    lines = text.splitlines(keepends=True) or [""]
    return lines, draw(st.integers(0, len(lines) - 1))


def delete_a_line(draw: st.DrawFn, text: str) -> str:
    lines, i = _lines(draw, text)
    del lines[i]
    return "".join(lines)


def duplicate_a_line(draw: st.DrawFn, text: str) -> str:
    lines, i = _lines(draw, text)
    lines.insert(i, lines[i])
    return "".join(lines)


def swap_two_lines(draw: st.DrawFn, text: str) -> str:
    lines, i = _lines(draw, text)
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def reindent_a_line(draw: st.DrawFn, text: str) -> str:
    lines, i = _lines(draw, text)
    indent = draw(st.sampled_from(["", " ", "   ", "      ", "\t", "  \t", " " * 40]))
    lines[i] = indent + lines[i].lstrip(" \t")
    return "".join(lines)


def truncate(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


def insert_text(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.one_of(replacements, st.text(max_size=20))) + text[at:]


def add_a_merge_key(draw: st.DrawFn, text: str) -> str:
    lines, i = _lines(draw, text)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip(" "))]
    lines.insert(i, f"{indent}<<: {draw(st.sampled_from(['*a', '[*a, *a]', '{x: 1}', '5']))}\n")
    return "".join(lines)


NAMES = [
    *(c.code for c in WORLD.contributors),
    *WORLD.deployable_zones(),
    *(n.id for n in WORLD.network.nodes if n.kind in ("crossing", "apod")),
    *("war", "ceasefire", "none", "training_logistics", "air_defence", "reassurance"),
    *("deterrence_defence", "non_combat", "defensive", "offensive", "nato", "coalition"),
    *("integrated", "lead_nation", "national", "self_defence", "protect_designated"),
    *("engage_hostile_forces", "training", "logistics", "medical", "engineering"),
    *("headquarters", "air_policing", "combat", "0", "1", "7", "30", "364", "365", "366"),
    *("3650", "500", "1000000", "2025-01-01", "2027-01-01", "2031-12-31", "NO", "XX", "mars"),
]
"""Names and numbers the model knows: a value swapped for one of these is often still valid."""
PARAMETERS = list(
    build_model(
        coalition.load_scenario(ROOT / "scenarios" / "ukraine" / "4-reassurance-force.yaml")
    ).parameters
)
"""Every parameter of the model, for assumption overrides."""
numbers = st.one_of(
    st.integers(-5, 10**6),
    st.floats(-1e13, 1e13),
    st.sampled_from([0, 1, -1, 0.5, 1e-300, 1e12, 1e13, float("inf"), float("nan")]),
)


def a_known_name(draw: st.DrawFn, text: str) -> str:
    spot = _spot(draw, text)
    if spot is None:
        return text
    return text[: spot.start()] + draw(st.sampled_from(NAMES)) + text[spot.end() :]


@st.composite
def distributions(draw: st.DrawFn) -> dict[str, Any]:
    fields = {
        "point": ["value"],
        "uniform": ["low", "high"],
        "triangular": ["low", "mode", "high"],
        "pert": ["low", "mode", "high", "shape"],
        "normal": ["mean", "sd"],
        "lognormal": ["median", "gsd"],
        "beta": ["a", "b", "low", "high"],
        "discrete": [],
    }
    dist = draw(st.sampled_from(sorted(fields)))
    found: dict[str, Any] = {"dist": dist}
    found |= {name: draw(numbers) for name in fields[dist]}
    if dist == "discrete":
        found["values"] = draw(st.lists(numbers, min_size=0, max_size=4))
        found["weights"] = draw(st.one_of(st.none(), st.lists(numbers, max_size=4)))
    if draw(st.booleans()):
        found = {k: v for k, v in found.items() if draw(st.integers(0, 5))}
    found["source"] = draw(st.sampled_from(["my.note", "", "poll.troops.uk.yougov.2025-01-16"]))
    return found


def an_assumption(draw: st.DrawFn, text: str) -> str:
    """An override of a model parameter (or of a near miss) with a random distribution."""
    name = draw(st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(PARAMETERS).map(str.upper)))
    flow = yaml.safe_dump(draw(distributions()), default_flow_style=True, width=10**9)
    line = f"  {name}: {flow.strip()}\n"
    if "\nassumptions:\n" in text:
        return text.replace("\nassumptions:\n", f"\nassumptions:\n{line}", 1)
    return text.rstrip("\n") + f"\nassumptions:\n{line}"


MUTATIONS: list[Mutation] = [
    a_known_name,
    a_known_name,
    an_assumption,
    replace_a_scalar,
    replace_a_scalar,
    anchor_and_alias,
    delete_a_line,
    duplicate_a_line,
    swap_two_lines,
    reindent_a_line,
    truncate,
    insert_text,
    add_a_merge_key,
]


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SHIPPED_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(MUTATIONS))(draw, text)
    return text


@settings(FUZZ, max_examples=1500)
@given(document=mutated_scenarios(), as_bytes=st.booleans())
def test_a_mutated_shipped_scenario_is_loaded_or_refused_with_a_spec_error(
    document: str, as_bytes: bool
):
    loads_or_refuses(document.encode("utf-8") if as_bytes else document)


@settings(FUZZ, max_examples=300)
@given(document=st.one_of(mutated_scenarios(), yaml_documents(scenario_shaped())))
def test_a_mutated_scenario_file_is_loaded_or_refused_naming_its_path(document: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_bytes(document.encode("utf-8"))
        loads_or_refuses(document, str(path), lambda: coalition.load_scenario(path))


def test_the_shipped_scenarios_load_unmutated():
    assert len(SHIPPED) >= 5
    for path, text in zip(SHIPPED, SHIPPED_TEXTS, strict=True):
        assert loads_or_refuses(text, str(path)) == "loaded", path


# Explicit examples

BILLION_LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)


def refused(document: str | bytes) -> list[str]:
    """The problems of a document that must be refused, as `line: message`."""
    assert loads_or_refuses(document) == "refused"
    with pytest.raises(SpecError) as raised:
        parse_scenario(document, FILE)
    return [str(p).removeprefix(f"{FILE}:") for p in raised.value.problems]


def test_a_one_kilobyte_alias_bomb_is_refused_at_once_for_its_aliases():
    assert len(BILLION_LAUGHS.encode()) < 1024
    started = time.perf_counter()
    [problem] = refused(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert "aliases" in problem
    assert "expands to more than 200,000 values" in problem


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a [[[*a]]]\n"])
def test_an_alias_inside_its_own_value_is_refused(text: str):
    assert refused(text) == ["1: an alias refers to a value that contains it, which never ends"]


def test_five_hundred_levels_of_nested_brackets_are_refused():
    assert refused("[" * 500 + "]" * 500) == ["1: nested too deeply; at most 32 levels are allowed"]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_a_file_over_256_kib_is_refused_before_it_is_parsed(as_bytes: bool):
    text = "name: big\n" + "# padding\n" * 30_000  # 300 kB
    assert len(text) > MAX_BYTES
    document = text.encode() if as_bytes else text
    assert refused(document) == [" larger than 256 KiB, the most a YAML file here may hold"]


def test_a_file_on_disk_over_256_kib_is_refused_without_reading_it_all(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text("name: big\n" + "x" * 100 + "\n" + "# padding\n" * 1_000_000)  # 10 MB
    assert loads_or_refuses(b"", str(path), lambda: coalition.load_scenario(path)) == "refused"
    with pytest.raises(SpecError) as raised:
        coalition.load_scenario(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}: larger than 256 KiB, the most a YAML file here may hold"
    ]


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    ],
    ids=["UTF-16 LE", "UTF-16 BE", "UTF-32 LE"],
)
def test_text_in_another_encoding_with_a_bom_is_refused_by_name(bom: bytes, codec: str, name: str):
    raw = bom + SHIPPED_TEXTS[0].encode(codec)
    assert refused(raw) == [f"1: the file is {name} text; save it as UTF-8"]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["text", "bytes"])
def test_a_nul_byte_is_refused_with_its_line(as_bytes: bool):
    text = "name: x\ndraws: 10\nseed: 1\x002\n"
    assert refused(text.encode() if as_bytes else text) == [
        "3: character '\\x00' is not allowed in YAML text"
    ]


def test_a_byte_that_is_not_utf8_is_refused_with_its_line():
    raw = b"name: x\ndraws: 10\nseed: \xff\xfe\nhorizon_days: 30\n"
    assert refused(raw) == ["3: byte 0xff is not UTF-8 text; save the file as UTF-8"]


def test_a_utf8_bom_is_read_as_utf8():
    raw = codecs.BOM_UTF8 + SHIPPED_TEXTS[0].encode("utf-8")
    assert loads_or_refuses(raw) == "loaded"


def test_text_with_a_lone_surrogate_is_refused_with_a_spec_error():
    loads_or_refuses("name: x\ud800\n")


EXPLICIT_TAGS = {
    "an int tag on a word": "!!int abc",
    "an int tag on a hex number": "!!int 0x10",
    "an int tag on 5,000 digits": "!!int " + "9" * 5000,
    "a float tag on a word": "!!float abc",
    "a bool tag on a word": "!!bool maybe",
    "a timestamp tag on a word": "!!timestamp nope",
    "a timestamp tag on the 45th of the 13th month": "!!timestamp 2027-13-45",
}


@pytest.mark.parametrize("value", EXPLICIT_TAGS.values(), ids=EXPLICIT_TAGS.keys())
def test_an_explicitly_tagged_value_that_cannot_be_built_is_refused_with_its_line(value: str):
    text = TRAINING_TEXT.replace("draws: 2000", f"draws: {value}")
    assert text != TRAINING_TEXT
    line = text.splitlines().index(f"draws: {value}") + 1
    assert [p.split(":")[0] for p in refused(text)] == [str(line)]
