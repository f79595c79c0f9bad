"""The whole model for one draw, the references chained day by day: the engine in miniature.

Parameters come from the same streams as the engine's (`sample_parameter`) and each component's
uniforms from its noise stream (`noise_history`), so a draw here is the same draw as in
`coalition.simulate`. Each day every component runs in `ORDER`, reading today's values of what ran
before it and yesterday's of what it reads lagged.
"""

from __future__ import annotations

from types import ModuleType

from coalition.api import build_model
from coalition.engine.model import Model
from coalition.engine.randomness import noise_history, noise_once, sample_parameter
from coalition.engine.setup import Setup
from coalition.spec.scenario import Scenario

from . import ORDER
from .values import Noise, Params


def draw_parameters(model: Model, seed: int, draw: int) -> Params:
    """One draw's value of every parameter, with the scenario's assumptions applied."""
    return {
        name: float(sample_parameter(seed, name, parameter.default, draw, draw + 1)[0])
        for name, parameter in model.parameters.items()
    }


def draw_noise(setup: Setup, reference: ModuleType, seed: int, draw: int) -> list[Noise]:
    """A component's uniforms for one draw, day by day, split into its channels in order; the
    channels drawn once per draw are the same every day."""
    once_widths = reference.channels_once(setup)
    once = split(
        noise_once(seed, reference.NAME, sum(once_widths.values()), draw, draw + 1)[0].tolist(),
        once_widths,
    )
    widths = reference.channels(setup)
    width = sum(widths.values())
    if not width:
        return [{**once, **{channel: [] for channel in widths}}] * setup.horizon
    history = noise_history(seed, reference.NAME, width, draw, setup.horizon).tolist()
    return [{**once, **split(numbers, widths)} for numbers in history]


def split(numbers: list[float], widths: dict[str, int]) -> Noise:
    """Numbers cut into named channels of the given widths, in order."""
    channels, at = {}, 0
    for channel, size in widths.items():
        channels[channel] = numbers[at : at + size]
        at += size
    return channels


def run_draw(
    scenario: Scenario, seed: int, draw: int, params: dict[str, float] | None = None
) -> dict[str, float]:
    """Every component's outcomes for draw `draw` of `scenario` run with `seed`; `params` replaces
    the draw's sampled parameter values (an experiment designed elsewhere, e.g. by a workbench)."""
    model = build_model(scenario)
    setup = model.setup
    params = params if params is not None else draw_parameters(model, seed, draw)
    noise = {reference.NAME: draw_noise(setup, reference, seed, draw) for reference in ORDER}
    states = {reference.NAME: reference.init(setup, params) for reference in ORDER}
    holder = {name: state for state in states.values() for name in state}  # variable -> its owner's
    lagged = {name for reference in ORDER for name in reference.READS_LAGGED}

    for day in range(setup.horizon):
        yesterday = {name: holder[name][name] for name in lagged}
        for reference in ORDER:
            inputs = {name: holder[name][name] for name in reference.READS}
            inputs.update({name: yesterday[name] for name in reference.READS_LAGGED})
            reference.step(
                setup, params, states[reference.NAME], inputs, noise[reference.NAME][day], day
            )

    outcomes: dict[str, float] = {}
    for reference in ORDER:
        outcomes.update(reference.outcomes(setup, params, states[reference.NAME]))
    return outcomes
