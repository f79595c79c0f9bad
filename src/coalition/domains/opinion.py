"""Public support for the deployment in each contributing country, and the withdrawals it causes.

Support starts from the country's poll baseline for the course of action's context (peacekeeping
after a ceasefire, or sending troops during the war), falls with the log of cumulative own deaths
(Mueller 1973; from enemy and friendly fire alike), with the deployment's running cost as a share
of GDP (the economy component's) and with time, and rallies after attacks on the country's forces
or territory, a rally that decays (Althaus et al. 2011). A government withdraws its contingent
when support stays under its threshold long enough, or loses an election held while support is
under half. The threshold is the lower of an absolute floor and the support the government
started with less a tolerance: a government that deployed against opinion holds on until opinion
turns further against it (Larson 1996 on elite consensus).
"""

from __future__ import annotations

import math

import numpy as np

from coalition.engine.compiled import kernel
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.distributions import Distribution
from coalition.spec.scenario import Context, Mission
from coalition.world.pack import ParametersPack


class OpinionPack(ParametersPack):
    """opinion.yaml: poll baselines by context and country, which context a mission's polls
    describe, and the named parameters."""

    FILE = "opinion.yaml"
    NAMES = (
        "casualty_slope",
        "cost_slope",
        "drift_per_month",
        "rally_points",
        "rally_half_life_days",
        "withdrawal_threshold",
        "withdrawal_tolerance",
        "withdrawal_patience_days",
        "election_turnover",
    )
    baselines: dict[Context, dict[str, Distribution]]
    context_by_mission: dict[Context, dict[Mission, Context]]


class Opinion(Component):
    name = "opinion"
    pack = OpinionPack
    reads = (
        "exposure.deaths_by_country",
        "coordination.deaths_by_country",
        "exposure.attacked_today",
        "escalation.hybrid_by_country",
        "economy.cost_share_gdp",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        world, coa = setup.world, setup.scenario.course_of_action
        self.poll_context = world.domain("opinion").context_by_mission[coa.context][coa.mission]
        self.committed = setup.committed_by_country()
        self.election_day = np.array(
            [setup.day_of(world.contributor(c).next_election) for c in setup.countries], dtype=int
        )

    def owns(self) -> list[Variable]:
        c = len(self.setup.countries)
        return [
            Variable("opinion.support", (c,), "country", record=True),
            Variable("opinion.rally", (c,), "country"),
            Variable("opinion.days_below", (c,), "country"),
            Variable("opinion.withdrawn", (c,), "country", dtype=bool, record=True),
            Variable("opinion.withdrawal_day", (c,), "country", fill=np.nan),
            Variable("opinion.troops_pledged_remaining", record=True),
            Variable("opinion.day_half_withdrawn", fill=np.nan),
        ]

    def parameters(self) -> list[Parameter]:
        world = self.setup.world
        params = self.pack_parameters()
        for code in self.setup.countries:
            actor = world.contributor(code)
            params += [
                Parameter(
                    f"opinion.baseline.{code}",
                    world.domain("opinion").baselines[self.poll_context][code],
                    f"Support (%) in {actor.name} for sending troops "
                    f"({self.poll_context.value} polls)",
                ),
            ]
        return params

    def noise_once(self) -> dict[str, int]:
        return {"election": len(self.setup.countries)}

    def init(self, ctx: StepContext) -> None:
        ctx.state["opinion.troops_pledged_remaining"] = self.committed.sum()
        baseline = ctx.columns(f"opinion.baseline.{c}" for c in self.setup.countries)
        ctx.derived["baseline"] = baseline
        ctx.derived["threshold"] = np.minimum(
            ctx.params["opinion.withdrawal_threshold"][:, None],
            baseline - ctx.params["opinion.withdrawal_tolerance"][:, None],
        )
        ctx.derived["rally_decay"] = 0.5 ** (1.0 / ctx.params["opinion.rally_half_life_days"])
        ctx.derived["parameters"] = ctx.columns(f"opinion.{name}" for name in OpinionPack.NAMES)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        if not self.setup.countries:
            return
        shape = s["opinion.support"].shape
        rally, support, days_below = np.empty(shape), np.empty(shape), np.empty(shape)
        withdrawn = np.empty(shape, dtype=bool)
        newly = _step(
            s["exposure.deaths_by_country"],
            s["coordination.deaths_by_country"],
            s["exposure.attacked_today"],
            s["escalation.hybrid_by_country"],
            s["economy.cost_share_gdp"],
            ctx.noise["election"],
            d["parameters"],
            d["baseline"],
            d["threshold"],
            d["rally_decay"],
            self.election_day,
            LOG_DEATHS,
            day,
            s["opinion.rally"],
            s["opinion.days_below"],
            s["opinion.withdrawn"],
            rally,
            support,
            days_below,
            withdrawn,
        )
        s["opinion.rally"] = rally
        s["opinion.support"] = support
        s["opinion.days_below"] = days_below
        if not newly:
            return
        first = s["opinion.withdrawal_day"].copy()
        first[withdrawn & ~s["opinion.withdrawn"]] = day
        s["opinion.withdrawn"] = withdrawn
        s["opinion.withdrawal_day"] = first
        remaining = np.where(withdrawn, 0.0, self.committed).sum(axis=1)
        s["opinion.troops_pledged_remaining"] = remaining
        half_day = s["opinion.day_half_withdrawn"].copy()
        half_day[np.isnan(half_day) & (remaining <= 0.5 * self.committed.sum())] = day
        s["opinion.day_half_withdrawn"] = half_day

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "opinion.contributors_remaining": "Contributing countries that never withdrew",
            "opinion.troops_pledged_remaining": "Troops pledged by countries that never withdrew",
            "opinion.day_half_withdrawn": "Day countries pledging half the troops had withdrawn",
            "opinion.mean_support_end": "Mean support (%) across contributors on the last day",
        }
        for code in self.setup.countries:
            out[f"opinion.support_end.{code}"] = f"Support (%) in {code} on the last day"
            out[f"opinion.withdrawal_day.{code}"] = f"Day {code} withdrew (NaN: never)"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        support = s["opinion.support"]
        out = {
            "opinion.contributors_remaining": (~s["opinion.withdrawn"]).sum(axis=1).astype(float),
            "opinion.troops_pledged_remaining": s["opinion.troops_pledged_remaining"].copy(),
            "opinion.day_half_withdrawn": s["opinion.day_half_withdrawn"].copy(),
            "opinion.mean_support_end": support.mean(axis=1)
            if support.shape[1]
            else np.full(ctx.n, np.nan),
        }
        for k, code in enumerate(self.setup.countries):
            out[f"opinion.support_end.{code}"] = support[:, k].copy()
            out[f"opinion.withdrawal_day.{code}"] = s["opinion.withdrawal_day"][:, k].copy()
        return out


(
    CASUALTY_SLOPE,
    COST_SLOPE,
    DRIFT_PER_MONTH,
    RALLY_POINTS,
    _RALLY_HALF_LIFE_DAYS,
    _WITHDRAWAL_THRESHOLD,
    _WITHDRAWAL_TOLERANCE,
    WITHDRAWAL_PATIENCE_DAYS,
    ELECTION_TURNOVER,
) = range(len(OpinionPack.NAMES))
LOG_DEATHS = np.log10(1.0 + np.arange(1 << 15))
"""log10(1 + deaths) for whole numbers of deaths, looked up rather than computed (deaths are
counts, and the logarithm is most of the step's work); larger or fractional counts compute it."""
ELECTION_RISK = 50.0  # support (%) under which an election may bring a government that withdraws


@kernel
def _step(
    deaths_exposure,
    deaths_coordination,
    attacked_today,
    hybrid,
    cost_share_gdp,
    election_luck,
    p,
    baseline,
    threshold,
    rally_decay,
    election_day,
    log_table,
    day,
    rally,
    days_below,
    withdrawn,
    rally_out,
    support_out,
    days_below_out,
    withdrawn_out,
):
    """One day of support in each country for every draw: the rally, support, days under the
    threshold and withdrawals (for patience run out or an election lost). Returns whether any
    country withdrew today in any draw."""
    newly = False
    months = day / DAYS_PER_MONTH
    for i in range(rally.shape[0]):
        for k in range(rally.shape[1]):
            rally_k = rally[i, k] * rally_decay[i]
            if attacked_today[i, k] or hybrid[i, k] > 0:
                rally_k = max(rally_k, p[i, RALLY_POINTS])
            deaths = deaths_exposure[i, k] + deaths_coordination[i, k]
            if 0.0 <= deaths < log_table.size and deaths == math.floor(deaths):
                casualties = log_table[int(deaths)]
            else:
                casualties = math.log10(1.0 + deaths)
            support = (
                casualties * -p[i, CASUALTY_SLOPE]
                + baseline[i, k]
                - p[i, COST_SLOPE] * cost_share_gdp[i, k]
                - p[i, DRIFT_PER_MONTH] * months
                + rally_k
            )
            support = min(max(support, 0.0), 100.0)
            below = days_below[i, k] + 1.0 if support < threshold[i, k] else 0.0
            gone = withdrawn[i, k] or below >= p[i, WITHDRAWAL_PATIENCE_DAYS]
            if (
                day == election_day[k]
                and support < ELECTION_RISK
                and election_luck[i, k] < p[i, ELECTION_TURNOVER]
            ):
                gone = True
            rally_out[i, k] = rally_k
            support_out[i, k] = support
            days_below_out[i, k] = below
            withdrawn_out[i, k] = gone
            newly |= gone and not withdrawn[i, k]
    return newly
