"""Humanitarian consequences: displacement and returns, aid against need, evacuation, housing.

**Displacement.** Internally displaced people (IDPs) are counted by the zone their homes are in;
those from occupied territory cannot return and stay as they are. Refugees abroad are one national
stock. Each day brings new displacement by zone, a sum of causes (`inflows`): homes damaged by the
drones and missiles that get through, outages long enough to drive people out, and ground Russia
takes near the front (whose people join those from occupied territory). A share of the newly
displaced leaves the country. Each stock loses a share to returns every day, 1 - e^(-rate):
the rate runs from its 2025 level (danger 1) towards its calm level (nobody killed) as
calm / (1 + (calm / rate_2025 - 1) × danger), where a zone's danger is its civilians killed,
averaged over recent weeks, against its share of 2025's toll; Allied troops in the zone raise it
(log10 of their thousands); Russia striking Allied forces lowers it. UNHCR and IOM series anchor
the rates (assumptions humanitarian.returns, humanitarian.returns_calm).

**Aid.** A zone's share of need met is the coverage of 2025's plans away from the front, cut near
the front during the war (access), cut by hits on the zone's logistics targets (each adds to a cut
that clears over days; the zone delivers e^(-cut)), and raised by Allied logistics, engineering and
medical troops there; never above 1. Air defence acts through the hits it prevents.

**Evacuation.** Of the newly displaced, a share needs an organised evacuation. Allied logistics
contingents carry people out of their own zone first; Ukrainian Railways' national capacity, cut
as the zones' logistics are, takes the rest in proportion; whoever cannot leave waits for the next
day.

**Housing.** Homes damaged by strikes (cities fully, other targets by a collateral share) and,
during the war, by front-line fire join a backlog; repairs take from it at 2025's pace, times the
pace at which reconstruction is financed against 2025's (the economy's) and the calm of fewer
deaths, plus what Allied engineers repair.
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup, troops_scale
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Context, Role
from coalition.world.pack import (
    PackModel,
    ParametersPack,
    World,
    every_key_given,
    zone_share_problems,
)

AID_ROLES = frozenset({Role.LOGISTICS, Role.ENGINEERING, Role.MEDICAL})
EVACUATION_ROLES = frozenset({Role.LOGISTICS})
REPAIR_ROLES = frozenset({Role.ENGINEERING})


def calm_rate(rate: np.ndarray, calm: np.ndarray, danger: np.ndarray) -> np.ndarray:
    """A rate that is `rate` at 2025's danger (1) and `calm` where nobody is killed (0), falling
    hyperbolically as danger grows; a calm rate below the 2025 one counts as equal to it."""
    m = np.maximum(calm / rate, 1.0)
    return rate * m / (1.0 + (m - 1.0) * danger)


class ZoneShares(PackModel):
    """How a national figure is spread over the zones: shares that sum to 1, with their source."""

    shares: dict[str, float]
    source: str | list[str]


class HumanitarianPack(ParametersPack):
    """humanitarian.yaml. Displacement, aid, evacuation and housing: homes each weapon damages,
    three spreads over the zones (where IDPs come from, where the people in need live, where
    2025's civilian deaths fell) and the named parameters."""

    FILE = "humanitarian.yaml"
    NAMES = (
        "idps_start",
        "idps_occupied_share",
        "refugees_start",
        "idp_return_per_year",
        "idp_return_per_year_calm",
        "refugee_return_per_year",
        "refugee_return_per_year_calm",
        "presence_return_gain",
        "escalation_return_factor",
        "memory_days",
        "reference_killed_per_day",
        "displaced_per_home",
        "abroad_share",
        "outage_threshold_hours",
        "outage_displaced_per_hour",
        "displaced_per_km2",
        "people_in_need",
        "coverage",
        "front_access",
        "cut_per_logistics_hit",
        "aid_recovery_days",
        "logistics_uplift",
        "assisted_share",
        "rail_evacuation_per_day",
        "evacuees_per_troop_day",
        "collateral_share",
        "frontline_homes_per_day",
        "damaged_homes_start",
        "repairs_per_month",
        "repair_calm_multiplier",
        "homes_per_engineer_day",
    )
    homes_per_leaker: dict[str, Distribution]
    idp_origin: ZoneShares
    need: ZoneShares
    deaths: ZoneShares

    def problems(self, world: World) -> list[str]:
        """Homes damaged given for every weapon, and each spread over the deployable zones
        exactly; danger is measured against each zone's share of deaths, so none may be zero."""
        deployable = world.deployable_zones()
        problems = every_key_given(
            "humanitarian.yaml: homes_per_leaker",
            self.homes_per_leaker,
            list(world.arsenal.weapons),
            "weapon of weapons.yaml",
        )
        for field in ("idp_origin", "need", "deaths"):
            problems += zone_share_problems(
                f"humanitarian.yaml: {field}.shares", getattr(self, field).shares, deployable
            )
        missing = [z for z in deployable if self.deaths.shares.get(z, 0.0) <= 0]
        if missing:
            problems.append(
                "humanitarian.yaml: deaths.shares: every zone needs a share above 0 (danger is "
                f"measured against it): {', '.join(missing)}"
            )
        return problems


class Humanitarian(Component):
    name = "humanitarian"
    pack = HumanitarianPack
    reads = (
        "strikes.leaked",
        "grid.outage_hours",
        "civilians.killed_today",
        "troops.by_contingent",
        "troops.by_zone",
        "escalation.rung",
        "battlefield.gain_km2",
        "economy.reconstruction_pace",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        world = setup.world
        self.weapons = list(world.arsenal.weapons)
        targets = world.arsenal.target_classes()
        self.cities, self.logistics = targets.index("cities"), targets.index("logistics")
        self.n_targets = len(targets)
        self.war = setup.scenario.course_of_action.context is Context.WAR
        self.front = setup.zones.index("near_front")
        self.struck_rung = world.ladder.number("strikes_on_allied_forces")
        h = world.domain("humanitarian")
        self.origin = np.array([h.idp_origin.shares.get(z, 0.0) for z in setup.zones])
        self.need = np.array([h.need.shares.get(z, 0.0) for z in setup.zones])
        self.deaths = np.array([h.deaths.shares.get(z, 0.0) for z in setup.zones])
        plans = setup.contingents
        self.aid_roles = np.array([p.share(AID_ROLES) for p in plans])
        self.evacuation_roles = np.array([p.share(EVACUATION_ROLES) for p in plans])
        self.repair_roles = np.array([p.share(REPAIR_ROLES) for p in plans])

    def owns(self) -> list[Variable]:
        z = len(self.setup.zones)
        return [
            Variable("humanitarian.idps", (z,), "zone", record=True),
            Variable("humanitarian.idps_total", record=True),
            Variable("humanitarian.refugees", record=True),
            Variable("humanitarian.idps_occupied"),
            Variable("humanitarian.displaced", (z,), "zone"),
            Variable("humanitarian.returned_idps"),
            Variable("humanitarian.returned_refugees"),
            Variable("humanitarian.recent_killed", (z,), "zone"),
            Variable("humanitarian.danger", (z,), "zone", fill=1.0),
            Variable("humanitarian.aid_cut", (z,), "zone"),
            Variable("humanitarian.aid_share", (z,), "zone", record=True),
            Variable("humanitarian.aid_delivered", (z,), "zone"),
            Variable("humanitarian.aid_due", (z,), "zone"),
            Variable("humanitarian.evacuation_waiting", (z,), "zone"),
            Variable("humanitarian.evacuation_needed"),
            Variable("humanitarian.evacuated", record=True),
            Variable("humanitarian.evacuation_short_days"),
            Variable("humanitarian.damaged_homes", record=True),
            Variable("humanitarian.homes_damaged"),
            Variable("humanitarian.homes_repaired", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        h = self.setup.world.domain("humanitarian")
        params = [
            Parameter(
                f"humanitarian.homes_per_leaker.{weapon}",
                h.homes_per_leaker[weapon],
                f"Homes damaged by each {weapon} that gets through to a city",
                ALLOWED["non_negative"],
            )
            for weapon in self.weapons
        ]
        params += [
            Parameter.named(f"humanitarian.{name}", p)
            for name, p in h.parameters.items()
            if self.war or name not in ("front_access", "frontline_homes_per_day")
        ]
        return params

    def init(self, ctx: StepContext) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        returnable = p["humanitarian.idps_start"] * (1.0 - p["humanitarian.idps_occupied_share"])
        s["humanitarian.idps_occupied"] = p["humanitarian.idps_start"] - returnable
        s["humanitarian.idps"] = returnable[:, None] * self.origin
        s["humanitarian.idps_total"] = p["humanitarian.idps_start"]
        s["humanitarian.refugees"] = p["humanitarian.refugees_start"]
        d["reference"] = p["humanitarian.reference_killed_per_day"][:, None] * self.deaths
        s["humanitarian.recent_killed"] = d["reference"]
        d["remember"] = 1.0 - np.exp(-1.0 / p["humanitarian.memory_days"])
        # homes damaged per leaker, by weapon and target: cities fully, the rest a collateral share
        per_weapon = ctx.columns(f"humanitarian.homes_per_leaker.{w}" for w in self.weapons)
        by_target = np.repeat(p["humanitarian.collateral_share"][:, None], self.n_targets, axis=1)
        by_target[:, self.cities] = 1.0
        d["homes_per_hit"] = per_weapon[:, :, None, None] * by_target[:, None, :, None]
        d["need"] = p["humanitarian.people_in_need"][:, None] * self.need
        front = np.ones((ctx.n, len(self.setup.zones)))
        if self.war:
            front[:, self.front] = p["humanitarian.front_access"]
        d["front"] = front
        d["clearing"] = np.exp(-1.0 / p["humanitarian.aid_recovery_days"])
        s["humanitarian.damaged_homes"] = p["humanitarian.damaged_homes_start"]
        d["repairs_per_day"] = p["humanitarian.repairs_per_month"] / DAYS_PER_MONTH

    def inflows(self, ctx: StepContext, homes: np.ndarray) -> dict[str, np.ndarray]:
        """New displacement today by zone of origin, one entry per cause (people a day): homes the
        strikes damage, long outages, and ground Russia takes near the front ("lost ground",
        whose people cannot go home while it is occupied)."""
        s, p = ctx.state, ctx.params
        beyond = s["grid.outage_hours"] - p["humanitarian.outage_threshold_hours"][:, None]
        front = np.zeros_like(homes)
        front[:, self.front] = (
            np.maximum(s["battlefield.gain_km2"], 0.0) * p["humanitarian.displaced_per_km2"]
        )
        return {
            "strikes": homes * p["humanitarian.displaced_per_home"][:, None],
            "outages": np.maximum(beyond, 0.0)
            * p["humanitarian.outage_displaced_per_hour"][:, None],
            "lost ground": front,
        }

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        leaked = s["strikes.leaked"]  # (draws, weapons, targets, zones)

        # danger: civilians killed recently against each zone's share of 2025's toll
        recent = s["humanitarian.recent_killed"]
        recent = recent + d["remember"][:, None] * (s["civilians.killed_today"] - recent)
        danger = recent / d["reference"]
        national_danger = recent.sum(axis=1) / p["humanitarian.reference_killed_per_day"]
        s["humanitarian.recent_killed"] = recent
        s["humanitarian.danger"] = danger

        # new displacement by zone of origin; a share goes abroad
        homes = (leaked * d["homes_per_hit"]).sum(axis=(1, 2))  # (draws, zones)
        causes = self.inflows(ctx, homes)
        displaced = sum(causes.values(), np.zeros_like(homes))
        lost_ground = causes["lost ground"]
        abroad = p["humanitarian.abroad_share"]

        # returns: a daily share of each stock, higher where it is calm and Allies are present
        troops = s["troops.by_zone"]
        hold_back = np.where(
            s["escalation.rung"] >= self.struck_rung,
            p["humanitarian.escalation_return_factor"],
            1.0,
        )
        gain = p["humanitarian.presence_return_gain"]
        presence = 1.0 + gain[:, None] * troops_scale(troops)
        idp_rate = (
            calm_rate(
                p["humanitarian.idp_return_per_year"][:, None],
                p["humanitarian.idp_return_per_year_calm"][:, None],
                danger,
            )
            * presence
            * hold_back[:, None]
            / DAYS_PER_YEAR
        )
        idps = s["humanitarian.idps"]
        idps_home = idps * -np.expm1(-idp_rate)
        refugee_rate = (
            calm_rate(
                p["humanitarian.refugee_return_per_year"],
                p["humanitarian.refugee_return_per_year_calm"],
                national_danger,
            )
            * (1.0 + gain * troops_scale(troops.sum(axis=1)))
            * hold_back
            / DAYS_PER_YEAR
        )
        refugees = s["humanitarian.refugees"]
        refugees_home = refugees * -np.expm1(-refugee_rate)
        staying = 1.0 - abroad
        idps = idps - idps_home + staying[:, None] * (displaced - lost_ground)
        occupied = s["humanitarian.idps_occupied"] + staying * lost_ground.sum(axis=1)
        refugees = refugees - refugees_home + abroad * displaced.sum(axis=1)
        s["humanitarian.idps"] = idps
        s["humanitarian.idps_occupied"] = occupied
        s["humanitarian.idps_total"] = occupied + idps.sum(axis=1)
        s["humanitarian.refugees"] = refugees
        s["humanitarian.displaced"] = s["humanitarian.displaced"] + displaced
        s["humanitarian.returned_idps"] = s["humanitarian.returned_idps"] + idps_home.sum(axis=1)
        s["humanitarian.returned_refugees"] = s["humanitarian.returned_refugees"] + refugees_home

        access = self._aid(ctx, leaked)
        self._evacuate(ctx, displaced, access)
        self._rebuild(ctx, homes.sum(axis=1), national_danger)

    def _aid(self, ctx: StepContext, leaked: np.ndarray) -> np.ndarray:
        """Today's share of need met by zone; returns each zone's logistics access e^(-cut)."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        hits = leaked[:, :, self.logistics, :].sum(axis=1)
        cut = s["humanitarian.aid_cut"] * d["clearing"][:, None] + (
            p["humanitarian.cut_per_logistics_hit"][:, None] * hits
        )
        access = np.exp(-cut)
        support = self.setup.sum_by(s["troops.by_contingent"] * self.aid_roles, "zone")
        uplift = 1.0 + p["humanitarian.logistics_uplift"][:, None] * troops_scale(support)
        share = np.minimum(p["humanitarian.coverage"][:, None] * d["front"] * access * uplift, 1.0)
        due = d["need"] / DAYS_PER_MONTH  # person-months of assistance due today
        s["humanitarian.aid_cut"] = cut
        s["humanitarian.aid_share"] = share
        s["humanitarian.aid_delivered"] = s["humanitarian.aid_delivered"] + share * due
        s["humanitarian.aid_due"] = s["humanitarian.aid_due"] + due
        return access

    def _evacuate(self, ctx: StepContext, displaced: np.ndarray, access: np.ndarray) -> None:
        """Allied logistics contingents carry people out of their zone; the railway takes the
        rest, in proportion, as far as its capacity (cut as the zones' logistics are) goes."""
        s, p = ctx.state, ctx.params
        new = p["humanitarian.assisted_share"][:, None] * displaced
        need = s["humanitarian.evacuation_waiting"] + new
        lift = self.setup.sum_by(s["troops.by_contingent"] * self.evacuation_roles, "zone")
        by_allies = np.minimum(need, p["humanitarian.evacuees_per_troop_day"][:, None] * lift)
        rest = need - by_allies
        total = rest.sum(axis=1)
        weighted = np.divide(
            (rest * access).sum(axis=1), total, out=np.ones_like(total), where=total > 0
        )
        capacity = p["humanitarian.rail_evacuation_per_day"] * weighted
        served = np.minimum(
            np.divide(capacity, total, out=np.ones_like(total), where=total > 0), 1.0
        )
        s["humanitarian.evacuation_waiting"] = rest * (1.0 - served[:, None])
        s["humanitarian.evacuation_needed"] = s["humanitarian.evacuation_needed"] + new.sum(axis=1)
        s["humanitarian.evacuated"] = s["humanitarian.evacuated"] + (
            by_allies + rest * served[:, None]
        ).sum(axis=1)
        s["humanitarian.evacuation_short_days"] = s["humanitarian.evacuation_short_days"] + (
            served < 1.0
        )

    def _rebuild(self, ctx: StepContext, struck: np.ndarray, danger: np.ndarray) -> None:
        """Damaged homes join the backlog; repairs take from it, never more than there is."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        damaged = (struck + p["humanitarian.frontline_homes_per_day"]) if self.war else struck
        engineers = (s["troops.by_contingent"] * self.repair_roles).sum(axis=1)
        capacity = (
            d["repairs_per_day"]
            * s["economy.reconstruction_pace"]
            * calm_rate(1.0, p["humanitarian.repair_calm_multiplier"], danger)
            + p["humanitarian.homes_per_engineer_day"] * engineers
        )
        backlog = s["humanitarian.damaged_homes"] + damaged
        repaired = np.minimum(backlog, capacity)
        s["humanitarian.damaged_homes"] = backlog - repaired
        s["humanitarian.homes_damaged"] = s["humanitarian.homes_damaged"] + damaged
        s["humanitarian.homes_repaired"] = s["humanitarian.homes_repaired"] + repaired

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "humanitarian.idps_end": "Internally displaced people on the last day",
            "humanitarian.refugees_end": "Refugees from Ukraine abroad on the last day",
            "humanitarian.displaced_end": "Ukrainians displaced on the last day (IDPs and "
            "refugees)",
            "humanitarian.newly_displaced": "People newly displaced by strikes, outages and lost "
            "ground",
            "humanitarian.returned": "IDPs and refugees who went home",
            "humanitarian.aid_share": "Share of humanitarian need met, over the run and the "
            "country",
            "humanitarian.aid_person_months": "Humanitarian assistance delivered (person-months)",
            "humanitarian.evacuated": "People evacuated (organised evacuations)",
            "humanitarian.evacuation_short_days": "Days on which those needing evacuation "
            "exceeded the capacity to evacuate them",
            "humanitarian.evacuation_waiting_end": "People still waiting for evacuation on the "
            "last day",
            "humanitarian.homes_damaged": "Homes damaged by strikes and front-line fire",
            "humanitarian.homes_repaired": "Damaged homes repaired",
            "humanitarian.damaged_homes_end": "Damaged homes awaiting repair on the last day",
        }
        for zone in self.setup.zones:
            out[f"humanitarian.aid_share.{zone}"] = f"Share of humanitarian need met in {zone}"
            out[f"humanitarian.idps_end.{zone}"] = (
                f"IDPs from {zone} on the last day (not counting those from occupied territory)"
            )
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        delivered, due = s["humanitarian.aid_delivered"], s["humanitarian.aid_due"]
        idps, refugees = s["humanitarian.idps_total"], s["humanitarian.refugees"]
        out = {
            "humanitarian.idps_end": idps.copy(),
            "humanitarian.refugees_end": refugees.copy(),
            "humanitarian.displaced_end": idps + refugees,
            "humanitarian.newly_displaced": s["humanitarian.displaced"].sum(axis=1),
            "humanitarian.returned": s["humanitarian.returned_idps"]
            + s["humanitarian.returned_refugees"],
            "humanitarian.aid_share": np.divide(
                delivered.sum(axis=1),
                due.sum(axis=1),
                out=np.full(ctx.n, np.nan),
                where=due.sum(axis=1) > 0,
            ),
            "humanitarian.aid_person_months": delivered.sum(axis=1),
            "humanitarian.evacuated": s["humanitarian.evacuated"].copy(),
            "humanitarian.evacuation_short_days": s["humanitarian.evacuation_short_days"].copy(),
            "humanitarian.evacuation_waiting_end": s["humanitarian.evacuation_waiting"].sum(axis=1),
            "humanitarian.homes_damaged": s["humanitarian.homes_damaged"].copy(),
            "humanitarian.homes_repaired": s["humanitarian.homes_repaired"].copy(),
            "humanitarian.damaged_homes_end": s["humanitarian.damaged_homes"].copy(),
        }
        for k, zone in enumerate(self.setup.zones):
            out[f"humanitarian.aid_share.{zone}"] = np.divide(
                delivered[:, k], due[:, k], out=np.full(ctx.n, np.nan), where=due[:, k] > 0
            )
            out[f"humanitarian.idps_end.{zone}"] = s["humanitarian.idps"][:, k].copy()
        return out
