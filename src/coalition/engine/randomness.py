"""Random numbers that do not depend on how draws are split into chunks or workers.

Draws are grouped in fixed blocks of `BLOCK` draws. Every (block, parameter) and every
(block, component) gets its own stream from `numpy.random.SeedSequence(seed, spawn_key=...)`, so
draw i sees the same numbers whatever the chunk size, the worker count or the number of draws, and
two scenarios run with one seed share the draws of every parameter they share (common random
numbers, which sharpen comparisons between courses of action).
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy import special

from coalition.spec.distributions import Distribution

BLOCK = 500
_PARAMETERS, _NOISE, _ONCE = 1, 2, 3


def _generator(seed: int, kind: int, block: int, name: str) -> np.random.Generator:
    key = (kind, block, zlib.crc32(name.encode()))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def blocks(start: int, stop: int) -> range:
    """The blocks that draws [start, stop) touch."""
    return range(start // BLOCK, (stop - 1) // BLOCK + 1)


def sample_parameter(
    seed: int, name: str, distribution: Distribution, start: int, stop: int
) -> np.ndarray:
    """Draws [start, stop) of one parameter."""
    parts = [
        distribution.sample(_generator(seed, _PARAMETERS, b, name), BLOCK)
        for b in blocks(start, stop)
    ]
    offset = blocks(start, stop).start * BLOCK
    return np.concatenate(parts)[start - offset : stop - offset]


class NoiseStream:
    """Uniform numbers for one component over draws [start, stop), `width` per draw per day."""

    def __init__(self, seed: int, component: str, width: int, start: int, stop: int) -> None:
        span = blocks(start, stop)
        self._slice = slice(start - span.start * BLOCK, stop - span.start * BLOCK)
        self._generators = [_generator(seed, _NOISE, b, component) for b in span]
        self._width = width

    def next_day(self) -> np.ndarray:
        """Today's numbers, shape (draws, width); each block always draws a whole block."""
        day = np.empty((len(self._generators) * BLOCK, self._width))
        for k, generator in enumerate(self._generators):
            generator.random(out=day[k * BLOCK : (k + 1) * BLOCK])
        return day[self._slice]


def noise_once(seed: int, component: str, width: int, start: int, stop: int) -> np.ndarray:
    """Uniforms drawn once per draw for one component (an event's luck), shape (draws, width)."""
    span = blocks(start, stop)
    numbers = np.concatenate(
        [_generator(seed, _ONCE, b, component).random((BLOCK, width)) for b in span]
    )
    return numbers[start - span.start * BLOCK : stop - span.start * BLOCK]


def noise_history(seed: int, component: str, width: int, draw: int, days: int) -> np.ndarray:
    """All the numbers one draw sees over `days` days, shape (days, width).

    The same stream that `NoiseStream` reads day by day, read at once: what a scalar reference
    needs to replay a draw.
    """
    block, row = divmod(draw, BLOCK)
    return _generator(seed, _NOISE, block, component).random((days, BLOCK, width))[:, row, :]


LARGE_RATE = 700.0
"""From this rate on, Poisson counts come from the normal approximation: exp(-700) is near the
float floor and the sequential search would take ~rate steps; the skew ignored is 1/sqrt(700)."""


def poisson_from_uniform(u: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Poisson counts by inversion of uniforms (sequential search; Devroye 1986, X.3.3).

    Inversion keeps counts monotone in the rate for the same uniform, which keeps comparisons on
    common random numbers clean. At `LARGE_RATE` and above the count inverts the normal
    approximation instead, rounded and floored at 0: still monotone in the rate and the uniform.
    """
    lam = np.broadcast_to(lam, u.shape)
    large = lam >= LARGE_RATE
    if np.any(large):
        counts = poisson_from_uniform(u, np.where(large, 0.0, lam))
        approx = np.floor(lam + np.sqrt(lam) * special.ndtri(u) + 0.5)
        return np.where(large, np.maximum(approx, 0.0), counts)
    counts = np.zeros(u.shape)
    term = np.exp(-lam)
    cdf = term.copy()
    active = np.flatnonzero(u > cdf)
    u_flat, lam_flat = u.ravel(), lam.ravel()
    counts_flat, term_flat, cdf_flat = counts.ravel(), term.ravel(), cdf.ravel()
    while active.size:
        counts_flat[active] += 1
        term_flat[active] *= lam_flat[active] / counts_flat[active]
        cdf_flat[active] += term_flat[active]
        keep = (u_flat[active] > cdf_flat[active]) & (term_flat[active] > 0)
        active = active[keep]
    return counts
