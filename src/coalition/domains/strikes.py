"""Russia's nightly long-range strikes on Ukraine, and the Allied and Ukrainian air defence.

Each night Russia launches drones, cruise and ballistic missiles. A weapon's rate is its monthly
level (drones along a logistic trend fitted to the 2024-2025 series, missiles at a level, flown
only on raid nights) times the night's lognormal factor, which makes counts overdispersed and gives
record nights; the "intensified strikes" rung multiplies every rate and a ceasefire cuts them to
its violations. A night's count is its rate rounded up or down at random.

Launches are split over (target class, zone) cells by systematic sampling, so cell counts are
integers that add up to the night's launches: energy, cities, military sites and logistics in
fixed proportions, and Allied positions, spread as the Allied troops are, once Russia strikes
Allied forces. In each zone Allied fire units engage first: they cover a share of the zone's
targets (all of them, or only Allied positions under self-defence rules) as far as their
interceptors last, and destroy a share of what they engage. Fire units donated to Ukraine and
crewed by Ukrainians engage next, the same way, over all targets. Ukraine's existing air defence
then destroys its own share of what is left; the rest leak through. Each interception is the
expected number rounded at random, so intercepted + leaked = launched in every cell, and on the
same random numbers, with Russia's responses held fixed, more interceptors never mean more
leakers (Allied interceptions feed escalation, so over a whole run they may).

Allied interceptor stocks arrive and leave with their units; donated stocks arrive with the
donation. Both are spent at each weapon's shots per engagement and resupplied daily per fire unit.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Context, RulesOfEngagement
from coalition.world.pack import ParametersPack, World


def rounded(expected: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Integers with mean `expected`: rounded up with probability equal to the fraction."""
    return np.floor(expected + u)


def deal(counts: np.ndarray, cumulative: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whole counts dealt to cells by systematic sampling: the cells add up to each count, and a
    cell with share s of n gets floor(n * s) or its ceiling. `cumulative` (draws, cells) are the
    cumulative shares, ending in exactly 1; `u` one uniform per draw. Marks are capped at the
    count: with u a hair below 1, n + u rounds up to n + 1 in floating point."""
    marks = np.minimum(np.floor(counts[:, None] * cumulative + u[:, None]), counts[:, None])
    return np.diff(marks, axis=1, prepend=0.0)


def cumulate(shares: np.ndarray) -> np.ndarray:
    """Cell shares (draws, targets, zones) as cumulative shares over the flattened cells, ending in
    exactly 1 (for `deal`)."""
    cumulative = np.cumsum(shares.reshape(shares.shape[0], -1), axis=1)
    cumulative[:, -1] = 1.0
    return cumulative


class StrikesPack(ParametersPack):
    """strikes.yaml: how nights vary, what the intensified-strikes rung multiplies, and the fire
    units each zone needs to be covered (the weapons and their targets are shared: weapons.yaml)."""

    FILE = "strikes.yaml"
    NAMES = (
        "night_sigma",
        "intensified_multiplier",
        "ceasefire_factor",
        "allied_target_share",
        "interceptors_per_fire_unit",
        "resupply_per_fire_unit_day",
    )
    PER_ZONE = ("fire_units_to_cover",)

    def problems(self, world: World) -> list[str]:
        return [
            f"strikes.yaml: parameters: the model needs fire_units_to_cover.{zone} for zone "
            f"'{zone}'"
            for zone in world.deployable_zones()
            if f"fire_units_to_cover.{zone}" not in self.parameters
        ]


class Strikes(Component):
    name = "strikes"
    pack = StrikesPack
    reads = ("troops.by_contingent", "troops.by_zone", "troops.in_theatre")
    reads_lagged = ("escalation.active", "escalation.rung")

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        world, coa = setup.world, setup.scenario.course_of_action
        self.weapons = list(world.arsenal.weapons)
        self.targets = world.arsenal.target_classes()
        self.zones = list(setup.zones)
        self.intensified = world.ladder.number("intensified_strikes") - 1  # its active column
        self.struck_rung = world.ladder.number("strikes_on_allied_forces")
        self.ceasefire = coa.context is Context.CEASEFIRE
        self.may_engage = coa.rules_of_engagement is not RulesOfEngagement.SELF_DEFENCE
        self.raids = [w.raids_per_month is not None for w in world.arsenal.weapons.values()]
        self.trend = [w.growth_per_month is not None for w in world.arsenal.weapons.values()]
        self.stock_limited = np.array([w.stock_limited for w in world.arsenal.weapons.values()])
        # zone_weight[t, z]: where target class t lies (the Allied row is filled each day)
        self.zone_weight = np.array(
            [[t.zones.get(z, 0.0) for z in self.zones] for t in world.arsenal.targets.values()]
        )
        self.months_at_start = (
            setup.scenario.start_date - world.arsenal.trend_origin
        ).days / DAYS_PER_MONTH
        plans = setup.contingents
        self.fire_units = np.array([float(p.fire_units) for p in plans])
        self.committed = np.array([p.troops for p in plans])
        self.zone_of = np.array([p.zone for p in plans], dtype=int)
        self.defended_zones = sorted({p.zone for p in plans if p.fire_units > 0})
        self.donations = list(coa.donated_air_defence)
        self.donation_zone = np.array([setup.zones.index(g.zone) for g in self.donations], int)
        self.donation_units = np.array([float(g.fire_units) for g in self.donations])
        self.donation_start = np.array([g.start_day for g in self.donations], dtype=int)
        self.donated_zones = sorted(set(self.donation_zone.tolist()))

    def owns(self) -> list[Variable]:
        w, t, z, j = len(self.weapons), len(self.targets), len(self.zones), len(self.fire_units)
        return [
            Variable("strikes.launched", (w, t, z), "zone"),
            Variable("strikes.leaked", (w, t, z), "zone"),
            Variable("strikes.allied_intercepted", record=True),
            Variable("strikes.launched_total", (z,), "zone", record=True),
            Variable("strikes.intercepted_total", (z,), "zone", record=True),
            Variable("strikes.allied_intercepted_total"),
            Variable("strikes.largest_night"),
            Variable("strikes.present", (j,), "contingent"),
            Variable("strikes.fire_units", (z,), "zone"),
            Variable("strikes.stock", (j,), "contingent"),
            Variable("strikes.allied_stock", (z,), "zone", record=True),
            Variable("strikes.stockout_days", (z,), "zone"),
            Variable("strikes.allied_cost_musd"),
            Variable("strikes.allied_downed_musd"),
            Variable("strikes.donated_stock", (len(self.donations),)),
            Variable("strikes.donated_intercepted_total"),
            Variable("strikes.donated_cost_musd"),
        ]

    def parameters(self) -> list[Parameter]:
        arsenal = self.setup.world.arsenal
        params = []
        for name, weapon in arsenal.weapons.items():
            for field, what, allowed in (
                (
                    "level_per_month",
                    "launched in a routine month (the trend's ceiling)",
                    "non_negative",
                ),
                ("growth_per_month", "trend: growth rate a month", "any"),
                ("midpoint_months", "trend: months from the origin to half the ceiling", "any"),
                ("raids_per_month", "raid nights a month", "positive"),
                ("ukraine_interception", "share Ukraine's air defence destroys", "probability"),
                (
                    "fire_unit_interception",
                    "share of those engaged that fire units destroy",
                    "probability",
                ),
                ("shots_per_engagement", "interceptors fired per weapon engaged", "non_negative"),
                (
                    "shot_cost_musd",
                    "cost of one interceptor fired at it (USD million)",
                    "non_negative",
                ),
                ("weapon_cost_musd", "cost of the weapon (USD million)", "non_negative"),
            ):
                default = getattr(weapon, field)
                if default is not None:
                    params.append(
                        Parameter(
                            f"strikes.{name}.{field}",
                            default,
                            f"{weapon.name}: {what}",
                            ALLOWED[allowed],
                        )
                    )
        params += [
            Parameter(
                f"strikes.target_share.{name}",
                target.share,
                f"Weight of {name} among the targets of a night's launches (normalised)",
                ALLOWED["non_negative"],
            )
            for name, target in arsenal.targets.items()
        ]
        params += [
            parameter
            for parameter in self.pack_parameters()
            if not parameter.name.startswith("strikes.fire_units_to_cover.")
            or parameter.name.split(".")[2] in self.zones
        ]
        return params

    def noise(self) -> dict[str, int]:
        w, t, z = len(self.weapons), len(self.targets), len(self.zones)
        return {
            "night": 1,
            "raid": 1,
            "count": w,
            "split": w,
            "allied": w * t * z,
            "donated": w * t * z if self.donations else 0,
            "ukraine": w * t * z,
        }

    def init(self, ctx: StepContext) -> None:
        p, d = ctx.params, ctx.derived
        d["level"] = ctx.columns(f"strikes.{w}.level_per_month" for w in self.weapons)
        for k, w in enumerate(self.weapons):
            if self.raids[k]:
                p_raid = np.minimum(p[f"strikes.{w}.raids_per_month"] / DAYS_PER_MONTH, 1.0)
                d[f"p_raid.{w}"] = p_raid
        for field in ("ukraine_interception", "fire_unit_interception", "shots_per_engagement"):
            d[field] = ctx.columns(f"strikes.{w}.{field}" for w in self.weapons)
        d["shot_cost"] = ctx.columns(f"strikes.{w}.shot_cost_musd" for w in self.weapons)
        d["weapon_cost"] = ctx.columns(f"strikes.{w}.weapon_cost_musd" for w in self.weapons)
        weights = ctx.columns(f"strikes.target_share.{t}" for t in self.targets[:-1])
        routine = np.zeros((ctx.n, len(self.targets), len(self.zones)))  # no Allied positions
        routine[:, :-1, :] = (weights / weights.sum(axis=1, keepdims=True))[
            :, :, None
        ] * self.zone_weight
        d["routine_shares"] = routine
        d["routine_cumulative"] = cumulate(routine)
        d["to_cover"] = ctx.columns(f"strikes.fire_units_to_cover.{z}" for z in self.zones)
        interceptors = np.array(
            [np.nan if q.interceptors is None else q.interceptors for q in self.setup.contingents]
        )
        d["interceptors"] = np.where(
            np.isnan(interceptors),
            self.fire_units * p["strikes.interceptors_per_fire_unit"][:, None],
            interceptors,
        )
        d["donated_interceptors"] = np.zeros((ctx.n, len(self.donations)))
        for g, donation in enumerate(self.donations):
            d["donated_interceptors"][:, g] = (
                p["strikes.interceptors_per_fire_unit"] * donation.fire_units
                if donation.interceptors is None
                else donation.interceptors
            )

    def rates(self, ctx: StepContext, day: int) -> np.ndarray:
        """Tonight's expected launches of each weapon before the night's own factor."""
        p, d = ctx.params, ctx.derived
        months = self.months_at_start + day / DAYS_PER_MONTH
        per_month = d["level"].copy()
        for k, w in enumerate(self.weapons):
            if self.trend[k]:
                growth, midpoint = (
                    p[f"strikes.{w}.growth_per_month"],
                    p[f"strikes.{w}.midpoint_months"],
                )
                per_month[:, k] /= 1.0 + np.exp(-growth * (months - midpoint))
        rate = per_month / DAYS_PER_MONTH
        raid = ctx.noise["raid"][:, 0]
        for k, w in enumerate(self.weapons):
            if self.raids[k]:
                p_raid = d[f"p_raid.{w}"]
                rate[:, k] = np.where(raid < p_raid, rate[:, k] / p_raid, 0.0)
        intensified = ctx.lagged["escalation.active"][:, self.intensified]
        rate *= np.where(intensified, p["strikes.intensified_multiplier"], 1.0)[:, None]
        if self.ceasefire:
            rate *= p["strikes.ceasefire_factor"][:, None]
        return rate

    def cumulative_shares(self, ctx: StepContext) -> np.ndarray:
        """Cumulative share of tonight's launches over the (target class, zone) cells, flattened:
        the routine mix, worked out once, unless Russia strikes Allied forces somewhere."""
        d = ctx.derived
        total = ctx.state["troops.in_theatre"]
        struck = (ctx.lagged["escalation.rung"] >= self.struck_rung) & (total > 0)
        if not struck.any():
            return d["routine_cumulative"]
        allied = np.where(struck, ctx.params["strikes.allied_target_share"], 0.0)
        shares = d["routine_shares"] * (1.0 - allied)[:, None, None]
        troops = ctx.state["troops.by_zone"]
        spread = np.divide(troops, total[:, None], out=np.zeros_like(troops), where=struck[:, None])
        shares[:, -1, :] = allied[:, None] * spread
        return cumulate(shares)

    def step(self, ctx: StepContext, day: int) -> None:
        s, p, d, noise = ctx.state, ctx.params, ctx.derived, ctx.noise
        n_w, n_t, n_z = len(self.weapons), len(self.targets), len(self.zones)

        sigma = p["strikes.night_sigma"]
        night = np.exp(sigma * ndtri(noise["night"][:, 0]) - 0.5 * sigma**2)
        launched_by_weapon = rounded(self.rates(ctx, day) * night[:, None], noise["count"])

        # systematic sampling: cumulative shares times the count, floored at one offset
        cumulative = self.cumulative_shares(ctx)
        launched = np.empty((ctx.n, n_w, n_t * n_z))
        for k in range(n_w):
            launched[:, k] = deal(launched_by_weapon[:, k], cumulative, noise["split"][:, k])
        launched = launched.reshape(ctx.n, n_w, n_t, n_z)

        # Allied fire units present, in proportion to their contingents' troops in theatre
        troops = s["troops.by_contingent"]
        present = np.divide(
            troops, self.committed, out=np.zeros_like(troops), where=self.committed > 0
        )
        units = self.setup.sum_by(present * self.fire_units, "zone")
        s["strikes.fire_units"] = units
        stock = self._stock_moves(ctx, present)
        resupply = p["strikes.resupply_per_fire_unit_day"][:, None]

        def cells(channel: str) -> np.ndarray:
            return noise[channel].reshape(ctx.n, n_w, n_t, n_z)

        by_allies, fired = np.zeros_like(launched), np.zeros((ctx.n, n_w))
        short = np.zeros((ctx.n, n_z), dtype=bool)  # zones whose fire units ran short tonight
        if self.defended_zones:  # only zones some contingent brings fire units to
            zones = self.defended_zones
            kills, fired, used, short[:, zones] = self._fire_units_engage(
                ctx,
                zones,
                launched[..., zones],
                cells("allied")[..., zones],
                units[:, zones],
                self.setup.sum_by(stock, "zone")[:, zones],
                self.may_engage,
            )
            by_allies[..., zones] = kills
            used_share = np.zeros((ctx.n, n_z))
            used_share[:, zones] = used
            stock = stock * (1.0 - used_share[:, self.zone_of])
        s["strikes.stock"] = stock + present * self.fire_units * resupply
        s["strikes.allied_stock"] = self.setup.sum_by(s["strikes.stock"], "zone")
        left = launched - by_allies

        if self.donations:  # Ukrainian-crewed fire units given by the course of action
            zones = self.donated_zones
            given = self.donation_units * (self.donation_start <= day)
            donated = s["strikes.donated_stock"] + d["donated_interceptors"] * (
                self.donation_start == day
            )
            units_by_zone = np.zeros((ctx.n, n_z))
            stock_by_zone = np.zeros((ctx.n, n_z))
            for g, z in enumerate(self.donation_zone):
                units_by_zone[:, z] += given[g]
                stock_by_zone[:, z] += donated[:, g]
            kills, fired_donated, used, donated_short = self._fire_units_engage(
                ctx,
                zones,
                left[..., zones],
                cells("donated")[..., zones],
                units_by_zone[:, zones],
                stock_by_zone[:, zones],
                True,
            )
            short[:, zones] |= donated_short
            used_share = np.zeros((ctx.n, n_z))
            used_share[:, zones] = used
            s["strikes.donated_stock"] = (
                donated * (1.0 - used_share[:, self.donation_zone]) + given * resupply
            )
            s["strikes.donated_intercepted_total"] = s[
                "strikes.donated_intercepted_total"
            ] + kills.sum(axis=(1, 2, 3))
            s["strikes.donated_cost_musd"] = s["strikes.donated_cost_musd"] + (
                fired_donated * d["shot_cost"]
            ).sum(axis=1)
            left = left.copy()
            left[..., zones] -= kills

        s["strikes.stockout_days"] = s["strikes.stockout_days"] + short
        by_ukraine = rounded(left * d["ukraine_interception"][:, :, None, None], cells("ukraine"))
        leaked = left - by_ukraine

        allied_today = by_allies.sum(axis=(1, 2, 3))
        launched_today = launched_by_weapon.sum(axis=1)
        launched_by_zone = launched.sum(axis=(1, 2))
        intercepted_by_zone = launched_by_zone - leaked.sum(axis=(1, 2))
        s["strikes.launched"] = launched
        s["strikes.leaked"] = leaked
        s["strikes.allied_intercepted"] = allied_today
        s["strikes.launched_total"] = s["strikes.launched_total"] + launched_by_zone
        s["strikes.intercepted_total"] = s["strikes.intercepted_total"] + intercepted_by_zone
        s["strikes.allied_intercepted_total"] = s["strikes.allied_intercepted_total"] + allied_today
        s["strikes.largest_night"] = np.maximum(s["strikes.largest_night"], launched_today)
        s["strikes.allied_cost_musd"] = s["strikes.allied_cost_musd"] + (
            fired * d["shot_cost"]
        ).sum(axis=1)
        s["strikes.allied_downed_musd"] = s["strikes.allied_downed_musd"] + (
            by_allies.sum(axis=(2, 3)) * d["weapon_cost"]
        ).sum(axis=1)

    def _fire_units_engage(
        self,
        ctx: StepContext,
        zones: list[int],
        launched: np.ndarray,
        u: np.ndarray,
        units: np.ndarray,
        stock: np.ndarray,
        engage_all: bool,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """One layer of fire units over `zones` (the arrays cover those zones only): what they
        destroy (draws, weapons, targets, zones), the interceptors they fire by weapon, the share
        of each zone's stock they spend, and whether it fell short. `engage_all`: every target,
        or Allied positions only."""
        d = ctx.derived
        cover = np.minimum(units / d["to_cover"][:, zones], 1.0)
        covered = np.zeros((ctx.n, len(self.targets), len(zones)))
        covered[:, -1, :] = cover
        if engage_all:
            covered[:, :, :] = cover[:, None, :]
        wanted = launched * covered[:, None, :, :]
        shots = d["shots_per_engagement"][:, :, None, None]
        shots_wanted = (wanted[:, self.stock_limited] * shots[:, self.stock_limited]).sum(
            axis=(1, 2)
        )
        available = np.minimum(
            np.divide(stock, shots_wanted, out=np.ones_like(stock), where=shots_wanted > 0), 1.0
        )
        engaged = wanted
        engaged[:, self.stock_limited] *= available[:, None, None, :]
        kills = rounded(engaged * d["fire_unit_interception"][:, :, None, None], u)
        fired = engaged * shots
        spent = fired[:, self.stock_limited].sum(axis=(1, 2))
        used = np.minimum(np.divide(spent, stock, out=np.zeros_like(spent), where=stock > 0), 1.0)
        return kills, fired.sum(axis=(2, 3)), used, (available < 1.0) & (units > 0)

    def _stock_moves(self, ctx: StepContext, present: np.ndarray) -> np.ndarray:
        """Interceptor stocks after today's arrivals (each unit brings its load) and departures
        (each takes its share along); `present` is each contingent's share in theatre."""
        stock, before = ctx.state["strikes.stock"], ctx.state["strikes.present"]
        arrived = np.maximum(present - before, 0.0)
        kept = np.divide(present, before, out=np.ones_like(present), where=present < before)
        ctx.state["strikes.present"] = present
        return stock * kept + arrived * ctx.derived["interceptors"]

    def declared_outcomes(self) -> dict[str, str]:
        out = {
            "strikes.launched": "Drones and missiles launched at Ukraine",
            "strikes.intercepted": "Drones and missiles destroyed by air defence",
            "strikes.leaked": "Drones and missiles that got through",
            "strikes.interception_rate": "Share of launches destroyed",
            "strikes.intercepted_by_allies": "Drones and missiles destroyed by Allied units",
            "strikes.largest_night": "Most weapons launched in one night",
            "strikes.allied_interceptor_cost_musd": "Cost of the interceptors Allied units fired "
            "(USD million)",
            "strikes.allied_downed_value_musd": "Cost of the Russian weapons Allied units "
            "destroyed (USD million)",
            "strikes.stockout_zone_days": "Zone-days on which Allied or donated fire units ran "
            "short of interceptors",
            "strikes.intercepted_by_donated": "Drones and missiles destroyed by fire units "
            "donated to Ukraine",
            "strikes.donated_interceptor_cost_musd": "Cost of the interceptors donated fire units "
            "fired (USD million)",
            "strikes.fire_unit_cost_musd": "Cost of the interceptors Allied and donated fire units "
            "fired (USD million)",
        }
        for zone in self.zones:
            out[f"strikes.launched.{zone}"] = f"Weapons launched at targets in {zone}"
            out[f"strikes.intercepted.{zone}"] = f"Weapons destroyed over {zone}"
        return out

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s = ctx.state
        launched = s["strikes.launched_total"]
        intercepted = s["strikes.intercepted_total"]
        total, stopped = launched.sum(axis=1), intercepted.sum(axis=1)
        out = {
            "strikes.launched": total,
            "strikes.intercepted": stopped,
            "strikes.leaked": total - stopped,
            "strikes.interception_rate": np.divide(
                stopped, total, out=np.full_like(total, np.nan), where=total > 0
            ),
            "strikes.intercepted_by_allies": s["strikes.allied_intercepted_total"].copy(),
            "strikes.largest_night": s["strikes.largest_night"].copy(),
            "strikes.allied_interceptor_cost_musd": s["strikes.allied_cost_musd"].copy(),
            "strikes.allied_downed_value_musd": s["strikes.allied_downed_musd"].copy(),
            "strikes.stockout_zone_days": s["strikes.stockout_days"].sum(axis=1),
            "strikes.intercepted_by_donated": s["strikes.donated_intercepted_total"].copy(),
            "strikes.donated_interceptor_cost_musd": s["strikes.donated_cost_musd"].copy(),
            "strikes.fire_unit_cost_musd": s["strikes.allied_cost_musd"]
            + s["strikes.donated_cost_musd"],
        }
        for k, zone in enumerate(self.zones):
            out[f"strikes.launched.{zone}"] = launched[:, k].copy()
            out[f"strikes.intercepted.{zone}"] = intercepted[:, k].copy()
        return out
