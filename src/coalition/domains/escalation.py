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

import math

import numpy as np

from coalition.engine.compiled import PLAIN_ZERO_MARGIN, kernel, poisson, total, troops_scale
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup
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
        self.needs_presence = np.array([r.needs_presence for r in ladder.rungs], dtype=bool)
        # after[k]: the rung that must be active for rung k + 1 to start (-1: none)
        self.after = np.array(
            [self.rungs.index(r.after) if r.after else -1 for r in ladder.rungs], dtype=int
        )
        self.hybrid = self.rungs.index("hybrid_campaign")
        # applies[f, k]: feature row f scales the up-hazard of rung k + 1
        self.applies = np.zeros((len(ladder.features), len(self.rungs)))
        for f, row in enumerate(ladder.features):
            self.applies[f, self.rungs.index(row.first) : self.rungs.index(row.last) + 1] = 1.0
        self.feature_of_row = np.array(
            [FEATURES.index(row.feature) for row in ladder.features], dtype=int
        )
        self.weight_names = [
            f"escalation.weight.{row.feature}.{row.first}-{row.last}" for row in ladder.features
        ]
        plans = setup.contingents
        self.combat = np.array([p.share({Role.COMBAT}) for p in plans])
        self.near_front = setup.zones.index("near_front")
        self.nato_framing = float(coa.framing is Framing.NATO)
        self.us_backstop = float(coa.us_backstop)
        self.ceasefire = float(coa.context is Context.CEASEFIRE)

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

    def init(self, ctx: StepContext) -> None:
        p, countries = ctx.params, self.setup.countries
        ctx.derived["weights"] = ctx.columns(self.weight_names)
        ctx.derived["up"] = ctx.columns(f"escalation.up.{r}" for r in self.rungs)
        down = ctx.columns(f"escalation.down.{r}" for r in self.rungs)
        ctx.derived["p_stop"] = 1.0 - np.exp(-down)
        shares = [p[f"escalation.hybrid.target_share.{c}"] for c in countries]
        rest_of_europe = np.maximum(1.0 - sum(shares, np.zeros(ctx.n)), 0.0)
        ctx.derived["shares"] = np.column_stack([*shares, rest_of_europe])
        ctx.derived["hybrid"] = ctx.columns(f"escalation.hybrid.{name}" for name in _HYBRID)

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        n, n_rungs = ctx.n, len(self.rungs)
        active = np.empty((n, n_rungs), dtype=bool)
        rung = np.empty(n, dtype=int)
        max_rung = np.empty(n, dtype=int)
        first_day = np.empty((n, n_rungs))
        hybrid_by_country = np.empty((n, len(self.setup.countries)))
        hybrid_incidents = np.empty(n)
        _step(
            s["troops.by_contingent"],
            s["troops.by_zone"][:, self.near_front],
            s["troops.in_theatre"],
            s["exposure.russian_casualties_inflicted"],
            s["strikes.allied_intercepted"],
            s["battlefield.trend"],
            ctx.noise["ladder"],
            ctx.noise["hybrid"],
            d["weights"],
            d["up"],
            d["p_stop"],
            d["shares"],
            d["hybrid"],
            self.combat,
            self.feature_of_row,
            self.applies,
            self.needs_presence,
            self.after,
            self.hybrid,
            self.nato_framing,
            self.us_backstop,
            self.ceasefire,
            float(day),
            s["escalation.active"],
            s["escalation.max_rung"],
            s["escalation.first_day"],
            s["escalation.hybrid_incidents"],
            active,
            rung,
            max_rung,
            first_day,
            hybrid_by_country,
            hybrid_incidents,
        )
        s["escalation.active"] = active
        s["escalation.rung"] = rung
        s["escalation.max_rung"] = max_rung
        s["escalation.first_day"] = first_day
        s["escalation.hybrid_by_country"] = hybrid_by_country
        s["escalation.hybrid_incidents"] = hybrid_incidents

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


(
    TROOPS,
    NEAR_FRONT_SHARE,
    COMBAT_SHARE,
    ALLIED_INTERCEPTIONS,
    CASUALTIES_INFLICTED,
    UKRAINIAN_ADVANCE,
    NATO_FRAMING,
    US_BACKSTOP,
    CEASEFIRE,
) = range(len(FEATURES))
_HYBRID = ("incidents_per_year", "campaign_multiplier", "troops_weight")
INCIDENTS_PER_YEAR, CAMPAIGN_MULTIPLIER, TROOPS_WEIGHT = range(len(_HYBRID))


@kernel
def _step(
    by_contingent,
    near_front,
    in_theatre,
    casualties_inflicted,
    allied_intercepted,
    trend,
    ladder_noise,
    hybrid_noise,
    weights,
    up,
    p_stop,
    shares,
    hybrid,
    combat,
    feature_of_row,
    applies,
    needs_presence,
    after,
    hybrid_rung,
    nato_framing,
    us_backstop,
    ceasefire,
    day,
    active,
    max_rung,
    first_day,
    hybrid_incidents,
    active_out,
    rung_out,
    max_rung_out,
    first_day_out,
    hybrid_out,
    hybrid_incidents_out,
):
    """One day of the ladder for every draw: today's features, each rung starting (an inactive one
    allowed to, with its up-hazard scaled by the features) or stopping, the rung the draw stands
    on, and the hybrid incidents by country."""
    rows, n_rungs = applies.shape
    countries = hybrid_out.shape[1]
    x = np.empty(len(FEATURES))
    combat_troops = np.empty(combat.size)
    weighted = np.empty(rows)
    counts = np.empty(countries + 1)
    x[NATO_FRAMING] = nato_framing
    x[US_BACKSTOP] = us_backstop
    x[CEASEFIRE] = ceasefire
    for i in range(in_theatre.size):
        present = max(in_theatre[i], 1.0)
        for j in range(combat.size):
            combat_troops[j] = by_contingent[i, j] * combat[j]
        x[TROOPS] = troops_scale(in_theatre[i])
        x[NEAR_FRONT_SHARE] = near_front[i] / present
        x[COMBAT_SHARE] = total(combat_troops) / present
        x[ALLIED_INTERCEPTIONS] = math.log10(1.0 + allied_intercepted[i])
        x[CASUALTIES_INFLICTED] = math.log10(1.0 + casualties_inflicted[i])
        x[UKRAINIAN_ADVANCE] = math.log10(1.0 + max(-trend[i] * DAYS_PER_MONTH, 0.0) / 100.0)
        for row in range(rows):
            weighted[row] = weights[i, row] * x[feature_of_row[row]]

        rung = 0
        for k in range(n_rungs):
            u = ladder_noise[i, k]
            if active[i, k]:
                active_out[i, k] = u >= p_stop[i, k]
            elif (needs_presence[k] and not in_theatre[i] > 0) or (
                after[k] >= 0 and not active[i, after[k]]
            ):
                active_out[i, k] = False
            else:
                # summed row by row, as the rows of the ladder's features are listed
                log_multiplier = 0.0
                for row in range(rows):
                    log_multiplier += weighted[row] * applies[row, k]
                hazard = up[i, k] * math.exp(log_multiplier)
                # 1 - e^-hazard <= hazard: a uniform above the hazard (by more than rounding)
                # does not start the rung, and needs no exponential
                plainly_not = u >= hazard + PLAIN_ZERO_MARGIN
                active_out[i, k] = not plainly_not and u < 1.0 - math.exp(-hazard)
            if active_out[i, k]:
                rung = k + 1  # the rung a draw stands on: its highest active rung
        rung_out[i] = rung
        max_rung_out[i] = max(max_rung[i], rung)
        for k in range(n_rungs):
            reached = k + 1 <= rung and math.isnan(first_day[i, k])
            first_day_out[i, k] = day if reached else first_day[i, k]

        rate = (
            hybrid[i, INCIDENTS_PER_YEAR]
            / DAYS_PER_YEAR
            * (hybrid[i, CAMPAIGN_MULTIPLIER] if active_out[i, hybrid_rung] else 1.0)
            * math.exp(hybrid[i, TROOPS_WEIGHT] * x[TROOPS])
        )
        for c in range(countries + 1):
            counts[c] = poisson(hybrid_noise[i, c], rate * shares[i, c])
        for c in range(countries):
            hybrid_out[i, c] = counts[c]
        hybrid_incidents_out[i] = hybrid_incidents[i] + total(counts)
