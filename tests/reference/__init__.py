"""Scalar references: each domain's rules for one draw and one day, in plain Python.

The executable specification of the model (DESIGN, "The engine and the component contract"). Each
module states one component's rules with floats, ints, lists and `math`, the way a student would
write them for a single draw; `tests/test_reference.py` holds the vectorised engine equal to them on
the same random numbers. None of this is a code path of the package.

Every module has the same shape:

    NAME, READS, READS_LAGGED             the component and what it reads (today's, yesterday's)
    DISCRETE                              owned variables that are counts, rungs, flags or days
    channels(setup) -> {channel: width}   the uniform numbers it needs each day
    channels_once(setup) -> {channel: width}   the uniforms drawn once per draw (same every day)
    init(setup, params) -> state          the owned variables after initialisation
    step(setup, params, state, inputs, noise, day) -> None    one day
    outcomes(setup, params, state) -> {name: value}           per-draw results after the last day

`state` maps the component's own variables, by full name, to a float, int, bool or list of them;
`step` replaces its values with new ones (it never mutates a list that it was given). `inputs` maps
each variable the component reads to its value, `params` parameter names to this draw's values and
`noise` each channel to today's uniform numbers.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    battlefield,
    civilians,
    coordination,
    economy,
    escalation,
    exposure,
    grid,
    humanitarian,
    logistics,
    morale,
    opinion,
    strikes,
    support,
    training,
)

ORDER: tuple[ModuleType, ...] = (
    logistics,
    training,
    strikes,
    grid,
    civilians,
    exposure,
    coordination,
    support,
    battlefield,
    escalation,
    economy,
    humanitarian,
    opinion,
    morale,
)
"""The order of a day: troops move and Ukrainians train, Russia strikes and air defence meets it,
the grid and civilians take the hits, troops are exposed to enemy and then friendly fire, housed
and treated, the front moves, Russia responds, the bills come in, civilians flee, return, are
helped and rebuild, publics judge, Ukrainians take heart or lose it."""

REFERENCES: dict[str, ModuleType] = {module.NAME: module for module in ORDER}
