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

import numpy as np

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
        self.election_days = set(self.election_day.tolist())

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
        ctx.derived["rally_decay"] = (
            0.5 ** (1.0 / ctx.params["opinion.rally_half_life_days"])[:, None]
        )

    def step(self, ctx: StepContext, day: int) -> None:
        s, p = ctx.state, ctx.params
        if not self.setup.countries:
            return
        col = {
            name: p[f"opinion.{name}"][:, None]
            for name in (
                "casualty_slope",
                "cost_slope",
                "drift_per_month",
                "rally_points",
                "withdrawal_patience_days",
                "election_turnover",
            )
        }

        attacked = s["exposure.attacked_today"] | (s["escalation.hybrid_by_country"] > 0)
        rally = s["opinion.rally"] * ctx.derived["rally_decay"]
        rally = np.where(attacked, np.maximum(rally, col["rally_points"]), rally)

        deaths = s["exposure.deaths_by_country"] + s["coordination.deaths_by_country"]
        support = np.log10(1.0 + deaths)
        support *= -col["casualty_slope"]
        support += ctx.derived["baseline"]
        support -= col["cost_slope"] * s["economy.cost_share_gdp"]
        support -= col["drift_per_month"] * (day / DAYS_PER_MONTH)
        support += rally
        np.clip(support, 0.0, 100.0, out=support)

        below = support < ctx.derived["threshold"]
        days_below = np.where(below, s["opinion.days_below"] + 1, 0)
        withdrawn = s["opinion.withdrawn"] | (days_below >= col["withdrawal_patience_days"])
        if day in self.election_days:
            election = (day == self.election_day) & (support < 50.0)
            withdrawn |= election & (ctx.noise["election"] < col["election_turnover"])

        s["opinion.rally"] = rally
        s["opinion.support"] = support
        s["opinion.days_below"] = days_below
        newly = withdrawn & ~s["opinion.withdrawn"]
        if not newly.any():
            return
        s["opinion.withdrawn"] = withdrawn
        first = s["opinion.withdrawal_day"].copy()
        first[newly] = day
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
