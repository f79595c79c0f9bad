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

    The same stream that `NoiseStream` reads day by day, read for one draw: what a scalar
    reference needs to replay it. Each uniform takes one step of the generator, so the other
    draws' numbers are stepped over (`advance`) rather than drawn.
    """
    block, row = divmod(draw, BLOCK)
    generator = _generator(seed, _NOISE, block, component)
    history = np.empty((days, width))
    generator.bit_generator.advance(row * width)
    for day in range(days):
        generator.random(out=history[day])
        generator.bit_generator.advance((BLOCK - 1) * width)
    return history
