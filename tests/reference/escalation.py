"""Russia's response for one draw: a ladder of responses that start and stop (Kahn, 1965).

Each rung is on or off. Each day an inactive rung starts with probability 1 - exp(-up), where up is
its base hazard times exp(sum of weight * feature) over the feature rows that cover it, provided
that Allied troops are in Ukraine when it needs them and that the rung it comes `after` is active;
an active rung stops with probability 1 - exp(-down). One uniform a rung a day decides. The draw
stands on its highest active rung (0: the status quo). Hybrid incidents are Poisson counts per
targeted country plus the rest of Europe; their rate rises while the hybrid campaign is active
and with troops in theatre.
"""

from __future__ import annotations

import math

from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Context, Framing, Role

from .poisson import poisson
from .values import Noise, Params, State

NAME = "escalation"
READS = (
    "troops.by_contingent",
    "troops.by_zone",
    "troops.in_theatre",
    "exposure.russian_casualties_inflicted",
    "strikes.allied_intercepted",
    "battlefield.trend",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = (
    "escalation.active",
    "escalation.rung",
    "escalation.max_rung",
    "escalation.first_day",
    "escalation.hybrid_by_country",
    "escalation.hybrid_incidents",
)

DAYS_PER_YEAR = 365.25  # the house's year, as every other rate per year converts


def channels(setup: Setup) -> dict[str, int]:
    """One uniform a rung; one per country, plus the rest of Europe, for hybrid counts."""
    return {"ladder": len(setup.world.ladder.rungs), "hybrid": len(setup.countries) + 1}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    return {
        "escalation.active": [False] * len(setup.world.ladder.rungs),
        "escalation.rung": 0,
        "escalation.max_rung": 0,
        "escalation.first_day": [math.nan] * len(setup.world.ladder.rungs),
        "escalation.hybrid_by_country": [0.0] * len(setup.countries),
        "escalation.hybrid_incidents": 0.0,
    }


def features(setup: Setup, inputs: State) -> dict[str, float]:
    """Today's features of the deployment, by the names ladder.yaml uses."""
    coa = setup.scenario.course_of_action
    by_contingent = inputs["troops.by_contingent"]
    total = inputs["troops.in_theatre"]
    present = max(total, 1.0)
    combat = 0.0
    for plan, troops in zip(setup.contingents, by_contingent, strict=True):
        combat += troops * plan.share({Role.COMBAT})
    near_front = inputs["troops.by_zone"][setup.zones.index("near_front")]
    return {
        "troops": math.log10(1.0 + total / 1000.0),
        "near_front_share": near_front / present,
        "combat_share": combat / present,
        "allied_interceptions": math.log10(1.0 + inputs["strikes.allied_intercepted"]),
        "casualties_inflicted": math.log10(1.0 + inputs["exposure.russian_casualties_inflicted"]),
        "ukrainian_advance": math.log10(
            1.0 + max(-inputs["battlefield.trend"] * DAYS_PER_MONTH, 0.0) / 100.0
        ),
        "nato_framing": float(coa.framing is Framing.NATO),
        "us_backstop": float(coa.us_backstop),
        "ceasefire": float(coa.context is Context.CEASEFIRE),
    }


def up_hazards(setup: Setup, params: Params, x: dict[str, float]) -> list[float]:
    """Daily hazard that each rung starts, rung 1 first."""
    ladder = setup.world.ladder
    ids = [rung.id for rung in ladder.rungs]
    log_multiplier = [0.0] * len(ids)
    for row in ladder.features:
        weight = params[f"escalation.weight.{row.feature}.{row.first}-{row.last}"]
        for k in range(ids.index(row.first), ids.index(row.last) + 1):
            log_multiplier[k] += weight * x[row.feature]
    return [
        params[f"escalation.up.{rung.id}"] * math.exp(log)
        for rung, log in zip(ladder.rungs, log_multiplier, strict=True)
    ]


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    rungs = setup.world.ladder.rungs
    x = features(setup, inputs)
    up = up_hazards(setup, params, x)
    ids = [r.id for r in rungs]
    was_active = state["escalation.active"]
    active = []
    for k, rung_k in enumerate(rungs):
        u = noise["ladder"][k]
        if was_active[k]:
            active.append(u >= 1.0 - math.exp(-params[f"escalation.down.{rung_k.id}"]))
            continue
        may_start = not (rung_k.needs_presence and inputs["troops.in_theatre"] <= 0)
        if rung_k.after is not None and not was_active[ids.index(rung_k.after)]:
            may_start = False
        active.append(may_start and u < 1.0 - math.exp(-up[k]))
    rung = max((k + 1 for k, on in enumerate(active) if on), default=0)
    first_day = [  # index k is rung k + 1
        day if k < rung and math.isnan(first) else first
        for k, first in enumerate(state["escalation.first_day"])
    ]

    shares = [params[f"escalation.hybrid.target_share.{code}"] for code in setup.countries]
    shares.append(max(1.0 - sum(shares), 0.0))  # the rest of Europe, never below none
    campaign_on = active[ids.index("hybrid_campaign")]
    campaign = params["escalation.hybrid.campaign_multiplier"] if campaign_on else 1.0
    rate = (
        params["escalation.hybrid.incidents_per_year"]
        / DAYS_PER_YEAR
        * campaign
        * math.exp(params["escalation.hybrid.troops_weight"] * x["troops"])
    )
    counts = [
        poisson(uniform, rate * share)
        for uniform, share in zip(noise["hybrid"], shares, strict=True)
    ]

    state["escalation.active"] = active
    state["escalation.rung"] = rung
    state["escalation.max_rung"] = max(state["escalation.max_rung"], rung)
    state["escalation.first_day"] = first_day
    state["escalation.hybrid_by_country"] = counts[:-1]
    state["escalation.hybrid_incidents"] += sum(counts)


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    out = {
        "escalation.max_rung": state["escalation.max_rung"],
        "escalation.final_rung": state["escalation.rung"],
        "escalation.hybrid_incidents": state["escalation.hybrid_incidents"],
    }
    for rung, first in zip(setup.world.ladder.rungs, state["escalation.first_day"], strict=True):
        out[f"escalation.first_day.{rung.id}"] = first
    return {name: float(value) for name, value in out.items()}
