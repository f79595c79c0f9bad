"""Force support: beds to house the troops in each zone, and hospital beds to treat the wounded.

Housing: each zone has existing accommodation, and its engineers add field-camp beds every day;
a zone whose troops outnumber its beds is over capacity that day. Medical: Role 2 beds come with
the force (per 1,000 troops in theatre) and Role 3 beds with medical contingents; each day's new
wounded take a bed for their bed-days before evacuation home (occupancy decays by
1 - e^(-1/bed-days) a day, at most what the evacuation chain takes home); when occupied beds exceed
beds, care is over capacity that day, and when more wounded are due home than the chain can take,
evacuation is.
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import Setup
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Role
from coalition.world.pack import PackModel, ParametersPack


class Housing(PackModel):
    existing_beds: dict[str, Distribution]


class SupportPack(ParametersPack):
    """support.yaml: beds that exist by zone, and the named parameters."""

    FILE = "support.yaml"
    NAMES = (
        "camp_beds_per_engineer_day",
        "role2_beds_per_1000",
        "role3_beds_per_medic",
        "evacuations_per_day",
        "bed_days_per_wounded",
    )
    housing: Housing


class Support(Component):
    name = "support"
    pack = SupportPack
    reads = ("troops.by_contingent", "troops.in_theatre", "exposure.wounded_by_country")

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.engineers = np.array([p.share({Role.ENGINEERING}) for p in setup.contingents])
        self.medics = np.array([p.share({Role.MEDICAL}) for p in setup.contingents])

    def owns(self) -> list[Variable]:
        z = len(self.setup.zones)
        return [
            Variable("support.camp_beds", (z,), "zone"),
            Variable("support.housing_over_days", (z,), "zone"),
            Variable("support.wounded_seen"),
            Variable("support.beds_occupied", record=True),
            Variable("support.hospital_beds", record=True),
            Variable("support.medical_over_days"),
            Variable("support.evacuation_over_days"),
            Variable("support.peak_occupancy"),
        ]

    def parameters(self) -> list[Parameter]:
        world = self.setup.world
        params = [
            Parameter(
                f"support.existing_beds.{zone}",
                world.domain("support").housing.existing_beds[zone],
                f"Existing beds for Allied troops in zone {zone}",
            )
            for zone in self.setup.zones
        ]
        params += self.pack_parameters()
        return params

    def init(self, ctx: StepContext) -> None:
        ctx.derived["existing"] = ctx.columns(
            f"support.existing_beds.{zone}" for zone in self.setup.zones
        )
        ctx.derived["discharge"] = 1.0 - np.exp(-1.0 / ctx.params["support.bed_days_per_wounded"])

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        troops = s["troops.by_contingent"]
        building = troops * self.engineers * p["support.camp_beds_per_engineer_day"][:, None]
        camp_beds = s["support.camp_beds"] + self.setup.sum_by(building, "zone")
        housed = self.setup.sum_by(troops, "zone")
        over = housed > ctx.derived["existing"] + camp_beds
        s["support.camp_beds"] = camp_beds
        s["support.housing_over_days"] = s["support.housing_over_days"] + over

        wounded = s["exposure.wounded_by_country"].sum(axis=1)
        new = wounded - s["support.wounded_seen"]
        due_home = s["support.beds_occupied"] * ctx.derived["discharge"]
        evacuated = np.minimum(due_home, p["support.evacuations_per_day"])
        occupied = s["support.beds_occupied"] - evacuated + new
        s["support.evacuation_over_days"] = s["support.evacuation_over_days"] + (
            due_home > p["support.evacuations_per_day"]
        )
        beds = (
            s["troops.in_theatre"] / 1000.0 * p["support.role2_beds_per_1000"]
            + (troops * self.medics).sum(axis=1) * p["support.role3_beds_per_medic"]
        )
        s["support.wounded_seen"] = wounded
        s["support.beds_occupied"] = occupied
        s["support.hospital_beds"] = beds
        s["support.medical_over_days"] = s["support.medical_over_days"] + (occupied > beds)
        occupancy = np.divide(occupied, beds, out=np.zeros_like(beds), where=beds > 0)
        s["support.peak_occupancy"] = np.maximum(s["support.peak_occupancy"], occupancy)

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "support.housing_over_zone_days": "Zone-days with more troops than beds",
            "support.medical_over_days": "Days with more wounded in theatre than hospital beds",
            "support.evacuation_over_days": "Days more wounded were due home than could go",
            "support.peak_bed_occupancy": "Highest share of hospital beds occupied on any day",
        }
        for zone in self.setup.zones:
            out[f"support.housing_over_days.{zone}"] = f"Days {zone} had more troops than beds"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        over = s["support.housing_over_days"]
        out = {
            "support.housing_over_zone_days": over.sum(axis=1),
            "support.medical_over_days": s["support.medical_over_days"].copy(),
            "support.evacuation_over_days": s["support.evacuation_over_days"].copy(),
            "support.peak_bed_occupancy": s["support.peak_occupancy"].copy(),
        }
        for k, zone in enumerate(self.setup.zones):
            out[f"support.housing_over_days.{zone}"] = over[:, k].copy()
        return out
