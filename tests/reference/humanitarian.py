"""Displacement, aid, evacuation and housing for one draw.

IDPs are counted by the zone their homes are in (those from occupied territory stay as they are);
refugees abroad are one stock. Each zone's danger is its civilians killed, averaged over recent
weeks (weight 1 - e^(-1/memory_days) on today), against its share of 2025's toll. Each day:

- Homes damaged by strikes: every weapon that got through times its homes per hit, in full for
  cities and times the collateral share for any other target. New displacement by zone: those
  homes times the people displaced per home, plus, beyond the outage threshold, the people who
  leave per further hour, plus near the front the people displaced per km² Russia takes (they
  join the IDPs from occupied territory). A share of it goes abroad.
- Returns: each stock times 1 - e^(-rate / 365.25). The yearly rate is
  calm / (1 + (calm / rate_2025 - 1) × danger) (calm counted as at least the 2025 rate), times
  1 + gain × log10(1 + Allied troops / 1,000), times the escalation factor while Russia strikes
  Allied forces (refugees: national danger and all troops in Ukraine).
- Aid: each zone's cut builds up by the cut per hit for every weapon that got through to its
  logistics targets and clears at e^(-1/recovery_days) a day; the share of need met is
  min(1, coverage × front access × e^(-cut) × (1 + uplift × log10(1 + aid troops / 1,000))).
- Evacuation: a share of the newly displaced joins those still waiting; Allied logistics troops
  carry people out of their zone first; the railway's capacity, times the waiting-weighted
  e^(-cut), serves the rest in proportion.
- Housing: homes damaged by strikes (and front-line fire in the war) join the backlog; repairs
  take the least of the backlog and the capacity: 2025's pace, times the pace at which
  reconstruction is financed against 2025's (the economy's), times the calm factor of national
  danger, plus Allied engineers' homes a day.
"""

from __future__ import annotations

import math

from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup
from coalition.spec.scenario import Context, Role

from .values import Noise, Params, State

NAME = "humanitarian"
READS = (
    "strikes.leaked",
    "grid.outage_hours",
    "civilians.killed_today",
    "troops.by_contingent",
    "troops.by_zone",
    "escalation.rung",
    "battlefield.gain_km2",
    "economy.reconstruction_pace",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE = ("humanitarian.evacuation_short_days",)


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def war(setup: Setup) -> bool:
    return setup.scenario.course_of_action.context is Context.WAR


def shares(setup: Setup, field: str) -> list[float]:
    spread = getattr(setup.world.domain("humanitarian"), field).shares
    return [spread.get(zone, 0.0) for zone in setup.zones]


def calm_rate(rate: float, calm: float, danger: float) -> float:
    m = max(calm / rate, 1.0)
    return rate * m / (1.0 + (m - 1.0) * danger)


def by_zone(setup: Setup, troops: list[float], roles: set[Role]) -> list[float]:
    """Troops in the given roles (a contingent's troops split evenly over its roles), by zone."""
    out = [0.0] * len(setup.zones)
    for j, plan in enumerate(setup.contingents):
        out[plan.zone] += troops[j] * plan.share(roles)
    return out


def init(setup: Setup, params: Params) -> State:
    zones = len(setup.zones)
    start = params.get("humanitarian.idps_start", 0.0)
    returnable = start * (1.0 - params.get("humanitarian.idps_occupied_share", 0.0))
    reference = params.get("humanitarian.reference_killed_per_day", 0.0)
    return {
        "humanitarian.idps": [returnable * share for share in shares(setup, "idp_origin")],
        "humanitarian.idps_total": start,
        "humanitarian.refugees": params.get("humanitarian.refugees_start", 0.0),
        "humanitarian.idps_occupied": start - returnable,
        "humanitarian.displaced": [0.0] * zones,
        "humanitarian.returned_idps": 0.0,
        "humanitarian.returned_refugees": 0.0,
        "humanitarian.recent_killed": [reference * share for share in shares(setup, "deaths")],
        "humanitarian.danger": [1.0] * zones,
        "humanitarian.aid_cut": [0.0] * zones,
        "humanitarian.aid_share": [0.0] * zones,
        "humanitarian.aid_delivered": [0.0] * zones,
        "humanitarian.aid_due": [0.0] * zones,
        "humanitarian.evacuation_waiting": [0.0] * zones,
        "humanitarian.evacuation_needed": 0.0,
        "humanitarian.evacuated": 0.0,
        "humanitarian.evacuation_short_days": 0.0,
        "humanitarian.damaged_homes": params.get("humanitarian.damaged_homes_start", 0.0),
        "humanitarian.homes_damaged": 0.0,
        "humanitarian.homes_repaired": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    p = params
    zones = range(len(setup.zones))
    weapons = list(setup.world.arsenal.weapons)
    targets = setup.world.arsenal.target_classes()
    leaked = inputs["strikes.leaked"]
    at_war = war(setup)

    # danger
    remember = 1.0 - math.exp(-1.0 / p["humanitarian.memory_days"])
    reference = [
        p["humanitarian.reference_killed_per_day"] * share for share in shares(setup, "deaths")
    ]
    killed = inputs["civilians.killed_today"]
    recent = [
        r + remember * (killed[z] - r) for z, r in enumerate(state["humanitarian.recent_killed"])
    ]
    danger = [recent[z] / reference[z] for z in zones]
    national = sum(recent) / p["humanitarian.reference_killed_per_day"]

    # homes damaged by strikes, and new displacement
    homes = []
    for z in zones:
        total = 0.0
        for k, weapon in enumerate(weapons):
            for t, target in enumerate(targets):
                per_target = 1.0 if target == "cities" else p["humanitarian.collateral_share"]
                per_hit = p[f"humanitarian.homes_per_leaker.{weapon}"] * per_target
                total += leaked[k][t][z] * per_hit
        homes.append(total)
    outages = inputs["grid.outage_hours"]
    lost_ground = [
        max(inputs["battlefield.gain_km2"], 0.0) * p["humanitarian.displaced_per_km2"]
        if setup.zones[z] == "near_front"
        else 0.0
        for z in zones
    ]
    can_return = [
        0.0
        + homes[z] * p["humanitarian.displaced_per_home"]
        + max(outages[z] - p["humanitarian.outage_threshold_hours"], 0.0)
        * p["humanitarian.outage_displaced_per_hour"]
        for z in zones
    ]
    displaced = [can_return[z] + lost_ground[z] for z in zones]
    abroad = p["humanitarian.abroad_share"]

    # returns
    struck_rung = setup.world.ladder.number("strikes_on_allied_forces")
    hold_back = (
        p["humanitarian.escalation_return_factor"]
        if inputs["escalation.rung"] >= struck_rung
        else 1.0
    )
    gain = p["humanitarian.presence_return_gain"]
    troops = inputs["troops.by_zone"]
    idps, idps_home = [], 0.0
    for z in zones:
        rate = (
            calm_rate(
                p["humanitarian.idp_return_per_year"],
                p["humanitarian.idp_return_per_year_calm"],
                danger[z],
            )
            * (1.0 + gain * math.log10(1.0 + troops[z] / 1000.0))
            * hold_back
            / DAYS_PER_YEAR
        )
        home = state["humanitarian.idps"][z] * -math.expm1(-rate)
        idps_home += home
        idps.append(
            state["humanitarian.idps"][z] - home + (1.0 - abroad) * (displaced[z] - lost_ground[z])
        )
    refugee_rate = (
        calm_rate(
            p["humanitarian.refugee_return_per_year"],
            p["humanitarian.refugee_return_per_year_calm"],
            national,
        )
        * (1.0 + gain * math.log10(1.0 + sum(troops) / 1000.0))
        * hold_back
        / DAYS_PER_YEAR
    )
    refugees_home = state["humanitarian.refugees"] * -math.expm1(-refugee_rate)
    occupied = state["humanitarian.idps_occupied"] + (1.0 - abroad) * sum(lost_ground)
    state["humanitarian.idps"] = idps
    state["humanitarian.idps_occupied"] = occupied
    state["humanitarian.idps_total"] = occupied + sum(idps)
    state["humanitarian.refugees"] = (
        state["humanitarian.refugees"] - refugees_home + abroad * sum(displaced)
    )
    state["humanitarian.displaced"] = [
        a + b for a, b in zip(state["humanitarian.displaced"], displaced, strict=True)
    ]
    state["humanitarian.returned_idps"] += idps_home
    state["humanitarian.returned_refugees"] += refugees_home
    state["humanitarian.recent_killed"] = recent
    state["humanitarian.danger"] = danger

    # aid
    logistics = targets.index("logistics")
    clearing = math.exp(-1.0 / p["humanitarian.aid_recovery_days"])
    aid_troops = by_zone(
        setup, inputs["troops.by_contingent"], {Role.LOGISTICS, Role.ENGINEERING, Role.MEDICAL}
    )
    need = [p["humanitarian.people_in_need"] * share for share in shares(setup, "need")]
    cut, access, share_met = [], [], []
    for z, zone in enumerate(setup.zones):
        hits = sum(leaked[k][logistics][z] for k in range(len(weapons)))
        cut.append(
            state["humanitarian.aid_cut"][z] * clearing
            + p["humanitarian.cut_per_logistics_hit"] * hits
        )
        access.append(math.exp(-cut[z]))
        front = p["humanitarian.front_access"] if at_war and zone == "near_front" else 1.0
        uplift = 1.0 + p["humanitarian.logistics_uplift"] * math.log10(1.0 + aid_troops[z] / 1000.0)
        share_met.append(min(p["humanitarian.coverage"] * front * access[z] * uplift, 1.0))
    due = [n / DAYS_PER_MONTH for n in need]
    state["humanitarian.aid_cut"] = cut
    state["humanitarian.aid_share"] = share_met
    state["humanitarian.aid_delivered"] = [
        state["humanitarian.aid_delivered"][z] + share_met[z] * due[z] for z in zones
    ]
    state["humanitarian.aid_due"] = [state["humanitarian.aid_due"][z] + due[z] for z in zones]

    # evacuation
    new = [p["humanitarian.assisted_share"] * d for d in displaced]
    waiting = [state["humanitarian.evacuation_waiting"][z] + new[z] for z in zones]
    lift = by_zone(setup, inputs["troops.by_contingent"], {Role.LOGISTICS})
    by_allies = [min(waiting[z], p["humanitarian.evacuees_per_troop_day"] * lift[z]) for z in zones]
    rest = [waiting[z] - by_allies[z] for z in zones]
    total = sum(rest)
    weighted = sum(rest[z] * access[z] for z in zones) / total if total > 0 else 1.0
    capacity = p["humanitarian.rail_evacuation_per_day"] * weighted
    served = min(capacity / total if total > 0 else 1.0, 1.0)
    state["humanitarian.evacuation_waiting"] = [r * (1.0 - served) for r in rest]
    state["humanitarian.evacuation_needed"] += sum(new)
    state["humanitarian.evacuated"] += sum(by_allies[z] + rest[z] * served for z in zones)
    state["humanitarian.evacuation_short_days"] += 1.0 if served < 1.0 else 0.0

    # housing
    damaged = sum(homes)
    if at_war:
        damaged += p["humanitarian.frontline_homes_per_day"]
    engineers = sum(by_zone(setup, inputs["troops.by_contingent"], {Role.ENGINEERING}))
    per_day = p["humanitarian.repairs_per_month"] / DAYS_PER_MONTH
    capacity = (
        per_day
        * inputs["economy.reconstruction_pace"]
        * calm_rate(1.0, p["humanitarian.repair_calm_multiplier"], national)
        + p["humanitarian.homes_per_engineer_day"] * engineers
    )
    backlog = state["humanitarian.damaged_homes"] + damaged
    repaired = min(backlog, capacity)
    state["humanitarian.damaged_homes"] = backlog - repaired
    state["humanitarian.homes_damaged"] += damaged
    state["humanitarian.homes_repaired"] += repaired


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    delivered, due = state["humanitarian.aid_delivered"], state["humanitarian.aid_due"]
    out = {
        "humanitarian.idps_end": state["humanitarian.idps_total"],
        "humanitarian.refugees_end": state["humanitarian.refugees"],
        "humanitarian.displaced_end": state["humanitarian.idps_total"]
        + state["humanitarian.refugees"],
        "humanitarian.newly_displaced": sum(state["humanitarian.displaced"]),
        "humanitarian.returned": state["humanitarian.returned_idps"]
        + state["humanitarian.returned_refugees"],
        "humanitarian.aid_share": sum(delivered) / sum(due) if sum(due) > 0 else math.nan,
        "humanitarian.aid_person_months": sum(delivered),
        "humanitarian.evacuated": state["humanitarian.evacuated"],
        "humanitarian.evacuation_short_days": state["humanitarian.evacuation_short_days"],
        "humanitarian.evacuation_waiting_end": sum(state["humanitarian.evacuation_waiting"]),
        "humanitarian.homes_damaged": state["humanitarian.homes_damaged"],
        "humanitarian.homes_repaired": state["humanitarian.homes_repaired"],
        "humanitarian.damaged_homes_end": state["humanitarian.damaged_homes"],
    }
    for z, zone in enumerate(setup.zones):
        out[f"humanitarian.aid_share.{zone}"] = delivered[z] / due[z] if due[z] > 0 else math.nan
        out[f"humanitarian.idps_end.{zone}"] = state["humanitarian.idps"][z]
    return {name: float(value) for name, value in out.items()}
