"""Russia's response as a ladder of rungs (after Kahn, *On Escalation*, 1965), each a response
that starts and stops on its own.

The 2022-2025 record shows Russia's responses coming in any order (sabotage waves before any new
mobilisation, nuclear signalling without warnings first), so each rung is an on/off process: an
inactive rung starts with hazard `up * exp(sum of weight * feature)` over the feature rows that
apply to it, an active one stops with hazard `down`. The upper rungs form a chain: a rung with
`after` can only start while that rung is active (no nuclear use without horizontal escalation,
no clash without strikes), and rungs that need Allied troops in Ukraine cannot start without them.
The rung a draw stands on is its highest active rung. Base hazards are the frequencies of such
steps in the 2022-2025 record, so the status quo reproduces it; weights are written assumptions.
Hybrid incidents against Allied states are Poisson counts whose rate rises while the hybrid
campaign is active and with troop numbers.
"""

from __future__ import annotations

import numpy as np

from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.randomness import poisson_from_uniform
from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup, troops_scale
from coalition.spec.scenario import Context, Framing, Role

FEATURES = (
    "troops",  # log10(1 + troops in theatre / 1000)
    "near_front_share",  # share of troops in theatre in the near-front zone
    "combat_share",  # share of troops in theatre in combat roles
    "allied_interceptions",  # log10(1 + Russian weapons Allied air defence destroyed today)
    "casualties_inflicted",  # log10(1 + Russian casualties inflicted by Allied forces)
    "ukrainian_advance",  # log10(1 + km² Ukraine retakes a month, on the month's trend / 100)
    "nato_framing",  # 1 for a NATO-flagged force
    "us_backstop",  # 1 with a US backstop
    "ceasefire",  # 1 when the force deploys after a ceasefire
)


class Escalation(Component):
    name = "escalation"
    reads = (
        "troops.by_contingent",
        "troops.by_zone",
        "troops.in_theatre",
        "exposure.russian_casualties_inflicted",
        "strikes.allied_intercepted",
        "battlefield.trend",
    )

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        ladder = setup.world.ladder
        coa = setup.scenario.course_of_action
        self.rungs = [r.id for r in ladder.rungs]
        self.needs_presence = np.array([r.needs_presence for r in ladder.rungs])
        self.chain = [(k, self.rungs.index(r.after)) for k, r in enumerate(ladder.rungs) if r.after]
        self.hybrid = self.rungs.index("hybrid_campaign")
        # applies[f, k]: feature row f scales the up-hazard of rung k + 1
        self.applies = np.zeros((len(ladder.features), len(self.rungs)))
        for f, row in enumerate(ladder.features):
            self.applies[f, self.rungs.index(row.first) : self.rungs.index(row.last) + 1] = 1.0
        self.feature_of_row = [FEATURES.index(row.feature) for row in ladder.features]
        self.weight_names = [
            f"escalation.weight.{row.feature}.{row.first}-{row.last}" for row in ladder.features
        ]
        plans = setup.contingents
        self.combat = np.array([p.share({Role.COMBAT}) for p in plans])
        self.near_front = setup.zones.index("near_front")
        self.static = {
            "nato_framing": float(coa.framing is Framing.NATO),
            "us_backstop": float(coa.us_backstop),
            "ceasefire": float(coa.context is Context.CEASEFIRE),
        }

    def owns(self) -> list[Variable]:
        k, c = len(self.rungs), len(self.setup.countries)
        return [
            Variable("escalation.active", (k,), "rung", dtype=bool),
            Variable("escalation.rung", dtype=int, record=True),
            Variable("escalation.max_rung", dtype=int),
            Variable("escalation.first_day", (k,), "rung", fill=np.nan),
            Variable("escalation.hybrid_by_country", (c,), "country"),
            Variable("escalation.hybrid_incidents", record=True),
        ]

    def parameters(self) -> list[Parameter]:
        ladder = self.setup.world.ladder
        params = []
        for r in ladder.rungs:
            params.append(
                Parameter(f"escalation.up.{r.id}", r.up, f"Daily hazard that '{r.name}' starts")
            )
            params.append(
                Parameter(
                    f"escalation.down.{r.id}",
                    r.down,
                    f"Daily hazard that '{r.name}' stops",
                )
            )
        for row, name in zip(ladder.features, self.weight_names, strict=True):
            params.append(
                Parameter(
                    name,
                    row.weight,
                    f"Log-hazard weight of {row.feature} on rungs {row.first} to {row.last}",
                )
            )
        hybrid = ladder.hybrid
        params += [
            Parameter(
                "escalation.hybrid.incidents_per_year",
                hybrid.incidents_per_year,
                "Russian sabotage and subversion attacks in Europe a year, status quo",
            ),
            Parameter(
                "escalation.hybrid.campaign_multiplier",
                hybrid.campaign_multiplier,
                "Factor on hybrid incidents once the hybrid-campaign rung is reached",
            ),
            Parameter(
                "escalation.hybrid.troops_weight",
                hybrid.troops_weight,
                "Log-rate weight of troops in theatre on hybrid incidents",
            ),
        ]
        for code in self.setup.countries:
            params.append(
                Parameter(
                    f"escalation.hybrid.target_share.{code}",
                    self.setup.world.contributor(code).hybrid_target_share,
                    f"Share of hybrid attacks aimed at {code}",
                )
            )
        return params

    def noise(self) -> dict[str, int]:
        return {"ladder": len(self.rungs), "hybrid": len(self.setup.countries) + 1}

    def features(self, ctx: StepContext) -> np.ndarray:
        """Today's feature values, shape (draws, len(FEATURES))."""
        s = ctx.state
        total = s["troops.in_theatre"]
        by_contingent = s["troops.by_contingent"]
        present = np.maximum(total, 1.0)
        columns = {
            "troops": troops_scale(total),
            "near_front_share": s["troops.by_zone"][:, self.near_front] / present,
            "combat_share": (by_contingent * self.combat).sum(axis=1) / present,
            "allied_interceptions": np.log10(1.0 + s["strikes.allied_intercepted"]),
            "casualties_inflicted": np.log10(1.0 + s["exposure.russian_casualties_inflicted"]),
            "ukrainian_advance": np.log10(
                1.0 + np.maximum(-s["battlefield.trend"] * DAYS_PER_MONTH, 0.0) / 100.0
            ),
            "nato_framing": np.full(ctx.n, self.static["nato_framing"]),
            "us_backstop": np.full(ctx.n, self.static["us_backstop"]),
            "ceasefire": np.full(ctx.n, self.static["ceasefire"]),
        }
        return np.column_stack([columns[f] for f in FEATURES])

    def init(self, ctx: StepContext) -> None:
        p, countries = ctx.params, self.setup.countries
        ctx.derived["weights"] = ctx.columns(self.weight_names)
        ctx.derived["up"] = ctx.columns(f"escalation.up.{r}" for r in self.rungs)
        down = ctx.columns(f"escalation.down.{r}" for r in self.rungs)
        ctx.derived["p_stop"] = 1.0 - np.exp(-down)
        shares = [p[f"escalation.hybrid.target_share.{c}"] for c in countries]
        rest_of_europe = np.maximum(1.0 - sum(shares, np.zeros(ctx.n)), 0.0)
        ctx.derived["shares"] = np.column_stack([*shares, rest_of_europe])

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, derived = ctx.state, ctx.params, ctx.derived
        n_rungs = len(self.rungs)
        x = self.features(ctx)
        # summed row by row, not by a matrix product, so that no chunk size changes a bit
        log_multiplier = np.zeros((ctx.n, n_rungs))
        for row, feature in enumerate(self.feature_of_row):
            log_multiplier += (derived["weights"][:, row] * x[:, feature])[:, None] * self.applies[
                row
            ]
        up = derived["up"] * np.exp(log_multiplier)

        active = s["escalation.active"]
        may_start = ~active
        may_start[:, self.needs_presence] &= (s["troops.in_theatre"] > 0)[:, None]
        for k, after in self.chain:
            may_start[:, k] &= active[:, after]
        u = ctx.noise["ladder"]
        active = np.where(active, u >= derived["p_stop"], may_start & (u < 1.0 - np.exp(-up)))
        # the rung a draw stands on: its highest active rung (0: the status quo)
        rung = np.where(active.any(axis=1), n_rungs - np.argmax(active[:, ::-1], axis=1), 0)
        s["escalation.active"] = active
        s["escalation.rung"] = rung
        s["escalation.max_rung"] = np.maximum(s["escalation.max_rung"], rung)
        first = s["escalation.first_day"].copy()
        reached = (np.arange(1, n_rungs + 1) <= rung[:, None]) & np.isnan(first)
        first[reached] = day
        s["escalation.first_day"] = first

        rate = (
            p["escalation.hybrid.incidents_per_year"]
            / DAYS_PER_YEAR
            * np.where(active[:, self.hybrid], p["escalation.hybrid.campaign_multiplier"], 1.0)
            * np.exp(p["escalation.hybrid.troops_weight"] * x[:, FEATURES.index("troops")])
        )
        counts = poisson_from_uniform(ctx.noise["hybrid"], rate[:, None] * derived["shares"])
        s["escalation.hybrid_by_country"] = counts[:, :-1]
        s["escalation.hybrid_incidents"] = s["escalation.hybrid_incidents"] + counts.sum(axis=1)

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "escalation.max_rung": "Highest rung reached (0: the status quo, 10: nuclear use)",
            "escalation.final_rung": "Rung on the last day",
            "escalation.hybrid_incidents": "Hybrid incidents against Allied states and Europe",
        }
        for rung in self.setup.world.ladder.rungs:
            out[f"escalation.first_day.{rung.id}"] = (
                f"First day the highest rung reached was '{rung.name}' or above (NaN: never)"
            )
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        out = {
            "escalation.max_rung": s["escalation.max_rung"].astype(float),
            "escalation.final_rung": s["escalation.rung"].astype(float),
            "escalation.hybrid_incidents": s["escalation.hybrid_incidents"].copy(),
        }
        for k, rung in enumerate(self.rungs):
            out[f"escalation.first_day.{rung}"] = s["escalation.first_day"][:, k].copy()
        return out
