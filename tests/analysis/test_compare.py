"""The comparison table: extreme events come with how they move with the ladder's hazards, unless
too few draws saw them to tell."""

from __future__ import annotations

import numpy as np

import coalition
from coalition.analysis.compare import MIN_EVENTS_TO_SPLIT, comparison
from tests.conftest import SCENARIOS

NUCLEAR = "P(nuclear use)"


def with_events(count: int) -> coalition.Results:
    results = coalition.simulate(
        coalition.load_scenario(SCENARIOS[4]).with_run_settings(draws=300, horizon_days=30)
    )
    days = np.full(results.draws, np.nan)
    days[:count] = 10.0
    results.outcomes["escalation.first_day.nuclear_use"] = days
    return results


def test_a_rare_event_is_not_split_by_hazards():
    text = comparison([with_events(MIN_EVENTS_TO_SPLIT - 1)]).loc[NUCLEAR].iloc[0]
    assert text == "3.0 % (too few draws with it to split by ladder hazards)"


def test_a_frequent_enough_event_shows_its_range_by_hazards():
    text = comparison([with_events(60)]).loc[NUCLEAR].iloc[0]
    assert text.startswith("20 % (")
    assert text.endswith(" by ladder hazards)")


def test_an_event_never_seen_says_in_how_many_draws():
    assert comparison([with_events(0)]).loc[NUCLEAR].iloc[0] == "0 in 300 draws"
