"""The Python API used carelessly: whatever reaches `simulate` is validated there, every mistake
is a `CoalitionError` that says what is allowed, and a loaded scenario cannot be changed."""

from __future__ import annotations

import pydantic
import pytest

import coalition
from coalition.errors import CoalitionError, EngineError, SpecError
from coalition.spec.distributions import Point, Uniform
from coalition.spec.scenario import Contingent, Scenario
from tests.conftest import SCENARIOS

PROBABILITY = "strikes.drone.ukraine_interception"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return coalition.load_scenario(SCENARIOS[3], draws=20, horizon_days=14)


def _point(value: float) -> Point:
    return Point(dist="point", value=value, source="my.note")


MISUSES = {
    "no draws": (lambda s: coalition.simulate(s, draws=0), "<scenario>: draws: must be at least 1"),
    "draws: True": (
        lambda s: coalition.simulate(s, draws=True),
        "<scenario>: draws: expected a whole number, not true or false",
    ),
    "draws as text": (
        lambda s: coalition.simulate(s, draws="100"),
        "<scenario>: draws: expected a whole number, got '100'",
    ),
    "a seed of 2**63": (
        lambda s: coalition.simulate(s, seed=2**63),
        "<scenario>: seed: must be at most 9,223,372,036,854,775,807",
    ),
    "a negative seed": (
        lambda s: coalition.simulate(s, seed=-1),
        "<scenario>: seed: must be at least 0, got -1",
    ),
    "a chunk of no draws": (
        lambda s: coalition.simulate(s, chunk=0),
        "chunk must be a whole number of draws, at least 1; got 0",
    ),
    "a chunk with a fraction": (
        lambda s: coalition.simulate(s, chunk=2.5),
        "chunk must be a whole number of draws, at least 1; got 2.5",
    ),
    "a number for a scenario": (
        lambda s: coalition.simulate(42),
        "simulate takes a Scenario or the path of a scenario file, not int",
    ),
    "a dict for a scenario": (
        lambda s: coalition.simulate({"name": "x"}),
        "simulate takes a Scenario or the path of a scenario file, not dict",
    ),
    "the path of a missing file": (
        lambda s: coalition.simulate("no-such-file.yaml"),
        "no-such-file.yaml: cannot read file: No such file or directory",
    ),
    "a probability of 7 put in from Python": (
        lambda s: coalition.simulate(
            s.model_copy(update={"assumptions": {PROBABILITY: _point(7)}})
        ),
        f"<scenario>: assumptions.{PROBABILITY}: {PROBABILITY} must be a probability or share, "
        "within 0-1; this distribution spans 7 to 7",
    ),
    "an unknown parameter put in from Python": (
        lambda s: coalition.simulate(
            s.model_copy(update={"assumptions": {"opinion.no_such": _point(1)}})
        ),
        "<scenario>: assumptions.opinion.no_such: no parameter 'opinion.no_such' in this model",
    ),
    "negative draws put in from Python": (
        lambda s: coalition.simulate(s.model_copy(update={"draws": -5})),
        "<scenario>: draws: must be at least 1, got -5",
    ),
    "an unknown country put in from Python": (
        lambda s: coalition.simulate(
            s.model_copy(
                update={
                    "course_of_action": s.course_of_action.model_copy(
                        update={
                            "contingents": (
                                s.course_of_action.contingents[0].model_copy(
                                    update={"country": "XX"}
                                ),
                            )
                        }
                    )
                }
            )
        ),
        "<scenario>: course_of_action.contingents[0].country: unknown country 'XX'",
    ),
    "a scenario built without validation": (
        lambda s: coalition.simulate(Scenario.model_construct(name="x")),
        "<scenario>: course_of_action: required; add it",
    ),
    "run settings that are not allowed": (
        lambda s: s.with_run_settings(horizon_days=2),
        "<scenario>: horizon_days: must be at least 7, got 2",
    ),
    "a start date past the world pack's window": (
        lambda s: coalition.simulate(
            s.model_copy(update={"start_date": s.start_date.replace(year=2999)})
        ),
        "<scenario>: start_date: starts on 2999-01-01, outside the dates the world pack",
    ),
}


@pytest.mark.parametrize(("call", "message"), MISUSES.values(), ids=MISUSES.keys())
def test_a_mistake_in_python_is_a_coalition_error_that_says_what_is_allowed(
    scenario, call, message
):
    with pytest.raises(CoalitionError) as caught:
        call(scenario)
    assert message in str(caught.value)


def test_simulate_takes_the_path_of_a_scenario_file():
    results = coalition.simulate(str(SCENARIOS[0]), draws=10)
    assert results.draws == 10


def test_a_loaded_scenario_cannot_be_changed_in_place(scenario):
    coa = scenario.course_of_action
    with pytest.raises(AttributeError):
        coa.contingents.append(coa.contingents[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        scenario.assumptions["opinion.rally_points"] = _point(1)  # type: ignore[index]
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        scenario.draws = 5  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        coa.contingents[0].troops = 10**9  # type: ignore[misc]
    with pytest.raises(AttributeError):
        coa.contingents[0].roles.append("combat")  # type: ignore[attr-defined]


def test_a_distribution_built_in_python_is_checked_as_in_a_file():
    with pytest.raises(pydantic.ValidationError, match="finite number"):
        Uniform(dist="uniform", low=float("nan"), high=1, source="x")
    with pytest.raises(pydantic.ValidationError, match="must lie between"):
        Point(dist="point", value=1e300, source="x")
    with pytest.raises(pydantic.ValidationError, match=r"less than or equal to 500000"):
        Contingent(country="UK", troops=10**12, roles=("combat",), zone="centre")


def test_assumptions_the_model_cannot_compute_with_are_an_error_not_a_result(scenario):
    overrides = {"economy.ua_growth_pct": _point(1e12)}
    with pytest.raises(EngineError) as caught:
        coalition.simulate(scenario.model_copy(update={"assumptions": overrides}))
    assert str(caught.value).startswith(
        "the model produced values that are not finite numbers in economy."
    )
    assert str(caught.value).endswith(
        "with this scenario's assumptions (economy.ua_growth_pct); narrow them towards the "
        "defaults (`coalition parameters FILE`)"
    )


def test_a_transshipment_longer_than_two_months_is_refused(scenario):
    overrides = {"logistics.transshipment_days": _point(1e12)}
    with pytest.raises(SpecError, match="must stay within 60 days; this distribution reaches 1e"):
        coalition.simulate(scenario.model_copy(update={"assumptions": overrides}))
