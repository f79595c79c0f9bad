"""The typed, frozen form of a scenario file: a course of action and the assumptions to vary.

Every model forbids unknown keys, so a typo in a file is an error, never a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator
from pydantic_core import PydanticSerializationError

from coalition.errors import Problem, SpecError
from coalition.spec.distributions import Distribution
from coalition.spec.messages import validation_problems
from coalition.spec.values import (
    ID_PATTERN,
    NAME_PATTERN,
    PARAMETER_PATTERN,
    CalendarDate,
    FrozenMapping,
    Line,
    Paragraphs,
    WholeNumber,
)

MAX_DRAWS = 1_000_000
"""The most draws a run may ask for; what a run can hold in memory is checked when it starts."""
MAX_SEED = 2**63 - 1
"""Seeds are stored as 64-bit signed integers."""

Name = Annotated[str, Strict(), Field(min_length=1, max_length=100, pattern=NAME_PATTERN)]
"""A name the world pack defines (country, zone, route, world)."""
ParameterName = Annotated[
    str, Strict(), Field(min_length=1, max_length=200, pattern=PARAMETER_PATTERN)
]
"""A parameter's name: dotted, with `>` between the ends of a link (`logistics.people.a>b`)."""


class Spec(BaseModel):
    """Base of the scenario models: frozen, and strict about keys (a typo is an error)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Context(StrEnum):
    """The war's state when forces deploy: it decides which opinion polls apply."""

    WAR = "war"
    CEASEFIRE = "ceasefire"


class Mission(StrEnum):
    NONE = "none"
    TRAINING_LOGISTICS = "training_logistics"
    AIR_DEFENCE = "air_defence"
    REASSURANCE = "reassurance"
    DETERRENCE_DEFENCE = "deterrence_defence"


class Posture(StrEnum):
    """How much contact a force seeks: it scales exposure near the front."""

    NON_COMBAT = "non_combat"
    DEFENSIVE = "defensive"
    OFFENSIVE = "offensive"


class Framing(StrEnum):
    NATO = "nato"
    COALITION = "coalition"


class Command(StrEnum):
    """How the contingents are commanded: it scales coordination's friction."""

    INTEGRATED = "integrated"  # a standing multinational command (NATO's)
    LEAD_NATION = "lead_nation"  # a framework nation commands the others
    NATIONAL = "national"  # parallel national commands that only coordinate


class RulesOfEngagement(StrEnum):
    SELF_DEFENCE = "self_defence"
    PROTECT_DESIGNATED = "protect_designated"
    ENGAGE_HOSTILE_FORCES = "engage_hostile_forces"


class Role(StrEnum):
    TRAINING = "training"
    LOGISTICS = "logistics"
    MEDICAL = "medical"
    ENGINEERING = "engineering"
    HEADQUARTERS = "headquarters"
    AIR_DEFENCE = "air_defence"
    AIR_POLICING = "air_policing"
    COMBAT = "combat"


class Contingent(Spec):
    """One nation's force: how many, doing what, going where, from which day."""

    country: Name = Field(description="ISO 3166-1 alpha-2 code of a contributor in the world pack")
    troops: WholeNumber = Field(ge=0, le=500_000)
    roles: tuple[Role, ...] = Field(min_length=1, max_length=len(Role))
    zone: Name = Field(description="destination zone in the world pack")
    start_day: WholeNumber = Field(0, ge=0, le=3650)
    route: Name | None = Field(
        None, description="a border crossing or airport of the network to enter by; default: any"
    )
    fire_units: WholeNumber | None = Field(
        None, ge=0, le=500, description="air-defence fire units (batteries) the contingent brings"
    )
    interceptors: WholeNumber | None = Field(
        None,
        ge=0,
        le=1_000_000,
        description="interceptors it brings; default: a basic load per fire unit",
    )

    @model_validator(mode="after")
    def _air_defence_needs_fire_units(self) -> Contingent:
        defends = Role.AIR_DEFENCE in self.roles
        if defends and self.fire_units is None:
            raise ValueError(
                "an air_defence contingent needs fire_units: how many fire units (batteries) "
                "it brings"
            )
        if not defends and (self.fire_units is not None or self.interceptors is not None):
            raise ValueError(
                "fire_units and interceptors are only for contingents with the air_defence role"
            )
        return self


class Donation(Spec):
    """Air-defence fire units given to Ukraine and crewed by Ukrainians: they add to its air
    defence in one zone from a day on, without Allied troops."""

    zone: Name = Field(description="zone of the world pack the fire units defend")
    fire_units: WholeNumber = Field(ge=1, le=500)
    interceptors: WholeNumber | None = Field(
        None, ge=0, le=1_000_000, description="default: a basic load per fire unit"
    )
    start_day: WholeNumber = Field(0, ge=0, le=3650)


class CourseOfAction(Spec):
    id: Annotated[str, Strict()] = Field(pattern=ID_PATTERN, max_length=64)
    title: Line
    context: Context
    mission: Mission
    posture: Posture = Posture.NON_COMBAT
    framing: Framing = Framing.COALITION
    us_backstop: Annotated[bool, Strict()] = False
    rules_of_engagement: RulesOfEngagement = RulesOfEngagement.SELF_DEFENCE
    command: Command = Command.LEAD_NATION
    contingents: tuple[Contingent, ...] = Field(default=(), max_length=1000)
    donated_air_defence: tuple[Donation, ...] = Field(default=(), max_length=1000)

    @property
    def troops_committed(self) -> int:
        return sum(c.troops for c in self.contingents)


class Scenario(Spec):
    """A course of action, the run's size and the assumptions the analyst changes."""

    name: Line
    description: Paragraphs = ""
    world: Name = "ukraine-2025"
    start_date: CalendarDate = dt.date(2027, 1, 1)
    horizon_days: WholeNumber = Field(365, ge=7, le=3650)
    draws: WholeNumber = Field(1000, ge=1, le=MAX_DRAWS)
    seed: WholeNumber = Field(0, ge=0, le=MAX_SEED)
    course_of_action: CourseOfAction
    assumptions: FrozenMapping[ParameterName, Distribution] = Field(
        default_factory=lambda: MappingProxyType({}), max_length=1000
    )

    def with_run_settings(
        self, *, draws: int | None = None, seed: int | None = None, horizon_days: int | None = None
    ) -> Scenario:
        """The same scenario with other run settings (`None` keeps the scenario's), validated
        again from its fields: a `SpecError` names any that is not allowed."""
        updates = {
            k: v
            for k, v in {"draws": draws, "seed": seed, "horizon_days": horizon_days}.items()
            if v is not None
        }
        try:
            return Scenario.model_validate({**self.model_dump(), **updates})
        except (ValidationError, PydanticSerializationError) as exc:
            problems = (
                validation_problems(exc, "<scenario>", {}, Scenario)
                if isinstance(exc, ValidationError)
                else [Problem("<scenario>", None, "", f"not a scenario that can be read: {exc}")]
            )
            raise SpecError(problems) from None
