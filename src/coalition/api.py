"""The public entry points: load a scenario file, simulate it, get a `Results`.

Loading checks a scenario in three stages, reporting every problem of the stage that fails: the
file's syntax and types, the names it uses against its world pack (countries, zones, routes), and
its assumption overrides against the model's parameters.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from coalition.domains import BUILT_IN_DOMAINS
from coalition.engine.component import Component
from coalition.engine.executors import InProcess, executor_for, run_chunks, spans
from coalition.engine.model import Model
from coalition.engine.results import Results, Trajectory
from coalition.engine.setup import Setup
from coalition.engine.simulate import ChunkResult, run_chunk, week_ends
from coalition.errors import CoalitionError, EngineError, Problem, SpecError, WorldError
from coalition.spec.load import LoadedScenario, load_scenario_file
from coalition.spec.scenario import Scenario
from coalition.world.pack import DomainSlices, World, load_world

MAX_RESULT_BYTES = 4 * 2**30
"""The most a run's results may hold in memory (outcomes, inputs and weekly paths): a sixth of the
24 GiB machines this runs on, leaving room for the engine's chunk and for writing them out."""


def load_scenario(
    path: str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    horizon_days: int | None = None,
) -> Scenario:
    """Read, validate and check a scenario file, with other run settings if given; `SpecError`
    lists every problem found."""
    return _load(path, draws=draws, seed=seed, horizon_days=horizon_days).scenario


def load_scenarios(
    paths: Sequence[str | Path],
    *,
    draws: int | None = None,
    seed: int | None = None,
    horizon_days: int | None = None,
) -> list[Scenario]:
    """Scenario files to compare: every problem of every file in one `SpecError`, and each
    course of action with its own id (a comparison shows one column per id)."""
    problems: list[Problem] = []
    loaded: list[LoadedScenario] = []
    for path in paths:
        try:
            loaded.append(_load(path, draws=draws, seed=seed, horizon_days=horizon_days))
        except SpecError as exc:
            problems += exc.problems
    first: dict[str, str] = {}
    for one in loaded:
        coa_id = one.scenario.course_of_action.id
        if coa_id in first:
            problems.append(
                one.problem(
                    ("course_of_action", "id"),
                    f"'{coa_id}' is also the id of the course of action in {first[coa_id]}; "
                    "each course of action compared needs its own id",
                )
            )
        first.setdefault(coa_id, one.file)
    if problems:
        raise SpecError(problems)
    return [one.scenario for one in loaded]


def _load(path: str | Path, **settings: int | None) -> LoadedScenario:
    """A file checked as written, then given any other run settings."""
    loaded = load_scenario_file(path)
    check_scenario(loaded)
    if any(value is not None for value in settings.values()):
        loaded = replace(loaded, scenario=loaded.scenario.with_run_settings(**settings))
    return loaded


def check_scenario(loaded: LoadedScenario) -> Scenario:
    """Check a parsed scenario's names against its world pack and the model's parameters."""
    _checked_model(loaded)
    return loaded.scenario


def _checked_model(loaded: LoadedScenario, as_written: bool = True) -> Model:
    """The model of a scenario whose names and assumptions all fit its world pack and model.

    A file `as_written` must also start every contingent within its own horizon; a shorter
    horizon given to a run (`--horizon`) may leave late contingents out."""
    scenario = loaded.scenario
    try:
        world = load_world(scenario.world)
    except WorldError as exc:
        raise SpecError([loaded.problem(("world",), str(exc))]) from None
    problems = _world_problems(loaded, world, as_written)
    if problems:
        raise SpecError(problems)
    try:
        model = build_model(scenario)
    except EngineError as exc:  # an assumption the model cannot run with: point at it
        named = [name for name in scenario.assumptions if name in str(exc)]
        raise SpecError([loaded.problem(("assumptions", *named[:1]), str(exc))]) from None
    known = model.parameters
    for name, distribution in scenario.assumptions.items():
        if name in known and not known[name].allowed.admits(distribution.bounds):
            low, high = distribution.bounds
            problems.append(
                loaded.problem(
                    ("assumptions", name),
                    f"{name} must be {known[name].allowed.what}; this distribution spans "
                    f"{low:g} to {high:g}",
                )
            )
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                loaded.problem(
                    ("assumptions", name),
                    f"no parameter '{name}' in this model{hint}; "
                    "`coalition parameters FILE` lists them",
                )
            )
    if problems:
        raise SpecError(problems)
    return model


def _world_problems(loaded: LoadedScenario, world: World, as_written: bool) -> list[Problem]:
    countries = [c.code for c in world.contributors]
    zones = world.deployable_zones()
    routes = [n.id for n in world.network.nodes if n.kind in ("crossing", "apod")]
    coa = loaded.scenario.course_of_action
    problems = []
    period, start = world.period, loaded.scenario.start_date
    if not period.earliest_start <= start <= period.latest_start:
        problems.append(
            loaded.problem(
                ("start_date",),
                f"starts on {start}, outside the dates the world pack '{world.name}' describes; "
                f"allowed: {period.earliest_start} to {period.latest_start}",
            )
        )
    for i, c in enumerate(coa.contingents):
        at = ("course_of_action", "contingents", i)
        if c.country not in countries:
            problems.append(
                loaded.problem(
                    (*at, "country"),
                    f"unknown country '{c.country}'; allowed: " + ", ".join(countries),
                )
            )
        problems += _where_and_when(loaded, at, c.zone, c.start_day, zones, as_written)
        if c.route is not None and c.route not in routes:
            problems.append(
                loaded.problem(
                    (*at, "route"),
                    f"unknown crossing or airport '{c.route}'; allowed: " + ", ".join(routes),
                )
            )
        elif c.route is not None and c.country in countries and c.zone in zones:
            network = world.network
            home, zone = network.home_node(c.country), network.zone_node(c.zone)
            through = network.paths(home, zone, c.route)
            if not through:
                problems.append(
                    loaded.problem(
                        (*at, "route"), f"no path from {home} through {c.route} to {zone}"
                    )
                )
    for i, donation in enumerate(coa.donated_air_defence):
        at = ("course_of_action", "donated_air_defence", i)
        problems += _where_and_when(
            loaded, at, donation.zone, donation.start_day, zones, as_written
        )
    return problems


def _where_and_when(
    loaded: LoadedScenario, at: tuple, zone: str, start_day: int, zones: list[str], as_written: bool
) -> list[Problem]:
    """A deployable zone and a start within the horizon, for anything the plan sends."""
    problems = []
    if zone not in zones:
        problems.append(
            loaded.problem(
                (*at, "zone"), f"unknown or closed zone '{zone}'; allowed: {', '.join(zones)}"
            )
        )
    horizon = loaded.scenario.horizon_days
    if as_written and start_day >= horizon:
        problems.append(
            loaded.problem(
                (*at, "start_day"),
                f"starts on day {start_day}, after the horizon of {horizon} days",
            )
        )
    return problems


def build_model(scenario: Scenario, domains: Sequence[type[Component]] = BUILT_IN_DOMAINS) -> Model:
    """The runnable model of a scenario: its setup and ordered components."""
    world = load_world(scenario.world, pack_slices(domains))
    return Model.build(Setup.compile(scenario, world), domains)


def pack_slices(domains: Sequence[type[Component]] = BUILT_IN_DOMAINS) -> DomainSlices:
    """The world-pack slices these domains declare, to read a pack with."""
    return tuple((d.name, d.pack) for d in domains if d.pack is not None)


def simulate(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Results:
    """Run every draw of a scenario (or of a scenario file); bit-identical for a seed whatever
    `chunk`, `workers` (local processes) or `scheduler` (a Dask scheduler's address, or "local"
    for a `LocalCluster`). The scenario is validated and checked again here, however it was made.
    `progress(n)` hears of n more draw-days done: day by day in this process, chunk by chunk from
    workers."""
    model = runnable_model(scenario, draws=draws, seed=seed, chunk=chunk)
    return run_model(model, chunk=chunk, workers=workers, scheduler=scheduler, progress=progress)


def run_model(
    model: Model,
    *,
    chunk: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Results:
    """Run every draw of a model that `runnable_model` built (and so checked)."""
    scenario = model.setup.scenario
    horizon = scenario.horizon_days
    with executor_for(workers, scheduler) as executor:
        if isinstance(executor, InProcess):  # shares this process: the model, day-by-day progress
            task: Callable[[tuple[int, int]], ChunkResult] = partial(
                _run_span, model, scenario.seed, progress
            )
            done = None
        else:  # a worker builds the model again from the scenario
            task = partial(simulate_chunk, scenario.model_dump_json())
            done = None if progress is None else lambda s: progress((s[1] - s[0]) * horizon)
        parts = run_chunks(task, spans(scenario.draws, chunk, workers), executor, done)
    return assemble(model, scenario, parts)


def _run_span(
    model: Model, seed: int, progress: Callable[[int], None] | None, span: tuple[int, int]
) -> ChunkResult:
    return run_chunk(model, seed, *span, progress=progress)


def simulate_chunk(scenario_json: str, span: tuple[int, int]) -> ChunkResult:
    """One chunk of a run, where a worker runs it: the model built again from the scenario."""
    scenario = Scenario.model_validate_json(scenario_json)
    return run_chunk(build_model(scenario), scenario.seed, *span)


def runnable_model(
    scenario: Scenario | str | Path,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk: int | None = None,
) -> Model:
    """The model a run would execute, after every check a run needs: the scenario valid and its
    names and assumptions known, `chunk` a positive whole number, and the results within memory."""
    if isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    if not isinstance(scenario, Scenario):
        raise CoalitionError(
            "simulate takes a Scenario or the path of a scenario file, not "
            f"{type(scenario).__name__}"
        )
    if chunk is not None and (isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1):
        raise CoalitionError(f"chunk must be a whole number of draws, at least 1; got {chunk!r}")
    scenario = scenario.with_run_settings(draws=draws, seed=seed)
    model = _checked_model(LoadedScenario(scenario, "<scenario>", {}), as_written=False)
    check_results_fit(model)
    return model


def check_results_fit(model: Model) -> None:
    """Refuse a run whose results would not fit in `MAX_RESULT_BYTES`, before it starts."""
    scenario = model.setup.scenario
    per_draw = result_bytes_per_draw(model)
    needed = per_draw * scenario.draws
    if needed > MAX_RESULT_BYTES:
        most = MAX_RESULT_BYTES // per_draw
        raise SpecError(
            [
                Problem(
                    "<scenario>",
                    None,
                    "draws",
                    f"{scenario.draws:,} draws of {scenario.horizon_days} days would hold "
                    f"{needed / 2**30:.1f} GiB of results, more than the "
                    f"{MAX_RESULT_BYTES / 2**30:.0f} GiB a run may hold; allowed: at most "
                    f"{most:,} draws at this horizon",
                )
            ]
        )


def result_bytes_per_draw(model: Model) -> int:
    """What one draw adds to a run's results: its outcomes and inputs, and its weekly paths."""
    weeks = len(week_ends(model.setup.horizon))
    outcomes = sum(len(c.declared_outcomes()) for c in model.components)
    recorded = sum(int(np.prod(v.shape)) for v in model.variables.values() if v.record)
    return 8 * (outcomes + len(model.parameters)) + 4 * weeks * recorded


def assemble(model: Model, scenario: Scenario, parts: list[ChunkResult]) -> Results:
    """Join chunk results, in draw order, into one `Results`."""
    parts = sorted(parts, key=lambda p: p.start)
    outcomes = pd.DataFrame({k: _join([p.outcomes[k] for p in parts]) for k in parts[0].outcomes})
    outcomes.index.name = "draw"
    inputs = pd.DataFrame({k: _join([p.inputs[k] for p in parts]) for k in parts[0].inputs})
    inputs.index.name = "draw"
    trajectories = {
        name: Trajectory(
            _join([p.trajectories[name] for p in parts]),
            model.setup.axis(var.axis) if var.axis else None,
        )
        for name, var in model.variables.items()
        if var.record
    }
    sources = {name: p.default.source_ids for name, p in model.parameters.items()}
    descriptions = {k: v for c in model.components for k, v in c.declared_outcomes().items()}
    return Results(scenario, outcomes, inputs, trajectories, sources, descriptions)


def _join(arrays: list[np.ndarray]) -> np.ndarray:
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
