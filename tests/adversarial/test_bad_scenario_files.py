"""Hostile and careless scenario files: each refused with one clear `file:line: path: message`,
never a traceback, a hang or a blow-up. Each case is a small edit of a good file (or raw bytes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import coalition
from coalition.errors import SpecError
from tests.spec.test_validation import GOOD


def _override(line: str) -> str:
    return GOOD.replace("assumptions:", f"assumptions:\n  {line}")


def _with_name(name: str) -> str:
    return GOOD.replace("name: Small reassurance force", f"name: {name}")


BILLION_LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
)

TEXT_CASES: dict[str, tuple[str, list[str]]] = {
    # The parser: bounded whatever the text
    "a billion-laughs alias bomb": (
        BILLION_LAUGHS,
        [
            "6: expands to more than 200,000 values once its aliases are followed; write the "
            "values out or use fewer aliases"
        ],
    ),
    "an alias that contains itself": (
        "name: &n [*n]\n",
        ["1: an alias refers to a value that contains it, which never ends"],
    ),
    "500 levels of nested brackets": (
        "name: " + "[" * 500 + "]" * 500 + "\n",
        ["1: nested too deeply; at most 32 levels are allowed"],
    ),
    "5,000 levels of nested brackets": (
        "name: " + "[" * 5000 + "]" * 5000 + "\n",
        ["1: malformed YAML: exceeded maximum nesting depth"],
    ),
    "a deep block of nested mappings": (
        "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
        ["33: nested too deeply; at most 32 levels are allowed"],
    ),
    "two documents in one file": (
        GOOD + "---\nname: another\n",
        [
            "19: malformed YAML: but found another document (expected a single document in the "
            "stream started on line 1)"
        ],
    ),
    "an escape character in the text": (
        GOOD.replace("A small force", "A small \x1b[31mforce"),
        ["7: character '\\x1b' is not allowed in YAML text"],
    ),
    "a tab where indentation belongs": (
        GOOD.replace("      troops: 1000", "\ttroops: 1000"),
        [
            "13: malformed YAML: found a tab character that violates indentation (while scanning "
            "a plain scalar started on line 12)"
        ],
    ),
    "a Python object tag": (
        GOOD.replace("seed: 7", "seed: !!python/object/apply:os.system [ls]"),
        [
            "4: malformed YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'"
        ],
    ),
    "an unknown local tag": (
        GOOD.replace("seed: 7", "seed: !include other.yaml"),
        ["4: malformed YAML: could not determine a constructor for the tag '!include'"],
    ),
    "a list used as a key": (
        GOOD.replace("seed: 7", "? [a, b]\n: 7"),
        [
            "4: malformed YAML: found unhashable key (while constructing a mapping started on "
            "line 1)"
        ],
    ),
    "a merge key that is not a mapping": (
        GOOD.replace("seed: 7", "<<: 5"),
        [
            "4: malformed YAML: expected a mapping or list of mappings for merging, but found "
            "scalar (while constructing a mapping started on line 1)"
        ],
    ),
    "an empty file": ("", ["1: a scenario file is a mapping of keys to values"]),
    "a file of comments only": (
        "# nothing\n",
        ["1: a scenario file is a mapping of keys to values"],
    ),
    "a bare number": ("42\n", ["1: a scenario file is a mapping of keys to values"]),
    # Numbers: strictly typed, finite and of a size the model computes with
    "draws: true": (
        GOOD.replace("draws: 100", "draws: true"),
        ["3: draws: expected a whole number, not true or false"],
    ),
    "draws with a fraction": (
        GOOD.replace("draws: 100", "draws: 1.5"),
        ["3: draws: expected a whole number, got 1.5"],
    ),
    "draws written as quoted text": (
        GOOD.replace("draws: 100", "draws: '100'"),
        ["3: draws: expected a whole number, got '100'"],
    ),
    "draws: .nan": (
        GOOD.replace("draws: 100", "draws: .nan"),
        ["3: draws: expected a whole number, got nan"],
    ),
    "draws: .inf": (
        GOOD.replace("draws: 100", "draws: .inf"),
        ["3: draws: expected a whole number, got inf"],
    ),
    "twenty million draws": (
        GOOD.replace("draws: 100", "draws: 20000000"),
        ["3: draws: must be at most 1,000,000, got 20000000"],
    ),
    "a seed beyond 64 bits": (
        GOOD.replace("seed: 7", "seed: 9223372036854775808"),
        ["4: seed: must be at most 9,223,372,036,854,775,807, got 9223372036854775808"],
    ),
    "a seed with 40 digits": (
        GOOD.replace("seed: 7", "seed: " + "9" * 40),
        [
            "4: seed: must be at most 9,223,372,036,854,775,807, got "
            "1000000000000000030378602842700366689…"
        ],
    ),
    "a trillion troops": (
        GOOD.replace("troops: 1000", "troops: 1e12"),
        ["13: course_of_action.contingents[0].troops: must be at most 500,000, got 1000000000000"],
    ),
    "troops in hexadecimal": (
        GOOD.replace("troops: 1000", "troops: 0x3e8"),
        ["13: course_of_action.contingents[0].troops: expected a whole number, got '0x3e8'"],
    ),
    "a ten-thousand-day horizon": (
        GOOD.replace("horizon_days: 90", "horizon_days: 10000"),
        ["2: horizon_days: must be at most 3,650, got 10000"],
    ),
    "a start day past ten years": (
        GOOD.replace("start_day: 0", "start_day: 5000"),
        ["16: course_of_action.contingents[0].start_day: must be at most 3,650, got 5000"],
    ),
    "501 fire units": (
        GOOD.replace("roles: [combat]", "roles: [air_defence]\n      fire_units: 501"),
        ["15: course_of_action.contingents[0].fire_units: must be at most 500, got 501"],
    ),
    "two million interceptors": (
        GOOD.replace(
            "roles: [combat]",
            "roles: [air_defence]\n      fire_units: 4\n      interceptors: 2000000",
        ),
        [
            "16: course_of_action.contingents[0].interceptors: must be at most 1,000,000, got "
            "2000000"
        ],
    ),
    "a NaN bound in a distribution": (
        GOOD.replace("low: 2, high: 10", "low: .nan, high: 10"),
        ["18: assumptions.opinion.casualty_slope.low: expected a finite number, got nan"],
    ),
    "an infinite bound in a distribution": (
        GOOD.replace("low: 2, high: 10", "low: 2, high: .inf"),
        ["18: assumptions.opinion.casualty_slope.high: expected a finite number, got inf"],
    ),
    "a minus-infinite point": (
        _override("opinion.rally_points: {dist: point, value: -.inf, source: x}"),
        ["18: assumptions.opinion.rally_points.value: expected a finite number, got -inf"],
    ),
    "a lognormal median of 1e300": (
        _override("opinion.rally_points: {dist: lognormal, median: 1.0e300, gsd: 2, source: x}"),
        [
            "18: assumptions.opinion.rally_points.median: must lie between -1e+12 and 1e+12, "
            "got 1e+300"
        ],
    ),
    "a lognormal whose tail overflows": (
        _override("opinion.rally_points: {dist: lognormal, median: 1.0e11, gsd: 100, source: x}"),
        [
            "18: assumptions.opinion.rally_points: median × gsd^6 must stay below 1e+12; got "
            "median 1e+11, gsd 100"
        ],
    ),
    "a normal whose tail overflows": (
        _override("opinion.rally_points: {dist: normal, mean: 0, sd: 1.0e12, source: x}"),
        [
            "18: assumptions.opinion.rally_points: mean ± 6 sd must lie within ±1e+12; got mean "
            "0, sd 1e+12"
        ],
    ),
    "a value of true": (
        _override("opinion.rally_points: {dist: point, value: true, source: x}"),
        ["18: assumptions.opinion.rally_points.value: expected a number, not true or false"],
    ),
    "a number written as text": (
        _override("opinion.rally_points: {dist: point, value: '3', source: x}"),
        ["18: assumptions.opinion.rally_points.value: expected a number, got '3'"],
    ),
    "negative discrete weights": (
        _override(
            "opinion.rally_points: {dist: discrete, values: [1, 2], weights: [-1, 2], source: x}"
        ),
        ["18: assumptions.opinion.rally_points: weights must be non-negative and not all zero"],
    ),
    "discrete weights that do not match the values": (
        _override(
            "opinion.rally_points: {dist: discrete, values: [1, 2], weights: [1], source: x}"
        ),
        ["18: assumptions.opinion.rally_points: weights has 1 entries but values has 2"],
    ),
    "no discrete values": (
        _override("opinion.rally_points: {dist: discrete, values: [], source: x}"),
        ["18: assumptions.opinion.rally_points.values: needs at least 1 item(s)"],
    ),
    "a beta with a = 0": (
        _override("opinion.rally_points: {dist: beta, a: 0, b: 2, source: x}"),
        ["18: assumptions.opinion.rally_points.a: must be greater than 0, got 0"],
    ),
    "a PERT with a negative shape": (
        _override(
            "opinion.rally_points: {dist: pert, low: 1, mode: 2, high: 3, shape: -1, source: x}"
        ),
        ["18: assumptions.opinion.rally_points.shape: must be greater than 0, got -1"],
    ),
    "a uniform of one point": (
        _override("opinion.rally_points: {dist: uniform, low: 2, high: 2, source: x}"),
        ["18: assumptions.opinion.rally_points: low (2.0) must be below high (2.0)"],
    ),
    "a triangular mode outside its range": (
        _override("opinion.rally_points: {dist: triangular, low: 1, mode: 5, high: 3, source: x}"),
        [
            "18: assumptions.opinion.rally_points: need low <= mode <= high and low < high, got "
            "1.0, 5.0, 3.0"
        ],
    ),
    "a lognormal without spread": (
        _override("opinion.rally_points: {dist: lognormal, median: 2, gsd: 1, source: x}"),
        ["18: assumptions.opinion.rally_points.gsd: must be greater than 1, got 1"],
    ),
    "an interception probability of 7": (
        _override("strikes.drone.ukraine_interception: {dist: point, value: 7, source: x}"),
        [
            "18: assumptions.strikes.drone.ukraine_interception: strikes.drone.ukraine_interception"
            " must be a probability or share, within 0-1; this distribution spans 7 to 7"
        ],
    ),
    "an unknown distribution field": (
        _override("opinion.rally_points: {dist: point, value: 1, mean: 2, source: x}"),
        [
            "18: assumptions.opinion.rally_points.mean: unknown key 'mean'; allowed: source, dist,"
            " value"
        ],
    ),
    # Dates: real, and within the world pack's window
    "the 30th of February": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 2027-02-30"),
        ["5: start_date: 2027-02-30 is not a real date (day is out of range for month)"],
    ),
    "a thirteenth month": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 2027-13-01"),
        ["5: start_date: 2027-13-01 is not a real date (month must be in 1..12)"],
    ),
    "a date without dashes": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 20270101"),
        ["5: start_date: expected a date written YYYY-MM-DD, got 20270101"],
    ),
    "a date and time": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 2027-01-01T10:00:00"),
        ["5: start_date: expected a date written YYYY-MM-DD, got '2027-01-01T10:00:00'"],
    ),
    "a date in words": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: tomorrow"),
        ["5: start_date: expected a date written YYYY-MM-DD, got 'tomorrow'"],
    ),
    # Text: printable, bounded, never markup or terminal control
    "an escape sequence in the name": (
        _with_name('"a \\e[2J b"'),
        ["1: name: contains the control character '\\x1b'; use printable text on one line"],
    ),
    "a new line in the name": (
        _with_name('"two\\nlines"'),
        ["1: name: contains the control character '\\n'; use printable text on one line"],
    ),
    "a right-to-left override in the name": (
        _with_name('"invoice \\u202egnp.exe"'),
        ["1: name: contains the control character '\\u202e'; use printable text on one line"],
    ),
    "an empty name": (_with_name("''"), ["1: name: must not be empty"]),
    "a name of 300 characters": (
        _with_name("n" * 300),
        ["1: name: allows at most 200 characters"],
    ),
    "a number as the name": (_with_name("5"), ["1: name: expected text, got 5"]),
    "a list as the name": (_with_name("[a, b]"), ["1: name: expected text, got ['a', 'b']"]),
    "an escape sequence in the title": (
        GOOD.replace("title: A small force", 'title: "\\e]0;owned\\a"'),
        [
            "7: course_of_action.title: contains the control character '\\x1b'; use printable "
            "text on one line"
        ],
    ),
    "a carriage return in the description": (
        GOOD.replace("seed: 7", 'seed: 7\ndescription: "fine\\roverwritten"'),
        ["5: description: contains the control character '\\r'; use printable text"],
    ),
    "a course-of-action id with spaces and capitals": (
        GOOD.replace("id: small-force", "id: Small Force"),
        [
            "6: course_of_action.id: allows only lowercase letters, digits and '-', starting with "
            "a letter or digit, got 'Small Force'"
        ],
    ),
    "Norway's code, which YAML 1.1 reads as false": (
        GOOD.replace("country: UK", "country: NO"),
        [
            "12: course_of_action.contingents[0].country: unknown country 'NO'; allowed: UK, FR, "
            "DE, PL, IT, ES, NL, DK, SE, FI, EE, CA, US"
        ],
    ),
    "a zone that is a path": (
        GOOD.replace("zone: centre", "zone: ../../etc/passwd"),
        [
            "15: course_of_action.contingents[0].zone: allows only letters, digits, '_', '.' and "
            "'-', got '../../etc/passwd'"
        ],
    ),
    "a source id with a control character": (
        GOOD.replace("source: my.note", 'source: "my\\x07note"'),
        [
            "18: assumptions.opinion.casualty_slope.source: give the id of a citation or of a "
            "written assumption"
        ],
    ),
    "a parameter name with a space": (
        _override("'opinion rally': {dist: point, value: 1, source: x}"),
        [
            "18: assumptions.opinion rally: allows only letters, digits, '_', '.', '-' and '>', "
            "got 'opinion rally'"
        ],
    ),
    # Structure: every collection what it should be
    "contingents as a mapping": (
        GOOD.replace(
            "  contingents:\n    - country: UK", "  contingents:\n    first:\n      country: UK"
        ).replace("      troops", "      troops"),
        [
            "11: course_of_action.contingents: expected a list, got {'first': {'country': 'UK', "
            "'troops':…"
        ],
    ),
    "a contingent written as text": (
        GOOD.replace(
            "    - country: UK\n      troops: 1000\n      roles: [combat]\n      zone: centre\n"
            "      start_day: 0\n",
            "    - UK with 1000 troops\n",
        ),
        [
            "12: course_of_action.contingents[0]: expected a mapping of keys to values, got 'UK "
            "with 1000 troops'"
        ],
    ),
    "no roles": (
        GOOD.replace("roles: [combat]", "roles: []"),
        ["14: course_of_action.contingents[0].roles: needs at least 1 item(s)"],
    ),
    "a role as text, not a list": (
        GOOD.replace("roles: [combat]", "roles: combat"),
        ["14: course_of_action.contingents[0].roles: expected a list, got 'combat'"],
    ),
    "nine roles": (
        GOOD.replace("roles: [combat]", "roles: [" + ", ".join(["combat"] * 9) + "]"),
        ["14: course_of_action.contingents[0].roles: allows at most 8 items"],
    ),
    "assumptions as a list": (
        GOOD.replace(
            "  opinion.casualty_slope: {dist: uniform, low: 2, high: 10, source: my.note}",
            "  - opinion.casualty_slope",
        ),
        ["17: assumptions: expected a mapping of keys to values, got ['opinion.casualty_slope']"],
    ),
    "no course of action": (
        "name: x\n",
        ["1: course_of_action: required; add it"],
    ),
    "an empty course of action": (
        "name: x\ncourse_of_action:\n",
        ["2: course_of_action: expected a mapping of keys to values, got None"],
    ),
    "a backstop written as quoted text": (
        GOOD.replace("posture: defensive", "posture: defensive\n  us_backstop: 'yes'"),
        ["11: course_of_action.us_backstop: expected true or false, got 'yes'"],
    ),
    "a backstop written yes, which YAML 1.2 reads as text": (
        GOOD.replace("posture: defensive", "posture: defensive\n  us_backstop: yes"),
        ["11: course_of_action.us_backstop: expected true or false, got 'yes'"],
    ),
    "a thousand and one contingents": (
        GOOD.replace(
            "    - country: UK\n",
            "    - {country: UK, troops: 1, roles: [combat], zone: centre}\n" * 1001
            + "    - country: UK\n",
        ),
        ["11: course_of_action.contingents: allows at most 1,000 items"],
    ),
    "a number as a key": (
        GOOD.replace("seed: 7", "7: seed"),
        ["4: 7: a key must be a name, not the number 7"],
    ),
}


def _problems(path: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        coalition.load_scenario(path)
    problems = caught.value.problems
    assert all(p.file == str(path) for p in problems)
    return [str(p).removeprefix(f"{path}:") for p in problems]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES.values(), ids=TEXT_CASES.keys())
def test_a_bad_scenario_text_gets_its_message(tmp_path, text, expected):
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    got = _problems(path)
    assert got == expected


BYTE_CASES: dict[str, tuple[bytes, list[str]]] = {
    "UTF-16 text": (GOOD.encode("utf-16"), ["1: the file is UTF-16 text; save it as UTF-8"]),
    "UTF-32 text": (GOOD.encode("utf-32"), ["1: the file is UTF-32 text; save it as UTF-8"]),
    "a Latin-1 byte on line 3": (
        GOOD.replace("draws: 100", "draws: 100 # caf\xe9").encode("latin-1"),
        ["3: byte 0xe9 is not UTF-8 text; save the file as UTF-8"],
    ),
    "a NUL byte on line 2": (
        GOOD.replace("horizon_days: 90", "horizon_days: 9\x000").encode(),
        ["2: character '\\x00' is not allowed in YAML text"],
    ),
    "a PNG image": (
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        ["1: byte 0x89 is not UTF-8 text; save the file as UTF-8"],
    ),
    "a file over 256 KiB": (
        GOOD.encode() + b"#" * (300 * 1024),
        [" larger than 256 KiB, the most a YAML file here may hold"],
    ),
    "a UTF-8 byte-order mark, which is allowed": (
        "\ufeff".encode() + GOOD.replace("draws: 100", "draws: 0").encode(),
        ["3: draws: must be at least 1, got 0"],
    ),
}


@pytest.mark.parametrize(("raw", "expected"), BYTE_CASES.values(), ids=BYTE_CASES.keys())
def test_bad_bytes_get_their_line(tmp_path, raw, expected):
    path = tmp_path / "scenario.yaml"
    path.write_bytes(raw)
    assert _problems(path) == expected


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "folder.yaml"
    path.mkdir()
    return path


PATH_CASES = {
    "a named pipe, which would hang a reader": (_fifo, " not a regular file"),
    "a folder": (_folder, " not a regular file"),
    "a device that never ends": (lambda _: Path("/dev/zero"), " not a regular file"),
    "a file that is not there": (
        lambda tmp_path: tmp_path / "missing.yaml",
        " cannot read file: No such file or directory",
    ),
}


@pytest.mark.parametrize(("make", "expected"), PATH_CASES.values(), ids=PATH_CASES.keys())
def test_a_path_that_is_no_scenario_file_is_refused_at_once(tmp_path, make, expected):
    assert _problems(make(tmp_path)) == [expected]
