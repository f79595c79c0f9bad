"""Each distribution family samples what its parameters say (known answers on large samples)."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from coalition.spec.distributions import Distribution

parse = TypeAdapter(Distribution).validate_python
N = 200_000


def sample(spec: dict) -> np.ndarray:
    return parse({**spec, "source": "test"}).sample(np.random.default_rng(1), N)


@pytest.mark.parametrize(
    ("spec", "mean"),
    [
        ({"dist": "point", "value": 3.5}, 3.5),
        ({"dist": "uniform", "low": 2, "high": 6}, 4.0),
        ({"dist": "triangular", "low": 0, "mode": 3, "high": 9}, 4.0),
        ({"dist": "pert", "low": 0, "mode": 3, "high": 12}, (0 + 4 * 3 + 12) / 6),  # Vose's mean
        ({"dist": "normal", "mean": -1, "sd": 2}, -1.0),
        ({"dist": "lognormal", "median": 10, "gsd": 1.5}, 10 * np.exp(np.log(1.5) ** 2 / 2)),
        ({"dist": "beta", "a": 2, "b": 6, "low": 10, "high": 20}, 10 + 10 * 2 / 8),
        ({"dist": "discrete", "values": [1, 2, 10], "weights": [1, 1, 2]}, (1 + 2 + 20) / 4),
    ],
)
def test_the_sample_mean_is_the_distributions_mean(spec, mean):
    values = sample(spec)
    assert values.mean() == pytest.approx(mean, rel=0.02, abs=0.02)
    low, high = parse({**spec, "source": "test"}).bounds
    assert values.min() >= low
    assert values.max() <= high


def test_a_lognormal_median_is_its_median():
    assert np.median(sample({"dist": "lognormal", "median": 10, "gsd": 2})) == pytest.approx(
        10, rel=0.02
    )


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "uniform", "low": 3, "high": 3},
        {"dist": "triangular", "low": 0, "mode": 5, "high": 4},
        {"dist": "pert", "low": 1, "mode": 0, "high": 4},
        {"dist": "normal", "mean": 0, "sd": 0},
        {"dist": "lognormal", "median": -1, "gsd": 2},
        {"dist": "beta", "a": 2, "b": 2, "low": 1, "high": 0},
        {"dist": "discrete", "values": [1, 2], "weights": [1]},
        {"dist": "discrete", "values": [1, 2], "weights": [0, 0]},
    ],
)
def test_contradictory_parameters_are_refused(spec):
    with pytest.raises(ValidationError):
        parse({**spec, "source": "test"})
