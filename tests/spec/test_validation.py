"""Scenario files: a valid one loads; a wrong one gets `file:line: field.path: message` lines.

Each bad file below is a small edit of a good one, and the test pins the exact message a user sees.
"""

from __future__ import annotations

import textwrap

import pytest

import coalition
from coalition.errors import SpecError

GOOD = """\
name: Small reassurance force
horizon_days: 90
draws: 100
seed: 7
course_of_action:
  id: small-force
  title: A small force
  context: ceasefire
  mission: reassurance
  posture: defensive
  contingents:
    - country: UK
      troops: 1000
      roles: [combat]
      zone: centre
      start_day: 0
assumptions:
  opinion.casualty_slope: {dist: uniform, low: 2, high: 10, source: my.note}
"""


def problems(write, text: str) -> list[str]:
    path = write(text)
    with pytest.raises(SpecError) as caught:
        coalition.load_scenario(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_good_file_loads_with_its_overrides(write):
    scenario = coalition.load_scenario(write(GOOD))
    assert scenario.course_of_action.troops_committed == 1000
    assert scenario.assumptions["opinion.casualty_slope"].source_ids == ("my.note",)


BAD = {
    "malformed YAML": (
        GOOD.replace("  title: A small force", "  title: [A small force"),
        [
            "8: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence "
            "started on line 7)"
        ],
    ),
    "unknown key, with a did-you-mean": (
        GOOD.replace("horizon_days: 90", "horizon_dayz: 90"),
        [
            "2: horizon_dayz: unknown key 'horizon_dayz' (did you mean 'horizon_days'?); allowed: "
            "name, description, world, start_date, horizon_days, draws, seed, course_of_action, "
            "assumptions"
        ],
    ),
    "unknown key in a contingent": (
        GOOD.replace("      start_day: 0", "      strat_day: 0"),
        [
            "16: course_of_action.contingents[0].strat_day: unknown key 'strat_day' (did you mean "
            "'start_day'?); allowed: country, troops, roles, zone, start_day, route, "
            "fire_units, interceptors"
        ],
    ),
    "wrong type": (
        GOOD.replace("draws: 100", "draws: many"),
        ["3: draws: expected a whole number, got 'many'"],
    ),
    "out-of-range value": (
        GOOD.replace("horizon_days: 90", "horizon_days: 3"),
        ["2: horizon_days: must be at least 7, got 3"],
    ),
    "negative troops": (
        GOOD.replace("troops: 1000", "troops: -5"),
        ["13: course_of_action.contingents[0].troops: must be at least 0, got -5"],
    ),
    "an unknown way of commanding": (
        GOOD.replace("posture: defensive", "posture: defensive\n  command: joint"),
        [
            "11: course_of_action.command: 'joint' is not allowed; input should be 'integrated', "
            "'lead_nation' or 'national'"
        ],
    ),
    "a donation to a closed zone": (
        GOOD.replace(
            "assumptions:",
            "  donated_air_defence:\n    - {zone: occupied, fire_units: 2}\nassumptions:",
        ),
        [
            "18: course_of_action.donated_air_defence[0].zone: unknown or closed zone 'occupied'; "
            "allowed: far_west, centre, south, near_front"
        ],
    ),
    "a donation without fire units": (
        GOOD.replace(
            "assumptions:",
            "  donated_air_defence:\n    - {zone: centre, fire_units: 0}\nassumptions:",
        ),
        ["18: course_of_action.donated_air_defence[0].fire_units: must be at least 1, got 0"],
    ),
    "an air-defence contingent without fire units": (
        GOOD.replace("roles: [combat]", "roles: [air_defence]"),
        [
            "12: course_of_action.contingents[0]: an air_defence contingent needs fire_units: "
            "how many fire units (batteries) it brings"
        ],
    ),
    "fire units for a contingent without the air-defence role": (
        GOOD.replace("roles: [combat]", "roles: [combat]\n      fire_units: 4"),
        [
            "12: course_of_action.contingents[0]: fire_units and interceptors are only for "
            "contingents with the air_defence role"
        ],
    ),
    "negative interceptors": (
        GOOD.replace(
            "roles: [combat]", "roles: [air_defence]\n      fire_units: 4\n      interceptors: -1"
        ),
        ["16: course_of_action.contingents[0].interceptors: must be at least 0, got -1"],
    ),
    "value not in the allowed set": (
        GOOD.replace("context: ceasefire", "context: truce"),
        [
            "8: course_of_action.context: 'truce' is not allowed; input should be 'war' or "
            "'ceasefire'"
        ],
    ),
    "unknown country": (
        GOOD.replace("country: UK", "country: XX"),
        [
            "12: course_of_action.contingents[0].country: unknown country 'XX'; "
            "allowed: UK, FR, DE, "
            "PL, IT, ES, NL, DK, SE, FI, EE, CA, US"
        ],
    ),
    "unknown zone": (
        GOOD.replace("zone: centre", "zone: crimea"),
        [
            "15: course_of_action.contingents[0].zone: unknown or closed zone 'crimea'; allowed: "
            "far_west, centre, south, near_front"
        ],
    ),
    "closed zone": (
        GOOD.replace("zone: centre", "zone: occupied"),
        [
            "15: course_of_action.contingents[0].zone: unknown or closed zone 'occupied'; allowed: "
            "far_west, centre, south, near_front"
        ],
    ),
    "contradictory distribution bounds": (
        GOOD.replace("low: 2, high: 10", "low: 10, high: 2"),
        ["18: assumptions.opinion.casualty_slope: low (10.0) must be below high (2.0)"],
    ),
    "missing source": (
        GOOD.replace(", source: my.note", ""),
        ["18: assumptions.opinion.casualty_slope.source: required; add it"],
    ),
    "empty source": (
        GOOD.replace("source: my.note", "source: ''"),
        [
            "18: assumptions.opinion.casualty_slope.source: give the id of a citation or of a "
            "written assumption"
        ],
    ),
    "unknown distribution": (
        GOOD.replace("dist: uniform", "dist: gaussian"),
        [
            "18: assumptions.opinion.casualty_slope: unknown distribution 'gaussian'; "
            "allowed: point, uniform, "
            "triangular, pert, normal, lognormal, beta, discrete"
        ],
    ),
    "unknown parameter, with a did-you-mean": (
        GOOD.replace("opinion.casualty_slope:", "opinion.casualty_slop:"),
        [
            "18: assumptions.opinion.casualty_slop: no parameter 'opinion.casualty_slop' in this "
            "model (did you mean 'opinion.casualty_slope'?); `coalition parameters FILE` lists "
            "them"
        ],
    ),
    "a probability above 1": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  strikes.drone.ukraine_interception: "
            "{dist: uniform, low: 0.95, high: 1.3, source: my.note}",
        ),
        [
            "18: assumptions.strikes.drone.ukraine_interception: "
            "strikes.drone.ukraine_interception must be a probability or share, within 0-1; "
            "this distribution spans 0.95 to 1.3"
        ],
    ),
    "an unbounded distribution for a count that cannot be negative": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  strikes.target_share.cities: "
            "{dist: normal, mean: 0.3, sd: 0.1, source: my.note}",
        ),
        [
            "18: assumptions.strikes.target_share.cities: strikes.target_share.cities must be at "
            "least 0; this distribution spans -inf to inf"
        ],
    ),
    "a divisor that can be zero": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  coordination.reference_complexity: "
            "{dist: uniform, low: 0, high: 5, source: my.note}",
        ),
        [
            "18: assumptions.coordination.reference_complexity: "
            "coordination.reference_complexity must be greater than 0; this distribution spans "
            "0 to 5"
        ],
    ),
    "unknown crossing": (
        GOOD.replace("      start_day: 0", "      start_day: 0\n      route: PL-rail"),
        [
            "17: course_of_action.contingents[0].route: unknown crossing or airport 'PL-rail'; "
            "allowed: apod.rzeszow, xing.hrubieszow-izov, xing.przemysl-mostyska, "
            "xing.dorohusk-yahodyn, xing.pl-road, xing.chop, xing.sk-hu-road, xing.siret-porubne"
        ],
    ),
    "a crossing no path of the contingent goes through": (
        GOOD.replace("      start_day: 0", "      start_day: 0\n      route: xing.siret-porubne"),
        [
            "17: course_of_action.contingents[0].route: no path from home.UK through "
            "xing.siret-porubne to zone.centre"
        ],
    ),
    "an unbounded delay the model cannot size": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  logistics.transshipment_days: "
            "{dist: normal, mean: 2, sd: 1, source: x}",
        ),
        [
            "18: assumptions.logistics.transshipment_days: logistics.transshipment_days needs "
            "a bounded distribution (point, uniform, triangular, pert, beta or discrete)"
        ],
    ),
    "a start before the world pack's figures": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 2024-06-01"),
        [
            "5: start_date: starts on 2024-06-01, outside the dates the world pack "
            "'ukraine-2025' describes; allowed: 2024-08-01 to 2028-12-31"
        ],
    ),
    "a start long after the world pack's figures": (
        GOOD.replace("seed: 7", "seed: 7\nstart_date: 2999-06-01"),
        [
            "5: start_date: starts on 2999-06-01, outside the dates the world pack "
            "'ukraine-2025' describes; allowed: 2024-08-01 to 2028-12-31"
        ],
    ),
    "an attrition rate above 1": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  training.attrition_per_month: "
            "{dist: uniform, low: 0.5, high: 1.5, source: my.note}",
        ),
        [
            "18: assumptions.training.attrition_per_month: training.attrition_per_month must "
            "be a probability or share, within 0-1; this distribution spans 0.5 to 1.5"
        ],
    ),
    "a force ratio at or below parity in 2025": (
        GOOD.replace(
            "assumptions:",
            "assumptions:\n  battlefield.reference_advantage: "
            "{dist: uniform, low: 0, high: 0.5, source: my.note}",
        ),
        [
            "18: assumptions.battlefield.reference_advantage: battlefield.reference_advantage "
            "must be greater than 0; this distribution spans 0 to 0.5"
        ],
    ),
    "unknown world pack": (
        GOOD.replace("seed: 7", "seed: 7\nworld: mars"),
        ["5: world: unknown world pack 'mars'; available: ukraine-2025"],
    ),
    "duplicate key": (
        GOOD.replace("seed: 7", "seed: 7\nseed: 8"),
        ["5: seed: duplicate key"],
    ),
    "start after the horizon": (
        GOOD.replace("start_day: 0", "start_day: 200"),
        [
            "16: course_of_action.contingents[0].start_day: starts on day 200, after the horizon "
            "of 90 days"
        ],
    ),
    "several problems at once": (
        GOOD.replace("troops: 1000", "troops: lots").replace("seed: 7", "seed: -1"),
        [
            "4: seed: must be at least 0, got -1",
            "13: course_of_action.contingents[0].troops: expected a whole number, got 'lots'",
        ],
    ),
    "not a mapping": ("- just\n- a list\n", ["1: a scenario file is a mapping of keys to values"]),
}


@pytest.mark.parametrize(("text", "expected"), BAD.values(), ids=BAD.keys())
def test_a_bad_file_gets_exact_messages(write, text, expected):
    assert problems(write, text) == expected


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(SpecError, match=r"nowhere\.yaml: cannot read file"):
        coalition.load_scenario(tmp_path / "nowhere.yaml")


def test_every_shipped_scenario_is_valid():
    from tests.conftest import SCENARIOS, VARIANTS

    assert len(SCENARIOS) == 5
    for path in [*SCENARIOS, *VARIANTS]:
        coalition.load_scenario(path)


def test_messages_name_lines_in_flow_style_too(write):
    text = textwrap.dedent("""\
        name: x
        course_of_action: {id: x, title: X, context: war, mission: none, framing: natoo}
        """)
    assert problems(write, text) == [
        "2: course_of_action.framing: 'natoo' is not allowed; input should be 'nato' or 'coalition'"
    ]
