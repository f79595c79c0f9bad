"""Coordination: complexity counts nations and languages under a command; friendly fire and
airspace incidents grow with it."""

from __future__ import annotations

import numpy as np
import pytest

import coalition
from coalition.spec.scenario import Scenario
from tests.conftest import SCENARIOS


def with_command(path, command: str, contingents: list[dict] | None = None, **settings) -> Scenario:
    data = coalition.load_scenario(path).model_dump()
    data["course_of_action"]["command"] = command
    if contingents is not None:
        data["course_of_action"]["contingents"] = contingents
    data.update({"draws": 200, "horizon_days": 120, **settings})
    return Scenario.model_validate(data)


def test_one_nation_under_an_integrated_command_has_complexity_one():
    alone = [{"country": "UK", "troops": 1000, "roles": ["training"], "zone": "far_west"}]
    results = coalition.simulate(with_command(SCENARIOS[1], "integrated", alone))
    complexity = results.trajectory("coordination.complexity").to_numpy()
    present = results.trajectory("troops.in_theatre").to_numpy() > 0
    np.testing.assert_allclose(complexity[present], 1.0)
    np.testing.assert_array_equal(complexity[~present], 0.0)


def test_more_nations_and_languages_make_command_more_complex():
    english = [
        {"country": code, "troops": 1000, "roles": ["training"], "zone": "far_west"}
        for code in ("UK", "US", "CA")
    ]
    babel = [
        {"country": code, "troops": 1000, "roles": ["training"], "zone": "far_west"}
        for code in ("UK", "FR", "DE")
    ]
    one_language = coalition.simulate(with_command(SCENARIOS[1], "integrated", english))
    three_languages = coalition.simulate(with_command(SCENARIOS[1], "integrated", babel))
    assert (
        three_languages.outcomes["coordination.mean_complexity"]
        > one_language.outcomes["coordination.mean_complexity"]
    ).all()


@pytest.fixture(scope="module")
def by_command():
    return {
        command: coalition.simulate(with_command(SCENARIOS[4], command, horizon_days=240))
        for command in ("integrated", "lead_nation", "national")
    }


def test_the_looser_the_command_the_more_friendly_fire(by_command):
    deaths = {
        c: r.outcomes["coordination.friendly_fire_deaths"].mean() for c, r in by_command.items()
    }
    assert deaths["integrated"] < deaths["lead_nation"] < deaths["national"]
    incidents = {
        c: r.outcomes["coordination.deconfliction_incidents"].mean() for c, r in by_command.items()
    }
    assert incidents["integrated"] < incidents["national"]


def test_friendly_fire_is_a_minority_of_the_casualties(by_command):
    for results in by_command.values():
        friendly = results.outcomes["coordination.friendly_fire_deaths"].sum()
        enemy_and_accidents = results.outcomes["exposure.allied_deaths"].sum()
        assert 0 < friendly < enemy_and_accidents
