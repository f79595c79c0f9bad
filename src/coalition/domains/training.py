"""Training and modernisation of Ukraine's forces: Allied programmes abroad against Allied trainers
in the country, and the interoperability both build.

Programmes abroad (Interflex, EUMAM) graduate a steady flow in every course of action. Allied
trainers in Ukraine add courses in the country: each soldier of a training contingent (a share of
a contingent with several roles) puts trainees through a course of `course_days`, fewer while
Russia strikes Allied forces. Graduates serve until they leave the force, at the attrition rate of
the war, so the stocks they build outlast the trainers. The stock at the start is everyone
trained abroad by February 2025, spread evenly over the programmes' years and thinned by the same
attrition, carried forward by the same flows.

The interoperability index is the share (%) of Ukraine's force that has trained in Allied
programmes, a soldier trained in the country counting `in_country_depth` times (collective
training with Allied staff alongside), capped at 100: what it measures is how much of the force
shares Allied procedures, not how well it fights.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from pydantic import model_validator

from coalition.engine.compiled import kernel, total
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.setup import DAYS_PER_MONTH, DAYS_PER_YEAR, Setup
from coalition.spec.scenario import Role
from coalition.world.pack import ParametersPack


def daily_attrition(per_month: np.ndarray) -> np.ndarray:
    """The daily share leaving that compounds to `per_month` over an average month."""
    return 1.0 - (1.0 - per_month) ** (1.0 / DAYS_PER_MONTH)


def carried_forward(
    stock: np.ndarray, inflow: np.ndarray, leave: np.ndarray, days: int
) -> np.ndarray:
    """A stock after `days` of S <- S (1 - leave) + inflow."""
    keep = (1.0 - leave) ** days
    added = np.divide(inflow * (1.0 - keep), leave, out=inflow * days, where=leave > 0)
    return stock * keep + added


class TrainingPack(ParametersPack):
    """training.yaml: the named parameters, when the programmes abroad began and when their
    graduates were counted."""

    FILE = "training.yaml"
    NAMES = (
        "abroad_per_month",
        "trained_by_stock_date",
        "trainees_per_trainer_month",
        "course_days",
        "in_country_depth",
        "attrition_per_month",
        "disruption_when_struck",
        "ukraine_troops",
        "brigade_troops",
    )
    programmes_start: dt.date
    stock_date: dt.date

    @model_validator(mode="after")
    def _counted_after_the_start(self) -> TrainingPack:
        if self.stock_date <= self.programmes_start:
            raise ValueError(
                f"stock_date ({self.stock_date}) must come after programmes_start "
                f"({self.programmes_start}): graduates are counted over the days between"
            )
        return self


class Training(Component):
    name = "training"
    pack = TrainingPack
    reads = ("troops.by_contingent",)
    reads_lagged = ("escalation.rung",)

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.struck_rung = setup.world.ladder.number("strikes_on_allied_forces")
        self.trainer_share = np.array([p.share({Role.TRAINING}) for p in setup.contingents])
        pack = setup.world.domain("training")
        self.days_trained = (pack.stock_date - pack.programmes_start).days
        self.days_carried = (setup.scenario.start_date - pack.stock_date).days

    def owns(self) -> list[Variable]:
        return [
            Variable("training.in_course"),
            Variable("training.abroad_serving"),
            Variable("training.in_country_serving"),
            Variable("training.graduates_in_country", record=True),
            Variable("training.interoperability", record=True),
            Variable("training.interoperability_start"),
        ]

    def parameters(self) -> list[Parameter]:
        return self.pack_parameters()

    def interoperability(self, ctx: StepContext) -> np.ndarray:
        s, p = ctx.state, ctx.params
        weighted = (
            s["training.abroad_serving"]
            + p["training.in_country_depth"] * s["training.in_country_serving"]
        )
        return 100.0 * np.minimum(weighted / p["training.ukraine_troops"], 1.0)

    def init(self, ctx: StepContext) -> None:
        s, p, d = ctx.state, ctx.params, ctx.derived
        d["leave"] = daily_attrition(p["training.attrition_per_month"])
        d["abroad_per_day"] = p["training.abroad_per_month"] / DAYS_PER_MONTH
        d["in_country_per_trainer_day"] = p["training.trainees_per_trainer_month"] / DAYS_PER_MONTH
        d["graduate"] = 1.0 - np.exp(-1.0 / p["training.course_days"])
        d["parameters"] = ctx.columns(f"training.{name}" for name in TrainingPack.NAMES)
        trained_a_day = p["training.trained_by_stock_date"] / self.days_trained
        serving = carried_forward(np.zeros(ctx.n), trained_a_day, d["leave"], self.days_trained)
        s["training.abroad_serving"] = carried_forward(
            serving, d["abroad_per_day"], d["leave"], self.days_carried
        )
        s["training.interoperability_start"] = self.interoperability(ctx)
        s["training.interoperability"] = s["training.interoperability_start"].copy()

    def step(self, ctx: StepContext, day: int) -> None:
        s, d = ctx.state, ctx.derived
        kept = [s[name] for name in _KEPT]
        _step(
            s["troops.by_contingent"],
            self.trainer_share,
            ctx.lagged["escalation.rung"] >= self.struck_rung,
            d["parameters"],
            d["leave"],
            d["abroad_per_day"],
            d["in_country_per_trainer_day"],
            d["graduate"],
            *kept,
            *s.renew(*_KEPT, "training.interoperability"),
        )

    def declared_outcomes(self) -> dict[str, str]:
        return {
            "training.trained_abroad": "Ukrainians trained in Allied programmes abroad",
            "training.trained_in_country": "Ukrainians trained by Allied trainers in Ukraine",
            "training.brigade_equivalents": "Ukrainians trained over the run, in brigades' worth",
            "training.interoperability_end": "Interoperability index (%), last day",
            "training.interoperability_gain": "Interoperability index gained over the run (points)",
            "training.in_country_legacy": (
                "Ukrainians trained in the country still serving a year after the run"
            ),
        }

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        s, p, d = ctx.state, ctx.params, ctx.derived
        abroad = d["abroad_per_day"] * self.setup.horizon
        in_country = s["training.graduates_in_country"]
        return {
            "training.trained_abroad": abroad,
            "training.trained_in_country": in_country.copy(),
            "training.brigade_equivalents": (abroad + in_country) / p["training.brigade_troops"],
            "training.interoperability_end": s["training.interoperability"].copy(),
            "training.interoperability_gain": (
                s["training.interoperability"] - s["training.interoperability_start"]
            ),
            "training.in_country_legacy": (
                (s["training.in_country_serving"] + s["training.in_course"])
                * (1.0 - d["leave"]) ** round(DAYS_PER_YEAR)
            ),
        }


_KEPT = (
    "training.in_course",
    "training.abroad_serving",
    "training.in_country_serving",
    "training.graduates_in_country",
)
(
    _ABROAD_PER_MONTH,
    _TRAINED_BY_STOCK_DATE,
    _TRAINEES_PER_TRAINER_MONTH,
    _COURSE_DAYS,
    IN_COUNTRY_DEPTH,
    _ATTRITION_PER_MONTH,
    DISRUPTION_WHEN_STRUCK,
    UKRAINE_TROOPS,
    _BRIGADE_TROOPS,
) = range(len(TrainingPack.NAMES))


@kernel
def _step(
    troops,
    trainer_share,
    struck,
    p,
    leave,
    abroad_per_day,
    in_country_per_trainer_day,
    graduate,
    in_course,
    abroad,
    in_country,
    graduates,
    in_course_out,
    abroad_out,
    in_country_out,
    graduates_out,
    interoperability_out,
):
    """One day of training for every draw: trainees entering courses in the country (fewer while
    Russia strikes Allied forces) and graduating, the trained leaving the force, and the share of
    the force trained to Allied procedures."""
    trainers = np.empty(trainer_share.size)
    for i in range(in_course.size):
        for j in range(trainers.size):
            trainers[j] = troops[i, j] * trainer_share[j]
        disruption = 1.0 - p[i, DISRUPTION_WHEN_STRUCK] if struck[i] else 1.0
        entering = total(trainers) * in_country_per_trainer_day[i] * disruption
        graduating = in_course[i] * graduate[i]
        keep = 1.0 - leave[i]
        in_course_out[i] = in_course[i] + entering - graduating
        abroad_out[i] = abroad[i] * keep + abroad_per_day[i]
        in_country_out[i] = in_country[i] * keep + graduating
        graduates_out[i] = graduates[i] + graduating
        weighted = abroad_out[i] + p[i, IN_COUNTRY_DEPTH] * in_country_out[i]
        interoperability_out[i] = 100.0 * min(weighted / p[i, UKRAINE_TROOPS], 1.0)
