"""The vectorised engine equals the scalar references on the same random numbers.

Each component is replayed in isolation: its reference gets, draw by draw and day by day, what the
engine's trace says it read (today's values for `reads`, yesterday's for `reads_lagged`), the draw's
parameters and the uniforms of its noise stream, and must show the others what the engine showed
them: every variable another component reads and every variable recorded as a trajectory, each day.
How a component keeps the rest of its state is its own business, so a faster engine may keep other
internals. Counts, rungs, flags and days must match exactly; other floats to the last few bits
(NumPy's summation order and ufuncs may differ from `math` in the last place). Then whole draws of
the chained references must give the engine's outcomes.
"""

from __future__ import annotations

import importlib
import math
from collections import defaultdict
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from coalition import load_scenario
from coalition.api import build_model
from coalition.domains import BUILT_IN_DOMAINS
from coalition.engine.component import Component
from coalition.engine.model import Model
from coalition.engine.randomness import BLOCK
from coalition.engine.simulate import ChunkResult, run_chunk
from coalition.spec.scenario import Scenario
from tests import reference
from tests.reference import ORDER, REFERENCES
from tests.reference.model import draw_noise, run_draw

HORIZON = 120  # days: long enough for arrivals, withdrawals and the first elections
DRAWS = 40
SHIPPED = sorted((Path(__file__).parents[1] / "scenarios" / "ukraine").rglob("*.yaml"))
SCENARIOS = [path.stem for path in SHIPPED] + ["stress"]


def stress_scenario() -> Scenario:
    """Mass deployment pushed to the top of the ladder, fighting, and quick to withdraw.

    Every rung is near at hand (large up-hazards), troops may fight (offensive, engaging hostile
    forces), strikes on Allied positions kill many, and late contingents are still waiting when
    their governments withdraw: together these run the branches the shipped scenarios rarely reach
    (strikes on Allied forces, direct clash, Russian casualties inflicted, withdrawals before
    arrival, more people to evacuate than can be, a housing backlog cleared).
    """
    base = load_scenario(SHIPPED[[p.stem for p in SHIPPED].index("5-mass-deployment")])
    spec = base.model_dump(mode="json")
    coa = spec["course_of_action"]
    coa.update(
        posture="offensive",
        rules_of_engagement="engage_hostile_forces",
        framing="nato",
        us_backstop=False,
    )
    for contingent in coa["contingents"][-4:]:
        contingent["start_day"] = 60
    rungs = [r.id for r in build_model(base).setup.world.ladder.rungs]
    assumptions = {
        f"escalation.up.{r}": {"dist": "uniform", "low": 0.02, "high": 0.2} for r in rungs
    }
    assumptions |= {
        "exposure.deaths_per_hit": {"dist": "uniform", "low": 1.0, "high": 5.0},
        "opinion.withdrawal_threshold": {"dist": "uniform", "low": 30, "high": 45},
        "opinion.withdrawal_patience_days": {"dist": "uniform", "low": 10, "high": 40},
        # outages drive people out faster than the railway can evacuate them; calm return rates
        # that may fall below the 2025 ones; a housing backlog that repairs can clear
        "humanitarian.outage_threshold_hours": {"dist": "uniform", "low": 0, "high": 6},
        "humanitarian.rail_evacuation_per_day": {"dist": "uniform", "low": 0, "high": 3000},
        "humanitarian.idp_return_per_year_calm": {"dist": "uniform", "low": 0.01, "high": 0.3},
        "humanitarian.damaged_homes_start": {"dist": "uniform", "low": 0, "high": 20000},
        "humanitarian.repairs_per_month": {"dist": "uniform", "low": 10000, "high": 60000},
    }
    spec["assumptions"] = {
        name: {**dist, "source": "test.stress"} for name, dist in assumptions.items()
    }
    return Scenario.model_validate(spec)


@cache
def scenario(name: str) -> Scenario:
    if name == "stress":
        full = stress_scenario()
    else:
        full = load_scenario(SHIPPED[[p.stem for p in SHIPPED].index(name)])
    return full.with_run_settings(horizon_days=HORIZON)


@cache
def engine_run(name: str) -> tuple[Model, ChunkResult]:
    """The engine's run of the first DRAWS draws, with every day's state traced."""
    model = build_model(scenario(name))
    return model, run_chunk(model, scenario(name).seed, 0, DRAWS, trace=True)


def component(model: Model, name: str) -> Component:
    return next(c for c in model.components if c.name == name)


def same(actual: object, expected: object, *, exact: bool) -> bool:
    """Equal, element by element; NaN equals NaN (a day not yet reached)."""
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return False
        if not exact and not any(isinstance(e, list) for e in expected):
            return _close(actual, expected)
        return all(same(a, e, exact=exact) for a, e in zip(actual, expected, strict=True))
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if exact:
        return actual == expected
    return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-9)


def _close(actual: list, expected: list) -> bool:
    """`same` for two flat lists of numbers, not exactly, at once: `math.isclose` element by
    element, and a NaN equal only to a float NaN."""
    a, e = np.asarray(actual), np.asarray(expected, dtype=float)
    if a.dtype.kind not in "biuf":
        return False
    a = a.astype(float)
    with np.errstate(invalid="ignore"):
        close = np.abs(a - e) <= np.maximum(1e-12 * np.maximum(np.abs(a), np.abs(e)), 1e-9)
    return bool(((a == e) | close | (np.isnan(a) & np.isnan(e))).all())


def interface(model: Model, comp: Component) -> list[str]:
    """What a component shows the others: what another component reads, and what is recorded."""
    read_by_others = {
        name
        for other in model.components
        if other is not comp
        for name in (*other.reads, *other.reads_lagged)
    }
    return [v.name for v in comp.owns() if v.record or v.name in read_by_others]


def replay(name: str, ref: ModuleType, draw: int) -> None:
    """Step the reference through one draw on the engine's inputs; compare what it shows every
    day."""
    model, result = engine_run(name)
    setup, seed = model.setup, scenario(name).seed
    shown = interface(model, component(model, ref.NAME))
    traced = {v: result.trace[v][:, draw].tolist() for v in (*shown, *ref.READS, *ref.READS_LAGGED)}
    params = {p: float(values[draw]) for p, values in result.inputs.items()}
    noise = draw_noise(setup, ref, seed, draw)

    def check(state: dict, index: int) -> None:
        when = "after init" if index == 0 else f"on day {index - 1}"
        for v in shown:
            assert same(state[v], traced[v][index], exact=v in ref.DISCRETE), (
                f"{name}, draw {draw}, {when}: {v} is {state[v]!r} in the reference, "
                f"{traced[v][index]!r} in the engine"
            )

    state = ref.init(setup, params)
    check(state, 0)
    for day in range(setup.horizon):
        inputs = {v: traced[v][day + 1] for v in ref.READS}
        inputs |= {v: traced[v][day] for v in ref.READS_LAGGED}
        ref.step(setup, params, state, inputs, noise[day], day)
        check(state, day + 1)


@pytest.mark.parametrize("component_name", list(REFERENCES))
@pytest.mark.parametrize("name", SCENARIOS)
def test_component_equals_its_reference(name: str, component_name: str) -> None:
    for draw in range(DRAWS):
        replay(name, REFERENCES[component_name], draw)


def test_stress_scenario_runs_every_branch() -> None:
    """The stress scenario is only useful if it reaches what the others do not."""
    model, result = engine_run("stress")
    trace = result.trace
    rungs = [r.id for r in model.setup.world.ladder.rungs]
    assert (trace["escalation.max_rung"][-1] >= rungs.index("direct_clash") + 1).any()
    assert trace["exposure.attacked_today"].any()
    assert (trace["exposure.russian_casualties_inflicted"][-1] > 0).all()
    assert trace["opinion.withdrawn"][-1].any()
    country_of = [plan.country for plan in model.setup.contingents]
    withdrawn = trace["opinion.withdrawn"][:-1, :, country_of]  # as logistics reads it, lagged
    assert (withdrawn & (trace["logistics.waiting"][:-1] > 0)).any()  # troops never sent
    assert (trace["troops.in_theatre"][1:] == 0).any()  # needs-presence rungs closed
    assert (trace["coordination.deaths_by_country"][-1] > 0).any()  # friendly fire
    assert (trace["coordination.incidents"][-1] > 0).any()  # airspace incidents
    assert (trace["humanitarian.evacuation_short_days"][-1] > 0).any()  # people left waiting
    assert (trace["humanitarian.damaged_homes"][1:] == 0).any()  # every damaged home repaired


@pytest.mark.parametrize("name", SCENARIOS)
def test_whole_draw_equals_engine_outcomes(name: str) -> None:
    _, result = engine_run(name)
    for draw in (0, 1, 17, DRAWS - 1):
        outcomes = run_draw(scenario(name), scenario(name).seed, draw)
        assert outcomes.keys() == result.outcomes.keys()
        for key, value in outcomes.items():
            engine = float(result.outcomes[key][draw])
            assert same(value, engine, exact=False), f"{name}, draw {draw}: {key}"


def test_whole_draw_in_a_later_block_equals_engine() -> None:
    """Draws past the first block of random streams replay too (chunk borders are invisible)."""
    stress = scenario("stress")
    model = build_model(stress)
    result = run_chunk(model, stress.seed, BLOCK - 1, BLOCK + 1)
    for row, draw in enumerate((BLOCK - 1, BLOCK)):
        outcomes = run_draw(stress, stress.seed, draw)
        for key, value in outcomes.items():
            assert same(value, float(result.outcomes[key][row]), exact=False), f"{draw}: {key}"


@pytest.mark.parametrize("domain", BUILT_IN_DOMAINS, ids=lambda d: d.name)
def test_every_domain_has_a_reference(domain: type[Component]) -> None:
    """Adding a domain without its executable specification fails here."""
    module = importlib.import_module(f"{reference.__name__}.{domain.name}")
    assert REFERENCES.get(domain.name) is module, f"add {domain.name} to reference.ORDER"


@pytest.mark.parametrize("name", SCENARIOS)
def test_references_declare_what_components_declare(name: str) -> None:
    """Same reads, same noise channels in the same order, the same state shown to the others; the
    same day order. Each keeps the rest of its state as it likes."""
    model = build_model(scenario(name))
    assert [ref.NAME for ref in ORDER] == [c.name for c in model.components]
    for comp in model.components:
        ref = REFERENCES[comp.name]
        shown = interface(model, comp)
        assert comp.reads == ref.READS
        assert comp.reads_lagged == ref.READS_LAGGED
        assert list(comp.noise().items()) == list(ref.channels(model.setup).items())
        assert list(comp.noise_once().items()) == list(ref.channels_once(model.setup).items())
        any_values = defaultdict(lambda: 1.0)  # only the names of the state matter here
        assert set(shown) <= set(ref.init(model.setup, any_values))
        not_float = {v.name for v in comp.owns() if v.dtype is not float and v.name in shown}
        assert not_float <= set(ref.DISCRETE), "ints and flags compare exactly"
