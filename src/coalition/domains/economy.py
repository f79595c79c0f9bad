"""The economy of a deployment: what it costs each contributor, what security does to Ukraine's
output and reconstruction, and what escalation does to Europe's gas price and budgets.

Contributors pay, each day, for their troops in Ukraine (cost per troop-year, from national
figures for Afghanistan and French operations abroad), for each soldier moved in or out with the
unit's cargo, and for the interceptors their fire units fire (the strikes component's cost, split
among countries by the fire units each has in Ukraine that day). The deployment's running cost,
troops only, as % of GDP a year is what the publics weigh (opinion reads it). Costs over the run
are set against 2025 defence spending and the Hague pledge of 3.5 % of GDP for core defence.

Ukraine's GDP is its 2024-25 trend (growth compounded continuously) times exp(demand -
disruption). Disruption is output lost to outages above the 2025 level and to drones and missiles
getting through to energy and logistics targets beyond 2025's pace (spread over the following
weeks). Demand is a multiplier on spending in Ukraine beyond 2025's: the force's local spending
and reconstruction above its 2025 pace. Reconstruction is financed at 2025's rate scaled by the
war-risk insurance premium for Ukrainian ports, the market's price of insecurity, which heads for
its 2025 level times factors for a ceasefire, Allied presence and the upper rungs (2023's and
2022's peaks the analogues). All these are differences from 2024-25's conditions: the status quo
departs from the trend only as far as its strikes and outages depart from 2025's.

Europe's gas price (Dutch TTF) heads for a target above its baseline while the draw stands on
economic retaliation or higher, a share of 2022's rise, and falls back with 2022's half-life once
the rung stops. Governments of TTF-priced contributors absorb a share of consumers' extra bill; a
direct clash or worse costs the EU output pro rata of Bloomberg's one-year war scenario.
"""

from __future__ import annotations

import math

import numpy as np

from coalition.engine.compiled import kernel, total, troops_scale
from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_YEAR, Setup
from coalition.spec.scenario import Context, Role
from coalition.world.pack import ParametersPack

CONTRIBUTOR_FIELDS = {
    "cost_meur_per_troop_year": ("cost per deployed soldier a year (EUR million)", "non_negative"),
    "defence_pct_gdp_2025": ("defence spending in 2025 (% of GDP)", "non_negative"),
}
"""Figures of each contributing country, by the field of actors.yaml that holds them."""
MEUR_PER_PCT_OF_BN = 10.0  # 1 % of EUR 1 billion is EUR 10 million


class EconomyPack(ParametersPack):
    FILE = "economy.yaml"
    NAMES = (
        "eur_per_usd",
        "move_keur_per_soldier.combat",
        "move_keur_per_soldier.other",
        "pledge_core_pct_gdp",
        "ua_gdp_usd_bn",
        "ua_growth_pct",
        "reference_outage_hours",
        "outage_loss_pct_per_hour",
        "reference_leakers_per_day",
        "leaker_loss_musd",
        "leaker_memory_days",
        "war_risk_premium_2025",
        "risk_ratio.allied_struck",
        "risk_ratio.clash",
        "risk_ratio.ceasefire",
        "risk_presence_relief",
        "risk_adjust_days",
        "reconstruction_usd_bn_2025",
        "reconstruction_needs_usd_bn",
        "reconstruction_risk_elasticity",
        "local_spend_share",
        "ua_multiplier",
        "gas_baseline_eur_mwh",
        "gas_peak_eur_mwh",
        "gas_shock_share.retaliation",
        "gas_shock_share.war",
        "gas_rise_days",
        "gas_half_life_days",
        "energy_bill_pct_gdp_per_eur_mwh",
        "energy_support_share",
        "eu_gdp_loss_pct_war_year",
    )


class Economy(Component):
    name = "economy"
    pack = EconomyPack
    reads = (
        "troops.by_country",
        "troops.by_contingent",
        "troops.in_theatre",
        "strikes.allied_cost_musd",
        "strikes.leaked",
        "grid.outage_hours",
        "escalation.rung",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        world = setup.world
        ladder = world.ladder
        self.retaliation_rung = ladder.number("economic_retaliation")
        self.struck_rung = ladder.number("strikes_on_allied_forces")
        self.clash_rung = ladder.number("direct_clash")
        self.ceasefire = setup.scenario.course_of_action.context is Context.CEASEFIRE
        targets = world.arsenal.target_classes()
        self.energy, self.logistics = targets.index("energy"), targets.index("logistics")
        plans = setup.contingents
        self.combat = np.array([Role.COMBAT in p.roles for p in plans], dtype=bool)
        self.committed = np.array([p.troops for p in plans])
        self.fire_units = np.array([float(p.fire_units) for p in plans])
        self.ttf = np.array([world.contributor(c).ttf_gas for c in setup.countries], dtype=float)
        self.contingent_country = np.array([p.country for p in plans], dtype=np.intp)

    def owns(self) -> list[Variable]:
        c, j = len(self.setup.countries), len(self.setup.contingents)
        return [
            Variable("economy.cost_share_gdp", (c,), "country", record=True),
            Variable("economy.cost_meur", (c,), "country", record=True),
            Variable("economy.interceptor_meur", (c,), "country"),
            Variable("economy.move_meur", (c,), "country"),
            Variable("economy.energy_support_meur", (c,), "country"),
            Variable("economy.europe_energy_support_meur"),
            Variable("economy.interceptor_musd_seen"),
            Variable("economy.troops_seen", (j,), "contingent"),
            Variable("economy.local_spend_usd_bn"),
            Variable("economy.leakers"),
            Variable("economy.war_risk_premium", record=True),
            Variable("economy.war_risk_premium_peak"),
            Variable("economy.reconstruction_usd_bn", record=True),
            Variable("economy.reconstruction_pace", fill=1.0),
            Variable("economy.ua_gdp_index", fill=1.0, record=True),
            Variable("economy.ua_output"),
            Variable("economy.gas_eur_mwh", record=True),
            Variable("economy.gas_peak"),
            Variable("economy.eu_gdp_loss_pct", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        world = self.setup.world
        params = self.pack_parameters()
        for code in self.setup.countries:
            actor = world.contributor(code)
            params += [
                Parameter(
                    f"economy.{field}.{code}",
                    getattr(actor, field),
                    f"{actor.name}'s {what}",
                    ALLOWED[allowed],
                )
                for field, (what, allowed) in CONTRIBUTOR_FIELDS.items()
            ]
        # every country of the pack has a GDP: Europe's energy support counts all that buy at TTF
        params += [
            Parameter(
                f"economy.gdp_eur_bn.{actor.code}",
                actor.gdp_eur_bn,
                f"{actor.name}'s GDP (EUR billion)",
                ALLOWED["positive"],
            )
            for actor in world.contributors
        ]
        return params

    def init(self, ctx: StepContext) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        d["cost_per_troop_year"] = ctx.columns(
            f"economy.cost_meur_per_troop_year.{c}" for c in self.setup.countries
        )
        d["gdp"] = ctx.columns(f"economy.gdp_eur_bn.{c}" for c in self.setup.countries)
        ttf_priced = [a.code for a in self.setup.world.contributors if a.ttf_gas]
        d["ttf_gdp"] = sum(
            (p[f"economy.gdp_eur_bn.{code}"] for code in ttf_priced), np.zeros(ctx.n)
        )
        d["cost_share_per_troop"] = d["cost_per_troop_year"] / d["gdp"] / MEUR_PER_PCT_OF_BN
        d["move_meur"] = (
            np.where(
                self.combat,
                p["economy.move_keur_per_soldier.combat"][:, None],
                p["economy.move_keur_per_soldier.other"][:, None],
            )
            / 1000.0
        )
        units = self.setup.sum_by(self.fire_units[None, :], "country")[0]
        d["static_units"] = units / units.sum() if units.sum() > 0 else units
        d["remember_leaks"] = 1.0 - np.exp(-1.0 / p["economy.leaker_memory_days"])
        d["risk_adjust"] = 1.0 - np.exp(-1.0 / p["economy.risk_adjust_days"])
        d["gas_rise"] = 1.0 - np.exp(-1.0 / p["economy.gas_rise_days"])
        d["gas_fall"] = 1.0 - 0.5 ** (1.0 / p["economy.gas_half_life_days"])
        s["economy.leakers"] = p["economy.reference_leakers_per_day"]
        s["economy.war_risk_premium"] = p["economy.war_risk_premium_2025"]
        s["economy.war_risk_premium_peak"] = p["economy.war_risk_premium_2025"]
        s["economy.gas_eur_mwh"] = p["economy.gas_baseline_eur_mwh"]
        s["economy.gas_peak"] = p["economy.gas_baseline_eur_mwh"]
        d["parameters"] = ctx.columns(f"economy.{name}" for name in _COLUMNS)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["troops.by_country"],
            s["troops.by_contingent"],
            s["troops.in_theatre"],
            s["strikes.allied_cost_musd"],
            s["strikes.leaked"],
            s["grid.outage_hours"],
            s["escalation.rung"],
            s["economy.troops_seen"],
            s["economy.interceptor_musd_seen"],
            d["parameters"],
            d["cost_per_troop_year"],
            d["cost_share_per_troop"],
            d["move_meur"],
            d["gdp"],
            d["ttf_gdp"],
            d["static_units"],
            d["remember_leaks"],
            d["risk_adjust"],
            d["gas_rise"],
            d["gas_fall"],
            self.contingent_country,
            self.committed,
            self.fire_units,
            self.ttf,
            self.energy,
            self.logistics,
            self.retaliation_rung,
            self.struck_rung,
            self.clash_rung,
            self.ceasefire,
            day,
            *kept,
            *s.renew(*_KEPT, *_FRESH),
        )
        if self.setup.countries:
            s["economy.troops_seen"] = s["troops.by_contingent"]
            s["economy.interceptor_musd_seen"] = s["strikes.allied_cost_musd"]

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "economy.cost_meur": "Cost of the deployment to all contributors (EUR million)",
            "economy.interceptor_cost_meur": "Of which interceptors fired by Allied units "
            "(EUR million)",
            "economy.move_cost_meur": "Of which moving troops in and out (EUR million)",
            "economy.max_cost_pct_gdp_a_year": "Largest contributor's cost (% of its GDP a year)",
            "economy.max_budget_strain_pct_gdp": "Largest contributor's deployment cost and "
            "energy support (% of its GDP a year)",
            "economy.energy_support_meur": "Energy support contributors' governments paid "
            "(EUR million)",
            "economy.europe_energy_support_meur": "Energy support paid by every government in "
            "the world pack that buys gas at the TTF price, contributing or not (EUR million)",
            "economy.ua_growth_pct": "Ukraine's real GDP growth (% a year): output over the run "
            "against as long a stretch before it",
            "economy.ua_output_vs_trend_pct": "Ukraine's GDP over the run against its 2024-25 "
            "trend (%)",
            "economy.ua_gdp_index_end": "Ukraine's GDP on the last day (1 = the start)",
            "economy.ua_stimulus_pct_gdp": "GDP added by the force's spending in Ukraine "
            "(% of Ukraine's GDP over the run)",
            "economy.reconstruction_usd_bn": "Reconstruction financed over the run (USD billion)",
            "economy.reconstruction_share": "Share of the ten-year reconstruction needs (RDNA4) "
            "financed over the run",
            "economy.war_risk_premium_end": "War-risk premium for Ukrainian ports on the last "
            "day (% of hull value)",
            "economy.war_risk_premium_peak": "Highest war-risk premium (% of hull value)",
            "economy.gas_peak_eur_mwh": "Highest TTF gas price (EUR/MWh)",
            "economy.eu_gdp_loss_pct": "EU output lost to a NATO-Russia war (% of a year's GDP)",
        }
        for code in self.setup.countries:
            out |= {
                f"economy.cost_meur.{code}": f"Cost of the deployment to {code} (EUR million)",
                f"economy.cost_pct_gdp_a_year.{code}": f"{code}'s cost (% of GDP a year)",
                f"economy.share_of_defence_spending.{code}": f"{code}'s cost a year as a share "
                "of its 2025 defence spending",
                f"economy.share_of_pledge_gap.{code}": f"{code}'s cost a year as a share of its "
                "gap from 2025 spending to the 3.5 % pledge (NaN: no gap)",
                f"economy.budget_strain_pct_gdp.{code}": f"{code}'s deployment cost and energy "
                "support (% of GDP a year)",
            }
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s, p, d = ctx.state, ctx.params, ctx.derived
        years = self.setup.horizon / DAYS_PER_YEAR
        cost = s["economy.cost_meur"]
        cost_pct = cost / years / d["gdp"] / MEUR_PER_PCT_OF_BN
        strain = (cost + s["economy.energy_support_meur"]) / years / d["gdp"] / MEUR_PER_PCT_OF_BN
        spending = ctx.columns(f"economy.defence_pct_gdp_2025.{c}" for c in self.setup.countries)
        gap = p["economy.pledge_core_pct_gdp"][:, None] - spending
        nan = np.full_like(cost_pct, np.nan)
        of_spending = np.divide(cost_pct, spending, out=nan.copy(), where=spending > 0)
        of_gap = np.divide(cost_pct, gap, out=nan.copy(), where=gap > 0)

        gdp = p["economy.ua_gdp_usd_bn"]
        rate = p["economy.ua_growth_pct"] / 100.0 / DAYS_PER_YEAR
        days = np.arange(self.setup.horizon)
        at_trend = np.exp(rate[:, None] * days).sum(axis=1)  # the run's output at trend
        before = np.exp(-rate[:, None] * (days + 1)).sum(axis=1)  # as long a stretch before it
        growth = (s["economy.ua_output"] / before) ** (1.0 / years) - 1.0

        def widest(values: np.ndarray) -> np.ndarray:
            """The largest contributor's value (NaN without contributors)."""
            return values.max(axis=1) if values.shape[1] else np.full(ctx.n, np.nan)

        out = {
            "economy.cost_meur": cost.sum(axis=1),
            "economy.interceptor_cost_meur": s["economy.interceptor_meur"].sum(axis=1),
            "economy.move_cost_meur": s["economy.move_meur"].sum(axis=1),
            "economy.max_cost_pct_gdp_a_year": widest(cost_pct),
            "economy.max_budget_strain_pct_gdp": widest(strain),
            "economy.energy_support_meur": s["economy.energy_support_meur"].sum(axis=1),
            "economy.europe_energy_support_meur": s["economy.europe_energy_support_meur"].copy(),
            "economy.ua_growth_pct": 100.0 * growth,
            "economy.ua_output_vs_trend_pct": 100.0 * (s["economy.ua_output"] / at_trend - 1.0),
            "economy.ua_gdp_index_end": s["economy.ua_gdp_index"].copy(),
            "economy.ua_stimulus_pct_gdp": 100.0
            * p["economy.ua_multiplier"]
            * s["economy.local_spend_usd_bn"]
            / (gdp * years),
            "economy.reconstruction_usd_bn": s["economy.reconstruction_usd_bn"].copy(),
            "economy.reconstruction_share": s["economy.reconstruction_usd_bn"]
            / p["economy.reconstruction_needs_usd_bn"],
            "economy.war_risk_premium_end": s["economy.war_risk_premium"].copy(),
            "economy.war_risk_premium_peak": s["economy.war_risk_premium_peak"].copy(),
            "economy.gas_peak_eur_mwh": s["economy.gas_peak"].copy(),
            "economy.eu_gdp_loss_pct": s["economy.eu_gdp_loss_pct"].copy(),
        }
        for k, code in enumerate(self.setup.countries):
            out[f"economy.cost_meur.{code}"] = cost[:, k].copy()
            out[f"economy.cost_pct_gdp_a_year.{code}"] = cost_pct[:, k]
            out[f"economy.share_of_defence_spending.{code}"] = of_spending[:, k]
            out[f"economy.share_of_pledge_gap.{code}"] = of_gap[:, k]
            out[f"economy.budget_strain_pct_gdp.{code}"] = strain[:, k]
        return out


_COLUMNS = (
    "eur_per_usd",
    "local_spend_share",
    "gas_baseline_eur_mwh",
    "gas_peak_eur_mwh",
    "gas_shock_share.retaliation",
    "gas_shock_share.war",
    "energy_bill_pct_gdp_per_eur_mwh",
    "energy_support_share",
    "eu_gdp_loss_pct_war_year",
    "risk_ratio.allied_struck",
    "risk_ratio.clash",
    "risk_ratio.ceasefire",
    "risk_presence_relief",
    "war_risk_premium_2025",
    "reconstruction_usd_bn_2025",
    "reconstruction_needs_usd_bn",
    "reconstruction_risk_elasticity",
    "ua_gdp_usd_bn",
    "ua_growth_pct",
    "ua_multiplier",
    "reference_outage_hours",
    "outage_loss_pct_per_hour",
    "reference_leakers_per_day",
    "leaker_loss_musd",
)
"""The parameters the daily step reads, as columns of `derived["parameters"]`: not all of NAMES,
since the rest are read once, in `init` or in the outcomes."""
(
    EUR_PER_USD,
    LOCAL_SPEND_SHARE,
    GAS_BASELINE,
    GAS_PEAK,
    GAS_SHOCK_RETALIATION,
    GAS_SHOCK_WAR,
    ENERGY_BILL_PCT_GDP_PER_EUR_MWH,
    ENERGY_SUPPORT_SHARE,
    EU_GDP_LOSS_PCT_WAR_YEAR,
    RISK_RATIO_ALLIED_STRUCK,
    RISK_RATIO_CLASH,
    RISK_RATIO_CEASEFIRE,
    RISK_PRESENCE_RELIEF,
    WAR_RISK_PREMIUM_2025,
    RECONSTRUCTION_2025,
    RECONSTRUCTION_NEEDS,
    RECONSTRUCTION_RISK_ELASTICITY,
    UA_GDP,
    UA_GROWTH_PCT,
    UA_MULTIPLIER,
    REFERENCE_OUTAGE_HOURS,
    OUTAGE_LOSS_PCT_PER_HOUR,
    REFERENCE_LEAKERS,
    LEAKER_LOSS_MUSD,
) = range(len(_COLUMNS))

_KEPT = (
    "economy.local_spend_usd_bn",
    "economy.cost_meur",
    "economy.move_meur",
    "economy.interceptor_meur",
    "economy.gas_eur_mwh",
    "economy.gas_peak",
    "economy.europe_energy_support_meur",
    "economy.energy_support_meur",
    "economy.eu_gdp_loss_pct",
    "economy.war_risk_premium",
    "economy.war_risk_premium_peak",
    "economy.reconstruction_usd_bn",
    "economy.leakers",
    "economy.ua_output",
)
"""State the step reads as yesterday's and writes anew."""
_FRESH = ("economy.cost_share_gdp", "economy.reconstruction_pace", "economy.ua_gdp_index")
"""State the step writes without reading it."""


@kernel
def _step(
    by_country,
    by_contingent,
    in_theatre,
    allied_cost_musd,
    leaked,
    outage_hours,
    rung,
    troops_seen,
    interceptor_musd_seen,
    p,
    cost_per_troop_year,
    cost_share_per_troop,
    move_meur_per_soldier,
    gdp,
    ttf_gdp,
    static_units,
    remember_leaks,
    risk_adjust,
    gas_rise,
    gas_fall,
    contingent_country,
    committed,
    fire_units,
    ttf,
    energy,
    logistics,
    retaliation_rung,
    struck_rung,
    clash_rung,
    ceasefire,
    day,
    local_spend,
    cost,
    move,
    interceptor,
    gas,
    gas_peak,
    europe_support,
    energy_support,
    eu_gdp_loss,
    premium,
    premium_peak,
    reconstruction,
    leakers,
    ua_output,
    local_spend_out,
    cost_out,
    move_out,
    interceptor_out,
    gas_out,
    gas_peak_out,
    europe_support_out,
    energy_support_out,
    eu_gdp_loss_out,
    premium_out,
    premium_peak_out,
    reconstruction_out,
    leakers_out,
    ua_output_out,
    cost_share_gdp_out,
    pace_out,
    ua_gdp_index_out,
):
    """One day for every draw: what contributors pay, gas and Europe's energy support, the
    war-risk premium and reconstruction, and Ukraine's output."""
    n, weapons, _, zones = leaked.shape
    countries = by_country.shape[1]
    troop_meur = np.empty(countries)  # today's cost of the troops in Ukraine, by country
    move_meur = np.empty(countries)  # today's cost of moving troops in and out
    units = np.empty(countries)  # fire units in Ukraine
    for i in range(n):
        # contributors pay for troops, moves and the interceptors their fire units fire
        fx = p[i, EUR_PER_USD]
        local = 0.0
        if countries > 0:
            move_meur[:] = 0.0
            for j in range(contingent_country.size):
                if by_contingent[i, j] != troops_seen[i, j]:  # moved in or out today
                    moved = abs(by_contingent[i, j] - troops_seen[i, j])
                    move_meur[contingent_country[j]] += moved * move_meur_per_soldier[i, j]
            # interceptors fired today, billed by the fire units each country has in Ukraine
            fired_meur = (allied_cost_musd[i] - interceptor_musd_seen[i]) * fx
            units_total = 0.0
            if fired_meur != 0.0:
                units[:] = 0.0
                for j in range(contingent_country.size):
                    if fire_units[j] > 0 and committed[j] > 0:
                        present = by_contingent[i, j] / committed[j]
                        units[contingent_country[j]] += present * fire_units[j]
                units_total = total(units)
            for k in range(countries):
                troops = by_country[i, k]
                cost_share_gdp_out[i, k] = troops * cost_share_per_troop[i, k]
                troop_meur[k] = troops * cost_per_troop_year[i, k] / DAYS_PER_YEAR
                interceptor_meur = 0.0
                if fired_meur != 0.0:
                    share = units[k] / units_total if units_total > 0 else static_units[k]
                    interceptor_meur = fired_meur * share
                move_out[i, k] = move[i, k] + move_meur[k]
                interceptor_out[i, k] = interceptor[i, k] + interceptor_meur
                cost_out[i, k] = cost[i, k] + troop_meur[k] + move_meur[k] + interceptor_meur
            local = total(troop_meur) * p[i, LOCAL_SPEND_SHARE] / fx / 1000.0
        local_spend_out[i] = local_spend[i] + local

        # gas: towards its target fast, back towards the baseline slowly; Europe's support
        clash = rung[i] >= clash_rung
        baseline = p[i, GAS_BASELINE]
        rise = max(p[i, GAS_PEAK] - baseline, 0.0)
        if clash:
            shock = p[i, GAS_SHOCK_WAR]
        elif rung[i] >= retaliation_rung:
            shock = p[i, GAS_SHOCK_RETALIATION]
        else:
            shock = 0.0
        target = baseline + shock * rise
        speed = gas_rise[i] if target > gas[i] else gas_fall[i]
        price = gas[i] + speed * (target - gas[i])
        gas_out[i] = price
        gas_peak_out[i] = max(gas_peak[i], price)
        bill = p[i, ENERGY_BILL_PCT_GDP_PER_EUR_MWH] * p[i, ENERGY_SUPPORT_SHARE]
        extra = bill * (price - baseline)  # % of GDP a year
        europe = extra * ttf_gdp[i] * MEUR_PER_PCT_OF_BN / DAYS_PER_YEAR
        europe_support_out[i] = europe_support[i] + europe
        for k in range(countries):
            support = extra * gdp[i, k] * ttf[k] * MEUR_PER_PCT_OF_BN / DAYS_PER_YEAR
            energy_support_out[i, k] = energy_support[i, k] + support
        war_loss = p[i, EU_GDP_LOSS_PCT_WAR_YEAR] / DAYS_PER_YEAR if clash else 0.0
        eu_gdp_loss_out[i] = eu_gdp_loss[i] + war_loss

        # war-risk premium, heading for 2025's times security's factors; reconstruction financed
        if clash:
            escalation = p[i, RISK_RATIO_CLASH]
        elif rung[i] >= struck_rung:
            escalation = p[i, RISK_RATIO_ALLIED_STRUCK]
        else:
            escalation = 1.0
        presence = math.exp(-p[i, RISK_PRESENCE_RELIEF] * troops_scale(in_theatre[i]))
        target = p[i, WAR_RISK_PREMIUM_2025] * presence * escalation
        if ceasefire:
            target = target * p[i, RISK_RATIO_CEASEFIRE]
        risk = premium[i] + risk_adjust[i] * (target - premium[i])
        premium_out[i] = risk
        premium_peak_out[i] = max(premium_peak[i], risk)
        pace = p[i, RECONSTRUCTION_2025] * (risk / p[i, WAR_RISK_PREMIUM_2025]) ** (
            -p[i, RECONSTRUCTION_RISK_ELASTICITY]
        )
        financed = reconstruction[i]
        flow = min(pace / DAYS_PER_YEAR, max(p[i, RECONSTRUCTION_NEEDS] - financed, 0.0))
        reconstruction_out[i] = financed + flow
        pace_out[i] = flow * DAYS_PER_YEAR / p[i, RECONSTRUCTION_2025]

        # Ukraine's GDP: the 2024-25 trend times exp(demand - disruption)
        # drones and missiles through to energy and logistics targets: whole numbers, so the
        # sum is exact in any order
        hits = 0.0
        for w in range(weapons):
            for z in range(zones):
                hits += leaked[i, w, energy, z]
            for z in range(zones):
                hits += leaked[i, w, logistics, z]
        recent = leakers[i] + remember_leaks[i] * (hits - leakers[i])
        leakers_out[i] = recent
        ua_gdp = p[i, UA_GDP]
        outage = total(outage_hours[i]) / zones
        disruption = p[i, OUTAGE_LOSS_PCT_PER_HOUR] / 100.0 * (
            outage - p[i, REFERENCE_OUTAGE_HOURS]
        ) + p[i, LEAKER_LOSS_MUSD] * (recent - p[i, REFERENCE_LEAKERS]) * DAYS_PER_YEAR / (
            ua_gdp * 1000.0
        )
        spending = (local + flow) * DAYS_PER_YEAR
        demand = p[i, UA_MULTIPLIER] * (spending - p[i, RECONSTRUCTION_2025]) / ua_gdp
        trend = math.exp(p[i, UA_GROWTH_PCT] / 100.0 / DAYS_PER_YEAR * day)
        index = trend * math.exp(demand - disruption)
        ua_gdp_index_out[i] = index
        ua_output_out[i] = ua_output[i] + index
