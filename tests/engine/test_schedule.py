"""The engine orders components by what they read and own, and refuses what cannot run."""

from __future__ import annotations

import numpy as np
import pytest

from coalition.api import build_model
from coalition.domains import BUILT_IN_DOMAINS
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.model import Model
from coalition.engine.schedule import order
from coalition.engine.setup import Setup
from coalition.errors import EngineError


def make(name: str, reads=(), lagged=(), owns=()) -> type[Component]:
    class Toy(Component):
        def owns(self) -> list[Variable]:
            return [Variable(v) for v in owns]

        def parameters(self) -> list[Parameter]:
            return []

        def step(self, ctx: StepContext, day: int) -> None:
            for v in owns:
                ctx.state[v] = np.ones(ctx.n)

        def declared_outcomes(self) -> dict[str, str]:
            return {}

        def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
            return {}

    Toy.name, Toy.reads, Toy.reads_lagged = name, tuple(reads), tuple(lagged)
    return Toy


def toys(setup: Setup, *classes: type[Component]) -> list[Component]:
    return [cls(setup) for cls in classes]


@pytest.fixture(scope="module")
def setup(mass_deployment) -> Setup:
    return build_model(mass_deployment).setup


def test_a_reader_runs_after_the_owner(setup):
    a = make("a", reads=["b.x"], owns=["a.y"])
    b = make("b", owns=["b.x"])
    assert [c.name for c in order(toys(setup, a, b))] == ["b", "a"]


def test_a_cycle_is_refused_with_its_path(setup):
    a = make("a", reads=["b.x"], owns=["a.y"])
    b = make("b", reads=["c.z"], owns=["b.x"])
    c = make("c", reads=["a.y"], owns=["c.z"])
    with pytest.raises(
        EngineError,
        match=r"cycle between components: a → b → c → a; make one "
        r"of these reads lagged",
    ):
        order(toys(setup, a, b, c))


def test_a_lagged_read_breaks_a_cycle(setup):
    a = make("a", reads=["b.x"], owns=["a.y"])
    b = make("b", lagged=["a.y"], owns=["b.x"])
    assert [c.name for c in order(toys(setup, a, b))] == ["b", "a"]


def test_reading_what_nobody_owns_is_refused(setup):
    a = make("a", reads=["ghost.x"], owns=["a.y"])
    with pytest.raises(EngineError, match=r"'a' reads 'ghost\.x', which no component owns"):
        order(toys(setup, a))


def test_owning_a_variable_twice_is_refused(setup):
    a, b = make("a", owns=["x"]), make("b", owns=["x"])
    with pytest.raises(EngineError, match="'x' is owned by both 'a' and 'b'"):
        order(toys(setup, a, b))


def test_the_built_in_order_runs_logistics_first(mass_deployment):
    names = [c.name for c in build_model(mass_deployment).components]
    assert names == [
        "logistics",
        "training",
        "strikes",
        "grid",
        "civilians",
        "exposure",
        "coordination",
        "support",
        "battlefield",
        "escalation",
        "economy",
        "humanitarian",
        "opinion",
        "morale",
    ]
    assert len(BUILT_IN_DOMAINS) == 14


def test_a_component_cannot_touch_undeclared_state(mass_deployment):
    from coalition.engine.simulate import run_chunk

    setup = build_model(mass_deployment).setup
    reader, writer = make("reader", owns=["reader.x"]), make("writer", owns=["writer.x"])
    reader.step = lambda self, ctx, day: ctx.state["opinion.support"]
    writer.step = lambda self, ctx, day: ctx.state.__setitem__("opinion.support", 0.0)
    for sneaky, message in (
        (reader, "'reader' reads 'opinion.support' without declaring it"),
        (writer, "'writer' writes 'opinion.support', which it does not own"),
    ):
        model = Model.build(setup, (*BUILT_IN_DOMAINS, sneaky))
        with pytest.raises(EngineError, match=message):
            run_chunk(model, 0, 0, 10)


def test_a_component_must_report_exactly_the_outcomes_it_declares(mass_deployment):
    from coalition.engine.simulate import run_chunk

    setup = build_model(mass_deployment).setup
    boastful = make("boastful", owns=["boastful.x"])
    boastful.outcomes = lambda self, ctx: {"boastful.extra": np.zeros(ctx.n)}
    model = Model.build(setup, (*BUILT_IN_DOMAINS, boastful))
    with pytest.raises(EngineError, match=r"'boastful' reported \['boastful\.extra'\] without "):
        run_chunk(model, 0, 0, 10)
