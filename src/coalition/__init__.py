"""coalition: a decision-support simulator for a multinational Allied deployment to Ukraine."""

import importlib
import typing

from coalition.errors import CoalitionError, EngineError, SpecError, StoreError, WorldError

if typing.TYPE_CHECKING:
    from coalition.api import load_scenario, simulate
    from coalition.engine.results import Results

# The engine (Numba, SciPy, pandas) is imported on first use, so that a command that does not
# run the model starts at once.
_LAZY = {
    "load_scenario": "coalition.api",
    "simulate": "coalition.api",
    "Results": "coalition.engine.results",
}

__all__ = [
    "CoalitionError",
    "EngineError",
    "Results",
    "SpecError",
    "StoreError",
    "WorldError",
    "load_scenario",
    "simulate",
]


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'coalition' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
