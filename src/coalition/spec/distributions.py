"""Uncertain numbers: each a distribution with the `source` that justifies it.

A distribution validates itself (bounds in order, weights positive) and draws `n` samples from a
NumPy generator. The `dist` field names the family in scenario and world files.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from coalition.spec.values import MAX_MAGNITUDE, Number

TAIL = 6.0
"""How far into its tails an unbounded distribution must stay computable (in sd, or powers of the
gsd): a draw beyond 6 sd comes once in a billion."""

SourceId = Annotated[str, Strict(), Field(max_length=200)]
SourceIds = Annotated[
    SourceId | tuple[SourceId, ...],
    Field(description="source id(s): a citation or assumption"),
]


class _Distribution(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: SourceIds

    @field_validator("source")
    @classmethod
    def _source_named(cls, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
        ids = (value,) if isinstance(value, str) else value
        if not ids or any(not i.strip() or not i.isprintable() for i in ids):
            raise ValueError("give the id of a citation or of a written assumption")
        return value

    @property
    def source_ids(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else self.source

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        raise NotImplementedError

    @property
    def bounds(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take (may be infinite)."""
        raise NotImplementedError

    @property
    def central(self) -> float:
        """A representative value (median or mode) for deterministic runs and summaries."""
        raise NotImplementedError


class Point(_Distribution):
    dist: Literal["point"]
    value: Number

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value, dtype=float)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.value, self.value)

    @property
    def central(self) -> float:
        return self.value


class Uniform(_Distribution):
    dist: Literal["uniform"]
    low: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def central(self) -> float:
        return (self.low + self.high) / 2


class _ThreePoint(_Distribution):
    """Low, most likely and high: the estimate analysts give when asked for a range."""

    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> _ThreePoint:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}"
            )
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def central(self) -> float:
        return self.mode


class Triangular(_ThreePoint):
    dist: Literal["triangular"]

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, n)


class Pert(_ThreePoint):
    """Beta-PERT: a smooth three-point estimate (Vose, *Risk Analysis*, 2008)."""

    dist: Literal["pert"]
    shape: Annotated[Number, Field(gt=0)] = 4.0

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        span = self.high - self.low
        a = 1 + self.shape * (self.mode - self.low) / span
        b = 1 + self.shape * (self.high - self.mode) / span
        return self.low + span * rng.beta(a, b, n)


class Normal(_Distribution):
    dist: Literal["normal"]
    mean: Number
    sd: Annotated[Number, Field(gt=0)]

    @model_validator(mode="after")
    def _tails_computable(self) -> Normal:
        if abs(self.mean) + TAIL * self.sd > MAX_MAGNITUDE:
            raise ValueError(
                f"mean ± {TAIL:g} sd must lie within ±{MAX_MAGNITUDE:g}; got mean {self.mean:g}, "
                f"sd {self.sd:g}"
            )
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.normal(self.mean, self.sd, n)

    @property
    def bounds(self) -> tuple[float, float]:
        return (-np.inf, np.inf)

    @property
    def central(self) -> float:
        return self.mean


class LogNormal(_Distribution):
    """Log-normal given by its median and the multiplicative spread `gsd` (geometric SD)."""

    dist: Literal["lognormal"]
    median: Annotated[Number, Field(gt=0)]
    gsd: Annotated[Number, Field(gt=1)]

    @model_validator(mode="after")
    def _tails_computable(self) -> LogNormal:
        if math.log(self.median) + TAIL * math.log(self.gsd) > math.log(MAX_MAGNITUDE):
            raise ValueError(
                f"median × gsd^{TAIL:g} must stay below {MAX_MAGNITUDE:g}; got median "
                f"{self.median:g}, gsd {self.gsd:g}"
            )
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.lognormal(np.log(self.median), np.log(self.gsd), n)

    @property
    def bounds(self) -> tuple[float, float]:
        return (0.0, np.inf)

    @property
    def central(self) -> float:
        return self.median


class Beta(_Distribution):
    """Beta(a, b) rescaled to [low, high] (default [0, 1])."""

    dist: Literal["beta"]
    a: Annotated[Number, Field(gt=0)]
    b: Annotated[Number, Field(gt=0)]
    low: Number = 0.0
    high: Number = 1.0

    @model_validator(mode="after")
    def _ordered(self) -> Beta:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.low + (self.high - self.low) * rng.beta(self.a, self.b, n)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def central(self) -> float:
        return self.low + (self.high - self.low) * self.a / (self.a + self.b)


class Discrete(_Distribution):
    dist: Literal["discrete"]
    values: tuple[Number, ...] = Field(min_length=1, max_length=10_000)
    weights: tuple[Number, ...] | None = None

    @model_validator(mode="after")
    def _weights_fit(self) -> Discrete:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"weights has {len(self.weights)} entries but values has {len(self.values)}"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be non-negative and not all zero")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        p = None
        if self.weights is not None:
            total = sum(self.weights)
            p = [w / total for w in self.weights]
        return rng.choice(np.asarray(self.values, dtype=float), size=n, p=p)

    @property
    def bounds(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    @property
    def central(self) -> float:
        if self.weights is None:
            return float(np.median(self.values))
        return self.values[int(np.argmax(self.weights))]


Distribution = Annotated[
    Point | Uniform | Triangular | Pert | Normal | LogNormal | Beta | Discrete,
    Field(discriminator="dist"),
]
DISTRIBUTION_NAMES = (
    "point",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "beta",
    "discrete",
)
