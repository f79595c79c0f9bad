"""Force support for one draw: housing by zone and hospital beds, day by day.

Housing: a zone's beds are its existing beds plus the field-camp beds its engineers have built
(each engineer adds `camp_beds_per_engineer_day` a day); the zone is over capacity on a day when
its troops outnumber its beds. Medical: beds are Role 2 beds per 1,000 troops in theatre plus Role 3
beds per soldier of medical contingents; occupied beds lose 1 - e^(-1/bed-days) of their patients
a day (at most what the evacuation chain takes) and gain the day's new wounded; care is over
capacity on a day when occupied beds exceed beds, and evacuation on a day when more are due home
than it takes.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup
from coalition.spec.scenario import Role

from .values import Noise, Params, State

NAME = "support"
READS = ("troops.by_contingent", "troops.in_theatre", "exposure.wounded_by_country")
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = (
    "support.housing_over_days",
    "support.medical_over_days",
    "support.evacuation_over_days",
)


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    zones = len(setup.zones)
    return {
        "support.camp_beds": [0.0] * zones,
        "support.housing_over_days": [0.0] * zones,
        "support.wounded_seen": 0.0,
        "support.beds_occupied": 0.0,
        "support.hospital_beds": 0.0,
        "support.medical_over_days": 0.0,
        "support.evacuation_over_days": 0.0,
        "support.peak_occupancy": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    troops = inputs["troops.by_contingent"]
    camp_beds = list(state["support.camp_beds"])
    housed = [0.0] * len(setup.zones)
    for plan, present in zip(setup.contingents, troops, strict=True):
        engineers = present * plan.share({Role.ENGINEERING})
        camp_beds[plan.zone] += engineers * params["support.camp_beds_per_engineer_day"]
        housed[plan.zone] += present
    over = list(state["support.housing_over_days"])
    for z, zone in enumerate(setup.zones):
        if housed[z] > params[f"support.existing_beds.{zone}"] + camp_beds[z]:
            over[z] += 1

    wounded = sum(inputs["exposure.wounded_by_country"])
    new = wounded - state["support.wounded_seen"]
    discharge = 1.0 - math.exp(-1.0 / params["support.bed_days_per_wounded"])
    due_home = state["support.beds_occupied"] * discharge
    evacuated = min(due_home, params["support.evacuations_per_day"])
    occupied = state["support.beds_occupied"] - evacuated + new
    evacuation_over = state["support.evacuation_over_days"] + (
        due_home > params["support.evacuations_per_day"]
    )
    medics = sum(
        present * plan.share({Role.MEDICAL})
        for plan, present in zip(setup.contingents, troops, strict=True)
    )
    beds = (
        inputs["troops.in_theatre"] / 1000.0 * params["support.role2_beds_per_1000"]
        + medics * params["support.role3_beds_per_medic"]
    )
    occupancy = occupied / beds if beds > 0 else 0.0

    state.update(
        {
            "support.camp_beds": camp_beds,
            "support.housing_over_days": over,
            "support.wounded_seen": wounded,
            "support.beds_occupied": occupied,
            "support.hospital_beds": beds,
            "support.medical_over_days": state["support.medical_over_days"] + (occupied > beds),
            "support.evacuation_over_days": evacuation_over,
            "support.peak_occupancy": max(state["support.peak_occupancy"], occupancy),
        }
    )


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    over = state["support.housing_over_days"]
    out = {
        "support.housing_over_zone_days": sum(over),
        "support.medical_over_days": state["support.medical_over_days"],
        "support.evacuation_over_days": state["support.evacuation_over_days"],
        "support.peak_bed_occupancy": state["support.peak_occupancy"],
    }
    for zone, days in zip(setup.zones, over, strict=True):
        out[f"support.housing_over_days.{zone}"] = days
    return {name: float(value) for name, value in out.items()}
