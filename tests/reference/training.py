"""Training of Ukrainians for one draw: programmes abroad and Allied trainers in the country.

Every day a share (1 - (1 - attrition_per_month)^(1/days in a month)) of trained soldiers leaves
the force. Programmes abroad graduate abroad_per_month / days in a month. The Allied trainers in
Ukraine are the troops present of each contingent with the training role, divided by its number
of roles; each puts trainees_per_trainer_month / days in a month into a course, fewer while Russia
struck Allied forces yesterday, and 1 - e^(-1/course_days) of those in a course graduate each
day. The stock trained abroad: those trained by February 2025, one day's worth each day since the
programmes began, each day thinned by attrition; then carried to the start by the same flows. The
index is 100 x (trained abroad + in_country_depth x trained in the country) / Ukraine's troops, at
most 100.
"""

from __future__ import annotations

import math

from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup
from coalition.spec.scenario import Role

from .values import Noise, Params, State

NAME = "training"
READS = ("troops.by_contingent",)
READS_LAGGED = ("escalation.rung",)
DISCRETE: tuple[str, ...] = ()


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def leaving_a_day(params: Params) -> float:
    return 1.0 - (1.0 - params["training.attrition_per_month"]) ** (1.0 / DAYS_PER_MONTH)


def after(stock: float, inflow: float, leave: float, days: int) -> float:
    """The stock after `days` days of: stock = stock x (1 - leave) + inflow."""
    for _ in range(days):
        stock = stock * (1.0 - leave) + inflow
    return stock


def index(params: Params, abroad: float, in_country: float) -> float:
    weighted = abroad + params["training.in_country_depth"] * in_country
    return 100.0 * min(weighted / params["training.ukraine_troops"], 1.0)


def init(setup: Setup, params: Params) -> State:
    pack = setup.world.domain("training")
    trained_over = (pack.stock_date - pack.programmes_start).days
    counted = after(
        0.0,
        params["training.trained_by_stock_date"] / trained_over,
        leaving_a_day(params),
        trained_over,
    )
    abroad = after(
        counted,
        params["training.abroad_per_month"] / DAYS_PER_MONTH,
        leaving_a_day(params),
        (setup.scenario.start_date - pack.stock_date).days,
    )
    start = index(params, abroad, 0.0)
    return {
        "training.in_course": 0.0,
        "training.abroad_serving": abroad,
        "training.in_country_serving": 0.0,
        "training.graduates_in_country": 0.0,
        "training.interoperability": start,
        "training.interoperability_start": start,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    trainers = 0.0
    for plan, troops in zip(setup.contingents, inputs["troops.by_contingent"], strict=True):
        trainers += troops * plan.share({Role.TRAINING})
    entering = trainers * params["training.trainees_per_trainer_month"] / DAYS_PER_MONTH
    if inputs["escalation.rung"] >= setup.world.ladder.number("strikes_on_allied_forces"):
        entering *= 1.0 - params["training.disruption_when_struck"]
    graduating = state["training.in_course"] * (
        1.0 - math.exp(-1.0 / params["training.course_days"])
    )
    abroad = params["training.abroad_per_month"] / DAYS_PER_MONTH
    keep = 1.0 - leaving_a_day(params)
    state["training.in_course"] += entering - graduating
    state["training.abroad_serving"] = state["training.abroad_serving"] * keep + abroad
    state["training.in_country_serving"] = state["training.in_country_serving"] * keep + graduating
    state["training.graduates_in_country"] += graduating
    state["training.interoperability"] = index(
        params, state["training.abroad_serving"], state["training.in_country_serving"]
    )


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    abroad = params["training.abroad_per_month"] / DAYS_PER_MONTH * setup.horizon
    in_country = state["training.graduates_in_country"]
    legacy = state["training.in_country_serving"] + state["training.in_course"]
    return {
        "training.trained_abroad": abroad,
        "training.trained_in_country": in_country,
        "training.brigade_equivalents": (abroad + in_country) / params["training.brigade_troops"],
        "training.interoperability_end": state["training.interoperability"],
        "training.interoperability_gain": (
            state["training.interoperability"] - state["training.interoperability_start"]
        ),
        "training.in_country_legacy": legacy
        * (1.0 - leaving_a_day(params)) ** round(DAYS_PER_YEAR),
    }
