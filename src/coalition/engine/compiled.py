"""Compiled daily steps: the rules of one draw on one day, looped over a chunk's draws.

A component's `step` hands its arrays to a `kernel`, a function compiled by Numba that walks the
draws one by one and works on scalars, as the scalar references do. Kernels follow three rules,
so that results stay bit-identical whatever the chunk, worker or executor:

- no fast math (no reassociation, no fused multiply-add): each operation rounds as written;
- every sum runs in a fixed order: `total` (NumPy's own pairwise order) or a loop in index order;
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


PLAIN_ZERO_MARGIN = 1e-15
"""Below one minus a rate less this margin, a uniform is below e^-rate as `math.exp` rounds it
(within an ulp, 1.1e-16 below 1), since e^-rate >= 1 - rate: a count or an event that is plainly
zero needs no exponential."""


@kernel
def poisson(u: float, rate: float) -> float:
    """A Poisson count by inversion of one uniform (sequential search; Devroye 1986, X.3.3).

    Inversion keeps counts monotone in the rate for the same uniform, which keeps comparisons on
    common random numbers clean. At `LARGE_RATE` and above the count inverts the normal
    approximation instead, rounded and floored at 0: still monotone in the rate and the uniform.
    """
    if rate >= LARGE_RATE:
        return max(math.floor(rate + math.sqrt(rate) * _ndtri(u) + 0.5), 0.0)
    if u <= 1.0 - rate - PLAIN_ZERO_MARGIN:
        return 0.0  # most days' counts: a few deaths or incidents spread over many draws
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
    counting the same (reassurance, provocation, returns, aid, investors' relief). No troops,
    no logarithm: most zones of most draws have none."""
    return math.log10(1.0 + troops / 1000.0) if troops != 0.0 else 0.0


@kernel
def total(values: np.ndarray) -> float:
    """The sum of an array's elements in NumPy's own order: pairwise over the elements in C order,
    as `np.sum` adds a contiguous array (in sequence below 8 elements, then eight running sums,
    halving beyond 128), so a kernel and the NumPy code it replaces agree to the last bit."""
    if values.size < 8:
        out = 0.0
        for value in values.flat:
            out += value
        return out
    flat = np.ascontiguousarray(values).reshape(values.size)  # a view when already contiguous
    return _pairwise(flat, 0, flat.size)


@kernel
def _pairwise(a: np.ndarray, start: int, n: int) -> float:
    """NumPy's pairwise sum of a[start:start + n]: halves (at a multiple of 8) down to blocks of
    at most 128, left plus right. The recursion runs on a stack: a cached kernel may not call
    itself."""
    if n <= 128:
        return _block(a, start, n)
    starts, sizes, halves = np.empty(64, np.int64), np.empty(64, np.int64), np.empty(64, np.int64)
    lefts, has_left = np.empty(64), np.zeros(64, np.bool_)
    top = 0
    starts[0], sizes[0] = start, n
    while True:
        if sizes[top] > 128:  # split, and add up the left half first
            half = sizes[top] // 2
            halves[top] = half - half % 8
            has_left[top] = False
            starts[top + 1], sizes[top + 1] = starts[top], halves[top]
            top += 1
            continue
        value = _block(a, starts[top], sizes[top])
        top -= 1
        while top >= 0 and has_left[top]:  # both halves known: their sum is the parent's
            value = lefts[top] + value
            top -= 1
        if top < 0:
            return value
        lefts[top], has_left[top] = value, True  # now the right half
        starts[top + 1] = starts[top] + halves[top]
        sizes[top + 1] = sizes[top] - halves[top]
        top += 1


@kernel
def _block(a: np.ndarray, start: int, n: int) -> float:
    if n < 8:
        out = 0.0
        for k in range(start, start + n):
            out += a[k]
        return out
    r0, r1, r2, r3 = a[start], a[start + 1], a[start + 2], a[start + 3]
    r4, r5, r6, r7 = a[start + 4], a[start + 5], a[start + 6], a[start + 7]
    for k in range(start + 8, start + n - n % 8, 8):
        r0 += a[k]
        r1 += a[k + 1]
        r2 += a[k + 2]
        r3 += a[k + 3]
        r4 += a[k + 4]
        r5 += a[k + 5]
        r6 += a[k + 6]
        r7 += a[k + 7]
    out = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for k in range(start + n - n % 8, start + n):
        out += a[k]
    return out
