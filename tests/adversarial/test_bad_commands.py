"""Hostile and careless commands: every bad flag, output path or stored text gets one clear
message and exit code 2 before any work is done, and nothing already stored is lost."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalition.cli import app
from coalition.store import Store
from tests.conftest import SCENARIOS
from tests.spec.test_validation import GOOD

STATUS_QUO = str(SCENARIOS[0])


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("COALITION_DATA_DIR", str(folder))
    monkeypatch.setenv("COLUMNS", "200")
    return folder


def invoke(*args: str | Path) -> tuple[int, str]:
    """Exit code and output, on one line: the boxes and wrapping of a terminal taken out."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    unboxed = result.output.translate({ord(c): " " for c in "│╭╮╰╯─"})
    return result.exit_code, " ".join(unboxed.split())


def stored_runs(data_dir: Path) -> list[str]:
    if not (data_dir / "coalition.db").exists():
        return []
    with sqlite3.connect(data_dir / "coalition.db") as db:
        return [row[0] for row in db.execute("SELECT status FROM runs")]


SMALL = ("--draws", "20", "--horizon", "14")

FLAG_CASES: dict[str, tuple[tuple[str, ...], str]] = {
    "no draws": (
        ("run", STATUS_QUO, "--draws", "0"),
        "Invalid value for '--draws': Input should be greater than or equal to 1",
    ),
    "twenty million draws": (
        ("run", STATUS_QUO, "--draws", "20000000"),
        "Invalid value for '--draws': Input should be less than or equal to 1000000",
    ),
    "draws as a word": (
        ("run", STATUS_QUO, "--draws", "many"),
        "Invalid value for '--draws': Input should be a valid integer",
    ),
    "a negative seed": (("run", STATUS_QUO, "--seed", "-1"), "Invalid value for '--seed'"),
    "a seed of 2**63": (
        ("run", STATUS_QUO, "--seed", str(2**63)),
        "Invalid value for '--seed': Input should be less than or equal to 9223372036854775807",
    ),
    "a five-day horizon": (("run", STATUS_QUO, "--horizon", "5"), "Invalid value for '--horizon'"),
    "a horizon past ten years": (
        ("run", STATUS_QUO, "--horizon", "4000"),
        "Invalid value for '--horizon'",
    ),
    "a chunk of no draws": (("run", STATUS_QUO, "--chunk", "0"), "Invalid value for '--chunk'"),
    "an output that is no table format": (
        ("run", STATUS_QUO, "--out", "outcomes.txt"),
        "error: --out outcomes.txt: use a .csv, .json or .parquet file name",
    ),
    "a million draws over ten years": (
        ("run", STATUS_QUO, "--draws", "1000000", "--horizon", "3650"),
        "<scenario>: draws: 1,000,000 draws of 3650 days would hold",
    ),
    "an export format nobody reads": (
        ("runs", "export", "abc", "--out", "x.xml"),
        "error: unknown export format 'xml'; allowed: csv, json, parquet",
    ),
    "a run status that does not exist": (
        ("runs", "list", "--status", "paused"),
        "error: unknown run status 'paused'; allowed: running, done, failed",
    ),
    "an empty run id": (("runs", "show", ""), "error: no run ''"),
    "a run id that is not there": (("runs", "show", "nosuchrun"), "error: no run 'nosuchrun'"),
    "oblasts with both a file and a run": (
        ("oblasts", STATUS_QUO, "--run", "abc"),
        "error: give a scenario FILE to run or --run RUN_ID, one of the two",
    ),
    "oblasts from a stored run with run settings": (
        ("oblasts", "--run", "abc", "--draws", "10"),
        "error: --draws, --seed and --horizon set how a FILE runs; not with --run",
    ),
    "a scenario file that is not there": (
        ("run", "no-such-file.yaml"),
        "no-such-file.yaml: cannot read file: No such file or directory",
    ),
    "a plan of no contingents": (
        ("plan", STATUS_QUO),
        "course_of_action.contingents: the course of action sends no contingents, so there is "
        "nothing to plan",
    ),
    "validating a device": (("validate", "/dev/null"), "/dev/null: not a regular file"),
    "validating a folder": (("validate", str(SCENARIOS[0].parent)), "ukraine: not a regular file"),
    "compare with the same file twice": (
        ("compare", STATUS_QUO, STATUS_QUO, *SMALL),
        "course_of_action.id: 'status-quo' is also the id of the course of action in",
    ),
}


@pytest.mark.parametrize(("args", "message"), FLAG_CASES.values(), ids=FLAG_CASES.keys())
def test_a_bad_flag_is_refused_before_any_run(data_dir, args, message):
    code, output = invoke(*args)
    assert code == 2
    assert message in output
    assert stored_runs(data_dir) == []


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "out.csv").mkdir()
    return tmp_path / "out.csv"


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "out.csv")
    return tmp_path / "out.csv"


def _symlink(tmp_path: Path) -> Path:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (tmp_path / "out.csv").symlink_to(target)
    return tmp_path / "out.csv"


def _missing_folder(tmp_path: Path) -> Path:
    return tmp_path / "no" / "such" / "out.csv"


OUTPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a folder": (_folder, "is a folder; give a file name"),
    "a named pipe": (_fifo, "is a named pipe; give the path of a regular file"),
    "a symbolic link": (_symlink, "is a symbolic link; give the path of a regular file"),
    "a missing folder": (_missing_folder, "the folder"),
}


@pytest.mark.parametrize(("make", "message"), OUTPUTS.values(), ids=OUTPUTS.keys())
@pytest.mark.parametrize("command", ["run --out", "compare --html", "oblasts --csv"])
def test_an_output_that_is_no_regular_file_is_refused_before_the_run(
    data_dir, tmp_path, make, message, command
):
    name, flag = command.split()
    path = make(tmp_path)
    if flag == "--html":
        path = path.with_suffix(".html") if path.name == "out.csv" and not path.exists() else path
    code, output = invoke(name, STATUS_QUO, *SMALL, flag, path)
    assert code == 2
    assert f"error: {flag} {path}: {message}" in output
    assert stored_runs(data_dir) == []
    if make is _symlink:
        assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.fixture
def one_run(data_dir: Path) -> str:
    code, _ = invoke("run", STATUS_QUO, *SMALL)
    assert code == 0
    with Store.open() as store:
        return store.list_runs()[0].id


EXPORTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    **OUTPUTS,
    "a device": (lambda _: Path("/dev/null"), "is a device; give the path of a regular file"),
}


@pytest.mark.parametrize(("make", "message"), EXPORTS.values(), ids=EXPORTS.keys())
def test_an_export_onto_anything_but_a_regular_file_is_refused(one_run, tmp_path, make, message):
    path = make(tmp_path)
    code, output = invoke("runs", "export", one_run, "--out", path, "--format", "csv")
    assert code == 2
    assert f"error: --out {path}: {message}" in output
    if make is _symlink:
        assert (tmp_path / "precious.txt").read_text() == "keep me"
    code, _ = invoke("runs", "show", one_run)
    assert code == 0


def test_two_files_with_one_course_of_action_id_are_refused_with_the_line(data_dir, tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(GOOD)
    second.write_text(GOOD.replace("name: Small", "name: Other"))
    code, output = invoke("compare", first, second)
    assert code == 2
    assert output == (
        f"{second}:6: course_of_action.id: 'small-force' is also the id of the course of "
        f"action in {first}; each course of action compared needs its own id"
    )


def test_compare_stores_each_run_it_compares(data_dir):
    code, output = invoke("compare", SCENARIOS[0], SCENARIOS[1], *SMALL)
    assert code == 0
    assert "stored as runs: status-quo " in output
    assert stored_runs(data_dir) == ["done", "done"]


def test_a_name_that_looks_like_markup_is_printed_as_written(data_dir, tmp_path):
    path = tmp_path / "markup.yaml"
    path.write_text(GOOD.replace("name: Small reassurance force", "name: 'a [/] b [bold]x'"))
    code, output = invoke("run", path, *SMALL)
    assert code == 0
    assert "a [/] b [bold]x" in output
    with Store.open() as store:
        run_id = store.list_runs()[0].id
    code, output = invoke("runs", "show", run_id)
    assert code == 0
    assert "scenario_name: a [/] b [bold]x" in output


def test_control_characters_in_stored_text_reach_the_terminal_as_escapes(one_run, data_dir):
    with sqlite3.connect(data_dir / "coalition.db") as db:
        db.execute(
            "UPDATE runs SET scenario_name = ?, course_of_action = ?",
            ("evil\x1b[2J\x1b]0;pwned\x07", "coa\x1b[31m"),
        )
    for args in (("runs", "show", one_run), ("runs", "list")):
        code, output = invoke(*args)
        assert code == 0
        assert "\x1b" not in output
        assert "\x07" not in output
    assert "evil\\x1b[2J\\x1b]0;pwned\\x07" in invoke("runs", "show", one_run)[1]


def test_a_name_with_html_is_escaped_in_the_report(data_dir, tmp_path):
    path = tmp_path / "html.yaml"
    path.write_text(
        GOOD.replace("name: Small reassurance force", "name: '<script>alert(1)</script>'").replace(
            "title: A small force", "title: '<img src=x onerror=alert(2)>'"
        )
    )
    report = tmp_path / "report.html"
    code, _ = invoke("compare", path, *SMALL, "--html", report)
    assert code == 0
    html = report.read_text()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize(
    "target",
    ["coalition.db", "runs/outcomes.csv", "outcomes.csv"],
    ids=["the database", "the runs folder", "the data directory"],
)
def test_an_output_inside_the_data_directory_is_refused(one_run, data_dir, target):
    path = data_dir / target
    code, output = invoke("runs", "export", one_run, "--out", path, "--format", "csv")
    assert code == 2
    assert f"error: --out {path}: is inside the data directory {data_dir.resolve()}" in output
    assert invoke("runs", "show", one_run)[0] == 0
