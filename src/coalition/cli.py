"""`coalition` on the command line: commands that only translate between people and the core.

Every `CoalitionError` becomes a message on stderr and exit code 2; nothing else prints tracebacks
for mistakes a user can fix.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from coalition.engine.executors import chunk_size
from coalition.errors import CoalitionError, SpecError
from coalition.files import write_text
from coalition.spec.scenario import MAX_DRAWS, MAX_SEED, Scenario
from coalition.spec.values import is_control
from coalition.store import EXPORT_FORMATS, Store, check_output_outside

if TYPE_CHECKING:
    from coalition.engine.model import Model
    from coalition.engine.results import Results

# The model and the analyses (Numba, SciPy) are imported by the commands that run or read
# results, so that help, errors and the store's commands answer at once.

app = typer.Typer(
    help="Simulate and compare courses of action for an Allied deployment to Ukraine.",
    no_args_is_help=True,
    add_completion=False,
)
# No markup or emoji codes: scenario names and ids are the user's text, printed as written.
out = Console(width=None if sys.stdout.isatty() else 200, markup=False, emoji=False)
err = Console(stderr=True, markup=False, emoji=False)
F = TypeVar("F", bound=Callable[..., Any])


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stops a command the way Ctrl-C does, so a run is recorded as failed."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by {signal.Signals(signum).name}")


_received: list[int] = []  # the termination signal that stopped the command, if one did


def _terminate(signum: int, frame: object) -> None:
    _received.append(signum)
    raise Terminated(signum)


def main() -> None:
    """The `coalition` command: the app, stopped cleanly by termination signals, which exit with
    128 + the signal's number as shells expect (Typer would report any interrupt as 130)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    try:
        app(prog_name="coalition")
    except (SystemExit, Terminated):
        if _received:
            sys.exit(128 + _received[0])
        raise


def terminal_safe(text: object) -> str:
    """Text with control and bidirectional-override characters shown as escapes (`\\x1b`), so
    that stored or user text cannot move the cursor, recolour the terminal or reorder a line."""
    return "".join(
        char.encode("unicode_escape").decode("ascii") if is_control(char) and char != "\n" else char
        for char in str(text)
    )


def say(text: object) -> None:
    """One line on stdout, terminal-safe."""
    typer.echo(terminal_safe(text))


def complain(text: object) -> None:
    """One line on stderr, terminal-safe."""
    typer.echo(terminal_safe(text), err=True)


Files = Annotated[
    list[Path], typer.Argument(metavar="FILE...", help="Scenario YAML files.", show_default=False)
]
Draws = Annotated[
    int | None,
    typer.Option(min=1, max=MAX_DRAWS, help="Monte Carlo draws (default: the file's)."),
]
Seed = Annotated[
    int | None, typer.Option(min=0, max=MAX_SEED, help="Random seed (default: the file's).")
]
Horizon = Annotated[int | None, typer.Option(min=7, max=3650, help="Days to simulate.")]
Chunk = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Draws per chunk, rounded up to whole blocks of 500 (default: 2,000, or less so that "
        "each worker gets two); results do not depend on it.",
    ),
]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        max=256,
        help="Local worker processes (1: this process); results do not depend on it.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Run on Dask: a scheduler's address (tcp://host:8786), or 'local' for a LocalCluster "
        "of --workers processes."
    ),
]


def reports_errors(command: F) -> F:
    """Turn the core's errors into one clear message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SpecError as exc:
            for problem in exc.problems:
                complain(problem)
            raise typer.Exit(2) from None
        except CoalitionError as exc:
            complain(f"error: {exc}")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.command()
def validate(files: Files) -> None:
    """Check scenario files: one line per valid file, every problem as file:line: field: message."""
    from coalition.api import load_scenario

    failed = False
    for path in files:
        try:
            scenario = load_scenario(path)
        except SpecError as exc:
            failed = True
            for problem in exc.problems:
                complain(problem)
            continue
        coa = scenario.course_of_action
        say(
            f"{path}: ok: {coa.id}: {len(coa.contingents)} contingents, "
            f"{coa.troops_committed:,} troops, {coa.context.value}, {scenario.draws:,} draws x "
            f"{scenario.horizon_days} days, {len(scenario.assumptions)} assumption overrides"
        )
    if failed:
        raise typer.Exit(2)


@dataclass(frozen=True)
class Running:
    """How draws run: chunk size (None: by default) and where (workers, Dask scheduler)."""

    chunk: int | None = None
    workers: int = 1
    scheduler: str | None = None

    def chunk_for(self, scenario: Scenario) -> int:
        return chunk_size(scenario.draws, self.chunk, self.workers)


def _run(model: Model, running: Running) -> Results:
    """Run a checked model with a progress bar."""
    from coalition.api import run_model

    scenario = model.setup.scenario
    total = scenario.draws * scenario.horizon_days
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(scenario.course_of_action.id, total=total)
        return run_model(
            model,
            chunk=running.chunk,
            workers=running.workers,
            scheduler=running.scheduler,
            progress=lambda n: progress.advance(task, n),
        )


def _table(frame: Any, title: str) -> Table:
    table = Table(title=terminal_safe(title), show_lines=False, header_style="bold")
    table.add_column("outcome (median, 5–95 % of draws)")
    for column in frame.columns:
        table.add_column(terminal_safe(column), overflow="fold")
    for label, row in frame.iterrows():
        table.add_row(terminal_safe(label), *[terminal_safe(v) for v in row])
    return table


def _by_month(results: Results) -> Table:
    """P(highest rung ≥ k by month m) and P(half the pledged troops withdrawn by month m), in %."""
    from coalition.analysis.summary import coalition_by_month, escalation_by_month

    escalation = escalation_by_month(results)
    table = Table(title="Probability (%) by the end of each month", header_style="bold")
    table.add_column("event")
    for month in escalation.columns:
        table.add_column(str(month), justify="right")
    rows = [(f"rung ≥ {k}: {rung}", row) for k, (rung, row) in enumerate(escalation.iterrows(), 1)]
    if results.scenario.course_of_action.contingents:
        rows.append(("half the pledged troops withdrawn", coalition_by_month(results)))
    for label, row in rows:
        table.add_row(label, *[f"{100 * p:.0f}" if p >= 0.005 or p == 0 else "<1" for p in row])
    return table


def _record(store: Store, model: Model, running: Running) -> tuple[str, Results]:
    """Run a checked model as a stored run: its id and results."""
    scenario = model.setup.scenario
    with store.recording(scenario, running.chunk_for(scenario)) as recording:
        results = _run(model, running)
        recording.finish(results)
    return recording.run_id, results


@app.command()
@reports_errors
def run(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    draws: Draws = None,
    seed: Seed = None,
    horizon: Horizon = None,
    chunk: Chunk = None,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Also write per-draw outcomes here (.csv, .json or .parquet)."),
    ] = None,
) -> None:
    """Run one scenario, store the run and print its key outcomes."""
    from coalition.analysis.compare import comparison, monthly_table
    from coalition.api import load_scenario, runnable_model

    if out_file is not None:
        if out_file.suffix not in (".csv", ".json", ".parquet"):
            raise CoalitionError(f"--out {out_file}: use a .csv, .json or .parquet file name")
        check_output_outside(out_file, "--out")
    scenario = load_scenario(file, draws=draws, seed=seed, horizon_days=horizon)
    model = runnable_model(scenario, chunk=chunk)
    store = Store.open()
    run_id, results = _record(store, model, Running(chunk, workers, scheduler))
    out.print(_table(comparison([results]), f"{scenario.name} — run {run_id}"))
    out.print(_by_month(results))
    out.print(_table(monthly_table(results), "At the end of each month"))
    if out_file is not None:
        store.export(run_id, out_file, out_file.suffix.removeprefix("."))
        say(f"per-draw outcomes written to {out_file}")


@app.command()
@reports_errors
def compare(
    files: Files,
    draws: Draws = None,
    seed: Seed = None,
    horizon: Horizon = None,
    chunk: Chunk = None,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    html: Annotated[Path | None, typer.Option(help="Write an HTML summary here.")] = None,
) -> None:
    """Run several scenarios with common random numbers, store each run and print them side by
    side."""
    from coalition.analysis.compare import comparison
    from coalition.api import load_scenarios, runnable_model

    if html is not None:
        check_output_outside(html, "--html")
    scenarios = load_scenarios(files, draws=draws, seed=seed, horizon_days=horizon)
    models = [runnable_model(scenario, chunk=chunk) for scenario in scenarios]
    store = Store.open()
    running = Running(chunk, workers, scheduler)
    recorded = [_record(store, model, running) for model in models]
    runs = [results for _, results in recorded]
    out.print(_table(comparison(runs), "Courses of action compared"))
    say(
        "stored as runs: "
        + ", ".join(f"{r.scenario.course_of_action.id} {run_id}" for run_id, r in recorded)
    )
    if html is not None:
        from coalition.report.summary import write_summary

        write_summary(runs, html)
        say(f"HTML summary written to {html}")


@app.command()
@reports_errors
def parameters(file: Annotated[Path, typer.Argument(help="Scenario YAML file.")]) -> None:
    """List the model's parameters for a scenario: name, distribution and source."""
    from coalition.api import build_model, load_scenario

    model = build_model(load_scenario(file))
    table = Table(header_style="bold")
    for column in ("parameter", "distribution", "source", "what"):
        table.add_column(column, overflow="fold")
    for name, p in model.parameters.items():
        dist = p.default.model_dump(exclude={"source"})
        shown = ", ".join(f"{k}={v}" for k, v in dist.items() if k != "dist")
        table.add_row(
            name, f"{dist['dist']}({shown})", ", ".join(p.default.source_ids), p.description
        )
    out.print(table)


@app.command()
@reports_errors
def plan(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    horizon: Horizon = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    find_bottlenecks: Annotated[
        bool,
        typer.Option(
            "--bottlenecks/--no-bottlenecks",
            help="Re-plan without each full link's limit to measure the days it costs.",
        ),
    ] = True,
) -> None:
    """Plan the deployment over the transport network: arrival days, link use, bottlenecks."""
    from coalition.api import load_scenario
    from coalition.logistics.deployment import bottlenecks, plan_deployment
    from coalition.logistics.report import plan_json, plan_tables

    scenario = load_scenario(file)
    if not scenario.course_of_action.contingents:
        raise CoalitionError(
            f"{file}: course_of_action.contingents: the course of action sends no contingents, so "
            "there is nothing to plan"
        )
    with err.status("planning the deployment over the transport network…"):
        deployment = plan_deployment(scenario, horizon)
    with err.status("re-planning without each full link's limit…"):
        found = bottlenecks(deployment) if find_bottlenecks else []
    if as_json:
        typer.echo(plan_json(deployment, found))
        return
    for table in plan_tables(deployment, found, scenario.name):
        out.print(table)


@app.command()
@reports_errors
def history() -> None:
    """The planner against history: IFOR's 1995-96 build-up, modelled beside what happened."""
    from coalition.logistics.history import compare, load_case

    table = Table(title=load_case().name, header_style="bold")
    for column in ("rail trains a day", "modelled closure (days)", "historical closure (days)"):
        table.add_column(column, justify="right")
    for row in compare():
        table.add_row(
            f"{row.trains_per_day:g}",
            f"{row.modelled_closure_days:g}",
            f"{row.historical_closure_days:g}",
        )
    out.print(table)


def _oblast_table(results: Results, table: Any) -> Table:
    from coalition.analysis.compare import fmt_quantity
    from coalition.analysis.geography import QUANTITIES, SOURCE

    shown = Table(
        title=f"{results.scenario.name} — by oblast, mean of {results.draws:,} draws",
        caption=f"Zone results spread over oblasts by assumption {SOURCE} (docs/map.md); "
        "occupied oblasts are not modelled (–).",
        header_style="bold",
    )
    shown.add_column("oblast")
    shown.add_column("zone")
    for quantity in QUANTITIES:
        shown.add_column(quantity.label, justify="right")
    for _, row in table.iterrows():
        shown.add_row(
            row["name"], row["zone"], *[fmt_quantity(row[f"{q.name}_mean"]) for q in QUANTITIES]
        )
    return shown


@app.command()
@reports_errors
def oblasts(
    file: Annotated[
        Path | None, typer.Argument(help="Scenario YAML file to run (or give --run).")
    ] = None,
    run_id: Annotated[
        str | None, typer.Option("--run", help="A stored run's id, or a unique prefix of one.")
    ] = None,
    draws: Draws = None,
    seed: Seed = None,
    horizon: Horizon = None,
    chunk: Chunk = None,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    geojson: Annotated[
        Path | None, typer.Option(help="Write the oblast outlines with these values as GeoJSON.")
    ] = None,
    csv: Annotated[
        Path | None, typer.Option(help="Write the table with 5/50/95 % quantiles as CSV.")
    ] = None,
) -> None:
    """Zone results spread over Ukraine's oblasts, for a map (assumption geo.within_zone)."""
    from coalition.analysis.geography import by_oblast, to_geojson
    from coalition.api import load_scenario, runnable_model

    if (file is None) == (run_id is None):
        raise CoalitionError("give a scenario FILE to run or --run RUN_ID, one of the two")
    if run_id is not None and (draws, seed, horizon) != (None, None, None):
        raise CoalitionError("--draws, --seed and --horizon set how a FILE runs; not with --run")
    for option, path in (("--geojson", geojson), ("--csv", csv)):
        if path is not None:
            check_output_outside(path, option)
    if file is not None:
        scenario = load_scenario(file, draws=draws, seed=seed, horizon_days=horizon)
        results = _run(runnable_model(scenario, chunk=chunk), Running(chunk, workers, scheduler))
    elif run_id is not None:
        results = Store.open().load(run_id)
    table = by_oblast(results)
    out.print(_oblast_table(results, table))
    if geojson is not None:
        write_text(geojson, json.dumps(to_geojson(results, table), allow_nan=False))
        say(f"GeoJSON written to {geojson}")
    if csv is not None:
        write_text(csv, table.to_csv())
        say(f"table with quantiles written to {csv}")


runs_app = typer.Typer(help="Stored runs: list, show, export, delete.", no_args_is_help=True)
app.add_typer(runs_app, name="runs")
RunId = Annotated[str, typer.Argument(help="A run id, or a unique prefix of one.")]


@runs_app.command("list")
@reports_errors
def runs_list(
    status: Annotated[
        str | None, typer.Option(help="Only runs with this status: running, done or failed.")
    ] = None,
) -> None:
    """Stored runs, newest first."""
    table = Table(header_style="bold")
    for column in ("id", "status", "course of action", "draws", "seed", "days", "created (UTC)"):
        table.add_column(column)
    for record in Store.open().list_runs(status):
        table.add_row(
            record.id,
            record.status,
            terminal_safe(record.course_of_action),
            f"{record.draws:,}",
            str(record.seed),
            str(record.horizon_days),
            record.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        )
    out.print(table)


@runs_app.command("show")
@reports_errors
def runs_show(run_id: RunId) -> None:
    """One run's record and, when it finished, its key outcomes."""
    from coalition.analysis.compare import comparison

    store = Store.open()
    record = store.get(run_id)
    for field in (
        "id",
        "status",
        "scenario_name",
        "course_of_action",
        "draws",
        "seed",
        "horizon_days",
        "chunk",
        "created_at",
        "finished_at",
        "artifact_dir",
        "package_version",
        "error",
    ):
        value = getattr(record, field)
        if value is not None:
            say(f"{field}: {value}")
    if record.status == "done":
        out.print(_table(comparison([store.load(record.id)]), record.scenario_name))


@runs_app.command("export")
@reports_errors
def runs_export(
    run_id: RunId,
    out_path: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help=f"One of {', '.join(EXPORT_FORMATS)} (default: from --out)."),
    ] = None,
) -> None:
    """Write a run's per-draw outcomes as CSV, JSON or Parquet."""
    fmt = fmt or out_path.suffix.removeprefix(".")
    check_output_outside(out_path, "--out")
    path = Store.open().export(run_id, out_path, fmt)
    say(f"per-draw outcomes of run {run_id} written to {path}")


@runs_app.command("delete")
@reports_errors
def runs_delete(
    run_ids: Annotated[
        list[str], typer.Argument(metavar="RUN_ID...", help="Run ids, or unique prefixes.")
    ],
) -> None:
    """Delete finished or failed runs: their records and their files."""
    store = Store.open()
    for run_id in run_ids:
        say(f"deleted run {store.delete(run_id)}")
