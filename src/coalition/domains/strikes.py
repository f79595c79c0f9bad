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

import math

import numpy as np

from coalition.engine.compiled import kernel, ndtri
from coalition.engine.component import ALLOWED, Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Context, RulesOfEngagement
from coalition.world.pack import ParametersPack, World


@kernel
def rounded(expected, u):
    """An integer with mean `expected`: rounded up with probability equal to the fraction."""
    return np.floor(expected + u)


@kernel
def deal_cells(count, cumulative, u, cells):
    """`count` dealt to the cells of one draw by systematic sampling, into `cells`: each cell gets
    floor(count * share) or its ceiling and the cells add up to `count`. `cumulative` are the
    cumulative shares, ending in exactly 1; `u` one uniform. Marks are capped at the count: with
    u a hair below 1, n + u rounds up to n + 1 in floating point."""
    mark_before = 0.0
    for c in range(cumulative.size):
        mark = min(np.floor(count * cumulative[c] + u), count)
        cells[c] = mark - mark_before
        mark_before = mark


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
        arsenal = world.arsenal.weapons.values()
        self.raids = np.array([w.raids_per_month is not None for w in arsenal])
        self.trend = np.array([w.growth_per_month is not None for w in arsenal])
        self.stock_limited = np.array([w.stock_limited for w in arsenal])
        # zone_weight[t, z]: where target class t lies (the Allied row is filled each day)
        self.zone_weight = np.array(
            [[t.zones.get(z, 0.0) for z in self.zones] for t in world.arsenal.targets.values()]
        )
        self.months_at_start = (
            setup.scenario.start_date - world.arsenal.trend_origin
        ).days / DAYS_PER_MONTH
        plans = setup.contingents
        self.fire_units = np.array([float(p.fire_units) for p in plans])
        self.committed = np.array([float(p.troops) for p in plans])
        self.zone_of = np.array([p.zone for p in plans], dtype=int)
        # zones some contingent brings fire units to
        self.defended = np.array(sorted({p.zone for p in plans if p.fire_units > 0}), int)
        self.donations = list(coa.donated_air_defence)
        self.donation_zone = np.array([setup.zones.index(g.zone) for g in self.donations], int)
        self.donation_units = np.array([float(g.fire_units) for g in self.donations])
        self.donation_start = np.array([g.start_day for g in self.donations], dtype=int)
        self.donated = np.unique(self.donation_zone)  # zones given fire units

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
        d["parameters"] = ctx.columns(f"strikes.{name}" for name in StrikesPack.NAMES)
        # (draws, weapons, fields): NaN where a weapon has no trend or flies no raids
        d["weapons"] = np.column_stack(
            [
                p.get(f"strikes.{w}.{field}", np.full(ctx.n, np.nan))
                for w in self.weapons
                for field in _WEAPON_FIELDS
            ]
        ).reshape(ctx.n, len(self.weapons), len(_WEAPON_FIELDS))
        d["weapons"][:, :, RAID_CHANCE] = np.minimum(
            d["weapons"][:, :, RAID_CHANCE] / DAYS_PER_MONTH, 1.0
        )
        weights = ctx.columns(f"strikes.target_share.{t}" for t in self.targets[:-1])
        routine = np.zeros((ctx.n, len(self.targets), len(self.zones)))  # no Allied positions
        routine[:, :-1, :] = (weights / weights.sum(axis=1, keepdims=True))[
            :, :, None
        ] * self.zone_weight
        d["routine_shares"] = routine
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

    def step(self, ctx: StepContext, day: int) -> None:
        s, d, noise = ctx.state, ctx.derived, ctx.noise
        n = ctx.n
        kept = [s[name] for name in _KEPT]
        launched, leaked, *today = s.renew(
            "strikes.launched",
            "strikes.leaked",
            "strikes.allied_intercepted",
            "strikes.fire_units",
            "strikes.allied_stock",
            *_KEPT,
        )
        _step(
            day,
            self.months_at_start + day / DAYS_PER_MONTH,
            self.ceasefire,
            self.may_engage,
            self.struck_rung,
            noise["night"],
            noise["raid"],
            noise["count"],
            noise["split"],
            noise["allied"],
            noise["donated"],
            noise["ukraine"],
            ctx.lagged["escalation.active"][:, self.intensified],
            ctx.lagged["escalation.rung"],
            s["troops.by_contingent"],
            s["troops.by_zone"],
            s["troops.in_theatre"],
            d["parameters"],
            d["weapons"],
            d["routine_shares"],
            d["to_cover"],
            d["interceptors"],
            d["donated_interceptors"],
            self.trend,
            self.raids,
            self.stock_limited,
            self.committed,
            self.fire_units,
            self.zone_of,
            self.defended,
            self.donation_zone,
            self.donation_units,
            self.donation_start,
            self.donated,
            *kept,
            launched.reshape(n, -1),
            leaked.reshape(n, -1),
            *today,
        )

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


_WEAPON_FIELDS = (
    "level_per_month",
    "growth_per_month",
    "midpoint_months",
    "raids_per_month",  # turned into the chance of a raid tonight in `init`
    "ukraine_interception",
    "fire_unit_interception",
    "shots_per_engagement",
    "shot_cost_musd",
    "weapon_cost_musd",
)
(
    LEVEL,
    GROWTH,
    MIDPOINT,
    RAID_CHANCE,
    UKRAINE_INTERCEPTION,
    FIRE_UNIT_INTERCEPTION,
    SHOTS,
    SHOT_COST,
    WEAPON_COST,
) = range(len(_WEAPON_FIELDS))
(
    NIGHT_SIGMA,
    INTENSIFIED_MULTIPLIER,
    CEASEFIRE_FACTOR,
    ALLIED_TARGET_SHARE,
    _INTERCEPTORS_PER_FIRE_UNIT,
    RESUPPLY_PER_FIRE_UNIT_DAY,
) = range(len(StrikesPack.NAMES))
_KEPT = (
    "strikes.present",
    "strikes.stock",
    "strikes.donated_stock",
    "strikes.launched_total",
    "strikes.intercepted_total",
    "strikes.allied_intercepted_total",
    "strikes.largest_night",
    "strikes.stockout_days",
    "strikes.allied_cost_musd",
    "strikes.allied_downed_musd",
    "strikes.donated_intercepted_total",
    "strikes.donated_cost_musd",
)


@kernel
def _cumulate(routine, struck, allied, by_zone, in_theatre, cumulative):
    """Cumulative shares of one draw's launches over the flattened (target class, zone) cells,
    ending in exactly 1 (for `deal_cells`): the routine mix, and once Russia strikes Allied forces
    (`struck`) the routine mix scaled down by `allied` and the last class, Allied positions,
    spread as the troops are."""
    n_t, n_z = routine.shape
    running = 0.0
    for t in range(n_t):
        for z in range(n_z):
            if not struck:
                running += routine[t, z]
            elif t < n_t - 1:
                running += routine[t, z] * (1.0 - allied)
            else:
                running += allied * (by_zone[z] / in_theatre)
            cumulative[t * n_z + z] = running
    cumulative[-1] = 1.0


@kernel
def _engaged(aimed, cover, allied_positions, engage_all, available):
    """Weapons fire units engage in one cell: those aimed at it, times the zone's cover if they
    engage every target or the cell is an Allied position, times the share their stock allows."""
    return aimed * (cover if engage_all or allied_positions else 0.0) * available


@kernel
def _interceptors_fired(aimed, z, cover, engage_all, available, stock_limited, weapon):
    """Interceptors fire units fire in zone `z` at the share `available` of what they engage
    there, over the weapons that draw on their stock (summed target by target within each
    weapon, then weapon by weapon)."""
    n_w, n_z = weapon.shape[0], cover.size
    n_t = aimed.size // (n_w * n_z)
    fired = 0.0
    for k in range(n_w):
        if stock_limited[k]:
            by_weapon = 0.0
            for t in range(n_t):
                engaged = _engaged(
                    aimed[(k * n_t + t) * n_z + z], cover[z], t == n_t - 1, engage_all, available
                )
                by_weapon += engaged * weapon[k, SHOTS]
            fired += by_weapon
    return fired


@kernel
def _fire_units_engage(
    aimed,
    u,
    zones,
    units,
    stock,
    to_cover,
    engage_all,
    stock_limited,
    weapon,
    kills,
    fired,
    used,
    short,
    cover,
    available,
):
    """One layer of fire units in one draw, in `zones` (indices, ascending): in each they cover
    units / units-to-cover of the targets (all of them, or only Allied positions unless
    `engage_all`), engage what is `aimed` there (flattened cells) as far as their `stock` of
    interceptors lasts (only `stock_limited` weapons draw on it), and destroy a share of it.
    Fills what they destroy by cell (`kills`, 0 in other zones), the interceptors they fire by
    weapon (`fired`), the share of each zone's stock they spend (`used`) and whether it fell short
    (`short`); `cover` and `available` are working space by zone."""
    n_w, n_z = weapon.shape[0], cover.size
    n_t = aimed.size // (n_w * n_z)
    used[:] = 0.0
    short[:] = False
    for z in zones:
        cover[z] = min(units[z] / to_cover[z], 1.0)
        wanted = _interceptors_fired(aimed, z, cover, engage_all, 1.0, stock_limited, weapon)
        available[z] = min(stock[z] / wanted if wanted > 0 else 1.0, 1.0)
        short[z] = available[z] < 1.0 and units[z] > 0
        spent = (  # with stock enough, they fire what they wanted
            wanted
            if available[z] == 1.0
            else _interceptors_fired(
                aimed, z, cover, engage_all, available[z], stock_limited, weapon
            )
        )
        used[z] = min(spent / stock[z] if stock[z] > 0 else 0.0, 1.0)
    kills[:] = 0.0
    for k in range(n_w):
        shots = 0.0
        for t in range(n_t):
            for z in zones:
                cell = (k * n_t + t) * n_z + z
                if aimed[cell] == 0.0:  # nothing to destroy or fire at
                    continue
                share = available[z] if stock_limited[k] else 1.0
                engaged = _engaged(aimed[cell], cover[z], t == n_t - 1, engage_all, share)
                kills[cell] = rounded(engaged * weapon[k, FIRE_UNIT_INTERCEPTION], u[cell])
                shots += engaged * weapon[k, SHOTS]
        fired[k] = shots


@kernel
def _step(
    day,
    months,
    ceasefire,
    may_engage,
    struck_rung,
    night_u,
    raid_u,
    count_u,
    split_u,
    allied_u,
    donated_u,
    ukraine_u,
    intensified,
    rung,
    by_contingent,
    by_zone,
    in_theatre,
    p,
    weapons,
    routine,
    to_cover,
    interceptors,
    donated_interceptors,
    trend,
    raids,
    stock_limited,
    committed,
    fire_units,
    zone_of,
    defended,
    donation_zone,
    donation_units,
    donation_start,
    donated_zones,
    present,
    stock,
    donated_stock,
    launched_total,
    intercepted_total,
    allied_total,
    largest_night,
    stockout_days,
    allied_cost,
    allied_downed,
    donated_total,
    donated_cost,
    launched_out,
    leaked_out,
    allied_today_out,
    fire_units_out,
    allied_stock_out,
    present_out,
    stock_out,
    donated_stock_out,
    launched_total_out,
    intercepted_total_out,
    allied_total_out,
    largest_night_out,
    stockout_days_out,
    allied_cost_out,
    allied_downed_out,
    donated_total_out,
    donated_cost_out,
):
    """One night for every draw: each weapon's launches, dealt to (target class, zone) cells
    (flattened, weapon by weapon); Allied fire units, then donated ones, then Ukraine's air
    defence destroy what they can; interceptor stocks move with units, shots and resupply."""
    n, n_w = weapons.shape[0], weapons.shape[1]
    n_t, n_z = routine.shape[1], routine.shape[2]
    cells = n_t * n_z
    cumulative = np.empty(cells)
    stock_by_zone = np.empty(n_z)
    units_by_zone = np.empty(n_z)
    by_allies = np.empty(n_w * cells)
    by_donated = np.empty(n_w * cells)
    left = np.empty(n_w * cells)
    fired = np.empty(n_w)
    used = np.empty(n_z)
    short = np.empty(n_z, dtype=np.bool_)
    donated_short = np.empty(n_z, dtype=np.bool_)
    cover = np.empty(n_z)
    available = np.empty(n_z)
    launched_by_zone = np.empty(n_z)
    leaked_by_zone = np.empty(n_z)
    for i in range(n):
        # tonight's launches of each weapon, dealt to the cells
        sigma = p[i, NIGHT_SIGMA]
        night = math.exp(sigma * ndtri(night_u[i, 0]) - 0.5 * (sigma * sigma))
        struck = rung[i] >= struck_rung and in_theatre[i] > 0
        _cumulate(
            routine[i], struck, p[i, ALLIED_TARGET_SHARE], by_zone[i], in_theatre[i], cumulative
        )
        launched_today = 0.0
        for k in range(n_w):
            per_month = weapons[i, k, LEVEL]
            if trend[k]:
                per_month /= 1.0 + math.exp(
                    -weapons[i, k, GROWTH] * (months - weapons[i, k, MIDPOINT])
                )
            rate = per_month / DAYS_PER_MONTH
            if raids[k]:
                chance = weapons[i, k, RAID_CHANCE]
                rate = rate / chance if raid_u[i, 0] < chance else 0.0
            if intensified[i]:
                rate *= p[i, INTENSIFIED_MULTIPLIER]
            if ceasefire:
                rate *= p[i, CEASEFIRE_FACTOR]
            count = rounded(rate * night, count_u[i, k])
            launched_today += count
            deal_cells(
                count, cumulative, split_u[i, k], launched_out[i, k * cells : (k + 1) * cells]
            )

        # Allied fire units present, in proportion to their contingents' troops in theatre; each
        # unit brings its load of interceptors and takes its share along when it leaves
        resupply = p[i, RESUPPLY_PER_FIRE_UNIT_DAY]
        fire_units_out[i, :] = 0.0
        stock_by_zone[:] = 0.0
        for j in range(zone_of.size):
            share = by_contingent[i, j] / committed[j] if committed[j] > 0 else 0.0
            before = present[i, j]
            kept = share / before if share < before else 1.0
            arrived = max(share - before, 0.0)
            stock_out[i, j] = stock[i, j] * kept + arrived * interceptors[i, j]
            present_out[i, j] = share
            fire_units_out[i, zone_of[j]] += share * fire_units[j]
            stock_by_zone[zone_of[j]] += stock_out[i, j]
        _fire_units_engage(
            launched_out[i],
            allied_u[i],
            defended,
            fire_units_out[i],
            stock_by_zone,
            to_cover[i],
            may_engage,
            stock_limited,
            weapons[i],
            by_allies,
            fired,
            used,
            short,
            cover,
            available,
        )
        cost = 0.0
        for k in range(n_w):
            cost += fired[k] * weapons[i, k, SHOT_COST]
        allied_cost_out[i] = allied_cost[i] + cost
        allied_stock_out[i, :] = 0.0
        for j in range(zone_of.size):
            stock_out[i, j] = (
                stock_out[i, j] * (1.0 - used[zone_of[j]])
                + present_out[i, j] * fire_units[j] * resupply
            )
            allied_stock_out[i, zone_of[j]] += stock_out[i, j]
        for c in range(n_w * cells):
            left[c] = launched_out[i, c] - by_allies[c]

        # fire units donated to Ukraine: whole from their day, with the interceptors they bring
        donated_total_out[i] = donated_total[i]
        donated_cost_out[i] = donated_cost[i]
        if donation_zone.size > 0:
            units_by_zone[:] = 0.0
            stock_by_zone[:] = 0.0
            for g in range(donation_zone.size):
                donated_stock_out[i, g] = donated_stock[i, g]
                if donation_start[g] == day:
                    donated_stock_out[i, g] += donated_interceptors[i, g]
                if donation_start[g] <= day:
                    units_by_zone[donation_zone[g]] += donation_units[g]
                stock_by_zone[donation_zone[g]] += donated_stock_out[i, g]
            _fire_units_engage(
                left,
                donated_u[i],
                donated_zones,
                units_by_zone,
                stock_by_zone,
                to_cover[i],
                True,
                stock_limited,
                weapons[i],
                by_donated,
                fired,
                used,
                donated_short,
                cover,
                available,
            )
            for z in range(n_z):
                short[z] |= donated_short[z]
            for g in range(donation_zone.size):
                given = donation_units[g] if donation_start[g] <= day else 0.0
                donated_stock_out[i, g] = (
                    donated_stock_out[i, g] * (1.0 - used[donation_zone[g]]) + given * resupply
                )
            destroyed = 0.0
            for c in range(n_w * cells):
                destroyed += by_donated[c]
                left[c] -= by_donated[c]
            donated_total_out[i] += destroyed
            cost = 0.0
            for k in range(n_w):
                cost += fired[k] * weapons[i, k, SHOT_COST]
            donated_cost_out[i] += cost

        # Ukraine's own air defence destroys its share of what is left; the rest leak through
        launched_by_zone[:] = 0.0
        leaked_by_zone[:] = 0.0
        allied_today = 0.0
        downed_value = 0.0
        for k in range(n_w):
            downed = 0.0
            for t in range(n_t):
                for z in range(n_z):
                    c = (k * n_t + t) * n_z + z
                    by_ukraine = rounded(
                        left[c] * weapons[i, k, UKRAINE_INTERCEPTION], ukraine_u[i, c]
                    )
                    leaked_out[i, c] = left[c] - by_ukraine
                    launched_by_zone[z] += launched_out[i, c]
                    leaked_by_zone[z] += leaked_out[i, c]
                    downed += by_allies[c]
            allied_today += downed
            downed_value += downed * weapons[i, k, WEAPON_COST]
        for z in range(n_z):
            launched_total_out[i, z] = launched_total[i, z] + launched_by_zone[z]
            intercepted_total_out[i, z] = intercepted_total[i, z] + (
                launched_by_zone[z] - leaked_by_zone[z]
            )
            stockout_days_out[i, z] = stockout_days[i, z] + (1.0 if short[z] else 0.0)
        allied_today_out[i] = allied_today
        allied_total_out[i] = allied_total[i] + allied_today
        largest_night_out[i] = max(largest_night[i], launched_today)
        allied_downed_out[i] = allied_downed[i] + downed_value
