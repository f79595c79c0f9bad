"""Public support for the deployment in each contributing country, and the withdrawals it causes.

Support is the country's poll baseline (the context the mission's polls ask about), minus a slope
times the log of cumulative own deaths (Mueller 1973), minus a slope times the deployment's
running cost as % of GDP a year (the economy reference's), minus war weariness per month, plus a
rally after an attack on the country's forces or territory that halves every
`rally_half_life_days` (Althaus et al. 2011), kept within 0-100. A government withdraws once
support has stayed for `patience` days under its threshold (the lower of a floor and its starting
support less a tolerance), or when an election held while support is under half turns it out.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup

from .values import Noise, Params, State

NAME = "opinion"
READS = (
    "exposure.deaths_by_country",
    "coordination.deaths_by_country",
    "exposure.attacked_today",
    "escalation.hybrid_by_country",
    "economy.cost_share_gdp",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = (
    "opinion.days_below",
    "opinion.withdrawn",
    "opinion.withdrawal_day",
    "opinion.troops_pledged_remaining",
    "opinion.day_half_withdrawn",
)

DAYS_PER_MONTH = 365.25 / 12
ELECTION_RISK = 50.0  # support (%) under which an election may bring a government that withdraws


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    """One uniform per country, drawn once: does its election (if any) turn the government out?"""
    return {"election": len(setup.countries)}


def committed(setup: Setup) -> list[float]:
    """Troops each country pledged, over all its contingents."""
    troops = [0.0] * len(setup.countries)
    for plan in setup.contingents:
        troops[plan.country] += plan.troops
    return troops


def election_day(setup: Setup, code: str) -> int:
    return setup.day_of(setup.world.contributor(code).next_election)


def init(setup: Setup, params: Params) -> State:
    countries = len(setup.countries)
    return {
        "opinion.support": [0.0] * countries,
        "opinion.rally": [0.0] * countries,
        "opinion.days_below": [0.0] * countries,
        "opinion.withdrawn": [False] * countries,
        "opinion.withdrawal_day": [math.nan] * countries,
        "opinion.troops_pledged_remaining": sum(committed(setup)),
        "opinion.day_half_withdrawn": math.nan,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    if not setup.countries:
        return
    p = params
    support, rally, days_below, withdrawn, withdrawal_day = [], [], [], [], []
    for k, code in enumerate(setup.countries):
        attacked = (
            inputs["exposure.attacked_today"][k] or inputs["escalation.hybrid_by_country"][k] > 0
        )
        rally_k = state["opinion.rally"][k] * 0.5 ** (1.0 / p["opinion.rally_half_life_days"])
        if attacked:
            rally_k = max(rally_k, p["opinion.rally_points"])

        cost_share_gdp = inputs["economy.cost_share_gdp"][k]  # % of GDP a year
        deaths = (
            inputs["exposure.deaths_by_country"][k] + inputs["coordination.deaths_by_country"][k]
        )
        support_k = (
            p[f"opinion.baseline.{code}"]
            - p["opinion.casualty_slope"] * math.log10(1.0 + deaths)
            - p["opinion.cost_slope"] * cost_share_gdp
            - p["opinion.drift_per_month"] * (day / DAYS_PER_MONTH)
            + rally_k
        )
        support_k = min(max(support_k, 0.0), 100.0)

        threshold = min(
            p["opinion.withdrawal_threshold"],
            p[f"opinion.baseline.{code}"] - p["opinion.withdrawal_tolerance"],
        )
        below = support_k < threshold
        below_k = state["opinion.days_below"][k] + 1 if below else 0
        gone = state["opinion.withdrawn"][k] or below_k >= p["opinion.withdrawal_patience_days"]
        if (
            day == election_day(setup, code)
            and support_k < ELECTION_RISK
            and noise["election"][k] < p["opinion.election_turnover"]
        ):
            gone = True
        first = state["opinion.withdrawal_day"][k]

        support.append(support_k)
        rally.append(rally_k)
        days_below.append(below_k)
        withdrawn.append(gone)
        withdrawal_day.append(day if gone and math.isnan(first) else first)

    pledged = committed(setup)
    remaining = sum(troops for troops, gone in zip(pledged, withdrawn, strict=True) if not gone)
    half_day = state["opinion.day_half_withdrawn"]
    if math.isnan(half_day) and remaining <= 0.5 * sum(pledged):
        half_day = day

    state["opinion.rally"] = rally
    state["opinion.support"] = support
    state["opinion.days_below"] = days_below
    state["opinion.withdrawn"] = withdrawn
    state["opinion.withdrawal_day"] = withdrawal_day
    state["opinion.troops_pledged_remaining"] = remaining
    state["opinion.day_half_withdrawn"] = half_day


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    support = state["opinion.support"]
    out = {
        "opinion.contributors_remaining": sum(not gone for gone in state["opinion.withdrawn"]),
        "opinion.troops_pledged_remaining": state["opinion.troops_pledged_remaining"],
        "opinion.day_half_withdrawn": state["opinion.day_half_withdrawn"],
        "opinion.mean_support_end": sum(support) / len(support) if support else math.nan,
    }
    for k, code in enumerate(setup.countries):
        out[f"opinion.support_end.{code}"] = support[k]
        out[f"opinion.withdrawal_day.{code}"] = state["opinion.withdrawal_day"][k]
    return {name: float(value) for name, value in out.items()}
