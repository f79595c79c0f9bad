"""Civilian harm: people killed and injured by the strikes that get through, and by the front.

Each drone or missile that gets through kills civilians at the rate of the target it was aimed at
(cities far more than energy, military, logistics or Allied sites); during the war the fighting
along the front kills civilians near it besides. Deaths by zone are Poisson counts; the injured
are the deaths times the injured-per-killed ratio.
"""

from __future__ import annotations

import numpy as np

from coalition.engine.compiled import kernel, poisson, total
from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Context
from coalition.world.pack import ParametersPack, World, every_key_given


class CiviliansPack(ParametersPack):
    """civilians.yaml: civilians killed per leaker by target class, and the named parameters."""

    FILE = "civilians.yaml"
    NAMES = (
        "frontline_killed_per_day",
        "injured_per_killed",
    )
    killed_per_leaker: dict[str, Distribution]

    def problems(self, world: World) -> list[str]:
        return every_key_given(
            "civilians.yaml: killed_per_leaker",
            self.killed_per_leaker,
            world.arsenal.target_classes(),
            "target class",
        )


class Civilians(Component):
    name = "civilians"
    pack = CiviliansPack
    reads = ("strikes.leaked",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.targets = setup.world.arsenal.target_classes()
        self.war = setup.scenario.course_of_action.context is Context.WAR
        self.front = setup.zones.index("near_front")

    def owns(self) -> list[Variable]:
        z = len(self.setup.zones)
        return [
            Variable("civilians.killed_today", (z,), "zone"),
            Variable("civilians.killed", (z,), "zone", record=True),
            Variable("civilians.killed_by_strikes"),
            Variable("civilians.injured"),
        ]

    def parameters(self) -> list[Parameter]:
        civilians = self.setup.world.domain("civilians")
        params = [
            Parameter(
                f"civilians.killed_per_leaker.{target}",
                civilians.killed_per_leaker[target],
                f"Civilians killed by each drone or missile that gets through to {target} targets",
                ALLOWED["non_negative"],
            )
            for target in self.targets
        ]
        params += [
            Parameter.named(f"civilians.{name}", p)
            for name, p in civilians.parameters.items()
            if name != "frontline_killed_per_day" or self.war
        ]
        return params

    def noise(self) -> dict[str, int]:
        return {"killed": len(self.setup.zones)}

    def init(self, ctx: StepContext) -> None:
        ctx.derived["per_leaker"] = ctx.columns(
            f"civilians.killed_per_leaker.{t}" for t in self.targets
        )

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        n, zones = ctx.n, len(self.setup.zones)
        killed_today = np.empty((n, zones))
        killed = np.empty((n, zones))
        killed_by_strikes = np.empty(n)
        injured = np.empty(n)
        _step(
            s["strikes.leaked"],
            ctx.noise["killed"],
            ctx.derived["per_leaker"],
            p["civilians.frontline_killed_per_day"] if self.war else np.zeros(n),
            self.front if self.war else -1,
            p["civilians.injured_per_killed"],
            s["civilians.killed"],
            s["civilians.killed_by_strikes"],
            s["civilians.injured"],
            killed_today,
            killed,
            killed_by_strikes,
            injured,
        )
        s["civilians.killed_today"] = killed_today
        s["civilians.killed"] = killed
        s["civilians.killed_by_strikes"] = killed_by_strikes
        s["civilians.injured"] = injured

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "civilians.killed": "Civilians killed",
            "civilians.killed_by_strikes": "Civilians killed by long-range strikes (expected "
            "share of the deaths)",
            "civilians.injured": "Civilians injured (expected, from deaths)",
        }
        for zone in self.setup.zones:
            out[f"civilians.killed.{zone}"] = f"Civilians killed in {zone}"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        killed = s["civilians.killed"]
        out = {
            "civilians.killed": killed.sum(axis=1),
            "civilians.killed_by_strikes": s["civilians.killed_by_strikes"].copy(),
            "civilians.injured": s["civilians.injured"].copy(),
        }
        for k, zone in enumerate(self.setup.zones):
            out[f"civilians.killed.{zone}"] = killed[:, k].copy()
        return out


@kernel
def _step(
    leaked,
    noise,
    per_leaker,
    frontline_killed,
    front,
    injured_per_killed,
    killed,
    killed_by_strikes,
    injured,
    killed_today_out,
    killed_out,
    killed_by_strikes_out,
    injured_out,
):
    """One day of civilian deaths for every draw: each zone's expected deaths from the weapons
    that got through to each target class (and the front's toll near it), Poisson counts, and the
    strikes' share of them."""
    weapons, targets, zones = leaked.shape[1], leaked.shape[2], leaked.shape[3]
    by_strikes = np.empty(zones)
    for i in range(leaked.shape[0]):
        for z in range(zones):
            from_strikes = 0.0
            for t in range(targets):
                got_through = 0.0
                for w in range(weapons):
                    got_through += leaked[i, w, t, z]
                from_strikes += got_through * per_leaker[i, t]
            expected = from_strikes + frontline_killed[i] if z == front else from_strikes
            count = poisson(noise[i, z], expected)
            # deaths from strikes: the strikes' share of the zone's expected deaths
            by_strikes[z] = count * (from_strikes / expected if expected > 0 else 0.0)
            killed_today_out[i, z] = count
            killed_out[i, z] = killed[i, z] + count
        killed_by_strikes_out[i] = killed_by_strikes[i] + total(by_strikes)
        injured_out[i] = injured[i] + total(killed_today_out[i]) * injured_per_killed[i]
