"""The typed, frozen form of a scenario file: a course of action and the assumptions to vary.

Every model forbids unknown keys, so a typo in a file is an error, never a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coalition.spec.distributions import Distribution


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

    country: str = Field(description="ISO 3166-1 alpha-2 code of a contributor in the world pack")
    troops: int = Field(ge=0, le=500_000)
    roles: list[Role] = Field(min_length=1)
    zone: str = Field(description="destination zone in the world pack")
    start_day: int = Field(0, ge=0)
    route: str | None = Field(
        None, description="a border crossing or airport of the network to enter by; default: any"
    )
    fire_units: int | None = Field(
        None, ge=0, le=500, description="air-defence fire units (batteries) the contingent brings"
    )
    interceptors: int | None = Field(
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

    zone: str = Field(description="zone of the world pack the fire units defend")
    fire_units: int = Field(ge=1, le=500)
    interceptors: int | None = Field(
        None, ge=0, le=1_000_000, description="default: a basic load per fire unit"
    )
    start_day: int = Field(0, ge=0)


class CourseOfAction(Spec):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    context: Context
    mission: Mission
    posture: Posture = Posture.NON_COMBAT
    framing: Framing = Framing.COALITION
    us_backstop: bool = False
    rules_of_engagement: RulesOfEngagement = RulesOfEngagement.SELF_DEFENCE
    command: Command = Command.LEAD_NATION
    contingents: list[Contingent] = Field(default_factory=list)
    donated_air_defence: list[Donation] = Field(default_factory=list)

    @property
    def troops_committed(self) -> int:
        return sum(c.troops for c in self.contingents)


class Scenario(Spec):
    """A course of action, the run's size and the assumptions the analyst changes."""

    name: str
    description: str = ""
    world: str = "ukraine-2025"
    start_date: dt.date = dt.date(2027, 1, 1)
    horizon_days: int = Field(365, ge=7, le=3650)
    draws: int = Field(1000, ge=1, le=10_000_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    course_of_action: CourseOfAction
    assumptions: dict[str, Distribution] = Field(default_factory=dict)

    def with_run_settings(
        self, *, draws: int | None = None, seed: int | None = None, horizon_days: int | None = None
    ) -> Scenario:
        """The same scenario with command-line overrides of its run size, validated again."""
        updates = {
            k: v
            for k, v in {"draws": draws, "seed": seed, "horizon_days": horizon_days}.items()
            if v is not None
        }
        return Scenario.model_validate({**self.model_dump(), **updates})
