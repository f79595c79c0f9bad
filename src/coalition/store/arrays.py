"""A run's arrays as Parquet files in one directory, readable by pandas, DuckDB, R or Arrow.

Layout of a run directory:

    outcomes.parquet          one row per draw, one column per outcome (index: draw)
    inputs.parquet            one row per draw, one column per sampled parameter (index: draw)
    trajectories/NAME.parquet wide form: columns draw, week (1-based), then one column per label,
                              or a single `value` column for a trajectory without labels
    meta.json                 parameter sources, and each trajectory's file, labels, shape, dtype

Parquet keeps float32 and float64 bit for bit, so a run read back is the run that was written;
`meta.json` keeps what Parquet cannot say alone (the array's shape and the order of the labels).
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, model_validator

from coalition.engine.results import Results, Trajectory
from coalition.spec.scenario import Scenario

FORMAT = 2  # 2: outcome descriptions in meta.json


def _columns(name: str, trajectory: Trajectory) -> list[str]:
    """Column names after draw and week; Parquet readers refuse repeated names, so we do too."""
    if trajectory.labels is None:
        k = trajectory.values.shape[2] if trajectory.values.ndim == 3 else 1
        return ["value"] if k == 1 else [f"value.{i}" for i in range(k)]
    labels = list(trajectory.labels)
    if len(set(labels)) < len(labels) or {"draw", "week"} & set(labels):
        raise ValueError(
            f"trajectory '{name}' has repeated labels or one named draw/week: {labels}"
        )
    return labels


def _wide_table(name: str, trajectory: Trajectory) -> pa.Table:
    """(draws, weeks[, k]) → rows (draw, week) in draw-major order, one column per label."""
    draws, weeks = trajectory.values.shape[:2]
    flat = trajectory.values.reshape(draws * weeks, -1)
    columns = [
        pa.array(np.repeat(np.arange(draws, dtype=np.int64), weeks)),
        pa.array(np.tile(np.arange(1, weeks + 1, dtype=np.int32), draws)),
        *(pa.array(flat[:, j]) for j in range(flat.shape[1])),
    ]
    return pa.Table.from_arrays(columns, names=["draw", "week", *_columns(name, trajectory)])


def write_run(directory: Path, results: Results) -> None:
    """Write a run's arrays into an existing, empty directory."""
    results.outcomes.to_parquet(directory / "outcomes.parquet")
    results.inputs.to_parquet(directory / "inputs.parquet")
    (directory / "trajectories").mkdir()
    listed = []
    for name, trajectory in results.trajectories.items():
        file = f"trajectories/{name}.parquet"
        pq.write_table(_wide_table(name, trajectory), directory / file)
        listed.append(
            {
                "name": name,
                "file": file,
                "labels": None if trajectory.labels is None else list(trajectory.labels),
                "shape": list(trajectory.values.shape),
                "dtype": trajectory.values.dtype.str,
            }
        )
    meta = {
        "format": FORMAT,
        "sources": {k: list(v) for k, v in results.sources.items()},
        "descriptions": results.descriptions,
        "trajectories": listed,
    }
    (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


class _Listed(BaseModel):
    """One trajectory as meta.json lists it; its file must be where `write_run` puts it."""

    name: str
    file: str
    labels: list[str] | None
    shape: list[int]
    dtype: str

    @model_validator(mode="after")
    def _readable(self) -> _Listed:
        if self.file != f"trajectories/{self.name}.parquet" or "/" in self.name:
            raise ValueError(f"trajectory '{self.name}' points outside its run: {self.file!r}")
        try:
            kind = np.dtype(self.dtype).kind
        except TypeError:
            kind = None
        if kind != "f":
            raise ValueError(f"trajectory '{self.name}' has dtype {self.dtype!r}, not a float")
        return self


class _Meta(BaseModel):
    """meta.json, checked before anything is read on its word (a damaged file is an error)."""

    format: int
    sources: dict[str, list[str]]
    descriptions: dict[str, str]
    trajectories: list[_Listed]

    @model_validator(mode="after")
    def _this_format(self) -> _Meta:
        if self.format != FORMAT:
            raise ValueError(f"meta.json has format {self.format}; this version reads {FORMAT}")
        return self


def read_run(directory: Path, scenario: Scenario) -> Results:
    """The `Results` that `write_run` was given, arrays bit for bit. A missing file raises
    `FileNotFoundError` naming it; a damaged one `ValueError` (or pyarrow's error)."""
    meta = _Meta.model_validate_json(_present(directory / "meta.json").read_bytes())
    trajectories = {}
    for entry in meta.trajectories:
        table = pq.read_table(_present(directory / entry.file))
        dtype = np.dtype(entry.dtype)
        # Columns 0 and 1 are draw and week; the rest, in order, are the last axis (which may
        # be empty: a status quo has no contingents).
        columns = [
            table.column(j).to_numpy().astype(dtype, copy=False)
            for j in range(2, table.num_columns)
        ]
        values = np.column_stack(columns) if columns else np.empty((table.num_rows, 0), dtype)
        labels = None if entry.labels is None else tuple(entry.labels)
        trajectories[entry.name] = Trajectory(values.reshape(entry.shape), labels)
    sources = {k: tuple(v) for k, v in meta.sources.items()}
    inputs = pd.read_parquet(_present(directory / "inputs.parquet"))
    return Results(
        scenario,
        read_outcomes(directory),
        inputs,
        trajectories,
        sources,
        meta.descriptions,
    )


def read_outcomes(directory: Path) -> pd.DataFrame:
    """Only the per-draw outcomes: all an export needs."""
    return pd.read_parquet(_present(directory / "outcomes.parquet"))


def _present(path: Path) -> Path:
    """`path`, or `FileNotFoundError` naming it (pyarrow's does not say which file)."""
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "No such file", str(path))
    return path
