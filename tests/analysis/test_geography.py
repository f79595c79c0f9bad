"""Zone results on a map: each oblast gets its share of its zone under assumption
`geo.within_zone`, and the shares of a zone add back up to the zone."""

from __future__ import annotations

import dataclasses
import itertools
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coalition
from coalition.analysis.geography import (
    QUANTILES,
    QUANTITIES,
    by_oblast,
    to_geojson,
    within_zone_shares,
)
from coalition.errors import CoalitionError
from coalition.world import load_world
from coalition.world.pack import Region
from tests.conftest import SCENARIOS

WORLD = load_world("ukraine-2025")
ZONES = WORLD.deployable_zones()
STATS = ("mean", *QUANTILES)


@pytest.fixture(scope="module")
def results() -> coalition.Results:
    scenario = coalition.load_scenario(SCENARIOS[4]).with_run_settings(draws=50, horizon_days=60)
    return coalition.simulate(scenario)


@pytest.fixture(scope="module")
def table(results):
    return by_oblast(results)


def zone_draws(results: coalition.Results, quantity: str, zone: str) -> np.ndarray:
    """A quantity per draw for a whole zone, read straight from the run."""
    outcomes = results.outcomes
    weekly = results.trajectory("troops.by_zone")[zone].astype(float).groupby(level="draw")
    return {
        "strikes_launched": lambda: outcomes[f"strikes.launched.{zone}"],
        "strikes_intercepted": lambda: outcomes[f"strikes.intercepted.{zone}"],
        "strikes_leaked": lambda: (
            outcomes[f"strikes.launched.{zone}"] - outcomes[f"strikes.intercepted.{zone}"]
        ),
        "outage_days": lambda: outcomes[f"grid.outage_days.{zone}"],
        "civilians_killed": lambda: outcomes[f"civilians.killed.{zone}"],
        "troops_present": weekly.mean,
        "troops_peak": weekly.max,
    }[quantity]().to_numpy()


def test_shares_within_each_zone_sum_to_one_and_follow_the_distance_rule():
    shares = within_zone_shares(WORLD)
    for zone in ZONES:
        regions = [r for r in WORLD.regions if r.zone == zone]
        assert sum(shares[r.iso] for r in regions) == pytest.approx(1, rel=1e-12)
        # share x (100 km + distance) is the same for every oblast of the zone
        scaled = [shares[r.iso] * (100 + r.distance_to_front_km) for r in regions]
        assert scaled == pytest.approx([scaled[0]] * len(regions), rel=1e-12)


def test_mykolaiv_68_km_from_the_front_takes_273_441ths_of_the_souths_strikes():
    shares = within_zone_shares(WORLD)
    assert shares["UA-48"] == pytest.approx(273 / 441)  # (1/168) / (1/168 + 1/273)
    assert shares["UA-51"] == pytest.approx(168 / 441)  # Odesa, 173 km


@given(st.lists(st.floats(0, 2000), min_size=1, max_size=8))
def test_a_nearer_oblast_never_gets_the_smaller_share(distances):
    regions = [
        Region(iso=f"X-{i}", name=f"x{i}", zone="centre", distance_to_front_km=d)
        for i, d in enumerate(distances)
    ]
    world = WORLD.model_copy(update={"regions": regions})
    shares = within_zone_shares(world)
    assert sum(shares.values()) == pytest.approx(1)
    by_distance = sorted(zip(distances, shares.values(), strict=True))
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(by_distance))


def test_occupied_oblasts_have_no_share_and_no_values(table):
    occupied = table[table["zone"] == "occupied"]
    assert sorted(occupied["name"]) == ["Crimea", "Luhansk", "Sevastopol"]
    assert occupied.drop(columns=["name", "zone"]).isna().all().all()
    modelled = table[table["zone"] != "occupied"]
    assert modelled.drop(columns=["name", "zone"]).notna().all().all()


@pytest.mark.parametrize("quantity", [q.name for q in QUANTITIES if q.spread != "whole"])
def test_the_oblasts_of_a_zone_add_up_to_the_zone(results, table, quantity):
    for zone in ZONES:
        summed = table.loc[table["zone"] == zone, f"{quantity}_mean"].sum()
        assert summed == pytest.approx(zone_draws(results, quantity, zone).mean(), rel=1e-9)


@pytest.mark.parametrize("quantity", [q.name for q in QUANTITIES if q.spread == "by_distance"])
def test_an_oblasts_quantiles_are_its_share_of_the_zones(results, table, quantity):
    shares = within_zone_shares(WORLD)
    for iso, row in table[table["zone"] != "occupied"].iterrows():
        zone = zone_draws(results, quantity, row["zone"])
        for stat, q in QUANTILES.items():
            expected = shares[iso] * np.quantile(zone, q)
            assert row[f"{quantity}_{stat}"] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_troops_are_spread_evenly_over_a_zones_oblasts(table):
    for zone in ZONES:
        in_zone = table.loc[table["zone"] == zone, ["troops_present_mean", "troops_peak_mean"]]
        assert (in_zone == in_zone.iloc[0]).all().all()


def test_an_oblasts_outage_days_are_its_zones(results, table):
    for zone in ZONES:
        zone_days = zone_draws(results, "outage_days", zone)
        expected = [zone_days.mean(), *np.quantile(zone_days, list(QUANTILES.values()))]
        for _, row in table[table["zone"] == zone].iterrows():
            assert [row[f"outage_days_{s}"] for s in STATS] == expected


def test_the_geojson_has_every_oblast_with_its_values_and_no_nan(results):
    collection = to_geojson(results)
    features = collection["features"]
    assert [f["id"] for f in features] == [r.iso for r in WORLD.regions]
    kharkiv = next(f for f in features if f["id"] == "UA-63")["properties"]
    assert kharkiv["name_en"] == "Kharkiv"  # the pack's own properties are kept
    assert kharkiv["zone"] == "near_front"
    assert kharkiv["strikes_leaked_p95"] > 0
    crimea = next(f for f in features if f["id"] == "UA-43")["properties"]
    assert crimea["civilians_killed_mean"] is None
    metadata = collection["metadata"]
    assert (metadata["scenario"], metadata["draws"], metadata["seed"]) == (
        "Mass deployment",
        50,
        results.seed,
    )
    assert metadata["source"] == "geo.within_zone"
    assert "occupied oblasts are not modelled" in metadata["note"]
    text = json.dumps(collection, allow_nan=False)
    assert json.loads(text) == collection


def test_a_run_without_zone_outcomes_cannot_be_mapped(results):
    old = dataclasses.replace(
        results, outcomes=results.outcomes.drop(columns=["grid.outage_days.south"])
    )
    with pytest.raises(CoalitionError, match=r"no grid\.outage_days\.south.*run the scenario"):
        by_oblast(old)
