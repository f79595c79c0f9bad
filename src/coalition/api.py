"""The public entry points: load a scenario file, simulate it, get a `Results`.

Loading checks a scenario in three stages, reporting every problem of the stage that fails: the
file's syntax and types, the names it uses against its world pack (countries, zones, routes), and
its assumption overrides against the model's parameters.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from coalition.engine.component import Component
from coalition.engine.model import Model
from coalition.engine.registry import BUILT_IN_DOMAINS
from coalition.engine.results import Results, Trajectory
from coalition.engine.setup import Setup
from coalition.engine.simulate import ChunkResult, chunks, run_chunk
from coalition.errors import EngineError, Problem, SpecError, WorldError
from coalition.spec.load import LoadedScenario, load_scenario_file
from coalition.spec.scenario import Scenario
from coalition.world.pack import World, load_world

DEFAULT_CHUNK = 10_000


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and check a scenario file; `SpecError` lists every problem found."""
    return check_scenario(load_scenario_file(path))


def check_scenario(loaded: LoadedScenario) -> Scenario:
    """Check a parsed scenario's names against its world pack and the model's parameters."""
    scenario = loaded.scenario
    try:
        world = load_world(scenario.world)
    except WorldError as exc:
        raise SpecError([loaded.problem(("world",), str(exc))]) from None
    problems = _world_problems(loaded, world)
    if problems:
        raise SpecError(problems)
    try:
        known = build_model(scenario).parameters
    except EngineError as exc:  # an assumption the model cannot run with: point at it
        named = [name for name in scenario.assumptions if name in str(exc)]
        raise SpecError([loaded.problem(("assumptions", *named[:1]), str(exc))]) from None
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
    return scenario


def _world_problems(loaded: LoadedScenario, world: World) -> list[Problem]:
    countries = [c.code for c in world.contributors]
    zones = world.deployable_zones()
    routes = [n.id for n in world.network.nodes if n.kind in ("crossing", "apod")]
    coa = loaded.scenario.course_of_action
    problems = []
    counted = world.training.stock_date
    if loaded.scenario.start_date < counted:
        problems.append(
            loaded.problem(
                ("start_date",),
                f"starts on {loaded.scenario.start_date}, before the world pack's figures; "
                f"allowed: {counted} or later",
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
        problems += _where_and_when(loaded, at, c.zone, c.start_day, zones)
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
        problems += _where_and_when(loaded, at, donation.zone, donation.start_day, zones)
    return problems


def _where_and_when(
    loaded: LoadedScenario, at: tuple, zone: str, start_day: int, zones: list[str]
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
    if start_day >= horizon:
        problems.append(
            loaded.problem(
                (*at, "start_day"),
                f"starts on day {start_day}, after the horizon of {horizon} days",
            )
        )
    return problems


def build_model(scenario: Scenario, domains: Sequence[type[Component]] = BUILT_IN_DOMAINS) -> Model:
    """The runnable model of a scenario: its setup and ordered components."""
    return Model.build(Setup.compile(scenario, load_world(scenario.world)), domains)


def simulate(
    scenario: Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[int], None] | None = None,
) -> Results:
    """Run every draw of a scenario; bit-identical for a seed whatever `chunk`."""
    scenario = scenario.with_run_settings(draws=draws, seed=seed)
    model = build_model(scenario)
    parts = [
        run_chunk(model, scenario.seed, start, stop, progress=progress)
        for start, stop in chunks(scenario.draws, chunk)
    ]
    return assemble(model, scenario, parts)


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
