"""What a run returns: per-draw outcomes, sampled inputs and weekly trajectories.

Outcomes and inputs are DataFrames indexed by draw, ready for a notebook; a trajectory is a
DataFrame indexed by (draw, week) with one column per country, zone or rung.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coalition.spec.scenario import Scenario


@dataclass(frozen=True)
class Trajectory:
    """Weekly values of one state variable: array (draws, weeks[, k]) and labels for k."""

    values: np.ndarray
    labels: tuple[str, ...] | None

    def frame(self) -> pd.DataFrame:
        draws, weeks = self.values.shape[:2]
        index = pd.MultiIndex.from_product(
            [range(draws), range(1, weeks + 1)], names=["draw", "week"]
        )
        flat = self.values.reshape(draws * weeks, -1)
        columns = list(self.labels) if self.labels is not None else ["value"]
        return pd.DataFrame(flat, index=index, columns=columns)


@dataclass(frozen=True)
class Results:
    """A finished run: the scenario (with the draws and seed that ran) and what every draw
    produced."""

    scenario: Scenario
    outcomes: pd.DataFrame
    inputs: pd.DataFrame
    trajectories: dict[str, Trajectory] = field(repr=False)
    sources: dict[str, tuple[str, ...]] = field(repr=False)  # parameter -> source ids
    descriptions: dict[str, str] = field(default_factory=dict, repr=False)  # outcome -> meaning

    @property
    def seed(self) -> int:
        return self.scenario.seed

    @property
    def draws(self) -> int:
        return len(self.outcomes)

    def trajectory(self, name: str) -> pd.DataFrame:
        """One trajectory as a DataFrame indexed by (draw, week)."""
        if name not in self.trajectories:
            raise KeyError(f"no trajectory '{name}'; recorded: {', '.join(self.trajectories)}")
        return self.trajectories[name].frame()
