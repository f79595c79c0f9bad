"""coalition: a decision-support simulator for a multinational Allied deployment to Ukraine."""

from coalition.api import load_scenario, simulate
from coalition.engine.results import Results
from coalition.errors import CoalitionError, EngineError, SpecError, StoreError, WorldError

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
