"""Compiled daily steps: the rules of one draw on one day, looped over a chunk's draws.

A component's `step` hands its arrays to a `kernel`, a function compiled by Numba that walks the
draws one by one and works on scalars, as the scalar references do. Kernels follow three rules,
so that results stay bit-identical whatever the chunk, worker or executor:

- no fast math (no reassociation, no fused multiply-add): each operation rounds as written;
- every sum runs in index order, written out as a loop (never `np.sum`, whose order NumPy picks);
- nothing is summed across draws: each draw's numbers depend on that draw alone.

Kernels compile once into Numba's on-disk cache (`__pycache__` beside the module, or
`NUMBA_CACHE_DIR`), so later processes load them instead of compiling again. Division by zero
gives infinity or NaN as in NumPy (`error_model="numpy"`) rather than raising.
"""

from __future__ import annotations

import math

import llvmlite.binding
import numba
import numpy as np
from numba.extending import get_cython_function_address

kernel = numba.njit(cache=True, nogil=True, error_model="numpy")

# SciPy's ndtri, linked by name (not by address) so that cached kernels find it in a new process
llvmlite.binding.add_symbol(
    "coalition_scipy_ndtri",
    get_cython_function_address("scipy.special.cython_special", "ndtri"),
)
_ndtri = numba.types.ExternalFunction(
    "coalition_scipy_ndtri", numba.types.float64(numba.types.float64)
)

LARGE_RATE = 700.0
"""From this rate on, Poisson counts come from the normal approximation: exp(-700) is near the
float floor and the sequential search would take ~rate steps; the skew ignored is 1/sqrt(700)."""


@kernel
def ndtri(p: float) -> float:
    """The standard normal quantile, SciPy's own (`scipy.special.ndtri`)."""
    return _ndtri(p)


@kernel
def poisson(u: float, rate: float) -> float:
    """A Poisson count by inversion of one uniform (sequential search; Devroye 1986, X.3.3).

    Inversion keeps counts monotone in the rate for the same uniform, which keeps comparisons on
    common random numbers clean. At `LARGE_RATE` and above the count inverts the normal
    approximation instead, rounded and floored at 0: still monotone in the rate and the uniform.
    """
    if rate >= LARGE_RATE:
        return max(math.floor(rate + math.sqrt(rate) * _ndtri(u) + 0.5), 0.0)
    term = math.exp(-rate)
    cdf = term
    count = 0.0
    while u > cdf and term > 0.0:
        count += 1.0
        term *= rate / count
        cdf += term
    return count


@kernel
def troops_scale(troops: float) -> float:
    """log10(1 + troops / 1,000): the scale on which numbers of troops act, each tenfold increase
    counting the same (reassurance, provocation, returns, aid, investors' relief)."""
    return math.log10(1.0 + troops / 1000.0)


@kernel
def total(values: np.ndarray) -> float:
    """The sum of an array's elements in index order (C order for several axes)."""
    out = 0.0
    for value in values.flat:  # no copy, unlike ravel
        out += value
    return out
