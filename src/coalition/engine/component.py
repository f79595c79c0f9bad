"""The component contract: what a domain reads, owns, assumes and reports.

A component is a class with a `name`, the state variables it `reads` (today's values) and
`reads_lagged` (yesterday's, the one way to close a feedback loop), the variables it `owns` (those
marked `record` are its weekly trajectories), the uniform random numbers it needs (`noise`,
`noise_once`), its `parameters` with default distributions and source ids, its
`declared_outcomes`, and three methods: `init`, `step` and `outcomes`. Components never import
each other; they meet only through named state.

A `step` may be plain NumPy over the draws; the built-in domains hand their arrays to a kernel
compiled by `coalition.engine.compiled`, which walks the draws one at a time on scalars, as their
scalar references do: that is what makes tens of thousands of draws cheap.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from coalition.engine.setup import Setup
from coalition.errors import EngineError
from coalition.spec.distributions import Distribution
from coalition.world.pack import ALLOWED_RANGES, DomainPack, NamedParameter


@dataclass(frozen=True)
class Allowed:
    """The values a parameter can take and still mean something (a share above 1 does not)."""

    low: float
    high: float
    what: str

    def admits(self, bounds: tuple[float, float]) -> bool:
        return self.low <= bounds[0] and bounds[1] <= self.high


ALLOWED = {name: Allowed(*spec) for name, spec in ALLOWED_RANGES.items()}


@dataclass(frozen=True)
class Parameter:
    """An uncertain input: its default distribution carries the source id; `allowed` is the range
    an analyst's override must stay within."""

    name: str
    default: Distribution
    description: str
    allowed: Allowed = ALLOWED["any"]

    @classmethod
    def named(cls, name: str, entry: NamedParameter) -> Parameter:
        """A parameter from a world pack's `parameters:` entry, with its allowed range."""
        return cls(name, entry.default, entry.description, ALLOWED[entry.allowed])


@dataclass(frozen=True)
class Variable:
    """A named state array of shape (draws, *shape); `axis` labels its last dimension."""

    name: str
    shape: tuple[int, ...] = ()
    axis: str | None = None
    dtype: type = float
    fill: float = 0.0
    record: bool = False  # keep weekly values as a trajectory
    scratch: bool = False  # a working array only its owner reads, changed in place (`mutable`)


class StateView:
    """A component's window on the shared state: reads what it declared, writes what it owns.

    Writing rebinds the name to the new array (a kernel's output is taken as it is), so a component
    must not change an array in place once it has written it: it computes a new one each day. The
    exception is a `scratch` variable, which no other component reads: `mutable` hands it out to
    be changed in place.
    """

    __slots__ = ("_data", "_dtypes", "_owner", "_readable", "_scratch")

    def __init__(
        self,
        data: dict[str, np.ndarray],
        owner: str,
        readable: set[str],
        owned: dict[str, type],
        scratch: frozenset[str] = frozenset(),
    ) -> None:
        self._data = data
        self._owner = owner
        self._readable = readable | set(owned)
        self._dtypes = owned
        self._scratch = scratch

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._readable:
            raise EngineError(f"component '{self._owner}' reads '{name}' without declaring it")
        return self._data[name]

    def mutable(self, name: str) -> np.ndarray:
        """A scratch variable of this component, to change in place."""
        if name not in self._scratch:
            raise EngineError(
                f"component '{self._owner}' changes '{name}' in place, but it is "
                "not one of its scratch variables"
            )
        return self._data[name]

    def renew(self, *names: str) -> list[np.ndarray]:
        """New arrays for these owned variables, shaped and typed as declared, that become their
        values now, for a kernel to fill. Read yesterday's values first: whoever holds the old
        arrays keeps them unchanged."""
        fresh = []
        for name in names:
            if name not in self._dtypes:
                raise EngineError(
                    f"component '{self._owner}' writes '{name}', which it does not own"
                )
            self._data[name] = np.empty(self._data[name].shape, dtype=self._dtypes[name])
            fresh.append(self._data[name])
        return fresh

    def __setitem__(self, name: str, value: np.ndarray | float) -> None:
        if name not in self._dtypes:
            raise EngineError(f"component '{self._owner}' writes '{name}', which it does not own")
        current = self._data[name]
        if (
            isinstance(value, np.ndarray)
            and value.shape == current.shape
            and value.dtype == self._dtypes[name]
        ):
            self._data[name] = value  # a kernel's fresh output: nothing to convert
            return
        # a plain array of its own, as a kernel writes: kernels then see one kind of array
        # (contiguous, writable) and compile once
        self._data[name] = np.full(current.shape, value, dtype=self._dtypes[name])


@dataclass
class StepContext:
    """What a component sees during a run over one chunk of draws."""

    setup: Setup
    n: int
    state: StateView
    lagged: StateView
    params: dict[str, np.ndarray]
    noise: dict[str, np.ndarray]
    derived: dict[str, np.ndarray] = field(default_factory=dict)  # a component's own constants

    def columns(self, names: Iterable[str]) -> np.ndarray:
        """These parameters side by side, draws x names (no columns for no names)."""
        return np.column_stack([self.params[name] for name in names] or [np.zeros((self.n, 0))])


class Component(ABC):
    """Base class of every domain; subclasses fill the class attributes and three methods."""

    name: ClassVar[str]
    pack: ClassVar[type[DomainPack] | None] = None  # its slice of the world pack, if it has one
    reads: ClassVar[tuple[str, ...]] = ()
    reads_lagged: ClassVar[tuple[str, ...]] = ()

    def __init__(self, setup: Setup) -> None:
        self.setup = setup

    @abstractmethod
    def owns(self) -> list[Variable]:
        """The state this component alone writes."""

    @abstractmethod
    def parameters(self) -> list[Parameter]:
        """Uncertain inputs, named `<component>.<what>`, with default distributions."""

    def pack_parameters(self) -> list[Parameter]:
        """The named parameters of this component's slice of the pack, as `<name>.<parameter>`."""
        named = self.setup.world.domain(self.name).parameters
        return [Parameter.named(f"{self.name}.{key}", entry) for key, entry in named.items()]

    def noise(self) -> dict[str, int]:
        """Uniform random numbers per draw per day, by channel name and width."""
        return {}

    def noise_once(self) -> dict[str, int]:
        """Uniform random numbers drawn once per draw (the luck of a one-off event), by channel
        name and width; they sit in `ctx.noise` beside the daily channels every day."""
        return {}

    def init(self, ctx: StepContext) -> None:  # noqa: B027 - optional hook
        """Set initial values of owned state (zeros or `fill` by default) and compute constants
        from the sampled parameters into `ctx.derived`."""

    @abstractmethod
    def step(self, ctx: StepContext, day: int) -> None:
        """Advance owned state by one day."""

    @abstractmethod
    def declared_outcomes(self) -> dict[str, str]:
        """The per-draw outcomes this component reports, by name, with what each one means."""

    @abstractmethod
    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        """Per-draw scalar results after the last day: exactly the declared ones."""
