"""Where runs are kept: a record per run in SQL (SQLite or PostgreSQL), its arrays in Parquet.

Open a store with `Store.open()`; see `coalition.store.store` for the life of a run and
`coalition.store.export` for what an export holds.
"""

from coalition.store.export import FORMATS as EXPORT_FORMATS
from coalition.store.records import STATUSES, RunRecord
from coalition.store.store import Recording, Store, check_output_outside

__all__ = [
    "EXPORT_FORMATS",
    "STATUSES",
    "Recording",
    "RunRecord",
    "Store",
    "check_output_outside",
]
