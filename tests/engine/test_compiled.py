"""The compiled kernels' shared pieces add, invert and scale exactly as the NumPy and SciPy code
they stand in for, and compile once for every later process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from coalition.engine import compiled
from tests.reference.poisson import poisson as reference_poisson

SIZES = [*range(300), 1000, 4097, 70_001]


@pytest.mark.parametrize("size", SIZES)
def test_total_adds_in_numpys_order(size: int) -> None:
    rng = np.random.default_rng(size)
    values = rng.standard_normal(size) * 10.0 ** rng.integers(-8, 8, size)
    assert compiled.total(values) == values.sum()


def test_total_of_a_block_of_axes_equals_numpys_sum_over_them() -> None:
    rng = np.random.default_rng(1)
    values = rng.standard_normal((20, 3, 5, 4)) * 10.0 ** rng.integers(-8, 8, (20, 3, 5, 4))
    expected = values.sum(axis=(1, 2, 3))
    assert [compiled.total(values[i]) for i in range(20)] == expected.tolist()


def test_total_of_a_strided_slice_adds_its_elements_in_order() -> None:
    values = np.array([[1e16, 0.0], [1.0, 0.0], [1.0, 0.0]])
    assert compiled.total(values[:, 0]) == (1e16 + 1.0) + 1.0
    assert compiled.total(np.arange(40.0).reshape(8, 5)[:, 1]) == sum(range(1, 40, 5))


@pytest.mark.parametrize("rate", [0.0, 1e-9, 0.3, 2.0, 17.5, 120.0, 699.9, 700.0, 5000.0])
def test_poisson_inverts_the_uniform_as_the_reference_does(rate: float) -> None:
    for u in np.linspace(0.0, 1.0, 201)[1:-1]:
        assert compiled.poisson(u, rate) == reference_poisson(float(u), rate)


def test_poisson_is_monotone_in_the_uniform_and_the_rate() -> None:
    uniforms = np.linspace(0.001, 0.999, 120)
    for rate in (0.5, 40.0, 900.0):
        counts = [compiled.poisson(u, rate) for u in uniforms]
        assert counts == sorted(counts)
    assert all(
        compiled.poisson(0.7, low) <= compiled.poisson(0.7, high)
        for low, high in zip(range(0, 1000, 7), range(7, 1007, 7), strict=True)
    )


def test_ndtri_is_scipys() -> None:
    for p in (1e-300, 1e-12, 0.01, 0.13, 0.5, 0.87, 0.999999):
        assert compiled.ndtri(p) == special.ndtri(p)


def test_troops_scale_counts_each_tenfold_the_same() -> None:
    assert compiled.troops_scale(0.0) == 0.0
    assert compiled.troops_scale(9_000.0) == pytest.approx(1.0)
    assert compiled.troops_scale(99_000.0) == pytest.approx(2.0)


def test_kernels_load_from_the_cache_in_a_new_process(tmp_path: Path) -> None:
    """The first process compiles into the cache; the next one finds every kernel there."""
    code = textwrap.dedent(
        """
        import numpy as np
        from coalition.engine import compiled
        print(compiled.total(np.arange(300.0)), compiled.poisson(0.4, 900.0))
        print(sum(len(k.stats.cache_hits) for k in (compiled.total, compiled.poisson)))
        """
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.split("\n")
        for _ in range(2)
    ]
    assert (
        runs[0][0]
        == runs[1][0]
        == f"{np.arange(300.0).sum()} {float(reference_poisson(0.4, 900.0))}"
    )
    assert int(runs[0][1]) == 0, "the first process had nothing cached"
    assert int(runs[1][1]) == 2, "the second process compiled again"
