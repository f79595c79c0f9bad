"""Russia's strikes and the air defence that meets them, for one draw.

Tonight's rate of each weapon is its monthly level (along its logistic trend, if it has one) over
the days of a month, all of it on raid nights for weapons that fly in raids, times the intensified
rung's factor and, after a ceasefire, the violations' share; times the night's lognormal factor.
The count is that rounded up or down at random. Launches are dealt to (target, zone) cells by
systematic sampling. In each cell Allied units engage the share their fire units cover while their
interceptors last and destroy a share of those; fire units donated to Ukraine do the same with
what is left; Ukraine's existing air defence destroys its share of the rest; the rest leak through.
"""

from __future__ import annotations

import math

from scipy.special import ndtri

from coalition.engine.setup import DAYS_PER_MONTH, Setup
from coalition.spec.scenario import Context, RulesOfEngagement

from .values import Noise, Params, State

NAME = "strikes"
READS = ("troops.by_contingent", "troops.by_zone", "troops.in_theatre")
READS_LAGGED = ("escalation.active", "escalation.rung")
DISCRETE = (
    "strikes.launched",
    "strikes.leaked",
    "strikes.allied_intercepted",
    "strikes.launched_total",
    "strikes.intercepted_total",
    "strikes.allied_intercepted_total",
    "strikes.largest_night",
    "strikes.stockout_days",
    "strikes.donated_intercepted_total",
)


def weapons(setup: Setup) -> list[str]:
    return list(setup.world.arsenal.weapons)


def targets(setup: Setup) -> list[str]:
    return setup.world.arsenal.target_classes()


def channels(setup: Setup) -> dict[str, int]:
    w, t, z = len(weapons(setup)), len(targets(setup)), len(setup.zones)
    return {
        "night": 1,
        "raid": 1,
        "count": w,
        "split": w,
        "allied": w * t * z,
        "donated": w * t * z if setup.scenario.course_of_action.donated_air_defence else 0,
        "ukraine": w * t * z,
    }


def channels_once(setup: Setup) -> dict[str, int]:
    return {}


def interceptors(setup: Setup, params: Params) -> list[float]:
    """Each contingent's interceptors: as the scenario says, or a basic load per fire unit."""
    return [
        plan.fire_units * params["strikes.interceptors_per_fire_unit"]
        if plan.interceptors is None
        else float(plan.interceptors)
        for plan in setup.contingents
    ]


def init(setup: Setup, params: Params) -> State:
    w, t, z, j = len(weapons(setup)), len(targets(setup)), len(setup.zones), len(setup.contingents)
    return {
        "strikes.launched": [[[0.0] * z for _ in range(t)] for _ in range(w)],
        "strikes.leaked": [[[0.0] * z for _ in range(t)] for _ in range(w)],
        "strikes.allied_intercepted": 0.0,
        "strikes.launched_total": [0.0] * z,
        "strikes.intercepted_total": [0.0] * z,
        "strikes.allied_intercepted_total": 0.0,
        "strikes.largest_night": 0.0,
        "strikes.present": [0.0] * j,
        "strikes.fire_units": [0.0] * z,
        "strikes.stock": [0.0] * j,
        "strikes.allied_stock": [0.0] * z,
        "strikes.stockout_days": [0.0] * z,
        "strikes.allied_cost_musd": 0.0,
        "strikes.allied_downed_musd": 0.0,
        "strikes.donated_stock": [0.0] * len(setup.scenario.course_of_action.donated_air_defence),
        "strikes.donated_intercepted_total": 0.0,
        "strikes.donated_cost_musd": 0.0,
    }


def rate(setup: Setup, params: Params, inputs: State, raid: float, weapon: str, day: int) -> float:
    """Tonight's expected launches of one weapon, before the night's factor."""
    spec = setup.world.arsenal.weapons[weapon]
    months = (
        setup.scenario.start_date - setup.world.arsenal.trend_origin
    ).days / DAYS_PER_MONTH + day / DAYS_PER_MONTH
    per_month = params[f"strikes.{weapon}.level_per_month"]
    if spec.growth_per_month is not None:
        growth = params[f"strikes.{weapon}.growth_per_month"]
        midpoint = params[f"strikes.{weapon}.midpoint_months"]
        per_month /= 1.0 + math.exp(-growth * (months - midpoint))
    nightly = per_month / DAYS_PER_MONTH
    if spec.raids_per_month is not None:
        p_raid = min(params[f"strikes.{weapon}.raids_per_month"] / DAYS_PER_MONTH, 1.0)
        nightly = nightly / p_raid if raid < p_raid else 0.0
    if inputs["escalation.active"][setup.world.ladder.number("intensified_strikes") - 1]:
        nightly *= params["strikes.intensified_multiplier"]
    if setup.scenario.course_of_action.context is Context.CEASEFIRE:
        nightly *= params["strikes.ceasefire_factor"]
    return nightly


def cell_shares(setup: Setup, params: Params, inputs: State) -> list[list[float]]:
    """Share of tonight's launches aimed at each target class in each zone."""
    strikes = setup.world.arsenal
    weights = {name: params[f"strikes.target_share.{name}"] for name in strikes.targets}
    total_weight = sum(weights.values())
    shares = [
        [weights[name] / total_weight * target.zones.get(zone, 0.0) for zone in setup.zones]
        for name, target in strikes.targets.items()
    ]
    allied_row = [0.0] * len(setup.zones)
    struck_rung = setup.world.ladder.number("strikes_on_allied_forces")
    total = inputs["troops.in_theatre"]
    if inputs["escalation.rung"] >= struck_rung and total > 0:
        allied = params["strikes.allied_target_share"]
        shares = [[share * (1.0 - allied) for share in row] for row in shares]
        allied_row = [allied * troops / total for troops in inputs["troops.by_zone"]]
    return [*shares, allied_row]


def deal(count: float, shares: list[float], u: float) -> list[float]:
    """`count` dealt to cells by systematic sampling: integers that sum to `count`."""
    counts, cumulative, mark_before = [], 0.0, 0.0
    for k, share in enumerate(shares):
        cumulative = 1.0 if k == len(shares) - 1 else cumulative + share
        mark = min(math.floor(count * cumulative + u), count)  # n + u can round up to n + 1
        counts.append(mark - mark_before)
        mark_before = mark
    return counts


def step(setup: Setup, params: Params, state: State, inputs: State, noise: Noise, day: int) -> None:
    names, n_t, zones = weapons(setup), len(targets(setup)), setup.zones
    n_z = len(zones)
    coa = setup.scenario.course_of_action

    sigma = params["strikes.night_sigma"]
    night = math.exp(sigma * float(ndtri(noise["night"][0])) - 0.5 * sigma**2)
    by_weapon = [
        math.floor(
            rate(setup, params, inputs, noise["raid"][0], w, day) * night + noise["count"][k]
        )
        for k, w in enumerate(names)
    ]
    flat_shares = [share for row in cell_shares(setup, params, inputs) for share in row]
    launched = []
    for k in range(len(names)):
        counts = deal(by_weapon[k], flat_shares, noise["split"][k])
        launched.append([counts[t * n_z : (t + 1) * n_z] for t in range(n_t)])

    # Allied fire units present and their interceptors: units arrive and leave with their troops
    loads = interceptors(setup, params)
    units = [0.0] * n_z
    stock = []
    present = []
    for j, plan in enumerate(setup.contingents):
        share = inputs["troops.by_contingent"][j] / plan.troops if plan.troops > 0 else 0.0
        before = state["strikes.present"][j]
        kept = share / before if share < before else 1.0
        stock.append(state["strikes.stock"][j] * kept + max(share - before, 0.0) * loads[j])
        present.append(share)
        units[plan.zone] += share * plan.fire_units
    stock_by_zone = [0.0] * n_z
    for j, plan in enumerate(setup.contingents):
        stock_by_zone[plan.zone] += stock[j]

    may_engage = coa.rules_of_engagement is not RulesOfEngagement.SELF_DEFENCE
    by_allies, allied_spent, allied_cost, short = engage(
        setup, params, launched, units, stock_by_zone, may_engage, noise["allied"]
    )
    left = [
        [[launched[k][t][z] - by_allies[k][t][z] for z in range(n_z)] for t in range(n_t)]
        for k in range(len(names))
    ]

    resupply = params["strikes.resupply_per_fire_unit_day"]
    new_stock = []
    for j, plan in enumerate(setup.contingents):
        z = plan.zone
        used = min(allied_spent[z] / stock_by_zone[z], 1.0) if stock_by_zone[z] > 0 else 0.0
        new_stock.append(stock[j] * (1.0 - used) + present[j] * plan.fire_units * resupply)
    allied_stock = [0.0] * n_z
    for j, plan in enumerate(setup.contingents):
        allied_stock[plan.zone] += new_stock[j]

    # fire units donated to Ukraine: they arrive whole on their day, with their interceptors
    donations = coa.donated_air_defence
    if donations:
        donated = [
            stock + (donated_load(params, g) if g.start_day == day else 0.0)
            for stock, g in zip(state["strikes.donated_stock"], donations, strict=True)
        ]
        donated_units, donated_by_zone = [0.0] * n_z, [0.0] * n_z
        for g, stock in zip(donations, donated, strict=True):
            z = setup.zones.index(g.zone)
            donated_units[z] += g.fire_units if g.start_day <= day else 0.0
            donated_by_zone[z] += stock
        by_donated, donated_spent, donated_cost, donated_short = engage(
            setup, params, left, donated_units, donated_by_zone, True, noise["donated"]
        )
        short = [a or b for a, b in zip(short, donated_short, strict=True)]
        new_donated = []
        for g, stock in zip(donations, donated, strict=True):
            z = setup.zones.index(g.zone)
            used = (
                min(donated_spent[z] / donated_by_zone[z], 1.0) if donated_by_zone[z] > 0 else 0.0
            )
            given = g.fire_units if g.start_day <= day else 0.0
            new_donated.append(stock * (1.0 - used) + given * resupply)
        state["strikes.donated_stock"] = new_donated
        state["strikes.donated_intercepted_total"] += sum(
            count for k in by_donated for t in k for count in t
        )
        state["strikes.donated_cost_musd"] += donated_cost
        left = [
            [[left[k][t][z] - by_donated[k][t][z] for z in range(n_z)] for t in range(n_t)]
            for k in range(len(names))
        ]

    leaked = [[[0.0] * n_z for _ in range(n_t)] for _ in names]
    launched_zone, intercepted_zone = [0.0] * n_z, [0.0] * n_z
    allied_today = downed = 0.0
    for k, w in enumerate(names):
        for t in range(n_t):
            for z in range(n_z):
                v = noise["ukraine"][(k * n_t + t) * n_z + z]
                by_ukraine = math.floor(
                    left[k][t][z] * params[f"strikes.{w}.ukraine_interception"] + v
                )
                leaked[k][t][z] = left[k][t][z] - by_ukraine
                launched_zone[z] += launched[k][t][z]
                intercepted_zone[z] += launched[k][t][z] - leaked[k][t][z]
                allied_today += by_allies[k][t][z]
                downed += by_allies[k][t][z] * params[f"strikes.{w}.weapon_cost_musd"]

    launched_today = float(sum(by_weapon))
    state["strikes.launched"] = launched
    state["strikes.leaked"] = leaked
    state["strikes.allied_intercepted"] = allied_today
    state["strikes.launched_total"] = [
        a + b for a, b in zip(state["strikes.launched_total"], launched_zone, strict=True)
    ]
    state["strikes.intercepted_total"] = [
        a + b for a, b in zip(state["strikes.intercepted_total"], intercepted_zone, strict=True)
    ]
    state["strikes.allied_intercepted_total"] += allied_today
    state["strikes.largest_night"] = max(state["strikes.largest_night"], launched_today)
    state["strikes.present"] = present
    state["strikes.fire_units"] = units
    state["strikes.stock"] = new_stock
    state["strikes.allied_stock"] = allied_stock
    state["strikes.stockout_days"] = [
        days + short[z] for z, days in enumerate(state["strikes.stockout_days"])
    ]
    state["strikes.allied_cost_musd"] += allied_cost
    state["strikes.allied_downed_musd"] += downed


def donated_load(params: Params, donation) -> float:
    """The interceptors a donation brings: as the scenario says, or a basic load per unit."""
    if donation.interceptors is None:
        return donation.fire_units * params["strikes.interceptors_per_fire_unit"]
    return float(donation.interceptors)


def engage(
    setup: Setup,
    params: Params,
    launched: list,
    units: list[float],
    stock_by_zone: list[float],
    engage_all: bool,
    uniforms: list[float],
) -> tuple[list, list[float], float, list[bool]]:
    """One layer of fire units: in each zone they cover units / units-to-cover of the targets (all
    of them, or only Allied positions), engage what is aimed there as far as their stock of
    interceptors lasts (drones do not draw on it), and destroy a share of it. Returns what they
    destroy by cell, the interceptors they spend by zone, what their shots cost, and which zones'
    stocks fell short."""
    names, n_t, zones = weapons(setup), len(targets(setup)), setup.zones
    n_z = len(zones)
    stock_limited = [spec.stock_limited for spec in setup.world.arsenal.weapons.values()]
    cover = [
        min(units[z] / params[f"strikes.fire_units_to_cover.{zone}"], 1.0)
        for z, zone in enumerate(zones)
    ]

    def wanted(k: int, t: int, z: int) -> float:
        covered = cover[z] if (engage_all or t == n_t - 1) else 0.0
        return launched[k][t][z] * covered

    available, short = [], []
    for z in range(n_z):
        shots_wanted = sum(
            wanted(k, t, z) * params[f"strikes.{w}.shots_per_engagement"]
            for k, w in enumerate(names)
            if stock_limited[k]
            for t in range(n_t)
        )
        available.append(min(stock_by_zone[z] / shots_wanted, 1.0) if shots_wanted > 0 else 1.0)
        short.append(available[z] < 1.0 and units[z] > 0)

    kills = [[[0.0] * n_z for _ in range(n_t)] for _ in names]
    spent, cost = [0.0] * n_z, 0.0
    for k, w in enumerate(names):
        shots = params[f"strikes.{w}.shots_per_engagement"]
        for t in range(n_t):
            for z in range(n_z):
                engaged = wanted(k, t, z) * (available[z] if stock_limited[k] else 1.0)
                u = uniforms[(k * n_t + t) * n_z + z]
                kills[k][t][z] = math.floor(
                    engaged * params[f"strikes.{w}.fire_unit_interception"] + u
                )
                if stock_limited[k]:
                    spent[z] += engaged * shots
                cost += engaged * shots * params[f"strikes.{w}.shot_cost_musd"]
    return kills, spent, cost, short


def outcomes(setup: Setup, params: Params, state: State) -> dict[str, float]:
    launched = state["strikes.launched_total"]
    intercepted = state["strikes.intercepted_total"]
    total, stopped = sum(launched), sum(intercepted)
    out = {
        "strikes.launched": total,
        "strikes.intercepted": stopped,
        "strikes.leaked": total - stopped,
        "strikes.interception_rate": stopped / total if total > 0 else math.nan,
        "strikes.intercepted_by_allies": state["strikes.allied_intercepted_total"],
        "strikes.largest_night": state["strikes.largest_night"],
        "strikes.allied_interceptor_cost_musd": state["strikes.allied_cost_musd"],
        "strikes.allied_downed_value_musd": state["strikes.allied_downed_musd"],
        "strikes.stockout_zone_days": sum(state["strikes.stockout_days"]),
        "strikes.intercepted_by_donated": state["strikes.donated_intercepted_total"],
        "strikes.donated_interceptor_cost_musd": state["strikes.donated_cost_musd"],
        "strikes.fire_unit_cost_musd": state["strikes.allied_cost_musd"]
        + state["strikes.donated_cost_musd"],
    }
    for z, zone in enumerate(setup.zones):
        out[f"strikes.launched.{zone}"] = launched[z]
        out[f"strikes.intercepted.{zone}"] = intercepted[z]
    return {name: float(value) for name, value in out.items()}
