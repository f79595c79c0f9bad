"""Zone results spread over Ukraine's oblasts, for maps.

The model works by zone; a map needs oblasts. Assumption `geo.within_zone` (assumptions.yaml) says
how a zone's results are spread over its oblasts, for display only: strikes, interceptions and
civilians killed in proportion to 1 / (100 km + the oblast's distance to the front), since oblasts
nearer the front are struck more often; Allied troops evenly; outage-days are the zone's own.
Oblasts in zones the model does not simulate (occupied) get no values: NaN here, null in GeoJSON.

Each draw's zone value is spread before the draws are summarised, so an oblast's quantiles are
exactly its share of the zone's quantiles.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coalition.engine.results import Results
from coalition.errors import CoalitionError
from coalition.world.pack import PACKS, World, load_world

SOURCE = "geo.within_zone"
FRONT_OFFSET_KM = 100.0  # geo.within_zone: weight 1 / (100 km + distance to the front)
QUANTILES = {"p5": 0.05, "p50": 0.5, "p95": 0.95}
ZONE_OUTCOMES = ("strikes.launched", "strikes.intercepted", "grid.outage_days", "civilians.killed")
TROOPS = "troops.by_zone"

Spread = Literal["by_distance", "evenly", "whole"]


@dataclass(frozen=True)
class Quantity:
    """A column family of `by_oblast`: `<name>_mean`, `<name>_p5`, `<name>_p50`, `<name>_p95`."""

    name: str
    label: str  # short, for tables
    meaning: str
    spread: Spread  # by_distance: strike weighting; evenly: 1 / oblasts; whole: the zone's value


QUANTITIES = (
    Quantity(
        "strikes_launched",
        "launched",
        "Weapons launched at targets in the oblast over the run",
        "by_distance",
    ),
    Quantity(
        "strikes_intercepted", "intercepted", "Weapons destroyed over the oblast", "by_distance"
    ),
    Quantity(
        "strikes_leaked",
        "leaked",
        "Weapons that got through: launched - intercepted",
        "by_distance",
    ),
    Quantity(
        "outage_days", "outage days", "Days without power (the zone's outage hours / 24)", "whole"
    ),
    Quantity(
        "civilians_killed", "civilians killed", "Civilians killed over the run", "by_distance"
    ),
    Quantity(
        "troops_present",
        "troops (average)",
        "Allied troops present, averaged over the run's weeks",
        "evenly",
    ),
    Quantity("troops_peak", "troops (peak)", "Allied troops present in the busiest week", "evenly"),
)


def within_zone_shares(world: World) -> dict[str, float]:
    """Each modelled oblast's share of its zone's strikes: 1 / (100 km + distance to the front),
    normalised within the zone (assumption `geo.within_zone`)."""
    zones = world.deployable_zones()
    weights = {
        r.iso: 1.0 / (FRONT_OFFSET_KM + r.distance_to_front_km)
        for r in world.regions
        if r.zone in zones
    }
    zone_of = {r.iso: r.zone for r in world.regions}
    totals: dict[str, float] = {}
    for iso, weight in weights.items():
        totals[zone_of[iso]] = totals.get(zone_of[iso], 0.0) + weight
    return {iso: weight / totals[zone_of[iso]] for iso, weight in weights.items()}


def _shares(world: World, spread: Spread) -> dict[str, float]:
    if spread == "by_distance":
        return within_zone_shares(world)
    zones = world.deployable_zones()
    counts = {z: sum(r.zone == z for r in world.regions) for z in zones}
    return {
        r.iso: 1.0 / counts[r.zone] if spread == "evenly" else 1.0
        for r in world.regions
        if r.zone in zones
    }


def _zone_draws(results: Results, zones: list[str]) -> dict[str, np.ndarray]:
    """Each quantity per draw and zone, shape (draws, zones)."""
    missing = [
        f"{p}.{z}" for p in ZONE_OUTCOMES for z in zones if f"{p}.{z}" not in results.outcomes
    ]
    missing += [f"trajectory {TROOPS}"] if TROOPS not in results.trajectories else []
    if missing:
        raise CoalitionError(
            f"this run has no {', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}, "
            "which the oblast view needs (runs made before the strikes, grid and civilians "
            "components lack them); run the scenario again"
        )

    def by_zone(prefix: str) -> np.ndarray:
        return results.outcomes[[f"{prefix}.{z}" for z in zones]].to_numpy(dtype=float)

    weekly = results.trajectory(TROOPS)[zones].astype(float).groupby(level="draw")
    launched, intercepted = by_zone("strikes.launched"), by_zone("strikes.intercepted")
    return {
        "strikes_launched": launched,
        "strikes_intercepted": intercepted,
        "strikes_leaked": launched - intercepted,
        "outage_days": by_zone("grid.outage_days"),
        "civilians_killed": by_zone("civilians.killed"),
        "troops_present": weekly.mean().to_numpy(),
        "troops_peak": weekly.max().to_numpy(),
    }


def by_oblast(results: Results) -> pd.DataFrame:
    """A row per oblast (indexed by ISO code): name, zone, its strike share of the zone, and the
    mean and 5/50/95 % quantiles across draws of each of `QUANTITIES`; NaN for occupied oblasts."""
    world = load_world(results.scenario.world)
    zones = world.deployable_zones()
    draws = _zone_draws(results, zones)
    modelled = [r for r in world.regions if r.zone in zones]
    zone_columns = [zones.index(r.zone) for r in modelled]
    stats = {}
    for quantity in QUANTITIES:
        shares = _shares(world, quantity.spread)
        per_draw = draws[quantity.name][:, zone_columns] * [shares[r.iso] for r in modelled]
        stats[f"{quantity.name}_mean"] = per_draw.mean(axis=0)
        for label, q in QUANTILES.items():
            stats[f"{quantity.name}_{label}"] = np.quantile(per_draw, q, axis=0)
    strike_shares = within_zone_shares(world)
    table = pd.DataFrame(
        {
            "name": [r.name for r in world.regions],
            "zone": [r.zone for r in world.regions],
            "zone_share": [strike_shares.get(r.iso, math.nan) for r in world.regions],
        },
        index=pd.Index([r.iso for r in world.regions], name="iso"),
    )
    return table.join(pd.DataFrame(stats, index=[r.iso for r in modelled]))


def read_oblasts(world_name: str) -> dict[str, Any]:
    """The world pack's oblast outlines: a GeoJSON FeatureCollection, features `id`-ed by ISO."""
    path = PACKS[world_name] / "oblasts.geojson"
    return json.loads(path.read_text(encoding="utf-8"))


def _json_value(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    return value


def to_geojson(results: Results, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """The pack's oblast outlines with each feature's properties extended by its `by_oblast` row
    (NaN as null; `table` if already computed), and what was run and how it was spread under
    `metadata`."""
    table = by_oblast(results) if table is None else table
    collection = read_oblasts(results.scenario.world)
    for feature in collection["features"]:
        row = table.loc[feature["id"]]
        feature["properties"] |= {column: _json_value(row[column]) for column in table.columns}
    collection["metadata"] = {
        "scenario": results.scenario.name,
        "course_of_action": results.scenario.course_of_action.id,
        "draws": results.draws,
        "seed": results.seed,
        "horizon_days": results.scenario.horizon_days,
        "source": SOURCE,
        "note": (
            "Zone results spread over oblasts for display (assumption geo.within_zone); "
            "occupied oblasts are not modelled and have null values."
        ),
        "quantities": {q.name: q.meaning for q in QUANTITIES},
    }
    return collection
