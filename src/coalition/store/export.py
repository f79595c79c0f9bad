"""A run's outcomes table, written for spreadsheets and other tools.

What is exported: one row per draw; a `draw` column (0-based) then one column per outcome, named as
in `Results.outcomes` (e.g. `escalation.max_rung`). An outcome that did not happen in a draw (a
rung never reached, a country that never withdrew) is NaN: an empty cell in CSV, `null` in JSON.
Sampled inputs and trajectories stay in the run's Parquet directory.

- csv: floats written with every digit needed to read back the same value (pandas 3 reads them
  back exactly; with pandas 2 pass `float_precision="round_trip"` to `read_csv`).
- json: a list of objects, one per draw: `[{"draw": 0, "escalation.max_rung": 2.0, ...}, ...]`.
- parquet: the same table with its types (draw int64, outcomes float64).

The file appears whole or not at all (`coalition.files`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from coalition.files import atomic_path


def _csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False)


def _json(table: pd.DataFrame, path: Path) -> None:
    # Python's json writes floats by repr, so values read back exactly; NaN is not JSON: null.
    rows = table.astype(object).where(table.notna(), None).to_dict(orient="records")
    path.write_text(json.dumps(rows, allow_nan=False), encoding="utf-8")


def _parquet(table: pd.DataFrame, path: Path) -> None:
    table.to_parquet(path, index=False)


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": _csv,
    "json": _json,
    "parquet": _parquet,
}
FORMATS = tuple(WRITERS)


def write_outcomes(outcomes: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write the outcomes table (index `draw` becomes the first column) to `path`, atomically."""
    with atomic_path(path) as partial:
        WRITERS[fmt](outcomes.reset_index(), partial)
