"""A component's window on the state: what it may read, write and renew."""

from __future__ import annotations

import numpy as np
import pytest

from coalition.engine.component import StateView
from coalition.errors import EngineError


def view() -> tuple[StateView, dict[str, np.ndarray]]:
    data = {
        "mine.level": np.zeros(3),
        "mine.flags": np.zeros((3, 2), dtype=bool),
        "theirs.level": np.ones(3),
    }
    owned = {"mine.level": float, "mine.flags": bool}
    return StateView(data, "mine", {"theirs.level"}, owned), data


def test_renew_hands_out_new_arrays_typed_as_declared_and_leaves_the_old_ones_alone() -> None:
    state, data = view()
    yesterday = state["mine.level"]
    level, flags = state.renew("mine.level", "mine.flags")
    level[:] = 7.0
    flags[:] = True
    assert yesterday.tolist() == [0.0, 0.0, 0.0], "whoever held yesterday's array sees it unchanged"
    assert data["mine.level"] is level
    assert data["mine.flags"] is flags
    assert flags.dtype == bool
    assert flags.shape == (3, 2)


def test_renewing_what_another_component_owns_is_refused() -> None:
    state, data = view()
    with pytest.raises(EngineError, match=r"writes 'theirs\.level', which it does not own"):
        state.renew("theirs.level")
    assert data["theirs.level"].tolist() == [1.0, 1.0, 1.0]


def test_a_kernels_output_is_taken_as_it_is() -> None:
    state, data = view()
    fresh = np.full(3, 2.0)
    state["mine.level"] = fresh
    assert data["mine.level"] is fresh
    state["mine.level"] = 5.0  # anything else is converted into an array of its own
    assert data["mine.level"].tolist() == [5.0, 5.0, 5.0]
    assert data["mine.level"].flags.writeable, "a plain array, as a kernel writes"
