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

import numpy as np

from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_YEAR, Setup, troops_scale
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
        self.economic_targets = [targets.index("energy"), targets.index("logistics")]
        plans = setup.contingents
        self.combat = np.array([Role.COMBAT in p.roles for p in plans], dtype=bool)
        self.committed = np.array([p.troops for p in plans])
        self.fire_units = np.array([float(p.fire_units) for p in plans])
        self.ttf = np.array([world.contributor(c).ttf_gas for c in setup.countries], dtype=float)

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

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        fx = p["economy.eur_per_usd"]
        if self.setup.countries:
            troop_meur = self._contributors_pay(ctx)
            local_usd_bn = troop_meur.sum(axis=1) * p["economy.local_spend_share"] / fx / 1000.0
        else:
            local_usd_bn = np.zeros(ctx.n)
        s["economy.local_spend_usd_bn"] = s["economy.local_spend_usd_bn"] + local_usd_bn

        rung = s["escalation.rung"]
        gas = self._gas(ctx, rung)
        excess = gas - p["economy.gas_baseline_eur_mwh"]
        bill = p["economy.energy_bill_pct_gdp_per_eur_mwh"] * p["economy.energy_support_share"]
        europe = bill * excess * d["ttf_gdp"] * MEUR_PER_PCT_OF_BN / DAYS_PER_YEAR
        s["economy.europe_energy_support_meur"] = s["economy.europe_energy_support_meur"] + europe
        if self.setup.countries:
            support = (
                (bill * excess)[:, None] * d["gdp"] * self.ttf * MEUR_PER_PCT_OF_BN / DAYS_PER_YEAR
            )
            s["economy.energy_support_meur"] = s["economy.energy_support_meur"] + support
        s["economy.eu_gdp_loss_pct"] = s["economy.eu_gdp_loss_pct"] + np.where(
            rung >= self.clash_rung, p["economy.eu_gdp_loss_pct_war_year"] / DAYS_PER_YEAR, 0.0
        )

        premium = self._premium(ctx, rung)
        pace = p["economy.reconstruction_usd_bn_2025"] * (
            premium / p["economy.war_risk_premium_2025"]
        ) ** (-p["economy.reconstruction_risk_elasticity"])
        financed = s["economy.reconstruction_usd_bn"]
        flow = np.minimum(
            pace / DAYS_PER_YEAR,
            np.maximum(p["economy.reconstruction_needs_usd_bn"] - financed, 0.0),
        )
        s["economy.reconstruction_usd_bn"] = financed + flow
        s["economy.reconstruction_pace"] = (
            flow * DAYS_PER_YEAR / p["economy.reconstruction_usd_bn_2025"]
        )
        self._ukraine_output(ctx, day, (local_usd_bn + flow) * DAYS_PER_YEAR)

    def _contributors_pay(self, ctx: StepContext) -> np.ndarray:
        """Today's costs by country: troops, moves and interceptors; returns the troops' part."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        troops = s["troops.by_country"]
        s["economy.cost_share_gdp"] = troops * d["cost_share_per_troop"]
        troop_meur = troops * d["cost_per_troop_year"] / DAYS_PER_YEAR

        by_contingent = s["troops.by_contingent"]
        moved = np.abs(by_contingent - s["economy.troops_seen"])
        move_meur = self.setup.sum_by(moved * d["move_meur"], "country")
        s["economy.troops_seen"] = by_contingent
        s["economy.move_meur"] = s["economy.move_meur"] + move_meur

        fired_musd = s["strikes.allied_cost_musd"] - s["economy.interceptor_musd_seen"]
        s["economy.interceptor_musd_seen"] = s["strikes.allied_cost_musd"]
        present = np.divide(
            by_contingent,
            self.committed,
            out=np.zeros_like(by_contingent),
            where=self.committed > 0,
        )
        units = self.setup.sum_by(present * self.fire_units, "country")
        total = units.sum(axis=1)
        share = np.divide(
            units,
            total[:, None],
            out=np.broadcast_to(d["static_units"], units.shape).copy(),
            where=total[:, None] > 0,
        )
        interceptor_meur = (fired_musd * p["economy.eur_per_usd"])[:, None] * share
        s["economy.interceptor_meur"] = s["economy.interceptor_meur"] + interceptor_meur

        s["economy.cost_meur"] = s["economy.cost_meur"] + troop_meur + move_meur + interceptor_meur
        return troop_meur

    def _gas(self, ctx: StepContext, rung: np.ndarray) -> np.ndarray:
        """Today's TTF price: towards its target fast, back towards the baseline slowly."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        baseline = p["economy.gas_baseline_eur_mwh"]
        rise = np.maximum(p["economy.gas_peak_eur_mwh"] - baseline, 0.0)
        shock = np.where(
            rung >= self.clash_rung,
            p["economy.gas_shock_share.war"],
            np.where(rung >= self.retaliation_rung, p["economy.gas_shock_share.retaliation"], 0.0),
        )
        target = baseline + shock * rise
        gas = s["economy.gas_eur_mwh"]
        gas = gas + np.where(target > gas, d["gas_rise"], d["gas_fall"]) * (target - gas)
        s["economy.gas_eur_mwh"] = gas
        s["economy.gas_peak"] = np.maximum(s["economy.gas_peak"], gas)
        return gas

    def _premium(self, ctx: StepContext, rung: np.ndarray) -> np.ndarray:
        """Today's war-risk premium, heading for 2025's times security's factors."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        escalation = np.where(
            rung >= self.clash_rung,
            p["economy.risk_ratio.clash"],
            np.where(rung >= self.struck_rung, p["economy.risk_ratio.allied_struck"], 1.0),
        )
        presence = np.exp(-p["economy.risk_presence_relief"] * troops_scale(s["troops.in_theatre"]))
        target = p["economy.war_risk_premium_2025"] * presence * escalation
        if self.ceasefire:
            target = target * p["economy.risk_ratio.ceasefire"]
        premium = s["economy.war_risk_premium"]
        premium = premium + d["risk_adjust"] * (target - premium)
        s["economy.war_risk_premium"] = premium
        s["economy.war_risk_premium_peak"] = np.maximum(s["economy.war_risk_premium_peak"], premium)
        return premium

    def _ukraine_output(self, ctx: StepContext, day: int, spending_usd_bn: np.ndarray) -> None:
        """Today's GDP index: the 2024-25 trend times exp(demand - disruption)."""
        s, p, d = ctx.state, ctx.params, ctx.derived
        gdp = p["economy.ua_gdp_usd_bn"]
        leaked = s["strikes.leaked"][:, :, self.economic_targets].sum(axis=(1, 2, 3))
        leakers = s["economy.leakers"] + d["remember_leaks"] * (leaked - s["economy.leakers"])
        s["economy.leakers"] = leakers
        disruption = p["economy.outage_loss_pct_per_hour"] / 100.0 * (
            s["grid.outage_hours"].mean(axis=1) - p["economy.reference_outage_hours"]
        ) + p["economy.leaker_loss_musd"] * (
            leakers - p["economy.reference_leakers_per_day"]
        ) * DAYS_PER_YEAR / (gdp * 1000.0)
        demand = (
            p["economy.ua_multiplier"]
            * (spending_usd_bn - p["economy.reconstruction_usd_bn_2025"])
            / gdp
        )
        trend = np.exp(p["economy.ua_growth_pct"] / 100.0 / DAYS_PER_YEAR * day)
        index = trend * np.exp(demand - disruption)
        s["economy.ua_gdp_index"] = index
        s["economy.ua_output"] = s["economy.ua_output"] + index

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
