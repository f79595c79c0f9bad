"""Order components so that each runs after the owners of what it reads today.

Reads of yesterday's values (`reads_lagged`) impose no order; that is how feedback loops close.
Any other cycle is refused with a message that names it.
"""

from __future__ import annotations

from collections.abc import Sequence

from coalition.engine.component import Component
from coalition.errors import EngineError


def owners(components: Sequence[Component]) -> dict[str, str]:
    """Variable name → owning component name; refuses a variable owned twice."""
    owner: dict[str, str] = {}
    for component in components:
        for variable in component.owns():
            if variable.name in owner:
                raise EngineError(
                    f"'{variable.name}' is owned by both '{owner[variable.name]}' "
                    f"and '{component.name}'"
                )
            owner[variable.name] = component.name
    return owner


def order(components: Sequence[Component]) -> list[Component]:
    """Components in a runnable order (stable: ties keep registration order)."""
    owner = owners(components)
    scratch = {v.name for c in components for v in c.owns() if v.scratch}
    by_name = {c.name: c for c in components}
    needs: dict[str, list[str]] = {}
    for component in components:
        deps = []
        for name in (*component.reads, *component.reads_lagged):
            if name not in owner:
                raise EngineError(f"'{component.name}' reads '{name}', which no component owns")
            if name in scratch:
                raise EngineError(
                    f"'{component.name}' reads '{name}', a scratch variable of '{owner[name]}'"
                )
        for name in component.reads:
            if owner[name] != component.name and owner[name] not in deps:
                deps.append(owner[name])
        needs[component.name] = deps

    ordered: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            cycle = [*visiting[visiting.index(name) :], name]
            raise EngineError(
                "cycle between components: "
                + " → ".join(cycle)
                + "; make one of these reads lagged (reads_lagged) to break it"
            )
        visiting.append(name)
        for dep in needs[name]:
            visit(dep)
        visiting.pop()
        ordered.append(name)

    for component in components:
        visit(component.name)
    return [by_name[name] for name in ordered]
