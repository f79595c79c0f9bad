"""Courses of action side by side: one column each, one row per key outcome, as display text.

The CLI table and the HTML summary both print this frame, so a number reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from coalition.analysis.summary import KEY_OUTCOMES, describe, monthly_paths, sensitivity_band
from coalition.engine.results import Results

# Extreme-event probabilities are shown with how they move with the ladder's hazards.
SENSITIVE_EVENTS = {"escalation.first_day.nuclear_use": "escalation.up."}
MIN_EVENTS_TO_SPLIT = 10  # fewer events than this leave the lowest and highest thirds empty


def fmt_quantity(value: float) -> str:
    if np.isnan(value):
        return "–"
    if abs(value) >= 10 or value == round(value):
        return f"{value:,.0f}"
    return f"{value:.2g}"


def fmt_probability(p: float, draws: int | None = None) -> str:
    if p == 0:
        return f"0 in {draws:,} draws" if draws else "0 %"
    if p < 0.001:
        return "<0.1 %"
    if 0.999 < p < 1:
        return ">99.9 %"
    return f"{100 * p:.1f} %" if p < 0.1 or p > 0.9 else f"{100 * p:.0f} %"


def cell(results: Results, row: pd.Series, column: str, kind: str) -> str:
    if kind == "event":
        text = fmt_probability(row["probability"], results.draws)
        if column in SENSITIVE_EVENTS:
            overall, low, high = sensitivity_band(results, column, SENSITIVE_EVENTS[column])
            if overall * results.draws >= MIN_EVENTS_TO_SPLIT:
                text += f" ({fmt_probability(low)} to {fmt_probability(high)} by ladder hazards)"
            elif overall > 0:
                text += " (too few draws with it to split by ladder hazards)"
        return text
    if "median" not in row or pd.isna(row.get("median")):
        return "–"
    text = f"{fmt_quantity(row['median'])} ({fmt_quantity(row['p5'])}–{fmt_quantity(row['p95'])})"
    if row.get("share_defined", 1.0) < 1.0:
        text += f" in {fmt_probability(row['share_defined'])} of draws"
    return text


def monthly_table(results: Results) -> pd.DataFrame:
    """Display text: a row per monthly path, a column per month, each cell the median and the
    5-95 % range across draws."""
    paths = monthly_paths(results)
    labels = paths.index.get_level_values("path").unique()
    return pd.DataFrame(
        {
            month: [
                f"{fmt_quantity(paths.loc[(label, 'median'), month])} "
                f"({fmt_quantity(paths.loc[(label, 'p5'), month])}–"
                f"{fmt_quantity(paths.loc[(label, 'p95'), month])})"
                for label in labels
            ]
            for month in paths.columns
        },
        index=labels,
    )


def comparison(runs: Sequence[Results]) -> pd.DataFrame:
    """Display text: a row per key outcome, a column per course of action (by its id)."""
    columns = {}
    for results in runs:
        described = describe(results)
        columns[results.scenario.course_of_action.id] = [
            cell(results, described.loc[key.label], key.column, key.kind) for key in KEY_OUTCOMES
        ]
    return pd.DataFrame(columns, index=[key.label for key in KEY_OUTCOMES])
