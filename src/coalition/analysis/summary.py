"""Key outcomes of a run, as numbers a reader can compare across courses of action.

Continuous outcomes are summarised by their median and 5-95 % range across draws; event outcomes
by the share of draws in which the event happened. Probabilities of extreme events come with their
sensitivity to the assumptions that drive them (see `sensitivity_band`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coalition.engine.results import Results
from coalition.engine.setup import DAYS_PER_MONTH
from coalition.engine.simulate import week_ends


@dataclass(frozen=True)
class KeyOutcome:
    """One line of the summary table."""

    label: str
    column: str
    kind: str  # "quantity": median and 5-95 %; "event": share of draws where the day is set
    scale: float = 1.0  # shown as value * scale (100: a share shown in %)


KEY_OUTCOMES = (
    KeyOutcome("Peak Allied troops in Ukraine", "logistics.peak_troops", "quantity"),
    KeyOutcome("Days until 90 % have arrived", "logistics.day_90pct_arrived", "quantity"),
    KeyOutcome("Zone-days short of supplies", "logistics.shortfall_zone_days", "quantity"),
    KeyOutcome(
        "Zone-days with more troops than beds", "support.housing_over_zone_days", "quantity"
    ),
    KeyOutcome(
        "Days with more wounded than hospital beds", "support.medical_over_days", "quantity"
    ),
    KeyOutcome("Drones and missiles that got through", "strikes.leaked", "quantity"),
    KeyOutcome(
        "Drones and missiles destroyed (%)", "strikes.interception_rate", "quantity", scale=100.0
    ),
    KeyOutcome(
        "Interceptors fired by Allied and donated units (USD million)",
        "strikes.fire_unit_cost_musd",
        "quantity",
    ),
    KeyOutcome(
        "Hours without power a day (mean of zones)", "grid.outage_hours_per_day", "quantity"
    ),
    KeyOutcome("Civilians killed", "civilians.killed", "quantity"),
    KeyOutcome("Allied deaths", "exposure.allied_deaths", "quantity"),
    KeyOutcome("Allied deaths from friendly fire", "coordination.friendly_fire_deaths", "quantity"),
    KeyOutcome("Allied wounded", "exposure.allied_wounded", "quantity"),
    KeyOutcome("Hybrid incidents against Allied states", "escalation.hybrid_incidents", "quantity"),
    KeyOutcome("Highest escalation rung reached (0-10)", "escalation.max_rung", "quantity"),
    KeyOutcome(
        "P(Russia strikes Allied forces)", "escalation.first_day.strikes_on_allied_forces", "event"
    ),
    KeyOutcome("P(sustained direct clash)", "escalation.first_day.direct_clash", "event"),
    KeyOutcome("P(nuclear use)", "escalation.first_day.nuclear_use", "event"),
    KeyOutcome("Humanitarian need met (%)", "humanitarian.aid_share", "quantity", scale=100.0),
    KeyOutcome(
        "Ukrainians displaced at the end (IDPs and refugees)",
        "humanitarian.displaced_end",
        "quantity",
    ),
    KeyOutcome("Cost to contributors (EUR million)", "economy.cost_meur", "quantity"),
    KeyOutcome(
        "Largest contributor's cost (% of its GDP a year)",
        "economy.max_cost_pct_gdp_a_year",
        "quantity",
    ),
    KeyOutcome(
        "Ukraine's GDP against its 2024-25 trend (%)", "economy.ua_output_vs_trend_pct", "quantity"
    ),
    KeyOutcome(
        "Reconstruction needs financed (% of RDNA4's ten years)",
        "economy.reconstruction_share",
        "quantity",
        scale=100.0,
    ),
    KeyOutcome("Highest gas price in Europe (EUR/MWh)", "economy.gas_peak_eur_mwh", "quantity"),
    KeyOutcome(
        "Energy support paid by TTF-priced governments of the pack (EUR million)",
        "economy.europe_energy_support_meur",
        "quantity",
    ),
    KeyOutcome(
        "Contributors still deployed at the end", "opinion.contributors_remaining", "quantity"
    ),
    KeyOutcome(
        "Pledged troops still deployed at the end", "opinion.troops_pledged_remaining", "quantity"
    ),
    KeyOutcome("P(coalition lost half its troops)", "opinion.day_half_withdrawn", "event"),
    KeyOutcome(
        "Mean support in contributing countries at the end (%)",
        "opinion.mean_support_end",
        "quantity",
    ),
    KeyOutcome(
        "Ukrainians ready to endure the war, at the end (%)", "morale.civilian_end", "quantity"
    ),
    KeyOutcome(
        "Ground Russia gained (km²; negative: Ukraine regained)",
        "battlefield.territory_km2",
        "quantity",
    ),
    KeyOutcome(
        "Ukrainians trained by Allied trainers in Ukraine",
        "training.trained_in_country",
        "quantity",
    ),
    KeyOutcome(
        "Interoperability: force trained to Allied procedures (%)",
        "training.interoperability_end",
        "quantity",
    ),
)


@dataclass(frozen=True)
class MonthlyPath:
    """A recorded trajectory shown month by month (summed over its axis if it has one)."""

    label: str
    trajectory: str
    scale: float = 1.0


MONTHLY_PATHS = (
    MonthlyPath("Cost to contributors so far (EUR million)", "economy.cost_meur"),
    MonthlyPath("Ukraine's GDP (the start = 100)", "economy.ua_gdp_index", 100.0),
    MonthlyPath("War-risk premium, Ukrainian ports (% of hull value)", "economy.war_risk_premium"),
    MonthlyPath("Gas price in Europe (EUR/MWh)", "economy.gas_eur_mwh"),
    MonthlyPath("Ground Russia gained so far (km²)", "battlefield.territory_km2"),
    MonthlyPath("Internally displaced people (million)", "humanitarian.idps_total", 1e-6),
    MonthlyPath("Refugees abroad (million)", "humanitarian.refugees", 1e-6),
    MonthlyPath("Interoperability index (%)", "training.interoperability"),
)


def month_end_weeks(horizon: int) -> list[int]:
    """For each month of the horizon, the last recorded week that ends within it."""
    ends = week_ends(horizon)
    months = int(np.ceil(horizon / DAYS_PER_MONTH))
    last_days = [min(int(np.ceil(m * DAYS_PER_MONTH)), horizon) - 1 for m in range(1, months + 1)]
    return [max(w for w, end in enumerate(ends) if end <= day) for day in last_days]


def monthly_paths(results: Results) -> pd.DataFrame:
    """Median and 5-95 % across draws at the end of each month, for each monthly path the run
    recorded: a row per (path, statistic), a column per month."""
    weeks = month_end_weeks(results.scenario.horizon_days)
    rows = {}
    for path in MONTHLY_PATHS:
        if path.trajectory not in results.trajectories:
            continue
        values = results.trajectories[path.trajectory].values.astype(float)
        totals = values.reshape(*values.shape[:2], -1).sum(axis=2)[:, weeks] * path.scale
        p5, p50, p95 = np.percentile(totals, [5, 50, 95], axis=0)
        rows.update({(path.label, "median"): p50, (path.label, "p5"): p5, (path.label, "p95"): p95})
    index = pd.MultiIndex.from_tuples(list(rows), names=["path", "statistic"])
    return pd.DataFrame(
        list(rows.values()), index=index, columns=pd.RangeIndex(1, len(weeks) + 1, name="month")
    )


def describe(results: Results) -> pd.DataFrame:
    """One row per key outcome: median, 5 % and 95 % (quantities) or probability (events)."""
    rows = []
    for key in KEY_OUTCOMES:
        values = results.outcomes[key.column].to_numpy() * key.scale
        if key.kind == "event":
            p = float(np.mean(~np.isnan(values)))
            rows.append({"outcome": key.label, "kind": key.kind, "probability": p})
        else:
            finite = values[~np.isnan(values)]
            if finite.size == 0:
                rows.append({"outcome": key.label, "kind": key.kind})
                continue
            p5, p50, p95 = np.percentile(finite, [5, 50, 95])
            rows.append(
                {
                    "outcome": key.label,
                    "kind": key.kind,
                    "median": p50,
                    "p5": p5,
                    "p95": p95,
                    "share_defined": finite.size / values.size,
                }
            )
    return pd.DataFrame(rows).set_index("outcome")


def by_month(day_of_event: np.ndarray, months: int) -> np.ndarray:
    """P(event happened by the end of month m), m = 1..months, from per-draw event days."""
    ends = np.arange(1, months + 1) * DAYS_PER_MONTH
    happened = ~np.isnan(day_of_event)
    return np.array([np.mean(happened & (day_of_event < end)) for end in ends])


def escalation_by_month(results: Results) -> pd.DataFrame:
    """P(highest rung reached ≥ k by month m): a row per rung, a column per month."""
    months = int(np.ceil(results.scenario.horizon_days / DAYS_PER_MONTH))
    rungs = [
        c.removeprefix("escalation.first_day.")
        for c in results.outcomes
        if c.startswith("escalation.first_day.")
    ]
    table = {
        rung: by_month(results.outcomes[f"escalation.first_day.{rung}"].to_numpy(), months)
        for rung in rungs
    }
    return pd.DataFrame(table, index=pd.RangeIndex(1, months + 1, name="month")).T


def coalition_by_month(results: Results) -> pd.Series:
    """P(the coalition has lost half its pledged troops to withdrawals) by month."""
    months = int(np.ceil(results.scenario.horizon_days / DAYS_PER_MONTH))
    values = by_month(results.outcomes["opinion.day_half_withdrawn"].to_numpy(), months)
    return pd.Series(values, index=pd.RangeIndex(1, months + 1, name="month"))


def sensitivity_band(results: Results, column: str, prefix: str) -> tuple[float, float, float]:
    """P(event) overall, and among the draws whose `prefix*` parameters sit in their lowest and
    highest third (ranked jointly): how far the answer moves with the assumptions behind it."""
    happened = ~np.isnan(results.outcomes[column].to_numpy())
    drivers = [c for c in results.inputs if c.startswith(prefix)]
    score = results.inputs[drivers].rank(pct=True).mean(axis=1).to_numpy()
    low, high = np.quantile(score, [1 / 3, 2 / 3])
    return (
        float(happened.mean()),
        float(happened[score <= low].mean()),
        float(happened[score >= high].mean()),
    )
