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

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup, troops_scale
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

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        a = d["remember"]
        launched = s["strikes.launched"].sum(axis=(1, 2, 3))
        today = {
            "morale.outage_hours": s["grid.outage_hours"].mean(axis=1),
            "morale.killed_per_day": s["civilians.killed_today"].sum(axis=1),
            "morale.launched": launched,
            "morale.intercepted": launched - s["strikes.leaked"].sum(axis=(1, 2, 3)),
        }
        for name, value in today.items():
            s[name] = s[name] + a * (value - s[name])
        interception = np.divide(
            s["morale.intercepted"],
            s["morale.launched"],
            out=p["morale.reference_interception"].copy(),
            where=s["morale.launched"] > 0,
        )

        rung = s["escalation.rung"]
        shared = (
            p["morale.baseline"]
            + p["morale.interception_points"]
            * (interception - p["morale.reference_interception"])
            / 0.1
            - p["morale.fear_central_theatre_points"] * (rung >= self.central_rung)
            - p["morale.fear_nuclear_points"] * (rung >= self.wider_rung)
        )
        civilian_target = (
            shared
            - p["morale.outage_points_per_hour"]
            * (s["morale.outage_hours"] - p["morale.reference_outage_hours"])
            - p["morale.deaths_points"]
            * np.log2(
                (1.0 + s["morale.killed_per_day"])
                / (1.0 + p["morale.reference_civilians_killed_per_day"])
            )
            + p["morale.presence_points"] * troops_scale(s["troops.in_theatre"])
        )
        soldier_target = shared + p["morale.front_presence_points"] * troops_scale(
            s["troops.by_zone"][:, self.front]
        )
        adjust = d["adjust"]
        civilian = s["morale.civilian"]
        civilian = civilian + adjust * (np.clip(civilian_target, 0.0, 100.0) - civilian)
        soldier = s["morale.soldier"]
        soldier = soldier + adjust * (np.clip(soldier_target, 0.0, 100.0) - soldier)
        s["morale.civilian"] = civilian
        s["morale.soldier"] = soldier
        s["morale.civilian_low"] = np.minimum(s["morale.civilian_low"], civilian)

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
