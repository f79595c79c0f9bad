"""Morale of Ukraine's civilians and soldiers: reassurance from protection and presence against the
toll of outages and deaths and the fear of becoming the central theatre of a wider war.

The civilian index is on the scale of KIIS's question on how long people are ready to endure the
war: the share (%) answering "as long as necessary". It starts at the 2025 level and each day moves
a share of the way (1 - e^(-1/adjust_days)) towards its target: the baseline plus the effects of how
conditions differ from those of 2025. Conditions are averaged over recent weeks (an exponential
average over `memory_days`): hours of outage a day (mean over zones), civilians killed a day
(on a log2 scale), and the share of drones and missiles destroyed. Allied troops in Ukraine
reassure (log10 of their number in thousands); Russia striking Allied forces, and the war reaching
NATO territory or nuclear use, frighten. The soldiers' index has no poll of its own: it starts at
the civilians' level and moves with interception, fear and the Allied troops behind the front.
"""

from __future__ import annotations

import math

import numpy as np

from coalition.engine.compiled import kernel, total, troops_scale
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup
from coalition.world.pack import ParametersPack


class MoralePack(ParametersPack):
    FILE = "morale.yaml"
    NAMES = (
        "baseline",
        "adjust_days",
        "memory_days",
        "reference_outage_hours",
        "reference_civilians_killed_per_day",
        "reference_interception",
        "outage_points_per_hour",
        "deaths_points",
        "interception_points",
        "presence_points",
        "front_presence_points",
        "fear_central_theatre_points",
        "fear_nuclear_points",
    )


class Morale(Component):
    name = "morale"
    pack = MoralePack
    reads = (
        "grid.outage_hours",
        "civilians.killed_today",
        "strikes.launched",
        "strikes.leaked",
        "troops.in_theatre",
        "troops.by_zone",
        "escalation.rung",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        ladder = setup.world.ladder
        self.central_rung = ladder.number("strikes_on_allied_forces")
        self.wider_rung = ladder.number("horizontal_escalation")
        self.front = setup.zones.index("near_front")

    def owns(self) -> list[Variable]:
        return [
            Variable("morale.civilian", record=True),
            Variable("morale.soldier", record=True),
            Variable("morale.civilian_low"),
            Variable("morale.outage_hours"),
            Variable("morale.killed_per_day"),
            Variable("morale.launched"),
            Variable("morale.intercepted"),
        ]

    def parameters(self) -> list[Parameter]:
        return self.pack_parameters()

    def init(self, ctx: StepContext) -> None:
        s, p = ctx.state, ctx.params
        s["morale.civilian"] = p["morale.baseline"]
        s["morale.soldier"] = p["morale.baseline"]
        s["morale.civilian_low"] = p["morale.baseline"]
        # conditions start at those of the baseline: a run starts neutral
        s["morale.outage_hours"] = p["morale.reference_outage_hours"]
        s["morale.killed_per_day"] = p["morale.reference_civilians_killed_per_day"]
        s["morale.launched"] = 1.0
        s["morale.intercepted"] = p["morale.reference_interception"]
        ctx.derived["remember"] = 1.0 - np.exp(-1.0 / p["morale.memory_days"])
        ctx.derived["adjust"] = 1.0 - np.exp(-1.0 / p["morale.adjust_days"])
        ctx.derived["parameters"] = ctx.columns(f"morale.{name}" for name in MoralePack.NAMES)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["grid.outage_hours"],
            s["civilians.killed_today"],
            s["strikes.launched"],
            s["strikes.leaked"],
            s["troops.in_theatre"],
            s["troops.by_zone"][:, self.front],
            s["escalation.rung"] >= self.central_rung,
            s["escalation.rung"] >= self.wider_rung,
            d["parameters"],
            d["remember"],
            d["adjust"],
            *kept,
            *s.renew(*_KEPT),
        )

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "morale.civilian_end": "Civilians ready to endure as long as necessary (%), last day",
            "morale.civilian_low": "Lowest civilian morale (%) over the run",
            "morale.soldier_end": "Soldiers' morale index (civilian scale), last day",
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        return {
            "morale.civilian_end": s["morale.civilian"].copy(),
            "morale.civilian_low": s["morale.civilian_low"].copy(),
            "morale.soldier_end": s["morale.soldier"].copy(),
        }


_KEPT = (
    "morale.civilian",
    "morale.soldier",
    "morale.civilian_low",
    "morale.outage_hours",
    "morale.killed_per_day",
    "morale.launched",
    "morale.intercepted",
)
(
    BASELINE,
    _ADJUST_DAYS,
    _MEMORY_DAYS,
    REFERENCE_OUTAGE_HOURS,
    REFERENCE_KILLED,
    REFERENCE_INTERCEPTION,
    OUTAGE_POINTS_PER_HOUR,
    DEATHS_POINTS,
    INTERCEPTION_POINTS,
    PRESENCE_POINTS,
    FRONT_PRESENCE_POINTS,
    FEAR_CENTRAL_THEATRE_POINTS,
    FEAR_NUCLEAR_POINTS,
) = range(len(MoralePack.NAMES))


@kernel
def _step(
    outage_hours,
    killed_today,
    launched_today,
    leaked_today,
    in_theatre,
    near_front,
    central_theatre,
    wider_war,
    p,
    remember,
    adjust,
    civilian,
    soldier,
    civilian_low,
    outage,
    killed,
    launched,
    intercepted,
    civilian_out,
    soldier_out,
    civilian_low_out,
    outage_out,
    killed_out,
    launched_out,
    intercepted_out,
):
    """One day of both indices for every draw: recent conditions, then each index towards its
    target."""
    zones = outage_hours.shape[1]
    for i in range(civilian.size):
        a = remember[i]
        mean_outage = total(outage_hours[i]) / zones
        fired = total(launched_today[i])
        stopped = fired - total(leaked_today[i])
        outage_out[i] = outage[i] + a * (mean_outage - outage[i])
        killed_out[i] = killed[i] + a * (total(killed_today[i]) - killed[i])
        launched_out[i] = launched[i] + a * (fired - launched[i])
        intercepted_out[i] = intercepted[i] + a * (stopped - intercepted[i])
        reference = p[i, REFERENCE_INTERCEPTION]
        interception = intercepted_out[i] / launched_out[i] if launched_out[i] > 0 else reference
        shared = p[i, BASELINE] + p[i, INTERCEPTION_POINTS] * (interception - reference) / 0.1
        if central_theatre[i]:
            shared -= p[i, FEAR_CENTRAL_THEATRE_POINTS]
        if wider_war[i]:
            shared -= p[i, FEAR_NUCLEAR_POINTS]
        civilian_target = (
            shared
            - p[i, OUTAGE_POINTS_PER_HOUR] * (outage_out[i] - p[i, REFERENCE_OUTAGE_HOURS])
            - p[i, DEATHS_POINTS]
            * math.log2((1.0 + killed_out[i]) / (1.0 + p[i, REFERENCE_KILLED]))
            + p[i, PRESENCE_POINTS] * troops_scale(in_theatre[i])
        )
        soldier_target = shared + p[i, FRONT_PRESENCE_POINTS] * troops_scale(near_front[i])
        c = civilian[i] + adjust[i] * (min(max(civilian_target, 0.0), 100.0) - civilian[i])
        civilian_out[i] = c
        soldier_out[i] = soldier[i] + adjust[i] * (
            min(max(soldier_target, 0.0), 100.0) - soldier[i]
        )
        civilian_low_out[i] = min(civilian_low[i], c)
