"""The economy for one draw: contributors' costs, Ukraine's output and reconstruction, Europe's gas
price and budgets.

Each day, for each contributor: troops in Ukraine cost their cost per troop-year / 365.25; every
soldier moved in or out (the change in a contingent's troops in theatre) costs the move cost of a
combat or other contingent; the interceptors Allied units fired today (the rise in the strikes
component's US$ cost, in euros) are split by the fire units each country has in Ukraine (present
troops / committed troops x fire units; the course of action's split if none is present). The
running cost as % of GDP a year is troops x cost per troop-year / GDP / 10.

Gas heads for baseline + shock x (peak - baseline), the shock being the war share during a direct
clash or worse, the retaliation share on economic retaliation or strikes on Allied forces, none
below: it closes 1 - e^(-1/rise_days) of the gap when rising and 1 - 0.5^(1/half_life) when
falling. TTF-priced governments pay energy support of bill x support share x (gas - baseline) % of
GDP a year: each contributor, and all the pack's TTF-priced countries together (Europe's total).
The EU loses its war-year share of GDP pro rata of the days at direct clash or above.

The war-risk premium heads for its 2025 level x e^(-relief x log10(1 + troops / 1,000)) x the
escalation ratio (clash, strikes on Allied forces, or 1) x the ceasefire ratio after a ceasefire,
closing 1 - e^(-1/adjust_days) of the gap. Reconstruction is financed at 2025's pace x
(premium / 2025's)^(-elasticity), until the needs are met. Ukraine's GDP index is
e^(growth x day / 365.25) x e^(demand - disruption): demand is the multiplier x (local spending +
reconstruction, a year, less 2025's reconstruction) / GDP; disruption is the outage loss x (mean
outage - reference) plus the loss per leaker x (exponential average of energy and logistics
leakers - reference) x 365.25 / daily GDP.
"""

from __future__ import annotations

import math

from coalition.engine.setup import Setup
from coalition.spec.scenario import Context, Role

from .values import Noise, Params, State

NAME = "economy"
READS = (
    "troops.by_country",
    "troops.by_contingent",
    "troops.in_theatre",
    "strikes.allied_cost_musd",
    "strikes.leaked",
    "grid.outage_hours",
    "escalation.rung",
)
READS_LAGGED: tuple[str, ...] = ()
DISCRETE: tuple[str, ...] = ()

DAYS_PER_YEAR = 365.25


def channels(setup: Setup) -> dict[str, int]:
    return {}


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def init(setup: Setup, params: Params) -> State:
    countries, contingents = len(setup.countries), len(setup.contingents)
    gas = params.get("economy.gas_baseline_eur_mwh", 0.0)
    premium = params.get("economy.war_risk_premium_2025", 0.0)
    return {
        "economy.cost_share_gdp": [0.0] * countries,
        "economy.cost_meur": [0.0] * countries,
        "economy.interceptor_meur": [0.0] * countries,
        "economy.move_meur": [0.0] * countries,
        "economy.energy_support_meur": [0.0] * countries,
        "economy.europe_energy_support_meur": 0.0,
        "economy.interceptor_musd_seen": 0.0,
        "economy.troops_seen": [0.0] * contingents,
        "economy.local_spend_usd_bn": 0.0,
        "economy.leakers": params.get("economy.reference_leakers_per_day", 0.0),
        "economy.war_risk_premium": premium,
        "economy.war_risk_premium_peak": premium,
        "economy.reconstruction_usd_bn": 0.0,
        "economy.reconstruction_pace": 1.0,
        "economy.ua_gdp_index": 1.0,
        "economy.ua_output": 0.0,
        "economy.gas_eur_mwh": gas,
        "economy.gas_peak": gas,
        "economy.eu_gdp_loss_pct": 0.0,
    }


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    p = params
    fx = p["economy.eur_per_usd"]
    countries = setup.countries

    # contributors' costs
    troop_meur = [0.0] * len(countries)
    cost_share, move_meur = [], [0.0] * len(countries)
    units, static = [0.0] * len(countries), [0.0] * len(countries)
    for k, code in enumerate(countries):
        troops = inputs["troops.by_country"][k]
        cost = p[f"economy.cost_meur_per_troop_year.{code}"]
        cost_share.append(troops * (cost / p[f"economy.gdp_eur_bn.{code}"] / 10.0))
        troop_meur[k] = troops * cost / DAYS_PER_YEAR
    seen = state["economy.troops_seen"]
    for j, plan in enumerate(setup.contingents):
        troops = inputs["troops.by_contingent"][j]
        kind = "combat" if Role.COMBAT in plan.roles else "other"
        move_meur[plan.country] += abs(troops - seen[j]) * (
            p[f"economy.move_keur_per_soldier.{kind}"] / 1000.0
        )
        present = troops / plan.troops if plan.troops > 0 else 0.0
        units[plan.country] += present * plan.fire_units
        static[plan.country] += float(plan.fire_units)
    fired_musd = inputs["strikes.allied_cost_musd"] - state["economy.interceptor_musd_seen"]
    present_units, all_units = sum(units), sum(static)
    if present_units > 0:
        share = [u / present_units for u in units]
    else:
        share = [u / all_units for u in static] if all_units > 0 else static
    interceptor_meur = [fired_musd * fx * s for s in share]

    state["economy.cost_share_gdp"] = cost_share
    state["economy.troops_seen"] = list(inputs["troops.by_contingent"])
    state["economy.interceptor_musd_seen"] = inputs["strikes.allied_cost_musd"]
    state["economy.move_meur"] = [
        a + b for a, b in zip(state["economy.move_meur"], move_meur, strict=True)
    ]
    state["economy.interceptor_meur"] = [
        a + b for a, b in zip(state["economy.interceptor_meur"], interceptor_meur, strict=True)
    ]
    state["economy.cost_meur"] = [
        total + troop_meur[k] + move_meur[k] + interceptor_meur[k]
        for k, total in enumerate(state["economy.cost_meur"])
    ]
    local_usd_bn = sum(troop_meur) * p["economy.local_spend_share"] / fx / 1000.0
    state["economy.local_spend_usd_bn"] += local_usd_bn

    # Europe: gas, energy support, output lost to a NATO-Russia war
    rung = inputs["escalation.rung"]
    baseline = p["economy.gas_baseline_eur_mwh"]
    if rung >= setup.world.ladder.number("direct_clash"):
        shock = p["economy.gas_shock_share.war"]
    elif rung >= setup.world.ladder.number("economic_retaliation"):
        shock = p["economy.gas_shock_share.retaliation"]
    else:
        shock = 0.0
    target = baseline + shock * max(p["economy.gas_peak_eur_mwh"] - baseline, 0.0)
    gas = state["economy.gas_eur_mwh"]
    if target > gas:
        speed = 1.0 - math.exp(-1.0 / p["economy.gas_rise_days"])
    else:
        speed = 1.0 - 0.5 ** (1.0 / p["economy.gas_half_life_days"])
    gas = gas + speed * (target - gas)
    state["economy.gas_eur_mwh"] = gas
    state["economy.gas_peak"] = max(state["economy.gas_peak"], gas)
    bill = p["economy.energy_bill_pct_gdp_per_eur_mwh"] * p["economy.energy_support_share"]
    ttf_gdp = sum(
        p[f"economy.gdp_eur_bn.{actor.code}"] for actor in setup.world.contributors if actor.ttf_gas
    )
    state["economy.europe_energy_support_meur"] += (
        bill * (gas - baseline) * ttf_gdp * 10.0 / DAYS_PER_YEAR
    )
    state["economy.energy_support_meur"] = [
        spent
        + bill
        * (gas - baseline)
        * p[f"economy.gdp_eur_bn.{code}"]
        * float(setup.world.contributor(code).ttf_gas)
        * 10.0
        / DAYS_PER_YEAR
        for spent, code in zip(state["economy.energy_support_meur"], countries, strict=True)
    ]
    if rung >= setup.world.ladder.number("direct_clash"):
        state["economy.eu_gdp_loss_pct"] += p["economy.eu_gdp_loss_pct_war_year"] / DAYS_PER_YEAR

    # Ukraine: war-risk premium, reconstruction, output
    if rung >= setup.world.ladder.number("direct_clash"):
        escalation = p["economy.risk_ratio.clash"]
    elif rung >= setup.world.ladder.number("strikes_on_allied_forces"):
        escalation = p["economy.risk_ratio.allied_struck"]
    else:
        escalation = 1.0
    presence = math.exp(
        -p["economy.risk_presence_relief"] * math.log10(1.0 + inputs["troops.in_theatre"] / 1000.0)
    )
    target = p["economy.war_risk_premium_2025"] * presence * escalation
    if setup.scenario.course_of_action.context is Context.CEASEFIRE:
        target = target * p["economy.risk_ratio.ceasefire"]
    premium = state["economy.war_risk_premium"]
    premium += (1.0 - math.exp(-1.0 / p["economy.risk_adjust_days"])) * (target - premium)
    state["economy.war_risk_premium"] = premium
    state["economy.war_risk_premium_peak"] = max(state["economy.war_risk_premium_peak"], premium)

    pace = p["economy.reconstruction_usd_bn_2025"] * (
        premium / p["economy.war_risk_premium_2025"]
    ) ** (-p["economy.reconstruction_risk_elasticity"])
    financed = state["economy.reconstruction_usd_bn"]
    flow = min(pace / DAYS_PER_YEAR, max(p["economy.reconstruction_needs_usd_bn"] - financed, 0.0))
    state["economy.reconstruction_usd_bn"] = financed + flow
    state["economy.reconstruction_pace"] = (
        flow * DAYS_PER_YEAR / p["economy.reconstruction_usd_bn_2025"]
    )

    gdp = p["economy.ua_gdp_usd_bn"]
    leaked = 0.0
    targets = setup.world.arsenal.target_classes()
    for weapon in inputs["strikes.leaked"]:
        for target_class in ("energy", "logistics"):
            leaked += sum(weapon[targets.index(target_class)])
    remember = 1.0 - math.exp(-1.0 / p["economy.leaker_memory_days"])
    leakers = state["economy.leakers"] + remember * (leaked - state["economy.leakers"])
    state["economy.leakers"] = leakers
    outages = inputs["grid.outage_hours"]
    disruption = p["economy.outage_loss_pct_per_hour"] / 100.0 * (
        sum(outages) / len(outages) - p["economy.reference_outage_hours"]
    ) + p["economy.leaker_loss_musd"] * (
        leakers - p["economy.reference_leakers_per_day"]
    ) * DAYS_PER_YEAR / (gdp * 1000.0)
    spending = (local_usd_bn + flow) * DAYS_PER_YEAR  # USD billion a year
    demand = p["economy.ua_multiplier"] * (spending - p["economy.reconstruction_usd_bn_2025"]) / gdp
    trend = math.exp(p["economy.ua_growth_pct"] / 100.0 / DAYS_PER_YEAR * day)
    index = trend * math.exp(demand - disruption)
    state["economy.ua_gdp_index"] = index
    state["economy.ua_output"] += index


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    p = params
    years = setup.horizon / DAYS_PER_YEAR
    out: dict[str, float] = {}
    cost_pct, strain = [], []
    for k, code in enumerate(setup.countries):
        gdp = p[f"economy.gdp_eur_bn.{code}"]
        cost = state["economy.cost_meur"][k]
        pct = cost / years / gdp / 10.0
        spending = p[f"economy.defence_pct_gdp_2025.{code}"]
        gap = p["economy.pledge_core_pct_gdp"] - spending
        cost_pct.append(pct)
        strain.append((cost + state["economy.energy_support_meur"][k]) / years / gdp / 10.0)
        out[f"economy.cost_meur.{code}"] = cost
        out[f"economy.cost_pct_gdp_a_year.{code}"] = pct
        out[f"economy.share_of_defence_spending.{code}"] = (
            pct / spending if spending > 0 else math.nan
        )
        out[f"economy.share_of_pledge_gap.{code}"] = pct / gap if gap > 0 else math.nan
        out[f"economy.budget_strain_pct_gdp.{code}"] = strain[-1]

    # the run's output at trend, and as long a stretch before it, under 2024-25 conditions
    rate = p["economy.ua_growth_pct"] / 100.0 / DAYS_PER_YEAR
    at_trend = sum(math.exp(rate * d) for d in range(setup.horizon))
    before = sum(math.exp(-rate * d) for d in range(1, setup.horizon + 1))
    gdp = p["economy.ua_gdp_usd_bn"]
    out |= {
        "economy.cost_meur": sum(state["economy.cost_meur"]),
        "economy.interceptor_cost_meur": sum(state["economy.interceptor_meur"]),
        "economy.move_cost_meur": sum(state["economy.move_meur"]),
        "economy.max_cost_pct_gdp_a_year": max(cost_pct) if cost_pct else math.nan,
        "economy.max_budget_strain_pct_gdp": max(strain) if strain else math.nan,
        "economy.energy_support_meur": sum(state["economy.energy_support_meur"]),
        "economy.europe_energy_support_meur": state["economy.europe_energy_support_meur"],
        "economy.ua_growth_pct": 100.0
        * ((state["economy.ua_output"] / before) ** (1.0 / years) - 1.0),
        "economy.ua_output_vs_trend_pct": 100.0 * (state["economy.ua_output"] / at_trend - 1.0),
        "economy.ua_gdp_index_end": state["economy.ua_gdp_index"],
        "economy.ua_stimulus_pct_gdp": 100.0
        * p["economy.ua_multiplier"]
        * state["economy.local_spend_usd_bn"]
        / (gdp * years),
        "economy.reconstruction_usd_bn": state["economy.reconstruction_usd_bn"],
        "economy.reconstruction_share": state["economy.reconstruction_usd_bn"]
        / p["economy.reconstruction_needs_usd_bn"],
        "economy.war_risk_premium_end": state["economy.war_risk_premium"],
        "economy.war_risk_premium_peak": state["economy.war_risk_premium_peak"],
        "economy.gas_peak_eur_mwh": state["economy.gas_peak"],
        "economy.eu_gdp_loss_pct": state["economy.eu_gdp_loss_pct"],
    }
    return {name: float(value) for name, value in out.items()}
