"""The plain Python values the references pass around (names for readable signatures)."""

from __future__ import annotations

from typing import Any

Params = dict[str, float]  # parameter name -> this draw's value
State = dict[str, Any]  # variable name -> float, int, bool or a list of them
Noise = dict[str, list[float]]  # noise channel -> today's uniform numbers
