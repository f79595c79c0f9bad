"""The world pack: every default number resolves to a citation or a written assumption, and broken
data is refused with the file and row that are wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coalition.errors import WorldError
from coalition.world.pack import PACKS, _sources, load_world, read_pack

PACK = PACKS["ukraine-2025"]


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


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PACK, tmp_path / "pack"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_source_that_is_neither_cited_nor_assumed_is_named(pack_copy):
    edit(pack_copy / "ladder.yaml", "source: ladder.rate_warnings", "source: ladder.rate_guess")
    with pytest.raises(
        WorldError, match=r"source 'ladder\.rate_guess' is neither a citation nor an assumption"
    ):
        read_pack("copy", pack_copy)


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
        read_pack("copy", pack_copy)


def test_malformed_yaml_in_a_pack_is_named(pack_copy):
    edit(pack_copy / "zones.yaml", "zones:", "zones: [")
    with pytest.raises(WorldError, match=r"zones\.yaml:\d+: malformed YAML"):
        read_pack("copy", pack_copy)


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
        read_pack("copy", pack_copy)


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
        read_pack("copy", pack_copy)


def test_a_zone_no_path_reaches_is_named(pack_copy):
    edit(
        pack_copy / "network.yaml",
        "  - {from: hub.dnipro, to: zone.near_front",
        "  - {from: hub.dnipro, to: hub.odesa",
    )
    with pytest.raises(
        WorldError, match=r"zone node 'zone\.near_front' cannot be reached from 'home\.UK'"
    ):
        read_pack("copy", pack_copy)
