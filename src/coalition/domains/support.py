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

from coalition.engine.compiled import kernel, total
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
        self.zone_of = np.array([p.zone for p in setup.contingents], dtype=np.int64)

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
        ctx.derived["parameters"] = ctx.columns(f"support.{name}" for name in SupportPack.NAMES)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["troops.by_contingent"],
            self.engineers,
            self.medics,
            self.zone_of,
            s["troops.in_theatre"],
            s["exposure.wounded_by_country"],
            d["parameters"],
            d["existing"],
            d["discharge"],
            s["support.wounded_seen"],
            *kept,
            *s.renew(*_KEPT, "support.wounded_seen", "support.hospital_beds"),
        )

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


_KEPT = (
    "support.camp_beds",
    "support.housing_over_days",
    "support.beds_occupied",
    "support.medical_over_days",
    "support.evacuation_over_days",
    "support.peak_occupancy",
)
(
    CAMP_BEDS_PER_ENGINEER_DAY,
    ROLE2_BEDS_PER_1000,
    ROLE3_BEDS_PER_MEDIC,
    EVACUATIONS_PER_DAY,
    _BED_DAYS_PER_WOUNDED,
) = range(len(SupportPack.NAMES))


@kernel
def _step(
    troops,
    engineers,
    medics,
    zone_of,
    in_theatre,
    wounded_by_country,
    p,
    existing,
    discharge,
    wounded_seen,
    camp_beds,
    housing_over_days,
    occupied,
    medical_over_days,
    evacuation_over_days,
    peak_occupancy,
    camp_beds_out,
    housing_over_days_out,
    occupied_out,
    medical_over_days_out,
    evacuation_over_days_out,
    peak_occupancy_out,
    wounded_out,
    beds_out,
):
    """One day of housing and hospital beds for every draw: camp beds built and troops housed by
    zone (contingents added in order), then the wounded admitted and evacuated."""
    zones = camp_beds.shape[1]
    built = np.empty(zones)
    housed = np.empty(zones)
    medical_troops = np.empty(zone_of.size)
    for i in range(occupied.size):
        built[:] = 0.0
        housed[:] = 0.0
        for j in range(zone_of.size):
            built[zone_of[j]] += troops[i, j] * engineers[j] * p[i, CAMP_BEDS_PER_ENGINEER_DAY]
            housed[zone_of[j]] += troops[i, j]
            medical_troops[j] = troops[i, j] * medics[j]
        for z in range(zones):
            camp_beds_out[i, z] = camp_beds[i, z] + built[z]
            over = housed[z] > existing[i, z] + camp_beds_out[i, z]
            housing_over_days_out[i, z] = housing_over_days[i, z] + over

        wounded = total(wounded_by_country[i])
        due_home = occupied[i] * discharge[i]
        evacuated = min(due_home, p[i, EVACUATIONS_PER_DAY])
        occupied_today = occupied[i] - evacuated + (wounded - wounded_seen[i])
        evacuation_over_days_out[i] = evacuation_over_days[i] + (
            due_home > p[i, EVACUATIONS_PER_DAY]
        )
        beds = (
            in_theatre[i] / 1000.0 * p[i, ROLE2_BEDS_PER_1000]
            + total(medical_troops) * p[i, ROLE3_BEDS_PER_MEDIC]
        )
        wounded_out[i] = wounded
        occupied_out[i] = occupied_today
        beds_out[i] = beds
        medical_over_days_out[i] = medical_over_days[i] + (occupied_today > beds)
        occupancy = occupied_today / beds if beds > 0 else 0.0
        peak_occupancy_out[i] = max(peak_occupancy[i], occupancy)
