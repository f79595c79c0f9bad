"""A runnable model: the registered components for one setup, ordered, with their parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from coalition.engine.component import Component, Parameter, Variable
from coalition.engine.schedule import order
from coalition.engine.setup import Setup
from coalition.errors import EngineError


@dataclass(frozen=True)
class Model:
    setup: Setup
    components: tuple[Component, ...]

    @classmethod
    def build(cls, setup: Setup, domains: Sequence[type[Component]]) -> Model:
        return cls(setup, tuple(order([domain(setup) for domain in domains])))

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        """Every parameter by name, with the scenario's overrides applied."""
        catalogue: dict[str, Parameter] = {}
        for component in self.components:
            for p in component.parameters():
                if not p.name.startswith(component.name + "."):
                    raise EngineError(
                        f"parameter '{p.name}' of '{component.name}' must be named "
                        f"'{component.name}.<what>'"
                    )
                if p.name in catalogue:
                    raise EngineError(f"parameter '{p.name}' is declared twice")
                catalogue[p.name] = p
        for name, dist in self.setup.scenario.assumptions.items():
            if name in catalogue:
                catalogue[name] = replace(catalogue[name], default=dist)
        return catalogue

    @cached_property
    def variables(self) -> dict[str, Variable]:
        return {v.name: v for c in self.components for v in c.owns()}

    @cached_property
    def lagged(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for c in self.components for n in c.reads_lagged))
