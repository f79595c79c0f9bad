"""Humanitarian consequences: displacement and returns, aid against need, evacuation, housing.

**Displacement.** Internally displaced people (IDPs) are counted by the zone their homes are in;
those from occupied territory cannot return and stay as they are. Refugees abroad are one national
stock. Each day brings new displacement by zone, a sum of causes: homes damaged by the
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

import math

import numpy as np

from coalition.engine.compiled import kernel, total, troops_scale
from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup
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


_calm_rate = kernel(calm_rate)
"""The same, compiled, for scalars in the daily step."""


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
        self.contingent_zone = np.array([p.zone for p in plans], dtype=np.intp)
        # contingents with a share in aid or evacuation (the others add nothing to either)
        self.aid_contingents = np.flatnonzero(self.aid_roles)
        self.evacuation_contingents = np.flatnonzero(self.evacuation_roles)

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
        d["homes_per_hit"] = per_weapon[:, :, None] * by_target[:, None, :]
        # person-months of assistance due each day, by zone
        d["due"] = p["humanitarian.people_in_need"][:, None] * self.need / DAYS_PER_MONTH
        front = np.ones((ctx.n, len(self.setup.zones)))
        if self.war:
            front[:, self.front] = p["humanitarian.front_access"]
        d["front"] = front
        d["frontline_homes"] = (
            p["humanitarian.frontline_homes_per_day"] if self.war else np.zeros(ctx.n)
        )
        d["clearing"] = np.exp(-1.0 / p["humanitarian.aid_recovery_days"])
        s["humanitarian.damaged_homes"] = p["humanitarian.damaged_homes_start"]
        d["repairs_per_day"] = p["humanitarian.repairs_per_month"] / DAYS_PER_MONTH
        d["parameters"] = ctx.columns(f"humanitarian.{name}" for name in _COLUMNS)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["strikes.leaked"],
            s["grid.outage_hours"],
            s["civilians.killed_today"],
            s["troops.by_contingent"],
            s["troops.by_zone"],
            s["escalation.rung"] >= self.struck_rung,
            s["battlefield.gain_km2"],
            s["economy.reconstruction_pace"],
            d["parameters"],
            d["remember"],
            d["reference"],
            d["homes_per_hit"],
            d["clearing"],
            d["front"],
            d["due"],
            d["repairs_per_day"],
            d["frontline_homes"],
            self.war,
            self.front,
            self.logistics,
            self.contingent_zone,
            self.aid_contingents,
            self.aid_roles,
            self.evacuation_contingents,
            self.evacuation_roles,
            self.repair_roles,
            *kept,
            *s.renew(*_KEPT, *_FRESH),
        )

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


_COLUMNS = (
    "idp_return_per_year",
    "idp_return_per_year_calm",
    "refugee_return_per_year",
    "refugee_return_per_year_calm",
    "presence_return_gain",
    "escalation_return_factor",
    "reference_killed_per_day",
    "displaced_per_home",
    "abroad_share",
    "outage_threshold_hours",
    "outage_displaced_per_hour",
    "displaced_per_km2",
    "coverage",
    "cut_per_logistics_hit",
    "logistics_uplift",
    "assisted_share",
    "rail_evacuation_per_day",
    "evacuees_per_troop_day",
    "repair_calm_multiplier",
    "homes_per_engineer_day",
)
"""The parameters the daily step reads, as columns of `derived["parameters"]`: not all of NAMES,
since the front's two exist only at war and the rest are read once, in `init`."""
(
    IDP_RETURN,
    IDP_RETURN_CALM,
    REFUGEE_RETURN,
    REFUGEE_RETURN_CALM,
    PRESENCE_RETURN_GAIN,
    ESCALATION_RETURN_FACTOR,
    REFERENCE_KILLED,
    DISPLACED_PER_HOME,
    ABROAD_SHARE,
    OUTAGE_THRESHOLD_HOURS,
    OUTAGE_DISPLACED_PER_HOUR,
    DISPLACED_PER_KM2,
    COVERAGE,
    CUT_PER_LOGISTICS_HIT,
    LOGISTICS_UPLIFT,
    ASSISTED_SHARE,
    RAIL_EVACUATION_PER_DAY,
    EVACUEES_PER_TROOP_DAY,
    REPAIR_CALM_MULTIPLIER,
    HOMES_PER_ENGINEER_DAY,
) = range(len(_COLUMNS))

_KEPT = (
    "humanitarian.idps",
    "humanitarian.idps_occupied",
    "humanitarian.refugees",
    "humanitarian.displaced",
    "humanitarian.returned_idps",
    "humanitarian.returned_refugees",
    "humanitarian.recent_killed",
    "humanitarian.aid_cut",
    "humanitarian.aid_delivered",
    "humanitarian.aid_due",
    "humanitarian.evacuation_waiting",
    "humanitarian.evacuation_needed",
    "humanitarian.evacuated",
    "humanitarian.evacuation_short_days",
    "humanitarian.damaged_homes",
    "humanitarian.homes_damaged",
    "humanitarian.homes_repaired",
)
"""State the step reads as yesterday's and writes anew."""
_FRESH = ("humanitarian.idps_total", "humanitarian.danger", "humanitarian.aid_share")
"""State the step writes without reading it."""


@kernel
def _step(
    leaked,
    outage_hours,
    killed_today,
    by_contingent,
    by_zone,
    struck,
    gain_km2,
    reconstruction_pace,
    p,
    remember,
    reference,
    homes_per_hit,
    clearing,
    front_access,
    due,
    repairs_per_day,
    frontline_homes,
    war,
    front,
    logistics,
    contingent_zone,
    aid_contingents,
    aid_roles,
    evacuation_contingents,
    evacuation_roles,
    repair_roles,
    idps,
    occupied,
    refugees,
    displaced,
    returned_idps,
    returned_refugees,
    recent_killed,
    aid_cut,
    aid_delivered,
    aid_due,
    waiting,
    evacuation_needed,
    evacuated,
    short_days,
    damaged_homes,
    homes_damaged,
    homes_repaired,
    idps_out,
    occupied_out,
    refugees_out,
    displaced_out,
    returned_idps_out,
    returned_refugees_out,
    recent_killed_out,
    aid_cut_out,
    aid_delivered_out,
    aid_due_out,
    waiting_out,
    evacuation_needed_out,
    evacuated_out,
    short_days_out,
    damaged_homes_out,
    homes_damaged_out,
    homes_repaired_out,
    idps_total_out,
    danger_out,
    aid_share_out,
):
    """One day for every draw: danger, new displacement and returns, aid, evacuation, housing."""
    n, weapons, targets, zones = leaked.shape
    homes = np.empty(zones)  # damaged by strikes today
    newly_displaced = np.empty(zones)
    access = np.empty(zones)  # e^(-cut) of each zone's logistics
    aid_troops = np.empty(zones)
    lift = np.empty(zones)  # Allied logistics troops able to evacuate
    by_allies = np.empty(zones)
    engineers = np.empty(by_contingent.shape[1])
    for i in range(n):
        # danger: civilians killed recently against each zone's share of 2025's toll
        recent_total = 0.0
        for z in range(zones):
            recent = recent_killed[i, z] + remember[i] * (killed_today[i, z] - recent_killed[i, z])
            recent_killed_out[i, z] = recent
            danger_out[i, z] = recent / reference[i, z]
            recent_total += recent
        national_danger = recent_total / p[i, REFERENCE_KILLED]

        # new displacement by zone of origin (strikes, outages, ground lost near the front)
        for z in range(zones):
            damaged = 0.0
            for w in range(weapons):
                for t in range(targets):
                    damaged += leaked[i, w, t, z] * homes_per_hit[i, w, t]
            homes[z] = damaged
        lost_ground = max(gain_km2[i], 0.0) * p[i, DISPLACED_PER_KM2]
        for z in range(zones):
            by_strikes = homes[z] * p[i, DISPLACED_PER_HOME]
            beyond = max(outage_hours[i, z] - p[i, OUTAGE_THRESHOLD_HOURS], 0.0)
            by_outages = beyond * p[i, OUTAGE_DISPLACED_PER_HOUR]
            newly_displaced[z] = by_strikes + by_outages + (lost_ground if z == front else 0.0)

        # returns: a daily share of each stock, higher where it is calm and Allies are present;
        # a share of the newly displaced goes abroad, those from lost ground stay displaced
        abroad = p[i, ABROAD_SHARE]
        staying = 1.0 - abroad
        hold_back = p[i, ESCALATION_RETURN_FACTOR] if struck[i] else 1.0
        gain = p[i, PRESENCE_RETURN_GAIN]
        idps_total = 0.0
        idps_home = 0.0
        displaced_total = 0.0
        for z in range(zones):
            presence = 1.0 + gain * troops_scale(by_zone[i, z])
            rate = _calm_rate(p[i, IDP_RETURN], p[i, IDP_RETURN_CALM], danger_out[i, z])
            idp_rate = rate * presence * hold_back / DAYS_PER_YEAR
            home = idps[i, z] * -math.expm1(-idp_rate)
            lost = lost_ground if z == front else 0.0
            stock = idps[i, z] - home + staying * (newly_displaced[z] - lost)
            idps_out[i, z] = stock
            displaced_out[i, z] = displaced[i, z] + newly_displaced[z]
            idps_total += stock
            idps_home += home
            displaced_total += newly_displaced[z]
        rate = _calm_rate(p[i, REFUGEE_RETURN], p[i, REFUGEE_RETURN_CALM], national_danger)
        presence = 1.0 + gain * troops_scale(total(by_zone[i]))
        refugee_rate = rate * presence * hold_back / DAYS_PER_YEAR
        refugees_home = refugees[i] * -math.expm1(-refugee_rate)
        occupied_out[i] = occupied[i] + staying * lost_ground
        idps_total_out[i] = occupied_out[i] + idps_total
        refugees_out[i] = refugees[i] - refugees_home + abroad * displaced_total
        returned_idps_out[i] = returned_idps[i] + idps_home
        returned_refugees_out[i] = returned_refugees[i] + refugees_home

        # Allied troops by zone: aid (logistics, engineering, medical) and evacuation (logistics)
        aid_troops[:] = 0.0
        for j in aid_contingents:
            aid_troops[contingent_zone[j]] += by_contingent[i, j] * aid_roles[j]
        lift[:] = 0.0
        for j in evacuation_contingents:
            lift[contingent_zone[j]] += by_contingent[i, j] * evacuation_roles[j]
        for j in range(engineers.size):
            engineers[j] = by_contingent[i, j] * repair_roles[j]

        # aid: hits on logistics cut it (the cut clears over days), Allied troops raise it
        for z in range(zones):
            hits = 0.0
            for w in range(weapons):
                hits += leaked[i, w, logistics, z]
            cut = aid_cut[i, z] * clearing[i] + p[i, CUT_PER_LOGISTICS_HIT] * hits
            access[z] = math.exp(-cut)
            uplift = 1.0 + p[i, LOGISTICS_UPLIFT] * troops_scale(aid_troops[z])
            share = min(p[i, COVERAGE] * front_access[i, z] * access[z] * uplift, 1.0)
            aid_cut_out[i, z] = cut
            aid_share_out[i, z] = share
            aid_delivered_out[i, z] = aid_delivered[i, z] + share * due[i, z]
            aid_due_out[i, z] = aid_due[i, z] + due[i, z]

        # evacuation: Allied logistics troops carry people out of their zone; the railway takes
        # the rest in proportion, as far as its capacity (cut as the zones' logistics are) goes
        new_total = 0.0
        rest_total = 0.0
        rest_accessible = 0.0
        for z in range(zones):
            new = p[i, ASSISTED_SHARE] * newly_displaced[z]
            need = waiting[i, z] + new
            by_allies[z] = min(need, p[i, EVACUEES_PER_TROOP_DAY] * lift[z])
            rest = need - by_allies[z]
            waiting_out[i, z] = rest  # until the railway has served its share
            new_total += new
            rest_total += rest
            rest_accessible += rest * access[z]
        weighted = rest_accessible / rest_total if rest_total > 0 else 1.0
        capacity = p[i, RAIL_EVACUATION_PER_DAY] * weighted
        served = min(capacity / rest_total if rest_total > 0 else 1.0, 1.0)
        carried = 0.0
        for z in range(zones):
            rest = waiting_out[i, z]
            carried += by_allies[z] + rest * served
            waiting_out[i, z] = rest * (1.0 - served)
        evacuation_needed_out[i] = evacuation_needed[i] + new_total
        evacuated_out[i] = evacuated[i] + carried
        short_days_out[i] = short_days[i] + (1.0 if served < 1.0 else 0.0)

        # housing: damaged homes join the backlog; repairs take from it, never more than there is
        damaged = total(homes)
        if war:
            damaged = damaged + frontline_homes[i]
        repair_capacity = repairs_per_day[i] * reconstruction_pace[i] * _calm_rate(
            1.0, p[i, REPAIR_CALM_MULTIPLIER], national_danger
        ) + p[i, HOMES_PER_ENGINEER_DAY] * total(engineers)
        backlog = damaged_homes[i] + damaged
        repaired = min(backlog, repair_capacity)
        damaged_homes_out[i] = backlog - repaired
        homes_damaged_out[i] = homes_damaged[i] + damaged
        homes_repaired_out[i] = homes_repaired[i] + repaired
