"""Poisson counts from uniforms, one at a time, as the engine draws them.

Sequential-search inversion (Devroye 1986, X.3.3), the scalar form of
`coalition.engine.compiled.poisson`: the count is the first k whose cumulative
probability reaches u.
"""

from __future__ import annotations

import math
from statistics import NormalDist

LARGE_RATE = 700.0  # exp(-700) is near the float floor: from here on, the normal approximation


def poisson(u: float, lam: float) -> int:
    """The Poisson(lam) count that the uniform `u` selects."""
    if lam >= LARGE_RATE:
        return max(0, math.floor(lam + math.sqrt(lam) * NormalDist().inv_cdf(u) + 0.5))
    term = math.exp(-lam)
    cdf = term
    k = 0
    while u > cdf and term > 0:
        k += 1
        term *= lam / k
        cdf += term
    return k
