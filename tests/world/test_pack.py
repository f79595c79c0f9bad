"""The world pack: every default number resolves to a citation or a written assumption, and broken
data is refused with the file and row that are wrong."""

from __future__ import annotations

import pytest

from coalition.api import pack_slices
from coalition.errors import WorldError
from coalition.world.pack import _sources, load_world, read_pack
from tests.conftest import edit


def test_the_shipped_pack_loads_with_all_27_regions():
    world = load_world("ukraine-2025")
    assert len(world.regions) == 27
    assert {r.zone for r in world.regions} == {z.id for z in world.zones}


def test_every_source_id_resolves_to_a_citation_or_an_assumption():
    world = load_world("ukraine-2025")
    known = set(world.citations) | set(world.assumptions)
    used = _sources(world.model_dump(exclude={"citations", "assumptions"}))
    assert used, "the pack cites nothing"
    assert {source for _, source in used} <= known


def test_every_citation_has_a_source_and_an_address():
    for citation in load_world("ukraine-2025").citations.values():
        assert citation.source
        assert citation.url


def test_a_source_that_is_neither_cited_nor_assumed_is_named(pack_copy):
    edit(pack_copy / "ladder.yaml", "source: ladder.rate_warnings", "source: ladder.rate_guess")
    with pytest.raises(
        WorldError, match=r"source 'ladder\.rate_guess' is neither a citation nor an assumption"
    ):
        read_pack("copy", pack_copy, pack_slices())


def test_contradictory_bounds_are_refused_with_their_line(pack_copy):
    edit(
        pack_copy / "network.yaml",
        "low: 390, mode: 1500, high: 3760",
        "low: 3760, mode: 1500, high: 390",
    )
    with pytest.raises(
        WorldError,
        match=r"network\.yaml:88: edges\[32\]\.people: need low <= mode <= high",
    ):
        read_pack("copy", pack_copy, pack_slices())


def test_malformed_yaml_in_a_pack_is_named(pack_copy):
    edit(pack_copy / "zones.yaml", "zones:", "zones: [")
    with pytest.raises(WorldError, match=r"zones\.yaml:\d+: malformed YAML"):
        read_pack("copy", pack_copy, pack_slices())


def test_an_unknown_world_is_refused():
    with pytest.raises(WorldError, match="unknown world pack 'mars'; available: ukraine-2025"):
        load_world("mars")


def test_an_edge_to_an_unknown_node_names_the_row(pack_copy):
    edit(
        pack_copy / "network.yaml",
        "to: hub.kovel, mode: rail, days: 1,",
        "to: hub.kovell, mode: rail, days: 1,",
    )
    with pytest.raises(
        WorldError,
        match=r"network\.yaml: edges\[\d+\]: unknown node 'hub\.kovell' "
        r"\(did you mean 'hub\.kovel'\?\)",
    ):
        read_pack("copy", pack_copy, pack_slices())


def test_a_negative_capacity_names_the_row(pack_copy):
    edit(
        pack_copy / "network.yaml",
        "people: {dist: uniform, low: 158, high: 474",
        "people: {dist: uniform, low: -158, high: 474",
    )
    with pytest.raises(
        WorldError,
        match=r"network\.yaml: edges\[\d+\]\.people: a capacity cannot "
        r"be negative \(lowest value -158\)",
    ):
        read_pack("copy", pack_copy, pack_slices())


def test_a_zone_no_path_reaches_is_named(pack_copy):
    edit(
        pack_copy / "network.yaml",
        "  - {from: hub.dnipro, to: zone.near_front",
        "  - {from: hub.dnipro, to: hub.odesa",
    )
    with pytest.raises(
        WorldError, match=r"zone node 'zone\.near_front' cannot be reached from 'home\.UK'"
    ):
        read_pack("copy", pack_copy, pack_slices())


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "battlefield.yaml",
            "default: {dist: uniform, low: 0.0, high: 0.05, source: battlefield.ceasefire}",
            "default: {dist: uniform, low: 0.0, high: 1.5, source: battlefield.ceasefire}",
            r"battlefield\.yaml: parameters\.ceasefire_factor\.default: must be a probability or "
            r"share, within 0-1; this distribution spans 0 to 1\.5",
        ),
        (
            "training.yaml",
            "programmes_start: 2022-09-01",
            "programmes_start: 2025-03-01",
            r"training\.yaml:\d+: stock_date \(2025-02-01\) must come after programmes_start "
            r"\(2025-03-01\)",
        ),
        (
            "training.yaml",
            "stock_date: 2025-02-01",
            "stock_day: 2025-02-01",
            r"training\.yaml:10: stock_day: unknown key",
        ),
        (
            "weapons.yaml",
            "  logistics: {share:",
            "  rails: {share:",
            r"weapons\.yaml: targets: the model needs 'logistics'",
        ),
        (
            "strikes.yaml",
            "  fire_units_to_cover.south:",
            "  fire_units_to_cover.sud:",
            r"strikes\.yaml: parameters: the model needs fire_units_to_cover\.south "
            r"for zone 'south'",
        ),
        (
            "coordination.yaml",
            "  national: {dist: uniform, low: 2.0, high: 3.0, source: coordination.command}\n",
            "",
            r"coordination\.yaml: command_factor: give a factor for every way of commanding: "
            r"national",
        ),
        (
            "weapons.yaml",
            "zones: {far_west: 0.15, centre: 0.35, south: 0.15, near_front: 0.35}",
            "zones: {far_west: 0.15, centre: 0.35, south: 0.15, near_front: 0.45}",
            r"weapons\.yaml: targets\.energy\.zones: shares must be at least 0 and sum to 1 "
            r"\(they sum to 1\.1\)",
        ),
        (
            "weapons.yaml",
            "zones: {far_west: 0.1, centre: 0.45",
            "zones: {crimea: 0.1, centre: 0.45",
            r"weapons\.yaml: targets\.cities\.zones: unknown or closed zone 'crimea'; "
            r"allowed: far_west, centre, south, near_front",
        ),
        (
            "weapons.yaml",
            "fire_unit_interception: {dist: uniform, low: 0.4, high: 0.8",
            "fire_unit_interception: {dist: uniform, low: 0.4, high: 1.8",
            r"weapons\.yaml: weapons\.ballistic\.fire_unit_interception: a probability must lie "
            r"within 0-1 \(this one spans 0\.4 to 1\.8\)",
        ),
        (
            "weapons.yaml",
            "midpoint_months: {dist: uniform, low: 4.1, high: 5.5, source: strikes.drone_trend}",
            "# no midpoint",
            r"weapons\.yaml: weapons\.drone: give growth_per_month and midpoint_months together",
        ),
        (
            "grid.yaml",
            "  ballistic: {dist: uniform, low: 0.01, high: 0.04, source: grid.damage}\n",
            "",
            r"grid\.yaml: gw_per_hit: give one value for each weapon of weapons\.yaml: "
            r"drone, cruise, ballistic",
        ),
        (
            "civilians.yaml",
            "  allied: {dist: uniform, low: 0.02, high: 0.05, source: civilians.per_leaker}\n",
            "",
            r"civilians\.yaml: killed_per_leaker: give one value for each target class: "
            r"energy, cities, military, logistics, allied",
        ),
        (
            "morale.yaml",
            "default: {dist: uniform, low: 0.75, high: 0.85, source:",
            "default: {dist: uniform, low: 0.75, high: 1.2, source:",
            r"morale\.yaml: parameters\.reference_interception\.default: must be a probability or "
            r"share, within 0-1; this distribution spans 0\.75 to 1\.2",
        ),
    ],
    ids=[
        "a battlefield share above 1",
        "training counted before its programmes began",
        "training without the date its stock was counted",
        "a target class the model needs, missing",
        "a zone without the fire units that cover it",
        "a way of commanding without its friction",
        "zone shares that do not sum to 1",
        "a target in an unknown zone",
        "a probability above 1",
        "half a trend",
        "a weapon without grid damage",
        "a target class without civilian harm",
        "a default outside what its parameter allows",
    ],
)
def test_bad_strike_grid_harm_and_command_data_is_refused_by_file_and_field(
    pack_copy, file, old, new, message
):
    edit(pack_copy / file, old, new)
    with pytest.raises(WorldError, match=message):
        read_pack("copy", pack_copy, pack_slices())
