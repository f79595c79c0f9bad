"""The planner against history: IFOR's Task Force Eagle (25,000 troops, Germany to Bosnia,
winter 1995-96, 64 days) planned with the operation's published figures.

Rail moved the division's kit (0.272 rail cars a soldier) and airlift moved people; the rail
corridor's daily capacity is the uncertain input, so the modelled closure is given for its low,
likely and high values beside the historical one.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from coalition.errors import WorldError
from coalition.logistics.planner import Demand, Link, solve
from coalition.spec.distributions import Distribution
from coalition.spec.safe_yaml import read_yaml_file
from coalition.world.pack import PACKS, load_world

HORIZON = 150


class Sourced(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    value: float
    source: str


class IforCase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    troops: Sourced
    historical_closure_days: Sourced
    cargo_tonnes_per_soldier: Distribution
    trains_per_day: Distribution
    cars_per_train: Sourced
    cars_per_soldier: Sourced
    tonnes_per_car: Sourced
    airlift_people_per_day: Sourced
    airlift_tonnes_per_day: Sourced
    rail_days: Sourced
    onward_days: Sourced


@dataclass(frozen=True)
class Comparison:
    trains_per_day: float
    modelled_closure_days: float
    historical_closure_days: float


def load_case() -> IforCase:
    """The IFOR case from the ukraine-2025 pack, every figure's source checked."""
    path = PACKS["ukraine-2025"] / "history_ifor.yaml"
    case = IforCase.model_validate(read_yaml_file(path).data)
    world = load_world("ukraine-2025")
    for field, value in case:
        sources = getattr(value, "source_ids", None) or (getattr(value, "source", None),)
        for source in filter(None, sources):
            if source not in world.citations and source not in world.assumptions:
                raise WorldError(f"{path}: {field}: unknown source '{source}'")
    return case


def links(case: IforCase, trains_per_day: float) -> list[Link]:
    """Germany to Bosnia: rail to the Hungarian staging base, or airlift, then onward by road."""
    cars = trains_per_day * case.cars_per_train.value
    return [
        Link(
            "germany",
            "hungary",
            int(case.rail_days.value),
            people=cars / case.cars_per_soldier.value,
            tonnes=cars * case.tonnes_per_car.value,
        ),
        Link(
            "germany",
            "bosnia",
            1,
            people=case.airlift_people_per_day.value,
            tonnes=case.airlift_tonnes_per_day.value,
        ),
        Link("hungary", "bosnia", int(case.onward_days.value)),
    ]


def compare() -> list[Comparison]:
    """Modelled closure for the low, likely and high rail capacity, beside the historical one."""
    case = load_case()
    demand = Demand(
        "Task Force Eagle",
        "germany",
        "bosnia",
        case.troops.value,
        case.cargo_tonnes_per_soldier.central,
        0,
    )
    low, high = case.trains_per_day.bounds
    return [
        Comparison(
            trains,
            solve(links(case, trains), [demand], HORIZON).closure_day(1.0),
            case.historical_closure_days.value,
        )
        for trains in (low, case.trains_per_day.central, high)
    ]
